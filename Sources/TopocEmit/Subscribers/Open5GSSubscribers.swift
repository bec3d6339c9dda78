// Subscribers/Open5GSSubscribers owns an Open5GS core's subscriber artifacts, two ways to one MongoDB state:
// `subscribers.sh`, `open5gs-dbctl` calls (misc/db/open5gs-dbctl, v2.7.7: `add_ue_with_slice imsi key opc dnn
// sst sd`, then `update_slice imsi dnn sst sd` and `update_apn imsi dnn slice_index`), each IMSI removed first
// so a rerun does not duplicate it; and `subscribers.json`, one subscriber document per line for `mongoimport`
// (no 16 MB `--jsonArray` limit), typed as Open5GS's reader wants: int32 numbers, `security.sqn` an int64.
// Both carry K and OPc, so both are 0600. `open5gs-dbctl` wants an SD for every slice: "FFFFFF", 3GPP's "no
// SD", which Open5GS reads as none; the documents simply leave `sd` out.
import Foundation
import TopocModel

enum Open5GSSubscribers {
    /// The MongoDB the script writes to, unless `OPEN5GS_DB_URI` says otherwise (the dbctl default).
    static let defaultDBURI = "mongodb://localhost/open5gs"

    static func artifacts(_ topology: ResolvedTopology) throws -> [Artifact] {
        guard let core = topology.mobileCore, core.software == .open5gs27 || core.software == .open5gs26 else {
            return []
        }
        let groups = SubscriberPlan.groups(core)
        guard !groups.isEmpty else { return [] }
        return [
            Artifact(
                path: "core/open5gs/subscribers.sh", contents: script(groups, lab: topology.name),
                mode: Artifact.secretMode, kind: .open5gsSubscriberScript),
            Artifact(
                path: "core/open5gs/subscribers.json", contents: try documents(groups),
                mode: Artifact.secretMode, kind: .open5gsSubscriberDocuments),
        ]
    }

    // MARK: - open5gs-dbctl

    static func script(_ groups: [SubscriberGroup], lab: String) -> String {
        var lines: [ShellLine] = [
            .comment("Open5GS subscribers of lab `\(lab)` (written by topoc). Holds K and OPc: keep it private."),
            .comment("Needs open5gs-dbctl (open5gs misc/db) and mongosh; OPEN5GS_DB_URI picks the database."),
            .comment("Run: sh subscribers.sh   (or import subscribers.json: mongoimport --db open5gs -c subscribers)"),
            .fixed("set -eu"),
            .fixed("dbctl() {\n    open5gs-dbctl --db_uri=\"${OPEN5GS_DB_URI:-\(defaultDBURI)}\" \"$@\"\n}"),
        ]
        for subscriber in groups {
            let group = subscriber.group
            lines.append(.blank)
            lines.append(.comment("UE group `\(group.name)`: \(group.count) IMSI(s) from \(group.imsi)"))
            for offset in 0..<max(group.count, 1) {
                lines += calls(SubscriberPlan.imsi(group.imsi, plus: offset), subscriber)
            }
        }
        return ShellScript.render(lines)
    }

    static func calls(_ imsi: String, _ subscriber: SubscriberGroup) -> [ShellLine] {
        let key = subscriber.group.key.uppercased()
        let opc = subscriber.group.opc.uppercased()
        var lines: [ShellLine] = [.command(["dbctl", "remove", imsi])]
        for (index, slice) in subscriber.slices.enumerated() {
            guard let first = slice.dnns.first else { continue }
            let sst = String(slice.snssai.sst)
            let sd = SNSSAIEncoding.hex(slice.snssai.sd ?? SNSSAIEncoding.noSD)
            lines.append(
                index == 0
                    ? .command(["dbctl", "add_ue_with_slice", imsi, key, opc, first, sst, sd])
                    : .command(["dbctl", "update_slice", imsi, first, sst, sd]))
            for dnn in slice.dnns.dropFirst() {
                lines.append(.command(["dbctl", "update_apn", imsi, dnn, String(index)]))
            }
        }
        return lines
    }

