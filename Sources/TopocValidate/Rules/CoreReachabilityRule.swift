import TopocBind
import TopocDiagnostics
import TopocModel

/// The reference points that must cross a lab network do: N4/Sx (SMF and its UPFs, SGW-C and its SGW-Us),
/// N2 (a gNB and its AMF), N3 (a gNB and the UPFs of its slices). Workloads on one VM always reach each
/// other; pods are left to the cluster network.
struct CoreReachabilityRule: ValidationRule {
    static let ids = ["core.no-shared-network", "core.no-address"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        let unaddressed = self.unaddressed(topology, bound)
        guard unaddressed.isEmpty else { return unaddressed }
        let functions = core.functions
        func end(_ function: Int) -> End { End(name: functions[function].name, vm: bound.functionVMs[function]) }
        var found: [Diagnostic] = []
        // In the order of the pairs' names, whatever order the DNNs named them in.
        let n4 = bound.sessions.sorted {
            (functions[$0.smf].name, functions[$0.upf].name) < (functions[$1.smf].name, functions[$1.upf].name)
        }
        for session in n4 {
            found += [
                require(
                    end(session.smf), end(session.upf), "N4 (PFCP)", at: functions[session.smf].origin[FunctionKey.on],
                    bound)
            ].compactMap { $0 }
        }
        for sgwc in functions.indices where functions[sgwc].kind == .sgwc {
            for sgwu in functions.indices where functions[sgwu].kind == .sgwu {
                found += [
                    require(end(sgwc), end(sgwu), "Sxa (PFCP)", at: functions[sgwc].origin[FunctionKey.on], bound)
                ]
                .compactMap { $0 }
            }
        }
        for (position, gnb) in topology.ran.gnbs.enumerated() {
            let ran = End(name: gnb.name, vm: bound.gnbVMs[position])
            let at = gnb.origin[GNBKey.on]
            if let amf = bound.gnbAMFs[position] {
                found += [require(ran, end(amf), "N2 (NGAP)", at: at, bound)].compactMap { $0 }
            }
            let upfs = bound.gnbUPFs[position].sorted { functions[$0].name < functions[$1].name }
            for upf in upfs {
                found += [require(ran, end(upf), "N3 (GTP-U)", at: at, bound)].compactMap { $0 }
            }
        }
        return found
    }

    /// One end of a reference point: a workload and the VM it runs on (nil: a pod, or an unknown VM).
    private struct End {
        let name: String
        let vm: Int?
    }

    /// `core.no-shared-network` at `location` when `a` and `b` run on two VMs without a common network;
    /// nothing when either is not on a VM of the lab.
    private func require(
        _ a: End, _ b: End, _ link: String, at location: @autoclosure () -> SourceLocation, _ bound: BoundTopology
    ) -> Diagnostic? {
        guard let vmA = a.vm, let vmB = b.vm, vmA != vmB, !share(vmA, vmB, bound) else { return nil }
        let (one, two) = (bound.topology.vms[vmA], bound.topology.vms[vmB])
        return .error(
            "core.no-shared-network",
            "\(link): `\(a.name)` on `\(one.name)` and `\(b.name)` on `\(two.name)` share no network",
            at: location(),
            notes: [DiagnosticNote("`\(two.name)` is declared here", at: two.origin.location)],
            help: "attach both VMs to a common network in `vms.*.networks`")
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
