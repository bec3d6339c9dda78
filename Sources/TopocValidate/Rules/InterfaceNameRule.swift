import TopocDiagnostics
import TopocModel

/// Interface names fit Linux's 15 bytes and stay unique after shortening: pinned bridge names across the
/// lab, guest NIC names (pinned or derived from the network's name) within each VM.
struct InterfaceNameRule: ValidationRule {
    static let ids = ["ifname.too-long", "ifname.invalid", "ifname.collision"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var bridges: [String: (String, SourceLocation)] = [:]
        for network in topology.networks {
            guard let bridge = network.bridge else { continue }
            let at = network.origin[field: "bridge"]
            if let problem = problem(with: bridge, field: "\(network.origin.path).bridge", at: at) {
                found.append(problem)
            } else if let (other, otherAt) = bridges[bridge] {
                found.append(collision(bridge, "\(network.origin.path).bridge", at, other, otherAt))
            } else {
                bridges[bridge] = ("\(network.origin.path).bridge", at)
            }
        }
        // By position: `for vm in` copies every VM (a dozen reference counts each).
        for position in topology.vms.indices {
            let vm = topology.vms[position]
            found += guestNames(vm)
        }
        return found
    }

    private func guestNames(_ vm: VM) -> [Diagnostic] {
        var found: [Diagnostic] = []
        // A VM has a few NICs, so names are compared in a small list; nil stands for the management NIC.
        var taken: [(name: String, nic: Interface?)] = [(ManagementNIC.guestName, nil)]
        for nic in vm.interfaces {
            let name = nic.name ?? InterfaceNames.guestName(forNetwork: nic.network)
            let at = nic.name == nil ? nic.origin.location : nic.origin[field: "name"]
            if let pinned = nic.name, let problem = problem(with: pinned, field: "\(nic.origin.path).name", at: at) {
                found.append(problem)
                continue
            }
            guard let earlier = taken.first(where: { $0.name == name }) else {
                taken.append((name, nic))
                continue
            }
            let (other, otherAt) =
                earlier.nic.map { ($0.origin.path, $0.name == nil ? $0.origin.location : $0.origin[field: "name"]) }
                ?? ("\(vm.origin.path) (management NIC)", vm.origin.location)
            var diagnostic = collision(name, nic.origin.path, at, other, otherAt)
            diagnostic.help = "pin a distinct name with `name:`"
            found.append(diagnostic)
        }
        return found
    }

    private func problem(with name: String, field: String, at: SourceLocation) -> Diagnostic? {
        if name.utf8.count > InterfaceNames.maxLength {
            return .error(
                "ifname.too-long", "`\(field)`: `\(name)` is \(name.utf8.count) bytes; Linux allows 15", at: at)
        }
        if !InterfaceNames.isValid(name) {
            return .error("ifname.invalid", "`\(field)`: `\(name)` is not a valid interface name", at: at)
        }
        return nil
    }

    private func collision(
        _ name: String, _ field: String, _ at: SourceLocation, _ other: String, _ otherAt: SourceLocation
    )
        -> Diagnostic
    {
        .error(
            "ifname.collision", "interface name `\(name)` of `\(field)` is also the name of `\(other)`", at: at,
            notes: [DiagnosticNote("first used here", at: otherAt)])
    }
}
