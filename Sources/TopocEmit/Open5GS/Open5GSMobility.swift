// Open5GS/Open5GSMobility owns the RAN-facing control plane: the AMF (5GC) and the MME (EPC). Each serves its
// RAN protocol (NGAP, S1AP) and metrics, names its peers (the AMF its NRF or SCP; the MME its SGW-Cs and
// PGW-Cs over GTP-C, and its HSS over S6a), and announces the lab's identity: GUAMI or GUMMEI, the core's
// TACs, the slices (AMF), the security algorithm order, the network name and the periodic update timer. The
// 2.7 AMF and MME refuse to start without any of these (ARTIFACTS 11).
import TopocModel
import TopocYAML

enum Open5GSAMF {
    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        try Open5GSServiceNFs.sbi(nf, lab, &document)
        try document.server("ngap", .ngap, of: nf)
        if nf.endpoint(.metrics) != nil { try document.server("metrics", .metrics, of: nf, explicitPort: true) }
        // AMF region 2 as in the samples; a distinct set per AMF.
        let amfID: YAMLValue = .mapping([("region", .int(2)), ("set", .int(lab.ordinal(nf)))])
        document.own("guami", value: .sequence([.mapping([("plmn_id", lab.plmn), ("amf_id", amfID)])]))
        document.own("tai", value: lab.tai)
        let slices = YAMLValue.sequence(lab.supportedSlices.map { Open5GSLab.snssai($0) })
        document.own("plmn_support", value: .sequence([.mapping([("plmn_id", lab.plmn), ("s_nssai", slices)])]))
        document.own("security", value: Open5GSMobility.security(prefix: "N"))
        document.own("network_name", value: .mapping([("full", .string(lab.name))]))
        document.own("amf_name", value: .string(nf.name))
        // Periodic registration update: 9 minutes, as in the samples.
        document.timer("t3512", seconds: 540)
    }
}

enum Open5GSMME {
    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        try Open5GSDiameter.block(nf, lab, &document)
        try document.server("s1ap", .s1ap, of: nf)
        try document.server("gtpc", .gtpc, of: nf)
        document.clients("gtpc", peer: "sgwc", try lab.core.functions(.sgwc).map { try Open5GSPeer($0, .gtpc) })
        // The PGW-Cs: every SMF serving S5-C, with its APNs when the MME has a choice. The MME hands the PGW-C's
        // address to the SGW-C in Create Session, so the SGW-C needs no PGW list.
        let smfs = lab.core.functions(.smf).filter { $0.endpoint(.gtpc) != nil }
        document.clients(
            "gtpc", peer: "smf",
            try smfs.map { smf in
                let apns = lab.apns(ofSMF: smf)
                return try Open5GSPeer(smf, .gtpc, keys: apns.isEmpty ? [] : [("apn", .strings(apns))])
            })
        if nf.endpoint(.metrics) != nil { try document.server("metrics", .metrics, of: nf, explicitPort: true) }
        let gummei: YAMLValue = .mapping([
            ("plmn_id", lab.plmn), ("mme_gid", .int(2)), ("mme_code", .int(lab.ordinal(nf))),
        ])
        document.own("gummei", value: .sequence([gummei]))
        document.own("tai", value: lab.tai)
        document.own("security", value: Open5GSMobility.security(prefix: "E"))
        document.own("network_name", value: .mapping([("full", .string(lab.name))]))
        document.own("mme_name", value: .string(nf.name))
        // Periodic tracking area update: 9 minutes, like the AMF's.
        document.timer("t3412", seconds: 540)
    }
}

enum Open5GSMobility {
    /// The algorithm orders of the samples: integrity strongest first, ciphering null first (NAS stays
    /// readable in a capture): `NIA2, NIA1, NIA0` / `NEA0, NEA1, NEA2` (5G), `EIA…` / `EEA…` (4G).
    static func security(prefix: String) -> YAMLValue {
        .mapping([
            ("integrity_order", .strings([2, 1, 0].map { "\(prefix)IA\($0)" })),
            ("ciphering_order", .strings([0, 1, 2].map { "\(prefix)EA\($0)" })),
        ])
    }
}
