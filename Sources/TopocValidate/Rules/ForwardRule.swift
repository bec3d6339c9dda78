import TopocBind
import TopocDiagnostics
import TopocModel

/// A host port is forwarded once per host and protocol; a service without a well-known port names its guest port.
struct ForwardRule: ValidationRule {
    static let ids = ["forward.port-collision", "forward.guest-port"]

    /// A forwarded port: the host, its port and the protocol.
    private struct HostPort: Hashable {
        var host: String
        var port: Int
        var transport: TransportProtocol
    }

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        let defaultHost = topology.defaults.vm.host ?? "local"
        // The first forward of each host port: its breadcrumb and location.
        var firsts: [HostPort: Origin] = [:]
        var found: [Diagnostic] = []
        for vm in topology.vms {
            let host = vm.settings.host ?? defaultHost
            for forward in vm.forwards {
                let key = HostPort(host: host, port: forward.hostPort, transport: forward.transport)
                if let other = firsts[key] {
                    found.append(
                        .error(
                            "forward.port-collision",
                            "host port \(forward.hostPort)/\(forward.transport.rawValue) on `\(host)` is already forwarded by `\(other.path)`",
                            at: forward.origin[ForwardKey.host],
                            notes: [DiagnosticNote("first forwarded here", at: other[ForwardKey.host])]))
                } else {
                    firsts[key] = forward.origin
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
