import TopocDiagnostics
import TopocModel

/// A host port is forwarded once per host and protocol; a service without a well-known port names its guest port.
struct ForwardRule: ValidationRule {
    static let ids = ["forward.port-collision", "forward.guest-port"]

    /// A host port on one host: hosts numbered as first seen, so no string is hashed per forward.
    private struct Key: Hashable {
        var host: Int
        var port: Int
        var transport: TransportProtocol
    }

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        // The first forward of each key, as its VM and position: strings are made for a diagnostic only.
        var seen: [Key: (vm: Int, forward: Int)] = [:]
        var hostNumbers: [String: Int] = [:]
        var found: [Diagnostic] = []
        // Fields read through the array, never a whole VM: copying one retains all it holds.
        let vms = topology.vms
        let defaultHost = topology.defaults.vm.host ?? "local"
        for position in vms.indices {
            let forwards = vms[position].forwards
            guard !forwards.isEmpty else { continue }
            let host = vms[position].settings.host ?? defaultHost
            let hostNumber = hostNumbers[host] ?? hostNumbers.count
            hostNumbers[host] = hostNumber
            for (number, forward) in forwards.enumerated() {
                let key = Key(host: hostNumber, port: forward.hostPort, transport: forward.transport)
                if let first = seen[key] {
                    let other = vms[first.vm].forwards[first.forward].origin
                    found.append(
                        .error(
                            "forward.port-collision",
                            "host port \(forward.hostPort)/\(forward.transport.rawValue) on `\(host)` is already forwarded by `\(other.path)`",
                            at: forward.origin[field: "host"],
                            notes: [DiagnosticNote("first forwarded here", at: other[field: "host"])]))
                } else {
                    seen[key] = (position, number)
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
