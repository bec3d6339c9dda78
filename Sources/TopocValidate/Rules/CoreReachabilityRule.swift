import TopocDiagnostics
import TopocModel

/// The reference points that must cross a lab network do: N4/Sx (SMF and its UPFs, SGW-C and its SGW-Us),
/// N2 (a gNB and its AMF), N3 (a gNB and the UPFs of its slices). Workloads on one VM always reach each
/// other; pods are left to the cluster network.
struct CoreReachabilityRule: ValidationRule {
    static let ids = ["core.no-shared-network", "core.no-address"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        topology.core.withBorrowed { check($0, topology, index) } ?? []
    }

    private func check(_ core: borrowing Core, _ topology: borrowing Topology, _ index: borrowing TopologyIndex)
        -> [Diagnostic]
    {
        let unaddressed = self.unaddressed(core, topology, index)
        guard unaddressed.isEmpty else { return unaddressed }
        let links = Links(vms: topology.vms, nics: index.nics, nicStart: index.nicStart)
        var found: [Diagnostic] = []
        // NFs read through the array: copying one retains all it holds.
        let functions = core.functions
        // In the order of the pairs' names, whatever order the DNNs named them in.
        var n4: [(key: String, diagnostic: Diagnostic)] = []
        for (smf, upf) in sessionPairs(core, topology.slices, index) {
            let diagnostic = links.require(
                (functions[smf].name, index.functionVMs[smf]), (functions[upf].name, index.functionVMs[upf]),
                "N4 (PFCP)", at: functions[smf].origin[FunctionKey.on])
            if let diagnostic { n4.append((functions[smf].name + functions[upf].name, diagnostic)) }
        }
        if !n4.isEmpty { found += n4.sorted { $0.key < $1.key }.map(\.diagnostic) }
        if index.kinds.contains(.sgwc), index.kinds.contains(.sgwu) {
            for sgwc in functions.indices where functions[sgwc].kind == .sgwc {
                for sgwu in functions.indices where functions[sgwu].kind == .sgwu {
                    if let diagnostic = links.require(
                        (functions[sgwc].name, index.functionVMs[sgwc]),
                        (functions[sgwu].name, index.functionVMs[sgwu]), "Sxa (PFCP)",
                        at: functions[sgwc].origin[FunctionKey.on])
                    {
                        found.append(diagnostic)
                    }
                }
            }
        }
        for gnb in topology.ran.gnbs {
            guard case .vm(let vm)? = gnb.placement else { continue }
            let host = index.vms.position(of: vm) ?? -1
            let amf = gnb.amf ?? onlyName(core, [.amf, .mme])
            if let diagnostic = links.require(
                (gnb.name, host), function(amf, index), "N2 (NGAP)", at: gnb.origin[GNBKey.on])
            {
                found.append(diagnostic)
            }
            for upf in Set(upfsServing(gnb, core, topology.slices)).sorted() {
                if let diagnostic = links.require(
                    (gnb.name, host), function(upf, index), "N3 (GTP-U)", at: gnb.origin[GNBKey.on])
                {
                    found.append(diagnostic)
                }
            }
        }
        return found
    }

    /// A function by name with the position of its VM: ("", -1) for no name, -1 for no function of that name.
    private func function(_ name: String?, _ index: borrowing TopologyIndex) -> (String, Int) {
        guard let name else { return ("", -1) }
        return (name, index.functions.position(of: name).map { index.functionVMs[$0] } ?? -1)
    }

    /// Whether two VMs share a network, from the NIC facts. Holds the arrays it reads rather than the
    /// topology and its index, whose copies retained all they hold.
    private struct Links {
        let vms: [VM]
        let nics: [NICFacts]
        let nicStart: [Int]

        /// `core.no-shared-network` at `location` when `a` and `b` (name, VM position) run on two VMs
        /// without a common network; nothing when either is not on a VM of the lab.
        func require(
            _ a: (String, Int), _ b: (String, Int), _ link: String, at location: @autoclosure () -> SourceLocation
        ) -> Diagnostic? {
            let (vmA, vmB) = (a.1, b.1)
            guard vmA >= 0, vmB >= 0, vmA != vmB, !share(vmA, vmB) else { return nil }
            let (one, two) = (vms[vmA].name, vms[vmB].name)
            return .error(
                "core.no-shared-network",
                "\(link): `\(a.0)` on `\(one)` and `\(b.0)` on `\(two)` share no network",
                at: location(),
                notes: [DiagnosticNote("`\(two)` is declared here", at: vms[vmB].origin.location)],
                help: "attach both VMs to a common network in `vms.*.networks`")
        }

