import TopocBind
import TopocDiagnostics
import TopocModel

/// Pods need a KubeVirt target. (Whether `on:` names a VM and `pod.node` a host is Bind's to check.)
struct PlacementRule: ValidationRule {
    static let ids = ["placement.pod-needs-kubevirt"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard topology.target != .kubevirt else { return [] }
        var found: [Diagnostic] = []
        func check<Key: PlacementKey>(_ placement: Placement?, _ origin: Origin, _ keys: Key.Type) {
            guard case .pod? = placement else { return }
            found.append(
                .error(
                    "placement.pod-needs-kubevirt",
                    "`\(origin.path)` runs as a pod, which needs `target: kubevirt` (the target is `\(topology.target.rawValue)`)",
                    at: origin[Key.pod], help: "place it in a VM with `on: <vm>`"))
        }
        for nf in topology.core?.functions ?? [] { check(nf.placement, nf.origin, FunctionKey.self) }
        for gnb in topology.ran.gnbs { check(gnb.placement, gnb.origin, GNBKey.self) }
        for ue in topology.ran.ues { check(ue.placement, ue.origin, UEKey.self) }
        for app in topology.apps { check(app.placement, app.origin, AppKey.self) }
        return found
    }
}
