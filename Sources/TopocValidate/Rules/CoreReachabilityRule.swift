import TopocDiagnostics
import TopocModel

/// The reference points that must cross a lab network do: N4/Sx (SMF and its UPFs, SGW-C and its SGW-Us),
/// N2 (a gNB and its AMF), N3 (a gNB and the UPFs of its slices). Workloads on one VM always reach each
/// other; pods are left to the cluster network.
struct CoreReachabilityRule: ValidationRule {
    static let ids = ["core.no-shared-network", "core.no-address"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        let unaddressed = self.unaddressed(core, topology, index)
        guard unaddressed.isEmpty else { return unaddressed }
        let vmOf = { (name: String?) -> String? in
            guard let name, case .vm(let vm)? = index.functions[name]?.placement else { return nil }
            return vm
        }
        var found: [Diagnostic] = []
        func require(_ a: (String, String?, Origin), _ b: (String, String?), _ link: String) {
            guard let vmA = a.1, let vmB = b.1, vmA != vmB, let one = index.vms[vmA], let two = index.vms[vmB] else {
                return
            }
            let shared = Set(one.interfaces.map(\.network)).intersection(two.interfaces.map(\.network))
            guard shared.isEmpty else { return }
            found.append(
                .error(
                    "core.no-shared-network",
                    "\(link): `\(a.0)` on `\(vmA)` and `\(b.0)` on `\(vmB)` share no network",
                    at: a.2[field: "on"],
                    notes: [DiagnosticNote("`\(vmB)` is declared here", at: two.origin.location)],
                    help: "attach both VMs to a common network in `vms.*.networks`"))
        }
        for (smf, upf) in sessionPairs(core, topology.slices) {
            if let origin = index.functions[smf]?.origin {
                require((smf, vmOf(smf), origin), (upf, vmOf(upf)), "N4 (PFCP)")
            }
        }
        for sgwc in core.functions where sgwc.kind == .sgwc {
            for sgwu in core.functions where sgwu.kind == .sgwu {
                require((sgwc.name, vmOf(sgwc.name), sgwc.origin), (sgwu.name, vmOf(sgwu.name)), "Sxa (PFCP)")
            }
        }
        for gnb in topology.ran.gnbs {
            guard case .vm(let vm)? = gnb.placement else { continue }
            let amf = gnb.amf ?? onlyName(core, [.amf, .mme])
            require((gnb.name, vm, gnb.origin), (amf ?? "", vmOf(amf)), "N2 (NGAP)")
            for upf in Set(upfsServing(gnb, core, topology.slices)).sorted() {
                require((gnb.name, vm, gnb.origin), (upf, vmOf(upf)), "N3 (GTP-U)")
            }
        }
        return found
    }

    /// NFs and gNBs bind addresses of their VM's networks: a VM with no network that has a `subnet` leaves
    /// them none to bind.
    func unaddressed(_ core: Core, _ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var placed: [(String, String, Origin)] = core.functions.compactMap { nf in
            guard case .vm(let vm) = nf.placement else { return nil }
            return (nf.name, vm, nf.origin)
        }
        placed += topology.ran.gnbs.compactMap { gnb in
            guard case .vm(let vm)? = gnb.placement else { return nil }
            return (gnb.name, vm, gnb.origin)
        }
        return placed.compactMap { name, vm, origin in
            guard let host = index.vms[vm],
                !host.interfaces.contains(where: { index.networks[$0.network]?.subnet != nil })
            else { return nil }
            return .error(
                "core.no-address",
                "`\(name)` runs on `\(vm)`, which has no network with a `subnet`: it has no address to bind",
                at: origin[field: "on"], help: "attach `\(vm)` to a network with a `subnet`")
        }
    }

    func onlyName(_ core: Core, _ kinds: Set<NFKind>) -> String? {
        let matching = core.functions.filter { kinds.contains($0.kind) }
        return matching.count == 1 ? matching[0].name : nil
    }

    /// Which SMF talks to which UPF: per slice when slices name them, else every SMF with every UPF.
    func sessionPairs(_ core: Core, _ slices: [Slice]) -> [(String, String)] {
        let smfs = core.functions.filter { $0.kind == .smf }.map(\.name)
        var pairs: Set<[String]> = []
        for dnn in core.dnns {
            guard let upf = dnn.upf ?? onlyName(core, [.upf]) else { continue }
            let carrying = slices.filter { $0.dnns.contains(dnn.name) }
            let servingSMFs = carrying.compactMap(\.smf)
            for smf in servingSMFs.isEmpty ? smfs : servingSMFs { pairs.insert([smf, upf]) }
        }
        return pairs.sorted { $0.joined() < $1.joined() }.map { ($0[0], $0[1]) }
    }

    func upfsServing(_ gnb: GNB, _ core: Core, _ slices: [Slice]) -> [String] {
        let names = gnb.slices ?? slices.map(\.name)
        let dnns = slices.filter { names.contains($0.name) }.flatMap(\.dnns)
        let chosen = dnns.isEmpty ? core.dnns.map(\.name) : dnns
        return core.dnns.filter { chosen.contains($0.name) }.compactMap { $0.upf ?? onlyName(core, [.upf]) }
    }
}
