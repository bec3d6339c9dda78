import TopocBind
import TopocDiagnostics
import TopocModel

/// The reference points that must cross a lab network do: N4/Sx (SMF and its UPFs, SGW-C and its SGW-Us),
/// N2 (a gNB and its AMF), N3 (a gNB and the UPFs of its slices). Each end binds one address, on the network
/// Bind chose for that interface, so the two ends' VMs sharing some network is not enough: the addresses
/// the emitters write must be on one network. Workloads on one VM always reach each other; pods are left to
/// the cluster network.
struct CoreReachabilityRule: ValidationRule {
    static let ids = ["core.no-shared-network", "core.unreachable-address", "core.no-address"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        let unaddressed = self.unaddressed(topology, bound)
        guard unaddressed.isEmpty else { return unaddressed }
        let functions = core.functions
        func end(_ function: Int, _ interface: NFInterface) -> End {
            End(
                name: functions[function].name, vm: bound.functionVMs[function],
                network: bound.network(of: function, interface))
        }
        var found: [Diagnostic] = []
        // In the order of the pairs' names, whatever order the DNNs named them in.
        let n4 = bound.sessions.sorted {
            (functions[$0.smf].name, functions[$0.upf].name) < (functions[$1.smf].name, functions[$1.upf].name)
        }
        for session in n4 {
            let at = functions[session.smf].origin[FunctionKey.on]
            found += [require(end(session.smf, .pfcp), end(session.upf, .pfcp), "N4 (PFCP)", at: at, bound)]
                .compactMap { $0 }
        }
        for sgwc in functions.indices where functions[sgwc].kind == .sgwc {
            for sgwu in functions.indices where functions[sgwu].kind == .sgwu {
                let at = functions[sgwc].origin[FunctionKey.on]
                found += [require(end(sgwc, .pfcp), end(sgwu, .pfcp), "Sxa (PFCP)", at: at, bound)].compactMap { $0 }
            }
        }
        for (position, gnb) in topology.ran.gnbs.enumerated() {
            let (vm, networks) = (bound.gnbVMs[position], bound.gnbBindings[position])
            let at = gnb.origin[GNBKey.on]
            if let amf = bound.gnbAMFs[position] {
                let ngap = end(amf, functions[amf].kind == .mme ? .s1ap : .ngap)
                let ran = End(name: gnb.name, vm: vm, network: networks.ngap)
                found += [require(ngap, ran, "N2 (NGAP)", at: at, bound, reported: .second)].compactMap { $0 }
            }
            let ran = End(name: gnb.name, vm: vm, network: networks.gtpu)
            for upf in bound.gnbUPFs[position].sorted(by: { functions[$0].name < functions[$1].name }) {
                found += [require(ran, end(upf, .gtpu), "N3 (GTP-U)", at: at, bound)].compactMap { $0 }
            }
        }
        return found
    }

    /// One end of a reference point: a workload, the VM it runs on (nil: a pod, or an unknown VM) and the
    /// network of the address it binds for it.
    private struct End {
        let name: String
        let vm: Int?
        let network: String?
    }

    /// Which end a diagnostic names first.
    private enum Reported { case first, second }

    /// `core.no-shared-network` when `leader` and `peer` run on two VMs without a common network, else
    /// `core.unreachable-address` when the addresses they bind are on different networks; nothing when
    /// either is not on a VM of the lab. The leader is the end that reaches several peers through its one
    /// address (Bind has each peer follow it where it can).
    private func require(
        _ leader: End, _ peer: End, _ link: String, at location: @autoclosure () -> SourceLocation,
        _ bound: BoundTopology, reported: Reported = .first
    ) -> Diagnostic? {
        guard let leaderVM = leader.vm, let peerVM = peer.vm, leaderVM != peerVM else { return nil }
        let (a, b) = reported == .first ? (leader, peer) : (peer, leader)
        let (one, two) = (bound.topology.vms[a.vm ?? 0], bound.topology.vms[b.vm ?? 0])
        guard share(leaderVM, peerVM, bound) else {
            return .error(
                "core.no-shared-network",
                "\(link): `\(a.name)` on `\(one.name)` and `\(b.name)` on `\(two.name)` share no network",
                at: location(),
                notes: [DiagnosticNote("`\(two.name)` is declared here", at: two.origin.location)],
                help: "attach both VMs to a common network in `vms.*.networks`")
        }
        guard let network = leader.network, let other = peer.network, network != other else { return nil }
        let peerHost = bound.topology.vms[peerVM]
        let (netA, netB) = reported == .first ? (network, other) : (other, network)
        return .error(
            "core.unreachable-address",
            "\(link): `\(a.name)` binds its address on network `\(netA)` and `\(b.name)` on `\(netB)`, so neither reaches the other",
            at: location(),
            notes: [DiagnosticNote("`\(peerHost.name)` is declared here", at: peerHost.origin.location)],
            help:
                "`\(leader.name)` binds one address for all its peers, on `\(network)`: attach `\(peerHost.name)` to `\(network)`"
        )
    }

    /// Whether two VMs have a NIC on the same network (an undeclared one counts by name).
    private func share(_ one: Int, _ two: Int, _ bound: BoundTopology) -> Bool {
        let names = Set(bound.topology.vms[one].interfaces.map(\.network))
        return bound.topology.vms[two].interfaces.contains { names.contains($0.network) }
    }

    /// NFs and gNBs bind addresses of their VM's networks: a VM with no network that has a `subnet` leaves
    /// them none to bind.
    func unaddressed(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (position, nf) in (topology.core?.functions ?? []).enumerated() {
            guard let vm = bound.functionVMs[position], !hasSubnet(vm, bound) else { continue }
            found.append(noAddress(nf.name, topology.vms[vm].name, at: nf.origin[FunctionKey.on]))
        }
        for (position, gnb) in topology.ran.gnbs.enumerated() {
            guard let vm = bound.gnbVMs[position], !hasSubnet(vm, bound) else { continue }
            found.append(noAddress(gnb.name, topology.vms[vm].name, at: gnb.origin[GNBKey.on]))
        }
        return found
    }

    private func hasSubnet(_ vm: Int, _ bound: BoundTopology) -> Bool {
        bound.nics[vm].contains { nic in nic.network.map { bound.networks[position: $0].subnet != nil } == true }
    }

    private func noAddress(_ name: String, _ vm: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "core.no-address",
            "`\(name)` runs on `\(vm)`, which has no network with a `subnet`: it has no address to bind",
            at: location, help: "attach `\(vm)` to a network with a `subnet`")
    }
}