    // MARK: - MongoDB documents

    static func documents(_ groups: [SubscriberGroup]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines: [String] = []
        for subscriber in groups {
            let slices = subscriber.slices.enumerated().map { index, slice in
                Document.Slice(
                    sst: slice.snssai.sst, sd: slice.snssai.sd.map(SNSSAIEncoding.hex), defaultIndicator: index == 0,
                    session: slice.dnns.map { Document.Session(name: $0) })
            }
            for offset in 0..<max(subscriber.group.count, 1) {
                let document = Document(
                    imsi: SubscriberPlan.imsi(subscriber.group.imsi, plus: offset),
                    security: Document.Security(
                        k: subscriber.group.key.uppercased(), opc: subscriber.group.opc.uppercased()),
                    slice: slices)
                lines.append(String(decoding: try encoder.encode(document), as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The subscriber schema of the Open5GS WebUI (webui/server/models/subscriber.js), with its defaults.
    struct Document: Encodable {
        struct Rate: Encodable {
            var value = 1
            var unit = 3  // Gbps
        }
        struct AMBR: Encodable {
            var downlink = Rate()
            var uplink = Rate()
        }
        /// Extended JSON for an int64: Open5GS reads `security.sqn` only as one.
        struct Int64Value: Encodable {
            var value: String

            enum CodingKeys: String, CodingKey { case value = "$numberLong" }
        }
        struct Security: Encodable {
            var k: String
            var opc: String
            var amf = "8000"
            var sqn = Int64Value(value: "0")
        }
        struct ARP: Encodable {
            var priorityLevel = 8
            var preEmptionCapability = 1
            var preEmptionVulnerability = 1

            enum CodingKeys: String, CodingKey {
                case priorityLevel = "priority_level"
                case preEmptionCapability = "pre_emption_capability"
                case preEmptionVulnerability = "pre_emption_vulnerability"
            }
        }
        struct QoS: Encodable {
            var index = 9
            var arp = ARP()
        }
        struct Session: Encodable {
            var name: String
            /// IPv4v6: the SMF answers with the family its pool has.
            var type = 3
            var qos = QoS()
            var ambr = AMBR()
            var pccRule: [String] = []

            enum CodingKeys: String, CodingKey {
                case name, type, qos, ambr
                case pccRule = "pcc_rule"
            }
        }
        struct Slice: Encodable {
            var sst: Int
            var sd: String?
            var defaultIndicator: Bool
            var session: [Session]

            enum CodingKeys: String, CodingKey {
                case sst, sd, session
                case defaultIndicator = "default_indicator"
            }
        }

        var schemaVersion = 1
        var imsi: String
        var msisdn: [String] = []
        var imeisv: [String] = []
        var mmeHost: [String] = []
        var mmeRealm: [String] = []
        var purgeFlag: [Bool] = []
        var security: Security
        var ambr = AMBR()
        var slice: [Slice]
        var accessRestrictionData = 32
        var subscriberStatus = 0
        var operatorDeterminedBarring = 0
        var networkAccessMode = 0
        var subscribedRauTauTimer = 12
        var version = 0

        enum CodingKeys: String, CodingKey {
            case imsi, msisdn, imeisv, security, ambr, slice
            case schemaVersion = "schema_version"
            case mmeHost = "mme_host"
            case mmeRealm = "mme_realm"
            case purgeFlag = "purge_flag"
            case accessRestrictionData = "access_restriction_data"
            case subscriberStatus = "subscriber_status"
            case operatorDeterminedBarring = "operator_determined_barring"
            case networkAccessMode = "network_access_mode"
            case subscribedRauTauTimer = "subscribed_rau_tau_timer"
            case version = "__v"
        }
    }
}
