// UERANSIM/UERANSIMDocuments owns the two config files UERANSIM v3.2.x–v3.3 reads: `nr-gnb -c` and `nr-ue -c`.
// Keys follow the order the simulator reads them (src/gnb.cpp, src/ue.cpp `ReadConfigYaml`). Every integer it
// parses through yaml-cpp (`nci`, `sd`) is written as `0x` hex: an all-digit value with leading zeros is read as
// decimal there (`000080` becomes 80), while yaml-cpp detects the base of `0x...` itself.
import TopocModel
import TopocYAML

enum UERANSIMDocuments {
    /// gNB ID bits of the 36-bit NCI; the rest is the cell. 32 matches the derived NCIs (`(index + 1) << 4`).
    static let gnbIDLength = 32

    // MARK: - gNB

    /// The gNB's N3 address: on a VM it may sit on another network than its NGAP one; a pod binds one address.
    static func gtpBind(_ gnb: ResolvedGNB, bind: String) -> String {
        if case .vm? = gnb.placement { return gnb.gtpAddress ?? bind }
        return bind
    }

    /// The gNB's file. `linkIp` and `ngapIp` are its own resolved address, `gtpIp` its N3 address;
    /// `amfConfigs` is the AMF's NGAP endpoint.
    static func gnb(_ gnb: ResolvedGNB, bind: String, core: ResolvedCore) -> YAMLValue {
        let amf = gnb.amf.flatMap(core.function(named:))?.endpoint(.ngap)
        let amfConfigs: [YAMLValue] =
            amf.map { [.mapping([("address", .string($0.address)), ("port", .int($0.port))])] }
            ?? []
        return .mapping([
            ("mcc", .string(core.plmn.mcc)),
            ("mnc", .string(core.plmn.mnc)),
            ("nci", .string(nciText(gnb.nci))),
            ("idLength", .int(gnbIDLength)),
            ("tac", .int(gnb.tac)),
            ("linkIp", .string(bind)),
            ("ngapIp", .string(bind)),
            ("gtpIp", .string(gtpBind(gnb, bind: bind))),
            ("amfConfigs", .sequence(amfConfigs)),
            ("slices", .sequence(gnb.slices.map(slice))),
            ("ignoreStreamIds", .bool(true)),
        ])
    }

    /// `0x` and nine hex digits: the 36-bit NCI as the samples write it.
    static func nciText(_ nci: UInt64) -> String {
        let digits = String(nci, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    static func slice(_ snssai: SNSSAI) -> YAMLValue {
        var pairs: [(String, YAMLValue)] = [("sst", .int(snssai.sst))]
        if let sd = snssai.sd { pairs.append(("sd", .string(SNSSAIEncoding.prefixedHex(sd)))) }
        return .mapping(pairs)
    }

    // MARK: - UE

    /// What one `nr-ue` process runs: the first IMSI and how many follow it.
    struct UEBatch: Equatable, Sendable {
        var firstIMSI: String
        var count: Int
    }

    /// The UE file for a batch of the group. `nr-ue -n` increments the IMSI (and IMEI, IMEISV) per UE.
    static func ue(
        _ subscriber: SubscriberGroup, batch: UEBatch, gnbAddresses: [String], core: ResolvedCore
    ) -> YAMLValue {
        var sessions: [YAMLValue] = []
        if let session = subscriber.session {
            sessions.append(
                .mapping([
                    ("type", .string(SubscriberPlan.isIPv6(session.dnn, in: core) ? "IPv6" : "IPv4")),
                    ("apn", .string(session.dnn)),
                    ("slice", slice(session.slice.snssai)),
                ]))
        }
        let nssai = YAMLValue.sequence(subscriber.group.slices.map(slice))
        return .mapping([
            ("supi", .string("imsi-" + batch.firstIMSI)),
            ("mcc", .string(core.plmn.mcc)),
            ("mnc", .string(core.plmn.mnc)),
            ("key", .string(subscriber.group.key.uppercased())),
            ("op", .string(subscriber.group.opc.uppercased())),
            ("opType", .string("OPC")),
            ("amf", .string("8000")),
            ("imei", .string(imei(batch.firstIMSI))),
            ("imeiSv", .string(imeiSV(batch.firstIMSI))),
            ("gnbSearchList", .strings(gnbAddresses)),
            ("uacAic", .mapping([("mps", .bool(false)), ("mcs", .bool(false))])),
            (
                "uacAcc",
                .mapping(
                    [("normalClass", .int(0))] + (11...15).map { ("class\($0)", YAMLValue.bool(false)) })
            ),
            ("sessions", .sequence(sessions)),
            ("configured-nssai", nssai),
            ("default-nssai", nssai),
            ("integrity", .mapping([("IA1", .bool(true)), ("IA2", .bool(true)), ("IA3", .bool(true))])),
            ("ciphering", .mapping([("EA1", .bool(true)), ("EA2", .bool(true)), ("EA3", .bool(true))])),
            ("integrityMaxRate", .mapping([("uplink", .string("full")), ("downlink", .string("full"))])),
        ])
    }

    /// A 15-digit IMEI that follows the IMSI (its last nine digits), so `-n` keeps them distinct.
    static func imei(_ imsi: String) -> String { "356938" + lastDigits(imsi, 9) }

    /// A 16-digit IMEISV built the same way.
    static func imeiSV(_ imsi: String) -> String { "4370816" + lastDigits(imsi, 9) }

    static func lastDigits(_ text: String, _ count: Int) -> String {
        let tail = String(text.suffix(count))
        return String(repeating: "0", count: max(0, count - tail.count)) + tail
    }
}
