import TopocDiagnostics
import TopocModel

/// Where workloads run: `on:` names a VM of the lab, `pod:` needs a KubeVirt target and a known node.
struct PlacementRule: ValidationRule {
    static let ids = ["ref.dangling", "placement.pod-needs-kubevirt"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        // Placements read through their arrays: most are fine, and copying an NF retains all it holds.
        if let functions = topology.core?.functions {
            for position in functions.indices where index.functionVMs[position] < 0 {
                found += [
                    check(
                        functions[position].placement, functions[position].origin, FunctionKey.self, topology.target,
                        index)
                ]
                .compactMap { $0 }
            }
        }
        let ran = topology.ran
        found += ran.gnbs.indices.compactMap {
            check(ran.gnbs[$0].placement, ran.gnbs[$0].origin, GNBKey.self, topology.target, index)
        }
        found += ran.ues.indices.compactMap {
            check(ran.ues[$0].placement, ran.ues[$0].origin, UEKey.self, topology.target, index)
        }
        let apps = topology.apps
        found += apps.indices.compactMap {
            check(apps[$0].placement, apps[$0].origin, AppKey.self, topology.target, index)
        }
        return found
    }

    /// `keys`: the keys of the placed entity's mapping, for where its `on` and `pod` were written.
    private func check<Key: PlacementKey>(
        _ placement: Placement?, _ origin: Origin, _ keys: Key.Type, _ target: Target, _ index: TopologyIndex
    ) -> Diagnostic? {
        switch placement {
        case .vm(let vm) where !index.vms.contains(vm):
            return TopologyIndex.dangling(
                vm, kind: "VM", field: "\(origin.path).on", at: origin[Key.on], candidates: index.vms.keys)
        case .pod where target != .kubevirt:
            return .error(
                "placement.pod-needs-kubevirt",
                "`\(origin.path)` runs as a pod, which needs `target: kubevirt` (the target is `\(target.rawValue)`)",
                at: origin[Key.pod], help: "place it in a VM with `on: <vm>`")
        case .pod(let pod):
            if let node = pod.node, !index.isKnownHost(node) {
                return TopologyIndex.dangling(
                    node, kind: "host", field: "\(origin.path).pod.node",
                    at: origin[Key.pod, PodKey.node],
                    candidates: index.knownHosts)
            }
            return nil
        default:
            return nil
        }
    }
}