        private func share(_ one: Int, _ two: Int) -> Bool {
            let (first, second) = (nicStart[one], nicStart[two])
            for a in first..<nicStart[one + 1] {
                for b in second..<nicStart[two + 1] where nics[a].network == nics[b].network {
                    // Undeclared networks (-1) are the same one only by name.
                    if nics[a].network >= 0 { return true }
                    if vms[one].interfaces[a - first].network == vms[two].interfaces[b - second].network {
                        return true
                    }
                }
            }
            return false
        }
    }

    /// NFs and gNBs bind addresses of their VM's networks: a VM with no network that has a `subnet` leaves
    /// them none to bind.
    func unaddressed(_ core: borrowing Core, _ topology: borrowing Topology, _ index: borrowing TopologyIndex)
        -> [Diagnostic]
    {
        var found: [Diagnostic] = []
        for position in core.functions.indices where index.functionVMs[position] >= 0 {
            let vm = index.functionVMs[position]
            guard !hasSubnet(vm, topology, index) else { continue }
            let nf = core.functions[position]
            found.append(noAddress(nf.name, topology.vms[vm].name, at: nf.origin[FunctionKey.on]))
        }
        for gnb in topology.ran.gnbs {
            guard case .vm(let name)? = gnb.placement, let vm = index.vms.position(of: name),
                !hasSubnet(vm, topology, index)
            else { continue }
            found.append(noAddress(gnb.name, name, at: gnb.origin[GNBKey.on]))
        }
        return found
    }

    private func hasSubnet(_ vm: Int, _ topology: Topology, _ index: TopologyIndex) -> Bool {
        index.nics[index.nicStart[vm]..<index.nicStart[vm + 1]].contains {
            $0.network >= 0 && topology.networks[$0.network].subnet != nil
        }
    }

    private func noAddress(_ name: String, _ vm: String, at location: SourceLocation) -> Diagnostic {
        .error(
            "core.no-address",
            "`\(name)` runs on `\(vm)`, which has no network with a `subnet`: it has no address to bind",
            at: location, help: "attach `\(vm)` to a network with a `subnet`")
    }

    func onlyName(_ core: borrowing Core, _ kinds: NFKinds) -> String? {
        onlyPosition(core, kinds).map { core.functions[$0].name }
    }

    /// The one function of one of `kinds`, when there is exactly one.
    private func onlyPosition(_ core: borrowing Core, _ kinds: NFKinds) -> Int? {
        var only: Int?
        for position in core.functions.indices where kinds.contains(core.functions[position].kind) {
            guard only == nil else { return nil }
            only = position
        }
        return only
    }

    /// Which SMF talks to which UPF, as positions in `core.functions`: per slice when slices name them, else
    /// every SMF with every UPF. Each pair once, in no particular order.
    func sessionPairs(_ core: borrowing Core, _ slices: [Slice], _ index: borrowing TopologyIndex) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        pairs.reserveCapacity(core.dnns.count)
        // A name that is not a function (or not of its kind) is the reference rule's to report.
        func insert(_ smf: Int?, _ upf: Int) {
            guard let smf, !pairs.contains(where: { $0 == (smf, upf) }) else { return }
            pairs.append((smf, upf))
        }
        let onlyUPF = onlyName(core, [.upf]).flatMap { index.functions.position(of: $0) }
        // Every SMF as its name resolves (the first function of that name), for the DNNs no slice serves.
        var smfs: [Int?] = []
        for smf in core.functions.indices where core.functions[smf].kind == .smf {
            smfs.append(index.functions.position(of: core.functions[smf].name))
        }
        // DNNs read through the array: copying one retains all it holds.
        let dnns = core.dnns
        for dnn in dnns.indices {
            let named = dnns[dnn].upf != nil ? index.dnnUPFs[dnn] : nil
            guard let upf = named ?? onlyUPF, upf >= 0 else { continue }
            var served = false
            for slice in slices.indices where slices[slice].dnns.contains(dnns[dnn].name) {
                guard let smf = slices[slice].smf else { continue }
                insert(index.functions.position(of: smf), upf)
                served = true
            }
            guard !served else { continue }
            for smf in smfs { insert(smf, upf) }
        }
        return pairs
    }

    func upfsServing(_ gnb: GNB, _ core: borrowing Core, _ slices: [Slice]) -> [String] {
        let names = gnb.slices ?? slices.map(\.name)
        let dnns = slices.filter { names.contains($0.name) }.flatMap(\.dnns)
        let chosen = dnns.isEmpty ? core.dnns.map(\.name) : dnns
        return core.dnns.filter { chosen.contains($0.name) }.compactMap { $0.upf ?? onlyName(core, [.upf]) }
    }
}
