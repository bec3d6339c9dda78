import TopocBind
import TopocDiagnostics
import TopocModel

/// Hosts are distinct machines: two hosts with one address are one host declared twice.
struct HostRule: ValidationRule {
    static let ids = ["host.duplicate-address"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var seen: [String: Host] = [:]
        var found: [Diagnostic] = []
        for host in topology.hosts {
            guard let address = host.address else { continue }
            if let first = seen[address] {
                found.append(
                    .error(
                        "host.duplicate-address",
                        "host `\(host.name)` has the address of host `\(first.name)` (\(address))",
                        at: host.origin[HostKey.address],
                        notes: [DiagnosticNote("`\(first.name)` is declared here", at: first.origin[HostKey.address])])
                )
            } else {
                seen[address] = host
            }
        }
        return found
    }
}
