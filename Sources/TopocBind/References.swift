import TopocDiagnostics
import TopocModel

/// The dangling references of a topology: every name that refers to something else must name it (images,
/// hosts, networks, VMs, NFs, DNNs, slices, gNBs), and a reference to an NF must name one of the kinds it
/// expects.
struct References {
    static let ids = ["ref.dangling", "ref.kind"]

    let bound: BoundTopology

    init(_ bound: BoundTopology) { self.bound = bound }

    func dangling() -> [Diagnostic] {
        let topology = bound.topology
        var found: [Diagnostic] = []
        let defaults = topology.defaults.vm
        if let image = defaults.image, !bound.images.contains(image) {
            found.append(
                Self.dangling(
                    image, "image", "defaults.vm.image", defaults.origin[VMKey.image], bound.images.keys))
        }
        if let host = defaults.host, !bound.isKnownHost(host) {
            found.append(
                Self.dangling(host, "host", "defaults.vm.host", defaults.origin[VMKey.host], bound.knownHosts))
        }
        for vm in topology.vms.indices { found += vmReferences(vm) }
        found += placements()
        found += sliceReferences()
        found += ranReferences()
        found += migrationReferences()
        return found
    }

    /// `ref.dangling` for a name that is not among `candidates`, with a did-you-mean.
    static func dangling(
        _ name: String, _ kind: String, _ field: String, _ location: SourceLocation,
        _ candidates: some Collection<String>
    ) -> Diagnostic {
        let suggestion = Suggestion.closest(to: name, in: candidates.sorted())
        let declared: String
        switch candidates.count {
        case 0: declared = "none is declared"
        case 1...8: declared = "declared: " + candidates.sorted().map { "`\($0)`" }.joined(separator: ", ")
        default: declared = "\(candidates.count) are declared"
        }
        return .error(
            "ref.dangling", "`\(field)` names \(kind) `\(name)`, which does not exist (\(declared))", at: location,
            help: suggestion.map { "did you mean `\($0)`?" })
    }

    private func vmReferences(_ position: Int) -> [Diagnostic] {
        let vm = bound.topology.vms[position]
        let path = vm.origin.path
        var found: [Diagnostic] = []
        if let image = vm.settings.image, !bound.images.contains(image) {
            found.append(Self.dangling(image, "image", "\(path).image", vm.origin[VMKey.image], bound.images.keys))
        }
        if let host = vm.settings.host, !bound.isKnownHost(host) {
            found.append(Self.dangling(host, "host", "\(path).host", vm.origin[VMKey.host], bound.knownHosts))
        }
        for nic in bound.nics[position] where nic.network == nil {
            let network = nic.interface.network
            found.append(
                Self.dangling(
                    network, "network", "\(path).networks", nic.interface.origin.location, bound.networks.keys))
        }
        return found
    }

    /// `on:` names a VM of the lab; a pod's `node` a known host.
    private func placements() -> [Diagnostic] {
        let topology = bound.topology
        var found: [Diagnostic?] = []
        for nf in topology.core?.functions ?? [] { found.append(placement(nf.placement, nf.origin, FunctionKey.self)) }
        for gnb in topology.ran.gnbs { found.append(placement(gnb.placement, gnb.origin, GNBKey.self)) }
        for ue in topology.ran.ues { found.append(placement(ue.placement, ue.origin, UEKey.self)) }
        for app in topology.apps { found.append(placement(app.placement, app.origin, AppKey.self)) }
        return found.compactMap { $0 }
    }

    /// `keys`: the keys of the placed entity's mapping, for where its `on` and `pod` were written.
    private func placement<Key: PlacementKey>(_ placement: Placement?, _ origin: Origin, _ keys: Key.Type)
        -> Diagnostic?
    {
        switch placement {
        case .vm(let vm)? where !bound.vms.contains(vm):
            return Self.dangling(vm, "VM", "\(origin.path).on", origin[Key.on], bound.vms.keys)
        case .pod(let pod)?:
            guard let node = pod.node, !bound.isKnownHost(node) else { return nil }
            return Self.dangling(
                node, "host", "\(origin.path).pod.node", origin[Key.pod, PodKey.node], bound.knownHosts)
        default:
            return nil
        }
    }

