// OAI/OAISubscribers owns `subscribers.sql`: the rows OAI's UDR reads for the declared UEs, in the tables and
// columns of oai-cn5g-fed's `database/oai_db*.sql`. Statements are `REPLACE INTO` (MySQL and SQLite both read
// it) so loading twice updates rather than fails. JSON columns are encoded by JSONEncoder, then quoted by
// `SQLText`, the only place a value becomes SQL. `SessionManagementSubscriptionData`'s primary key is
// (ueid, servingPlmnid): one row per UE, for the slice of its PDU session, with every DNN of that slice.
import Foundation
import TopocModel

enum OAISubscribers {
    /// Rows per statement: far below `max_allowed_packet` for any group size.
    static let rowsPerStatement = 200
    static let authenticationColumns = [
        "ueid", "authenticationMethod", "encPermanentKey", "protectionParameterId", "sequenceNumber",
        "authenticationManagementField", "algorithmId", "encOpcKey", "encTopcKey", "vectorGenerationInHss",
        "n5gcAuthMethod", "rgAuthenticationInd", "supi",
    ]
    static let accessColumns = ["ueid", "servingPlmnid", "nssai"]
    static let sessionColumns = ["ueid", "servingPlmnid", "singleNssai", "dnnConfigurations"]

    static func render(_ core: ResolvedCore, lab: String) throws -> String {
        let groups = SubscriberPlan.groups(core)
        let plmn = core.plmn.mcc + core.plmn.mnc
        var auth: [[SQLText.Value]] = []
        var access: [[SQLText.Value]] = []
        var session: [[SQLText.Value]] = []
        for group in groups {
            let sequence = try json(SequenceNumber())
            let nssai = try json(AccessNSSAI(defaultSingleNssais: group.group.slices.map(Snssai.init)))
            guard let slice = group.session?.slice else { continue }
            let single = try json(Snssai(slice.snssai))
            let configurations = try json(
                Dictionary(
                    uniqueKeysWithValues: slice.dnns.map { dnn in
                        (dnn, DNNConfiguration(ipv6: SubscriberPlan.isIPv6(dnn, in: core)))
                    }))
            for offset in 0..<max(group.group.count, 1) {
                let imsi = SubscriberPlan.imsi(group.group.imsi, plus: offset)
                let key = group.group.key.uppercased()
                auth.append([
                    .text(imsi), .text("5G_AKA"), .text(key), .text(key), .text(sequence), .text("8000"),
                    .text("milenage"), .text(group.group.opc.uppercased()), .null, .null, .null, .null, .text(imsi),
                ])
                access.append([.text(imsi), .text(plmn), .text(nssai)])
                session.append([.text(imsi), .text(plmn), .text(single), .text(configurations)])
            }
        }
        var lines = [
            "-- OAI subscribers of lab `\(SQLText.commentSafe(lab))` (written by topoc): K, OPc and slices of every",
            "-- declared UE. Keep this file private (0600). Load it into the schema of oai_db.sql, e.g.",
            "--   mysql \(OAIDatabase.name) < subscribers.sql",
            "-- SessionManagementSubscriptionData holds one row per UE (its key is ueid + servingPlmnid):",
            "-- the slice of the UE's PDU session, with every DNN of that slice.",
            "BEGIN;",
        ]
        lines += SQLText.replace("AuthenticationSubscription", authenticationColumns, auth, batch: rowsPerStatement)
        lines += SQLText.replace("AccessAndMobilitySubscriptionData", accessColumns, access, batch: rowsPerStatement)
        lines += SQLText.replace("SessionManagementSubscriptionData", sessionColumns, session, batch: rowsPerStatement)
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON columns (3GPP TS 29.503/29.505 shapes, as OAI's UDR returns them)

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct SequenceNumber: Encodable {
        var sqn = "000000000020"
        var sqnScheme = "NON_TIME_BASED"
        var lastIndexes = ["ausf": 0]
    }

    /// `sd` as six hex digits, absent without SD.
    struct Snssai: Encodable {
        var sst: Int
        var sd: String?

        init(_ snssai: SNSSAI) {
            sst = snssai.sst
            sd = snssai.sd.map(SNSSAIEncoding.hex)
        }
    }

    struct AccessNSSAI: Encodable {
        var defaultSingleNssais: [Snssai]
    }

    struct DNNConfiguration: Encodable {
        struct SessionTypes: Encodable { var defaultSessionType: String }
        struct SSCModes: Encodable { var defaultSscMode = "SSC_MODE_1" }
        struct ARP: Encodable {
            var priorityLevel = 8
            var preemptCap = "NOT_PREEMPT"
            var preemptVuln = "NOT_PREEMPTABLE"
        }
        struct QoS: Encodable {
            var fiveQI = 9
            var arp = ARP()
            var priorityLevel = 8

            enum CodingKeys: String, CodingKey {
                case fiveQI = "5qi"
                case arp, priorityLevel
            }
        }
        struct AMBR: Encodable {
            var uplink = OAIConfig.sessionAMBR
            var downlink = OAIConfig.sessionAMBR
        }

        var pduSessionTypes: SessionTypes
        var sscModes = SSCModes()
        var qos = QoS()
        var sessionAmbr = AMBR()

        init(ipv6: Bool) { pduSessionTypes = SessionTypes(defaultSessionType: ipv6 ? "IPV6" : "IPV4") }

        enum CodingKeys: String, CodingKey {
            case pduSessionTypes, sscModes, sessionAmbr
            case qos = "5gQosProfile"
        }
    }
}

/// MySQL text for values topoc writes: single-quoted strings (`'` doubled, `\` doubled, so MySQL's backslash
/// escapes never fire), NULL, and backquoted identifiers.
enum SQLText {
    enum Value: Equatable {
        case text(String)
        case null
    }

    static func quote(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .text(let text):
            var out = "'"
            for character in text {
                switch character {
                case "'": out += "''"
                case "\\": out += "\\\\"
                default: out.append(character)
                }
            }
            return out + "'"
        }
    }

    static func identifier(_ name: String) -> String { "`" + name.replacingAll("`", with: "``") + "`" }

    /// `REPLACE INTO` statements of at most `batch` rows each.
    static func replace(_ table: String, _ columns: [String], _ rows: [[Value]], batch: Int) -> [String] {
        guard !rows.isEmpty else { return [] }
        let head = "REPLACE INTO \(identifier(table)) (\(columns.map(identifier).joined(separator: ", "))) VALUES"
        var lines: [String] = []
        for start in stride(from: 0, to: rows.count, by: batch) {
            let chunk = rows[start..<min(start + batch, rows.count)]
            lines.append(head)
            for (index, row) in chunk.enumerated() {
                let last = index == chunk.count - 1
                lines.append("(" + row.map(quote).joined(separator: ", ") + ")" + (last ? ";" : ","))
            }
        }
        return lines
    }

    /// A comment line cannot be ended early by a line break in a value.
    static func commentSafe(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
