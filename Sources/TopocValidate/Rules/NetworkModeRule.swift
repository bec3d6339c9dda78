import TopocDiagnostics
import TopocModel

/// Each network mode works on the targets that can build it, and its options belong to it.
struct NetworkModeRule: ValidationRule {
    static let ids = ["mode.unsupported", "mode.option"]

    /// Which modes each target can build.
    static func supported(on target: Target) -> [NetworkMode] {
        switch target {
        case .qemu: qemuModes
        case .libvirt: libvirtModes
        case .kubevirt: kubevirtModes
        }
    }

    private static let qemuModes: [NetworkMode] = [.bridge, .socket, .netmap]
    private static let libvirtModes: [NetworkMode] = [.bridge, .socket]
    private static let kubevirtModes: [NetworkMode] = [.multus]

    /// The keys that belong to some modes only, in the order they are reported, with those modes.
    static let options: [(key: String, modes: [NetworkMode])] = [
        ("bridge", [.bridge, .multus]), ("host-address", [.bridge]), ("vale", [.netmap]), ("vlan", [.multus]),
    ]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let modes = Self.supported(on: topology.target)
        let networks = topology.networks
        for position in networks.indices {
            let mode = networks[position].mode
            if !modes.contains(mode) {
                let options = modes.map(\.rawValue).sorted().map { "`\($0)`" }.joined(separator: ", ")
                found.append(
                    .error(
                        "mode.unsupported",
                        "network `\(networks[position].name)` is `\(mode.rawValue)`, which target `\(topology.target.rawValue)` cannot build",
                        at: networks[position].origin[field: "mode"], help: "on this target use \(options)"))
            }
            found += options(networks[position])
        }
        return found
    }

    private func options(_ network: Network) -> [Diagnostic] {
        Self.options.compactMap { key, modes in
            guard !modes.contains(network.mode), network.origin.fields[key] != nil else { return nil }
            return .error(
                "mode.option",
                "`\(network.origin.path).\(key)` does not apply to a `\(network.mode.rawValue)` network",
                at: network.origin[field: key])
        }
    }
}
