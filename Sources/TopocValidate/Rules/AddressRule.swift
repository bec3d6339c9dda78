import TopocDiagnostics
import TopocModel

/// Pinned addresses are inside their network's subnet, not its network or broadcast address, and not
/// used twice (by VMs, the host side or the gateway).
struct AddressRule: ValidationRule {
    static let ids = [
        "addr.outside-subnet", "addr.reserved", "addr.duplicate", "addr.no-subnet",
    ]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let networks = topology.networks
        // Who holds each address first, by network (its first declaration, as NICs name it) and address.
        var taken: [Int: Owner] = [:]
        for position in networks.indices
        where networks[position].hostAddress != nil || networks[position].gateway != nil {
            let network = networks[position]
            found += networkAddresses(network)
            let shared = index.networks.position(of: network.name) ?? position
            for (address, field) in [(network.hostAddress, "host-address"), (network.gateway, "gateway")] {
                if let address {
                    taken[Self.key(shared, address)] = Owner(
                        path: network.origin.path, field: field, at: network.origin[field: field])
                }
            }
        }
        // Fields read through the array, never a whole VM or NIC: copying one retains all it holds.
        let vms = topology.vms
        for vm in vms.indices {
            let first = index.nicStart[vm]
            // Pinned addresses on declared networks only: the rest are the resolver's to choose.
            for fact in first..<index.nicStart[vm + 1] {
                let facts = index.nics[fact]
                guard facts.ip != nil || facts.pinsIP6, facts.network >= 0 else { continue }
                found += interfaceAddress(
                    vms[vm].interfaces[fact - first], facts.network, index.networks[position: facts.network], &taken)
            }
        }
        return found
    }

    private static func key(_ network: Int, _ address: IPv4Address) -> Int { network << 32 | Int(address.value) }

    private func networkAddresses(_ network: Network) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (address, field) in [(network.hostAddress, "host-address"), (network.gateway, "gateway")] {
            guard let address else { continue }
            let at = network.origin[field: field]
            guard let subnet = network.subnet else {
                found.append(noSubnet("\(network.origin.path).\(field)", network, at))
                continue
            }
            found += placement(address, in: subnet, field: "\(network.origin.path).\(field)", at: at, network)
        }
        return found
    }

    private func interfaceAddress(
        _ nic: Interface, _ position: Int, _ network: Network, _ taken: inout [Int: Owner]
    ) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if let ip = nic.ip {
            let at = nic.origin[field: "ip"]
            if let subnet = network.subnet {
                found += placement(ip, in: subnet, field: "\(nic.origin.path).ip", at: at, network)
            } else {
                found.append(noSubnet("\(nic.origin.path).ip", network, at))
            }
            if let other = taken[Self.key(position, ip)] {
                found.append(
                    .error(
                        "addr.duplicate", "\(ip) on network `\(network.name)` is already used by `\(other.field)`",
                        at: at, notes: [DiagnosticNote("first used here", at: other.at)]))
            } else {
                taken[Self.key(position, ip)] = Owner(path: nic.origin.path, field: "ip", at: at)
            }
        }
        if let ip6 = nic.ip6 {
            let at = nic.origin[field: "ip6"]
            if let subnet6 = network.subnet6, !subnet6.contains(ip6) {
                found.append(
                    .error(
                        "addr.outside-subnet",
                        "`\(nic.origin.path).ip6`: \(ip6) is outside \(subnet6) of network `\(network.name)`",
                        at: at,
                        notes: [
                            DiagnosticNote(
                                "`subnet6` of `\(network.name)` is declared here", at: network.origin[field: "subnet6"])
                        ]))
            } else if network.subnet6 == nil {
                found.append(
                    .error(
                        "addr.no-subnet",
                        "`\(nic.origin.path).ip6` is pinned but network `\(network.name)` has no `subnet6`",
                        at: at))
            }
        }
        return found
    }

    private func placement(
        _ address: IPv4Address, in subnet: IPv4Subnet, field: @autoclosure () -> String, at: SourceLocation,
        _ network: Network
    ) -> [Diagnostic] {
        guard !subnet.contains(address) || !subnet.isUsable(address) else { return [] }
        let field = field()
        let note = DiagnosticNote(
            "the subnet of `\(network.name)` is declared here", at: network.origin[field: "subnet"])
        if !subnet.contains(address) {
            return [
                .error(
                    "addr.outside-subnet", "`\(field)`: \(address) is outside \(subnet) of network `\(network.name)`",
                    at: at, notes: [note])
            ]
        }
        if !subnet.isUsable(address) {
            let what = address == subnet.network ? "the network address" : "the broadcast address"
            return [.error("addr.reserved", "`\(field)`: \(address) is \(what) of \(subnet)", at: at, notes: [note])]
        }
        return []
    }

    private func noSubnet(_ field: String, _ network: Network, _ at: SourceLocation) -> Diagnostic {
        .error(
            "addr.no-subnet", "`\(field)` is pinned but network `\(network.name)` has no `subnet`", at: at,
            notes: [DiagnosticNote("network `\(network.name)` is declared here", at: network.origin.location)])
    }

    /// What holds an address first: its breadcrumb is only spelled out for a diagnostic.
    private struct Owner {
        var path: String
        var key: String
        var at: SourceLocation

        init(path: String, field key: String, at: SourceLocation) {
            (self.path, self.key, self.at) = (path, key, at)
        }

        var field: String { "\(path).\(key)" }
    }
}
