import TopocDiagnostics
import TopocModel

/// Every name that refers to something else must resolve: images, hosts, networks, VMs, NFs, DNNs, slices,
/// gNBs, and the kind of NF a reference expects.
struct ReferenceRule: ValidationRule {
    static let ids = ["ref.dangling", "ref.kind"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let defaults = topology.defaults.vm
        if let image = defaults.image, !index.images.contains(image) {
            found.append(
                dangling(image, "image", "defaults.vm.image", defaults.origin[VMKey.image], index.images.keys))
        }
        if let host = defaults.host, !index.isKnownHost(host) {
            found.append(dangling(host, "host", "defaults.vm.host", defaults.origin[VMKey.host], index.knownHosts))
        }
        // Fields read through the array, never a whole VM or NIC: copying one retains all it holds.
        let vms = topology.vms
        // Each check appends to `found`: returning (mostly empty) arrays to append cost more than the checks.
        for vm in vms.indices { vmReferences(vms, vm, index, into: &found) }
        sliceReferences(topology, index, into: &found)
        ranReferences(topology, index, into: &found)
        found += migrationReferences(topology, index)
        return found
    }

    private func dangling(
        _ name: String, _ kind: String, _ field: String, _ at: SourceLocation, _ candidates: some Collection<String>
    ) -> Diagnostic {
        TopologyIndex.dangling(name, kind: kind, field: field, at: at, candidates: candidates)
    }

    private func vmReferences(_ vms: [VM], _ vm: Int, _ index: TopologyIndex, into found: inout [Diagnostic]) {
        if let image = vms[vm].settings.image, !index.images.contains(image) {
            let path = vms[vm].origin.path
            found.append(dangling(image, "image", "\(path).image", vms[vm].origin[VMKey.image], index.images.keys))
        }
        if let host = vms[vm].settings.host, !index.isKnownHost(host) {
            let path = vms[vm].origin.path
            found.append(dangling(host, "host", "\(path).host", vms[vm].origin[VMKey.host], index.knownHosts))
        }
        let first = index.nicStart[vm]
        for fact in first..<index.nicStart[vm + 1] where index.nics[fact].network < 0 {
            let nic = vms[vm].interfaces[fact - first]
            let path = vms[vm].origin.path
            found.append(dangling(nic.network, "network", "\(path).networks", nic.origin.location, index.networks.keys))
        }
    }

    /// A reference to an NF must name one of the expected kinds.
    func function(
        _ name: String?, kinds: NFKinds, field: @autoclosure () -> String,
        at location: @autoclosure () -> SourceLocation, _ index: TopologyIndex
    ) -> Diagnostic? {
        guard let name else { return nil }
        return function(
            name, at: index.functions.position(of: name), kinds: kinds, field: field(), at: location(), index)
    }

    /// A reference to NF `name`, which is at `position` of `core.functions` (nil: there is none).
    private func function(
        _ name: String, at position: Int?, kinds: NFKinds, field: @autoclosure () -> String,
        at location: @autoclosure () -> SourceLocation, _ index: TopologyIndex
    ) -> Diagnostic? {
        guard let position else {
            let candidates = index.functions.values.filter { kinds.contains($0.kind) }.map(\.name)
            return dangling(name, "network function", field(), location(), candidates)
        }
        // Only the kind is read on the happy path: copying the NF retains all it holds.
        guard !kinds.contains(index.functions[position: position].kind) else { return nil }
        let nf = index.functions[position: position]
        let expected = kinds.members.map { "`\($0.rawValue)`" }.sorted().joined(separator: " or ")
        return .error(
            "ref.kind",
            "`\(field())` must name a function of kind \(expected), but `\(name)` is of kind `\(nf.kind.rawValue)`",
            at: location(),
            notes: [DiagnosticNote("`\(name)` is declared here", at: nf.origin.location)])
    }

    private func sliceReferences(_ topology: Topology, _ index: TopologyIndex, into found: inout [Diagnostic]) {
        if let dnns = topology.core?.dnns {
            // Each DNN's UPF is resolved in the index already.
            for dnn in dnns.indices {
                guard let name = dnns[dnn].upf else { continue }
                let position = index.dnnUPFs[dnn] >= 0 ? index.dnnUPFs[dnn] : nil
                if let upf = function(
                    name, at: position, kinds: [.upf], field: "\(dnns[dnn].origin.path).upf",
                    at: dnns[dnn].origin[DNNKey.upf], index)
                {
                    found.append(upf)
                }
            }
        }
        for slice in topology.slices {
            let path = slice.origin.path
            for (position, dnn) in slice.dnns.enumerated() where !index.dnns.contains(dnn) {
                found.append(
                    dangling(dnn, "DNN", "\(path).dnns", slice.origin[SliceKey.dnns, item: position], index.dnns.keys))
            }
            found += [
                function(slice.smf, kinds: [.smf], field: "\(path).smf", at: slice.origin[SliceKey.smf], index),
                function(slice.upf, kinds: [.upf], field: "\(path).upf", at: slice.origin[SliceKey.upf], index),
                function(slice.nrf, kinds: [.nrf], field: "\(path).nrf", at: slice.origin[SliceKey.nrf], index),
            ].compactMap { $0 }
        }
    }

    private func ranReferences(_ topology: Topology, _ index: TopologyIndex, into found: inout [Diagnostic]) {
        for gnb in topology.ran.gnbs {
            let path = gnb.origin.path
            if let amf = function(
                gnb.amf, kinds: [.amf, .mme], field: "\(path).amf", at: gnb.origin[GNBKey.amf], index)
            {
                found.append(amf)
            }
            for (position, slice) in (gnb.slices ?? []).enumerated() where !index.slices.contains(slice) {
                let at = gnb.origin[GNBKey.slices, item: position]
                found.append(dangling(slice, "slice", "\(path).slices", at, index.slices.keys))
            }
        }
        for ue in topology.ran.ues {
            let path = ue.origin.path
            if let gnb = ue.gnb, !index.gnbs.contains(gnb) {
                found.append(dangling(gnb, "gNB", "\(path).gnb", ue.origin[UEKey.gnb], index.gnbs.keys))
            }
            for (position, slice) in (ue.slices ?? []).enumerated() where !index.slices.contains(slice) {
                let at = ue.origin[UEKey.slices, item: position]
                found.append(dangling(slice, "slice", "\(path).slices", at, index.slices.keys))
            }
            if let dnn = ue.dnn, !index.dnns.contains(dnn) {
                found.append(dangling(dnn, "DNN", "\(path).dnn", ue.origin[UEKey.dnn], index.dnns.keys))
            }
        }
    }

    private func migrationReferences(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        guard let migration = topology.migration else { return [] }
        let movable = Set(index.vms.keys).union(index.apps)
        return (migration.workloads ?? []).enumerated().filter { !movable.contains($0.element) }.map {
            dangling(
                $0.element, "VM or app", "migration.workloads",
                migration.origin[MigrationKey.workloads, item: $0.offset], movable)
        }
    }
}
