import TopocDiagnostics
import TopocModel

/// A UE packet plus its GTP-U encapsulation must fit the link that carries it (N3/S1-U), or it fragments or
/// drops: IPv4 20 + UDP 8 + GTP-U 8 + the PDU session container extension 8 = 44 bytes.
struct MTUBudgetRule: ValidationRule {
    static let ids = ["mtu.budget"]
    static let gtpOverhead = 44

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        var found: [Diagnostic] = []
        for dnn in core.dnns {
            let ueMTU = dnn.mtu ?? 1400
            guard let upfName = dnn.upf ?? core.functions.first(where: { $0.kind == .upf })?.name,
                case .vm(let vm)? = index.functions[upfName]?.placement, let host = index.vms[vm]
            else { continue }
            // The N3 links: the UPF's networks that a gNB is on too (all of them when no gNB is declared).
            let ranNetworks = Set(
                topology.ran.gnbs.compactMap { gnb -> VM? in
                    guard case .vm(let name)? = gnb.placement else { return nil }
                    return index.vms[name]
                }.flatMap { $0.interfaces.map(\.network) })
            let own = host.interfaces.map(\.network)
            let n3 = own.filter(ranNetworks.contains)
            let links = (n3.isEmpty ? own : n3).compactMap { index.networks[$0] }
            guard let smallest = links.min(by: { ($0.mtu ?? 1500) < ($1.mtu ?? 1500) }) else { continue }
            let linkMTU = smallest.mtu ?? 1500
            if ueMTU + Self.gtpOverhead > linkMTU {
                found.append(
                    .warning(
                        "mtu.budget",
                        "DNN `\(dnn.name)` offers UEs an MTU of \(ueMTU); with \(Self.gtpOverhead) bytes of GTP-U it exceeds the \(linkMTU) of network `\(smallest.name)`",
                        at: dnn.origin[field: dnn.mtu == nil ? "subnet" : "mtu"],
                        help: "set `mtu: \(linkMTU - Self.gtpOverhead)` on the DNN, or raise the network's `mtu`"))
            }
        }
        return found
    }
}
