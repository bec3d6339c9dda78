import TopocDiagnostics
import TopocModel

/// A host port is forwarded once per host and protocol; a service without a well-known port names its guest port.
struct ForwardRule: ValidationRule {
    static let ids = ["forward.port-collision", "forward.guest-port"]

    private struct Key: Hashable {
        var host: String
        var port: Int
        var transport: TransportProtocol
    }

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var seen: [Key: (String, SourceLocation)] = [:]
        var found: [Diagnostic] = []
        // Fields read through the array, never a whole VM: copying one retains all it holds.
        let vms = topology.vms
        let defaultHost = topology.defaults.vm.host ?? "local"
        for position in vms.indices {
            let forwards = vms[position].forwards
            guard !forwards.isEmpty else { continue }
            let host = vms[position].settings.host ?? defaultHost
            for forward in forwards {
                let at = forward.origin[field: "host"]
                let key = Key(host: host, port: forward.hostPort, transport: forward.transport)
                if let (other, otherAt) = seen[key] {
                    found.append(
                        .error(
                            "forward.port-collision",
                            "host port \(forward.hostPort)/\(forward.transport.rawValue) on `\(host)` is already forwarded by `\(other)`",
                            at: at, notes: [DiagnosticNote("first forwarded here", at: otherAt)]))
                } else {
                    seen[key] = (forward.origin.path, at)
                }
                if forward.guestPort == nil, Forward.wellKnownPorts[forward.service] == nil {
                    found.append(
                        .error(
                            "forward.guest-port",
                            "`\(forward.origin.path)`: no well-known port for `\(forward.service)`",
                            at: forward.origin.location,
                            help: "write `\(forward.service): { host: \(forward.hostPort), guest: <port> }`"))
                }
            }
        }
        return found
    }
}
