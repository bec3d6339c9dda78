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

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let modes = Self.supported(on: topology.target)
        // Fields read through the array: copying a network retains all it holds.
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
            // Whether an option was written is what counts (not its value): it is looked up only for the
            // options that do not belong to the network's mode.
            for (key, modes) in Self.options
            where !modes.contains(mode) && networks[position].origin.fields[key] != nil {
                let origin = networks[position].origin
                found.append(
                    .error(
                        "mode.option", "`\(origin.path).\(key)` does not apply to a `\(mode.rawValue)` network",
                        at: origin[field: key]))
            }
        }
        return found
    }
}
