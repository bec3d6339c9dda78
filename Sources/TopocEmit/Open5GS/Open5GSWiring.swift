// Open5GS/Open5GSWiring owns the cross-references between NFs, read off the resolved core: which NRF or SCP
// an NF registers with, which DNNs an SMF serves and on which UPFs, the UE pools, the SGW-U and PGW-C
// selection keys of an EPC, the Diameter identities, and the 3GPP identifiers every RAN-facing NF repeats.
import TopocModel
import TopocYAML

struct Open5GSLab {
    /// The NF kinds Open5GS implements (`mysql` is OAI's).
    static let kinds: Set<NFKind> = Set(NFKind.allCases).subtracting([.mysql])

    let name: String
    let core: ResolvedCore
    let format: Open5GSFormat

    func first(_ kind: NFKind) -> ResolvedNF? { core.functions(kind).first }

    /// Where an NF registers and discovers: the SCP when the core has one (the SCP itself and the NRF aside),
    /// else the NRF; the first one declared when there are several. `nil` for the NRF, and for NFs of a core
    /// with neither (an EPC has no SBI peers to find).
    func sbiTarget(for nf: ResolvedNF) -> ResolvedNF? {
        switch nf.kind {
        case .nrf: nil
        case .scp: first(.nrf)
        default: first(.scp) ?? first(.nrf)
        }
    }

    // MARK: - Sessions

    /// The DNNs an SMF serves, as Bind paired them.
    func dnns(servedBy smf: ResolvedNF) -> [ResolvedDNN] {
        core.dnns.filter { $0.smfs.contains(smf.name) }
    }

    /// The UPFs an SMF associates with, in declaration order, each with the DNNs it serves for that SMF.
    func upfs(of smf: ResolvedNF) -> [(upf: ResolvedNF, dnns: [String])] {
        core.sessions.filter { $0.smf == smf.name }.compactMap { session in
            core.function(named: session.upf).map { ($0, session.dnns) }
        }
    }

    /// One UE pool, the same on the SMF and on its UPF: `{subnet, gateway, dnn, dev}` (2.7.1+), or the gateway
    /// with the pool's prefix length `{addr: 10.45.0.1/16, dnn, dev}` (2.1–2.6).
    func session(_ dnn: ResolvedDNN) -> YAMLValue {
        switch format {
        case .current:
            .mapping([
                ("subnet", .string(dnn.subnet.description)), ("gateway", .string(dnn.gateway)),
                ("dnn", .string(dnn.name)), ("dev", .string(dnn.tunDevice)),
            ])
        case .legacy:
            .mapping([
                ("addr", .string("\(dnn.gateway)/\(Self.prefix(of: dnn.subnet))")), ("dnn", .string(dnn.name)),
                ("dev", .string(dnn.tunDevice)),
            ])
        }
    }

    static func prefix(of subnet: UESubnet) -> Int {
        switch subnet {
        case .v4(let pool): pool.prefix
        case .v6(let pool): pool.prefix
        }
    }

    // MARK: - EPC selection

    /// The APNs an SGW-U carries: the DNNs of the UPFs beside it (the language pairs an SGW-U with the UPF on
    /// its VM). Only written when there is a choice, i.e. more than one SGW-U.
    func apns(of sgwu: ResolvedNF) -> [String] {
        guard core.functions(.sgwu).count > 1, let vm = sgwu.vm else { return [] }
        let upfs = Set(core.functions(on: vm).filter { $0.kind == .upf }.map(\.name))
        return core.dnns.filter { upfs.contains($0.upf) }.map(\.name)
    }

    /// The APNs a PGW-C (SMF) is chosen for by the MME: only written when there is more than one SMF.
    func apns(ofSMF smf: ResolvedNF) -> [String] {
        guard core.functions(.smf).count > 1 else { return [] }
        return dnns(servedBy: smf).map(\.name)
    }

    // MARK: - Identifiers

    var plmn: YAMLValue {
        .mapping([("mcc", .string(core.plmn.mcc)), ("mnc", .string(core.plmn.mnc))])
    }

    /// Every TAC of the core: one integer, or a list.
    var tac: YAMLValue {
        let tacs = core.tacs.isEmpty ? [1] : core.tacs
        return tacs.count == 1 ? .int(tacs[0]) : .sequence(tacs.map(YAMLValue.int))
    }

    var tai: YAMLValue { .sequence([.mapping([("plmn_id", plmn), ("tac", tac)])]) }

    /// `{sst, sd}`, the SD as six hex digits (Open5GS parses it as hexadecimal), plus `extra` keys.
    static func snssai(_ snssai: SNSSAI, _ extra: [(String, YAMLValue)] = []) -> YAMLValue {
        var entry: [(String, YAMLValue)] = [("sst", .int(snssai.sst))]
        if let sd = snssai.sd { entry.append(("sd", .string(sd))) }
        return .mapping(entry + extra)
    }

    /// The slices the AMF supports, or SST 1 alone when the lab declares none (the AMF needs one).
    var supportedSlices: [SNSSAI] {
        let slices = core.slices.map(\.snssai)
        return slices.isEmpty ? [SNSSAI(sst: 1)] : slices
    }

    /// The index of an NF among those of its kind, from 1: distinct AMF sets and MME codes.
    func ordinal(_ nf: ResolvedNF) -> Int {
        (core.functions(nf.kind).firstIndex { $0.name == nf.name } ?? 0) + 1
    }

    // MARK: - Diameter

    /// `<lab>.topoc`: one realm for the lab's Diameter peers.
    var realm: String { "\(name).topoc" }

    /// `<nf>.<lab>.topoc`: what the NF calls itself and what its peers expect it to say.
    func identity(_ nf: ResolvedNF) -> String { "\(nf.name).\(realm)" }

    /// Who an NF's freeDiameter connects to: MME and HSS to each other (S6a), SMF and PCRF to each other (Gx).
    func diameterPeers(of nf: ResolvedNF) -> [ResolvedNF] {
        let kinds: [NFKind]
        switch nf.kind {
        case .mme: kinds = [.hss]
        case .hss: kinds = [.mme]
        case .smf: kinds = [.pcrf]
        case .pcrf: kinds = [.smf]
        default: kinds = []
        }
        return core.functions.filter { kinds.contains($0.kind) && $0.endpoint(.diameter) != nil }
    }
}
