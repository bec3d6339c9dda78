import TopocBind
import TopocDiagnostics
import TopocModel

/// Pinned MAC addresses are unique across the lab (derived ones are unique by construction).
struct MACRule: ValidationRule {
    static let ids = ["mac.duplicate"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var seen: [MACAddress: (String, SourceLocation)] = [:]
        var found: [Diagnostic] = []
        for vm in topology.vms {
            for nic in vm.interfaces {
                guard let mac = nic.mac else { continue }
                let origin = nic.origin
                let at = origin[InterfaceKey.mac]
                if let (other, otherAt) = seen[mac] {
                    found.append(
                        .error(
                            "mac.duplicate", "MAC \(mac) of `\(origin.path)` is also used by `\(other)`", at: at,
                            notes: [DiagnosticNote("first used here", at: otherAt)]))
                } else {
                    seen[mac] = (origin.path, at)
                }
            }
        }
        return found
    }
}
