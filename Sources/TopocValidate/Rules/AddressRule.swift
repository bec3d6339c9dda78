import TopocDiagnostics
import TopocModel

/// Pinned addresses are inside their network's subnet, not its network or broadcast address, and not
/// used twice (by VMs, the host side or the gateway).
///
/// Nearly every address is fine: where one was pinned (breadcrumb, field location) is only looked up for a
/// diagnostic, and entities are read in place, never copied (a copy retains all they hold).
struct AddressRule: ValidationRule {
    static let ids = [
        "addr.outside-subnet", "addr.reserved", "addr.duplicate", "addr.no-subnet",
    ]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let networks = topology.networks
        // Who holds each address first, by network (its first declaration, as NICs name it) and address.
        var taken = Holders()
        for position in networks.indices {
            let (hostAddress, gateway) = (networks[position].hostAddress, networks[position].gateway)
            guard hostAddress != nil || gateway != nil else { continue }
            let shared = index.networks.position(of: networks[position].name) ?? position
            // One after the other rather than a loop over a list of the two, which allocated per network.
            if let hostAddress { hold(hostAddress, .hostAddress, of: position, shared, topology, &taken, &found) }
            if let gateway { hold(gateway, .gateway, of: position, shared, topology, &taken, &found) }
        }
        // Pinned addresses on declared networks only: the rest are the resolver's to choose.
        for vm in topology.vms.indices {
            let first = index.nicStart[vm]
            for fact in first..<index.nicStart[vm + 1] {
                let facts = index.nics[fact]
                guard facts.network >= 0 else { continue }
                if let ip = facts.ip {
                    ipv4(ip, .nic(vm, fact - first, field: .ip), facts.network, topology, &taken, &found)
                }
                if facts.pinsIP6, let ip6 = topology.vms[vm].interfaces[fact - first].ip6,
                    let problem = ipv6(ip6, .nic(vm, fact - first, field: .ip6), facts.network, topology)
                {
                    found.append(problem)
                }
            }
        }
        return found
    }

    private static func key(_ network: Int, _ address: IPv4Address) -> Int { network << 32 | Int(address.value) }

    /// The host side or gateway (`field`) of network `network`: inside its subnet, which it must have; it
    /// holds the address on the network `shared` (the first declaration of its name) from now on.
    private func hold(
        _ address: IPv4Address, _ field: Field, of network: Int, _ shared: Int, _ topology: borrowing Topology,
        _ taken: inout Holders, _ found: inout [Diagnostic]
    ) {
        let pin = Pin.network(network, field: field)
        if let subnet = topology.networks[network].subnet {
            if let problem = placement(address, in: subnet, pin, network, topology) { found.append(problem) }
        } else {
            found.append(noSubnet(pin, network, topology))
        }
        taken.hold(Self.key(shared, address), by: pin)
    }

    /// A NIC's IPv4 address: inside its network's subnet, and not held by anything before it.
    private func ipv4(
        _ ip: IPv4Address, _ pin: Pin, _ network: Int, _ topology: borrowing Topology, _ taken: inout Holders,
        _ found: inout [Diagnostic]
    ) {
        if let subnet = topology.networks[network].subnet {
            if let problem = placement(ip, in: subnet, pin, network, topology) { found.append(problem) }
        } else {
            found.append(noSubnet(pin, network, topology))
        }
        if let other = taken.claim(Self.key(network, ip), by: pin) {
            found.append(
                .error(
                    "addr.duplicate",
                    "\(ip) on network `\(topology.networks[network].name)` is already used by `\(other.field(in: topology))`",
                    at: pin.location(in: topology),
                    notes: [DiagnosticNote("first used here", at: other.location(in: topology))]))
        }
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

    /// Where an address was pinned: a field of network `n`, or of NIC `nic` of VM `vm`, by position. Plain
    /// values only, so keeping one copies no reference.
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

    /// Who holds each address, by key: a small lab pins a few, compared in order; a table is built once
    /// there are more than `linearLimit`.
    private struct Holders {
        private var entries: [(key: Int, pin: Pin)] = []
        /// Position in `entries` by key; empty while there are `linearLimit` entries or fewer.
        private var table: [Int: Int] = [:]

        private static var linearLimit: Int { 16 }

        private func position(of key: Int) -> Int? {
            table.isEmpty ? entries.firstIndex { $0.key == key } : table[key]
        }

        /// `pin` holds `key` from now on, whoever held it before (a network's own addresses: the last one
        /// written wins).
        mutating func hold(_ key: Int, by pin: Pin) {
            if let position = position(of: key) {
                entries[position].pin = pin
            } else {
                append(key, pin)
            }
        }

        /// Who held `key` already, or nil after `pin` took it.
        mutating func claim(_ key: Int, by pin: Pin) -> Pin? {
            if let position = position(of: key) { return entries[position].pin }
            append(key, pin)
            return nil
        }

        private mutating func append(_ key: Int, _ pin: Pin) {
            // Room for a small lab's pins at once: growing one at a time reallocated at the first, second
            // and third.
            if entries.isEmpty { entries.reserveCapacity(Self.linearLimit) }
            entries.append((key, pin))
            if !table.isEmpty {
                table[key] = entries.count - 1
            } else if entries.count > Self.linearLimit {
                for position in entries.indices { table[entries[position].key] = position }
            }
        }
    }
}
