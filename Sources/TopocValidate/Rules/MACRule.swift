import TopocDiagnostics
import TopocModel

/// Pinned MAC addresses are unique across the lab (derived ones are unique by construction).
struct MACRule: ValidationRule {
    static let ids = ["mac.duplicate"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var seen: [MACAddress: (String, SourceLocation)] = [:]
        var found: [Diagnostic] = []
        topology.vms.forEachInPlace { vm in
            vm.interfaces.forEachInPlace { nic in
                guard let mac = nic.mac else { return }
                let at = nic.origin[field: "mac"]
                if let (other, otherAt) = seen[mac] {
                    found.append(
                        .error(
                            "mac.duplicate", "MAC \(mac) of `\(nic.origin.path)` is also used by `\(other)`", at: at,
                            notes: [DiagnosticNote("first used here", at: otherAt)]))
                } else {
                    seen[mac] = (nic.origin.path, at)
                }
            }
        }
        return found
    }
}
