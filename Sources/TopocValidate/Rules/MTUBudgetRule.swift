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
        let firstUPF = core.functions.indices.first { core.functions[$0].kind == .upf }
        // The networks of the VMs that run gNBs, by position (-1: undeclared, never an N3 link).
        var ranNetworks: [Int] = []
        for gnb in topology.ran.gnbs {
            guard case .vm(let name)? = gnb.placement, let vm = index.vms.position(of: name) else { continue }
            ranNetworks += index.nics[index.nicStart[vm]..<index.nicStart[vm + 1]].map(\.network)
        }
        for dnn in core.dnns.indices {
            let ueMTU = core.dnns[dnn].mtu ?? 1400
            let upf = core.dnns[dnn].upf.map { index.functions.position(of: $0) } ?? firstUPF
            guard let upf, index.functionVMs[upf] >= 0 else { continue }
            let host = index.functionVMs[upf]
            // The N3 links: the UPF's networks that a gNB is on too (all of them when no gNB is declared).
            let own = index.nics[index.nicStart[host]..<index.nicStart[host + 1]].map(\.network).filter { $0 >= 0 }
            let n3 = own.filter(ranNetworks.contains)
            let links = n3.isEmpty ? own : n3
            let mtu = { (network: Int) in topology.networks[network].mtu ?? 1500 }
            guard let smallest = links.min(by: { mtu($0) < mtu($1) }) else { continue }
            let linkMTU = mtu(smallest)
            if ueMTU + Self.gtpOverhead > linkMTU {
                let dnn = core.dnns[dnn]
                found.append(
                    .warning(
                        "mtu.budget",
                        "DNN `\(dnn.name)` offers UEs an MTU of \(ueMTU); with \(Self.gtpOverhead) bytes of GTP-U it exceeds the \(linkMTU) of network `\(topology.networks[smallest].name)`",
                        at: dnn.origin[field: dnn.mtu == nil ? "subnet" : "mtu"],
                        help: "set `mtu: \(linkMTU - Self.gtpOverhead)` on the DNN, or raise the network's `mtu`"))
            }
        }
        return found
    }
}
