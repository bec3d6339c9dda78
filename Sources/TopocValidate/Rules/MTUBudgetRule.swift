import TopocBind
import TopocDiagnostics
import TopocModel

/// A UE packet plus its GTP-U encapsulation must fit the link that carries it (N3/S1-U), or it fragments or
/// drops: IPv4 20 + UDP 8 + GTP-U 8 + the PDU session container extension 8 = 44 bytes.
struct MTUBudgetRule: ValidationRule {
    static let ids = ["mtu.budget"]
    static let gtpOverhead = 44

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let dnns = topology.core?.dnns, !dnns.isEmpty else { return [] }
        var found: [Diagnostic] = []
        let firstUPF = topology.core?.functions.firstIndex { $0.kind == .upf }
        // The networks of the VMs that run gNBs.
        let ranNetworks = Set(bound.gnbVMs.compactMap { $0 }.flatMap { bound.nics[$0].compactMap(\.network) })
        for dnn in dnns.indices {
            let ueMTU = dnns[dnn].mtu ?? 1400
            // A DNN naming no UPF of the lab is a dangling reference, reported by Bind.
            let upf = dnns[dnn].upf == nil ? firstUPF : bound.dnnUPFs[dnn]
            guard let upf, let vm = bound.functionVMs[upf],
                let link = smallestN3Link(of: vm, ranNetworks, topology, bound),
                ueMTU + Self.gtpOverhead > link.mtu
            else { continue }
            let (network, linkMTU) = link
            found.append(
                .warning(
                    "mtu.budget",
                    "DNN `\(dnns[dnn].name)` offers UEs an MTU of \(ueMTU); with \(Self.gtpOverhead) bytes of GTP-U it exceeds the \(linkMTU) of network `\(topology.networks[network].name)`",
                    at: dnns[dnn].origin[dnns[dnn].mtu == nil ? DNNKey.subnet : DNNKey.mtu],
                    help: "set `mtu: \(linkMTU - Self.gtpOverhead)` on the DNN, or raise the network's `mtu`"))
        }
        return found
    }

    /// The first of the smallest-MTU N3 links of VM `host` (a UPF's), with its MTU: the VM's networks that a
    /// gNB is on too, or all of them when none is.
    private func smallestN3Link(of host: Int, _ ranNetworks: Set<Int>, _ topology: Topology, _ bound: BoundTopology)
        -> (network: Int, mtu: Int)?
    {
        var smallest: (network: Int, mtu: Int)?
        var smallestShared: (network: Int, mtu: Int)?
        for nic in bound.nics[host] {
            guard let network = nic.network else { continue }
            let mtu = topology.networks[network].mtu ?? 1500
            if smallest.map({ mtu < $0.mtu }) ?? true { smallest = (network, mtu) }
            if ranNetworks.contains(network), smallestShared.map({ mtu < $0.mtu }) ?? true {
                smallestShared = (network, mtu)
            }
        }
        return smallestShared ?? smallest
    }
}
