import TopocDiagnostics
import TopocModel

/// Each network mode works on the targets that can build it, and its options belong to it.
struct NetworkModeRule: ValidationRule {
    static let ids = ["mode.unsupported", "mode.option"]

    /// Which modes each target can build.
    static let supported: [Target: Set<NetworkMode>] = [
        .qemu: [.bridge, .socket, .netmap],
        .libvirt: [.bridge, .socket],
        .kubevirt: [.multus],
    ]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for network in topology.networks {
            if let modes = Self.supported[topology.target], !modes.contains(network.mode) {
                let options = modes.map(\.rawValue).sorted().map { "`\($0)`" }.joined(separator: ", ")
                found.append(
                    .error(
                        "mode.unsupported",
                        "network `\(network.name)` is `\(network.mode.rawValue)`, which target `\(topology.target.rawValue)` cannot build",
                        at: network.origin[field: "mode"], help: "on this target use \(options)"))
            }
            found += options(network)
        }
        return found
    }

    private func options(_ network: Network) -> [Diagnostic] {
        let allowed: [String: Set<NetworkMode>] = [
            "bridge": [.bridge, .multus], "host-address": [.bridge], "vlan": [.multus], "vale": [.netmap],
        ]
        return allowed.keys.sorted().compactMap { key in
            guard network.origin.fields[key] != nil, let modes = allowed[key], !modes.contains(network.mode) else {
                return nil
            }
            return .error(
                "mode.option",
                "`\(network.origin.path).\(key)` does not apply to a `\(network.mode.rawValue)` network",
                at: network.origin[field: key])
        }
    }
}