    /// A reference to an NF must name one of the expected kinds.
    private func function(
        _ name: String?, kinds: Set<NFKind>, field: String, at location: @autoclosure () -> SourceLocation
    ) -> Diagnostic? {
        guard let name else { return nil }
        guard let nf = bound.functions[name] else {
            let candidates = bound.functions.values.filter { kinds.contains($0.kind) }.map(\.name)
            return Self.dangling(name, "network function", field, location(), candidates)
        }
        guard !kinds.contains(nf.kind) else { return nil }
        let expected = kinds.map { "`\($0.rawValue)`" }.sorted().joined(separator: " or ")
        return .error(
            "ref.kind",
            "`\(field)` must name a function of kind \(expected), but `\(name)` is of kind `\(nf.kind.rawValue)`",
            at: location(),
            notes: [DiagnosticNote("`\(name)` is declared here", at: nf.origin.location)])
    }

    private func sliceReferences() -> [Diagnostic] {
        var found: [Diagnostic] = []
        for dnn in bound.topology.core?.dnns ?? [] {
            found += [function(dnn.upf, kinds: [.upf], field: "\(dnn.origin.path).upf", at: dnn.origin[DNNKey.upf])]
                .compactMap { $0 }
        }
        for slice in bound.topology.slices {
            let path = slice.origin.path
            for (position, dnn) in slice.dnns.enumerated() where !bound.dnns.contains(dnn) {
                found.append(
                    Self.dangling(
                        dnn, "DNN", "\(path).dnns", slice.origin[SliceKey.dnns, item: position], bound.dnns.keys))
            }
            found += [
                function(slice.smf, kinds: [.smf], field: "\(path).smf", at: slice.origin[SliceKey.smf]),
                function(slice.upf, kinds: [.upf], field: "\(path).upf", at: slice.origin[SliceKey.upf]),
                function(slice.nrf, kinds: [.nrf], field: "\(path).nrf", at: slice.origin[SliceKey.nrf]),
            ].compactMap { $0 }
        }
        return found
    }

    private func ranReferences() -> [Diagnostic] {
        var found: [Diagnostic] = []
        for gnb in bound.topology.ran.gnbs {
            let path = gnb.origin.path
            found += [function(gnb.amf, kinds: [.amf, .mme], field: "\(path).amf", at: gnb.origin[GNBKey.amf])]
                .compactMap { $0 }
            found += slices(gnb.slices, path, gnb.origin, GNBKey.self)
        }
        for ue in bound.topology.ran.ues {
            let path = ue.origin.path
            if let gnb = ue.gnb, !bound.gnbs.contains(gnb) {
                found.append(Self.dangling(gnb, "gNB", "\(path).gnb", ue.origin[UEKey.gnb], bound.gnbs.keys))
            }
            found += slices(ue.slices, path, ue.origin, UEKey.self)
            if let dnn = ue.dnn, !bound.dnns.contains(dnn) {
                found.append(Self.dangling(dnn, "DNN", "\(path).dnn", ue.origin[UEKey.dnn], bound.dnns.keys))
            }
        }
        return found
    }

    private func slices<Key: SliceListKey>(_ names: [String]?, _ path: String, _ origin: Origin, _ keys: Key.Type)
        -> [Diagnostic]
    {
        (names ?? []).enumerated().filter { !bound.slices.contains($0.element) }.map {
            Self.dangling($0.element, "slice", "\(path).slices", origin[Key.slices, item: $0.offset], bound.slices.keys)
        }
    }

    private func migrationReferences() -> [Diagnostic] {
        guard let migration = bound.topology.migration else { return [] }
        let movable = Set(bound.vms.keys).union(bound.apps)
        return (migration.workloads ?? []).enumerated().filter { !movable.contains($0.element) }.map {
            Self.dangling(
                $0.element, "VM or app", "migration.workloads",
                migration.origin[MigrationKey.workloads, item: $0.offset], movable)
        }
    }
}
