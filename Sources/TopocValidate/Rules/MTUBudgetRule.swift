import TopocDiagnostics
import TopocModel

/// A UE packet plus its GTP-U encapsulation must fit the link that carries it (N3/S1-U), or it fragments or
/// drops: IPv4 20 + UDP 8 + GTP-U 8 + the PDU session container extension 8 = 44 bytes.
struct MTUBudgetRule: ValidationRule {
    static let ids = ["mtu.budget"]
    static let gtpOverhead = 44

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        topology.core.withBorrowed { check($0, topology, index) } ?? []
    }

    private func check(_ core: borrowing Core, _ topology: borrowing Topology, _ index: borrowing TopologyIndex)
        -> [Diagnostic]
    {
        guard !core.dnns.isEmpty else { return [] }
        var found: [Diagnostic] = []
        // NFs and DNNs read through their arrays: copying one retains all it holds.
        let (functions, dnns) = (core.functions, core.dnns)
        var firstUPF: Int?
        for position in functions.indices where functions[position].kind == .upf {
            firstUPF = position
            break
        }
        // The networks of the VMs that run gNBs, by position (-1: undeclared, never an N3 link).
        var ranNetworks: [Int] = []
        for gnb in topology.ran.gnbs {
            guard case .vm(let name)? = gnb.placement, let vm = index.vms.position(of: name) else { continue }
            ranNetworks += index.nics[index.nicStart[vm]..<index.nicStart[vm + 1]].map(\.network)
        }
        for dnn in dnns.indices {
            let ueMTU = dnns[dnn].mtu ?? 1400
            // A DNN naming no function of the lab is the reference rule's to report.
            let upf = dnns[dnn].upf == nil ? firstUPF : index.dnnUPFs[dnn]
            guard let upf, upf >= 0, index.functionVMs[upf] >= 0,
                let link = smallestN3Link(of: index.functionVMs[upf], ranNetworks, topology, index),
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
    /// gNB is on too, or all of them when none is. Read from the NIC facts, building no list.
    private func smallestN3Link(of host: Int, _ ranNetworks: [Int], _ topology: Topology, _ index: TopologyIndex)
        -> (network: Int, mtu: Int)?
    {
        var smallest: (network: Int, mtu: Int)?
        var smallestShared: (network: Int, mtu: Int)?
        for nic in index.nicStart[host]..<index.nicStart[host + 1] {
            let network = index.nics[nic].network
            guard network >= 0 else { continue }
            let mtu = topology.networks[network].mtu ?? 1500
            if smallest.map({ mtu < $0.mtu }) ?? true { smallest = (network, mtu) }
            if ranNetworks.contains(network), smallestShared.map({ mtu < $0.mtu }) ?? true {
                smallestShared = (network, mtu)
            }
        }
        return smallestShared ?? smallest
    }
}
