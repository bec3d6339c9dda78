import TopocBind
import TopocDiagnostics
import TopocModel

/// Pinned addresses are inside their network's subnet, not its network or broadcast address, and not
/// used twice (by VMs, the host side or the gateway).
struct AddressRule: ValidationRule {
    static let ids = [
        "addr.outside-subnet", "addr.reserved", "addr.duplicate", "addr.no-subnet",
    ]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        // Who holds each address first, by network (its first declaration, as NICs name it) and address.
        var taken: [Held: Pin] = [:]
        for (position, network) in topology.networks.enumerated() {
            let shared = bound.networks.position(of: network.name) ?? position
            if let hostAddress = network.hostAddress {
                hold(hostAddress, .hostAddress, of: position, shared, topology, &taken, &found)
            }
            if let gateway = network.gateway { hold(gateway, .gateway, of: position, shared, topology, &taken, &found) }
        }
        // Pinned addresses on declared networks only: the rest are the resolver's to choose.
        for (vm, nics) in bound.nics.enumerated() {
            for (position, nic) in nics.enumerated() {
                guard let network = nic.network else { continue }
                if let ip = nic.ip { ipv4(ip, .nic(vm, position, field: .ip), network, topology, &taken, &found) }
                if let ip6 = nic.interface.ip6,
                    let problem = ipv6(ip6, .nic(vm, position, field: .ip6), network, topology)
                {
                    found.append(problem)
                }
            }
        }
        return found
    }

    /// An address on a network (the position of the network's first declaration).
    private struct Held: Hashable {
        var network: Int
        var address: IPv4Address
    }

    /// The host side or gateway (`field`) of network `network`: inside its subnet, which it must have; it
    /// holds the address on the network `shared` (the first declaration of its name) from now on.
    private func hold(
        _ address: IPv4Address, _ field: Field, of network: Int, _ shared: Int, _ topology: Topology,
        _ taken: inout [Held: Pin], _ found: inout [Diagnostic]
    ) {
        let pin = Pin.network(network, field: field)
        if let subnet = topology.networks[network].subnet {
            if let problem = placement(address, in: subnet, pin, network, topology) { found.append(problem) }
        } else {
            found.append(noSubnet(pin, network, topology))
        }
        // A network's own addresses: the last one written holds it.
        taken[Held(network: shared, address: address)] = pin
    }

    /// A NIC's IPv4 address: inside its network's subnet, and not held by anything before it.
    private func ipv4(
        _ ip: IPv4Address, _ pin: Pin, _ network: Int, _ topology: Topology, _ taken: inout [Held: Pin],
        _ found: inout [Diagnostic]
    ) {
        if let subnet = topology.networks[network].subnet {
            if let problem = placement(ip, in: subnet, pin, network, topology) { found.append(problem) }
        } else {
            found.append(noSubnet(pin, network, topology))
        }
        let held = Held(network: network, address: ip)
        guard let other = taken[held] else {
            taken[held] = pin
            return
        }
        found.append(
            .error(
                "addr.duplicate",
                "\(ip) on network `\(topology.networks[network].name)` is already used by `\(other.field(in: topology))`",
                at: pin.location(in: topology),
                notes: [DiagnosticNote("first used here", at: other.location(in: topology))]))
    }

    /// A NIC's IPv6 address: inside its network's `subnet6`, which it must have.
    private func ipv6(_ ip6: IPv6Address, _ pin: Pin, _ network: Int, _ topology: Topology) -> Diagnostic? {
        let subnet6 = topology.networks[network].subnet6
        if let subnet6, subnet6.contains(ip6) { return nil }
        let declared = topology.networks[network]
        guard let subnet6 else {
            return .error(
                "addr.no-subnet",
                "`\(pin.field(in: topology))` is pinned but network `\(declared.name)` has no `subnet6`",
                at: pin.location(in: topology))
        }
        return .error(
            "addr.outside-subnet",
            "`\(pin.field(in: topology))`: \(ip6) is outside \(subnet6) of network `\(declared.name)`",
            at: pin.location(in: topology),
            notes: [
                DiagnosticNote(
                    "`subnet6` of `\(declared.name)` is declared here", at: declared.origin[NetworkKey.subnet6])
            ])
    }

    private func placement(
        _ address: IPv4Address, in subnet: IPv4Subnet, _ pin: Pin, _ network: Int, _ topology: Topology
    ) -> Diagnostic? {
        guard !subnet.contains(address) || !subnet.isUsable(address) else { return nil }
        let (field, at) = (pin.field(in: topology), pin.location(in: topology))
        let declared = topology.networks[network]
        let note = DiagnosticNote(
            "the subnet of `\(declared.name)` is declared here", at: declared.origin[NetworkKey.subnet])
        if !subnet.contains(address) {
            return .error(
                "addr.outside-subnet", "`\(field)`: \(address) is outside \(subnet) of network `\(declared.name)`",
                at: at, notes: [note])
        }
        let what = address == subnet.network ? "the network address" : "the broadcast address"
        return .error("addr.reserved", "`\(field)`: \(address) is \(what) of \(subnet)", at: at, notes: [note])
    }

    private func noSubnet(_ pin: Pin, _ network: Int, _ topology: Topology) -> Diagnostic {
        let declared = topology.networks[network]
        return .error(
            "addr.no-subnet",
            "`\(pin.field(in: topology))` is pinned but network `\(declared.name)` has no `subnet`",
            at: pin.location(in: topology),
            notes: [DiagnosticNote("network `\(declared.name)` is declared here", at: declared.origin.location)])
    }

    /// The fields that pin an address.
    private enum Field {
        case hostAddress, gateway, ip, ip6

        /// A network's key or a NIC's.
        var key: any FieldKey {
            switch self {
            case .hostAddress: NetworkKey.hostAddress
            case .gateway: NetworkKey.gateway
            case .ip: InterfaceKey.ip
            case .ip6: InterfaceKey.ip6
            }
        }
    }

    /// Where an address was pinned: a field of network `n`, or of NIC `nic` of VM `vm`, by position.
    private enum Pin {
        case network(Int, field: Field)
        case nic(Int, Int, field: Field)

        private func origin(in topology: Topology) -> Origin {
            switch self {
            case .network(let network, _): topology.networks[network].origin
            case .nic(let vm, let nic, _): topology.vms[vm].interfaces[nic].origin
            }
        }

        private var key: any FieldKey {
            switch self {
            case .network(_, let field), .nic(_, _, let field): field.key
            }
        }

        /// The breadcrumb of the pinned field, e.g. `vms.vm2.networks.cp.ip`.
        func field(in topology: Topology) -> String { "\(origin(in: topology).path).\(key.name)" }

        func location(in topology: Topology) -> SourceLocation { origin(in: topology)[key] }
    }
}
