import TopocDiagnostics
import TopocModel

/// Where workloads run: `on:` names a VM of the lab, `pod:` needs a KubeVirt target and a known node.
struct PlacementRule: ValidationRule {
    static let ids = ["ref.dangling", "placement.pod-needs-kubevirt"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var placements: [(Placement?, Origin)] = []
        placements += (topology.core?.functions ?? []).map { ($0.placement, $0.origin) }
        placements += topology.ran.gnbs.map { ($0.placement, $0.origin) }
        placements += topology.ran.ues.map { ($0.placement, $0.origin) }
        placements += topology.apps.map { ($0.placement, $0.origin) }
        return placements.compactMap { placement, origin in
            check(placement, origin, topology.target, index)
        }
    }

    private func check(_ placement: Placement?, _ origin: Origin, _ target: Target, _ index: TopologyIndex)
        -> Diagnostic?
    {
        switch placement {
        case .vm(let vm) where !index.vms.contains(vm):
            return TopologyIndex.dangling(
                vm, kind: "VM", field: "\(origin.path).on", at: origin[field: "on"], candidates: index.vms.keys)
        case .pod where target != .kubevirt:
            return .error(
                "placement.pod-needs-kubevirt",
                "`\(origin.path)` runs as a pod, which needs `target: kubevirt` (the target is `\(target.rawValue)`)",
                at: origin[field: "pod"], help: "place it in a VM with `on: <vm>`")
        case .pod(let pod):
            if let node = pod.node, !index.knownHosts.contains(node) {
                return TopologyIndex.dangling(
                    node, kind: "host", field: "\(origin.path).pod.node",
                    at: origin.fields["pod.node"] ?? origin[field: "pod"],
                    candidates: index.knownHosts)
            }
            return nil
        default:
            return nil
        }
    }
}
