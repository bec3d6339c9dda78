import TopocBind
import TopocDiagnostics
import TopocModel

/// Each network mode works on the targets that can build it, and its options belong to it.
struct NetworkModeRule: ValidationRule {
    static let ids = ["mode.unsupported", "mode.option"]

    /// Which modes each target can build, in declaration order.
    static func supported(on target: Target) -> [NetworkMode] { NetworkMode.allCases.filter { supports(target, $0) } }

    /// Whether `target` can build `mode`.
    static func supports(_ target: Target, _ mode: NetworkMode) -> Bool {
        switch target {
        case .qemu: mode != .multus
        case .libvirt: mode == .bridge || mode == .socket
        case .kubevirt: mode == .multus
        }
    }

    /// The keys that belong to some modes only.
    private enum Option {
        case bridge, hostAddress, vale, vlan

        /// In the order they are reported.
        static let all: [Option] = [.bridge, .hostAddress, .vale, .vlan]

        var key: NetworkKey {
            switch self {
            case .bridge: .bridge
            case .hostAddress: .hostAddress
            case .vale: .vale
            case .vlan: .vlan
            }
        }

        /// Whether the option is one of `mode`'s.
        func belongs(to mode: NetworkMode) -> Bool {
            switch self {
            case .bridge: mode == .bridge || mode == .multus
            case .hostAddress: mode == .bridge
            case .vale: mode == .netmap
            case .vlan: mode == .multus
            }
        }
    }

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let networks = topology.networks
        for position in networks.indices {
            let mode = networks[position].mode
            if !Self.supports(topology.target, mode) {
                let options = Self.supported(on: topology.target).map(\.rawValue).sorted().map { "`\($0)`" }.joined(
                    separator: ", ")
                found.append(
                    .error(
                        "mode.unsupported",
                        "network `\(networks[position].name)` is `\(mode.rawValue)`, which target `\(topology.target.rawValue)` cannot build",
                        at: networks[position].origin[NetworkKey.mode], help: "on this target use \(options)"))
            }
            // Whether an option was written is what counts, not its value.
            for option in Option.all where !option.belongs(to: mode) {
                let key = option.key
                guard networks[position].origin.wrote(key) else { continue }
                let origin = networks[position].origin
                found.append(
                    .error(
                        "mode.option", "`\(origin.path).\(key.name)` does not apply to a `\(mode.rawValue)` network",
                        at: origin[key]))
            }
        }
        return found
    }
}
