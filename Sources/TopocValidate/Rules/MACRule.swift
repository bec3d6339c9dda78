import TopocDiagnostics
import TopocModel

/// Pinned MAC addresses are unique across the lab (derived ones are unique by construction).
struct MACRule: ValidationRule {
    static let ids = ["mac.duplicate"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        var seen: [MACAddress: (String, SourceLocation)] = [:]
        var found: [Diagnostic] = []
        // Fields read through the array, never a whole VM or NIC: copying one retains all it holds.
        let vms = topology.vms
        for vm in vms.indices {
            let first = index.nicStart[vm]
            for fact in first..<index.nicStart[vm + 1] where index.nics[fact].pinsMAC {
                let nic = vms[vm].interfaces[fact - first]
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
