// Open5GS/Open5GSSessions owns the NFs that carry PDU sessions (and EPC bearers). The SMF (the PGW-C too, in an
// EPC): SBI, PFCP toward its UPFs keyed by DNN, GTP-C (S5-C, EPC only), GTP-U, metrics, the UE pools it hands out
// (the very entries of its UPFs), DNS and MTU for the UEs, the SmfInfo it publishes (5GC: each of its slices
// with its DNNs) and Gx to the PCRF. The UPF (PGW-U): PFCP, GTP-U (N3/S5-U), its pools and metrics. The SGW-U:
// PFCP (Sxa) and GTP-U (S1-U). The SGW-C: GTP-C (S11/S5-C) and PFCP toward every SGW-U. The control plane
// starts each PFCP association, so no user-plane NF names its SMF or SGW-C.
import TopocModel
import TopocYAML

enum Open5GSSMF {
    /// The resolvers UEs are told to use. Public ones, deliberately: UE traffic leaves through the UPF's NAT,
    /// so any resolver the UPF's VM can reach works, and the lab's own gateway (a bridge address, or QEMU's
    /// user-network resolver on the management NIC) may run none and is not reachable from the UE pools.
    /// Override with `config: { dns: [...] }` for an isolated lab.
    static let dns = ["8.8.8.8", "2001:4860:4860::8888"]

    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        try Open5GSServiceNFs.sbi(nf, lab, &document)
        try document.server("pfcp", .pfcp, of: nf)
        document.clients("pfcp", peer: "upf", try upfPeers(nf, lab))
        if nf.endpoint(.gtpc) != nil { try document.server("gtpc", .gtpc, of: nf) }
        if nf.endpoint(.gtpu) != nil { try document.server("gtpu", .gtpu, of: nf) }
        if nf.endpoint(.metrics) != nil { try document.server("metrics", .metrics, of: nf, explicitPort: true) }
        let served = lab.dnns(servedBy: nf)
        if !served.isEmpty { document.own(lab.format.sessionKey, value: .sequence(served.map(lab.session))) }
        document.own("dns", value: .strings(dns))
        // One MTU for all of the SMF's sessions: the smallest its DNNs ask for.
        document.own("mtu", value: .int(served.map(\.mtu).min() ?? 1400))
        if lab.core.is5GC, let info = info(nf, lab) { document.own("info", value: info) }
        if nf.endpoint(.diameter) != nil { try Open5GSDiameter.block(nf, lab, &document) }
    }

    /// `pfcp.client.upf`: each UPF's PFCP address with the DNNs it serves for this SMF, which is how the SMF
    /// picks the UPF of a session (Open5GS has no S-NSSAI key for it).
    static func upfPeers(_ nf: ResolvedNF, _ lab: Open5GSLab) throws -> [Open5GSPeer] {
        try lab.upfs(of: nf).map { upf, dnns in try Open5GSPeer(upf, .pfcp, keys: [("dnn", .strings(dnns))]) }
    }

    /// SmfInfo: the S-NSSAIs of the slices this SMF serves, each with its DNNs, so the AMF picks this SMF for
    /// them. `nil` when no slice names it (the AMF may then pick it for anything).
    static func info(_ nf: ResolvedNF, _ lab: Open5GSLab) -> YAMLValue? {
        let slices = lab.core.slices.filter { $0.smf == nf.name && !$0.dnns.isEmpty }
        guard !slices.isEmpty else { return nil }
        let entries = slices.map { Open5GSLab.snssai($0.snssai, [("dnn", .strings($0.dnns))]) }
        return .sequence([.mapping([("s_nssai", .sequence(entries))])])
    }
}

enum Open5GSUserPlane {
    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        switch nf.kind {
        case .upf:
            try document.server("pfcp", .pfcp, of: nf)
            try document.server("gtpu", .gtpu, of: nf)
            let pools = lab.core.dnns.filter { $0.upf == nf.name }
            if !pools.isEmpty { document.own(lab.format.sessionKey, value: .sequence(pools.map(lab.session))) }
            if nf.endpoint(.metrics) != nil {
                try document.server("metrics", .metrics, of: nf, explicitPort: true)
            }
        case .sgwu:
            try document.server("pfcp", .pfcp, of: nf)
            try document.server("gtpu", .gtpu, of: nf)
        case .sgwc:
            try document.server("gtpc", .gtpc, of: nf)
            try document.server("pfcp", .pfcp, of: nf)
            document.clients("pfcp", peer: "sgwu", try sgwuPeers(lab))
        default:
            break
        }
    }

    /// Every SGW-U, with the APNs of the UPF beside it when there is more than one SGW-U to choose from.
    static func sgwuPeers(_ lab: Open5GSLab) throws -> [Open5GSPeer] {
        try lab.core.functions(.sgwu).map { sgwu in
            let apns = lab.apns(of: sgwu)
            return try Open5GSPeer(sgwu, .pfcp, keys: apns.isEmpty ? [] : [("apn", .strings(apns))])
        }
    }
}
