import TopocBind
import TopocDiagnostics
import TopocModel

/// Interface names fit Linux's 15 bytes and stay unique after shortening: pinned bridge names across the
/// lab, guest NIC names (pinned or derived from the network's name) within each VM.
struct InterfaceNameRule: ValidationRule {
    static let ids = ["ifname.too-long", "ifname.invalid", "ifname.collision"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var bridges: [String: (String, SourceLocation)] = [:]
        let networks = topology.networks
        for position in networks.indices {
            guard let bridge = networks[position].bridge else { continue }
            let network = networks[position]
            let at = network.origin[NetworkKey.bridge]
            if let problem = problem(with: bridge, field: "\(network.origin.path).bridge", at: at) {
                found.append(problem)
            } else if let (other, otherAt) = bridges[bridge] {
                found.append(collision(bridge, "\(network.origin.path).bridge", at, other, otherAt))
            } else {
                bridges[bridge] = ("\(network.origin.path).bridge", at)
            }
        }
        // A VM whose NICs all take their network's name, each short enough to stay whole and none the
        // management NIC's, has nothing to report: its networks are distinct, so are their names.
        let plainName = networks.map {
            $0.name.utf8.count <= InterfaceNames.maxLength && $0.name != ManagementNIC.guestName
        }
        let vms = topology.vms
        for (vm, nics) in bound.nics.enumerated() {
            if nics.allSatisfy({ nic in !nic.pinsName && nic.network.map { plainName[$0] } == true }) { continue }
            found += guestNames(vms, vm)
        }
        return found
    }

    private func guestNames(_ vms: [VM], _ vm: Int) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let nics = vms[vm].interfaces
        // The NIC that owns each name so far; the management NIC owns its name before any of them.
        var owners: [String: Int] = [:]
        for position in nics.indices {
            let name = guestName(nics, position)
            if let pinned = nics[position].name,
                let problem = problem(
                    with: pinned, field: "\(nics[position].origin.path).name", at: nameLocation(nics, position))
            {
                found.append(problem)
                continue
            }
            let isManagement = name == ManagementNIC.guestName
            let earlier = owners[name]
            guard isManagement || earlier != nil else {
                owners[name] = position
                continue
            }
            let (other, otherAt) =
                earlier.map { (nics[$0].origin.path, nameLocation(nics, $0)) }
                ?? ("\(vms[vm].origin.path) (management NIC)", vms[vm].origin.location)
            var diagnostic = collision(
                name, nics[position].origin.path, nameLocation(nics, position), other, otherAt)
            diagnostic.help = "pin a distinct name with `name:`"
            found.append(diagnostic)
        }
        return found
    }

    /// The name NIC `position` gets in the guest: pinned, or derived from its network's name.
    private func guestName(_ nics: [Interface], _ position: Int) -> String {
        nics[position].name ?? InterfaceNames.guestName(forNetwork: nics[position].network)
    }

    /// Where that name comes from: the pinned `name:`, or the NIC's network key.
    private func nameLocation(_ nics: [Interface], _ position: Int) -> SourceLocation {
        nics[position].name == nil ? nics[position].origin.location : nics[position].origin[InterfaceKey.name]
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
