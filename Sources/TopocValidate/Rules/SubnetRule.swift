import TopocDiagnostics
import TopocModel

/// Subnets do not overlap (lab networks and UE pools alike), and each is big enough for its members.
struct SubnetRule: ValidationRule {
    static let ids = ["subnet.overlap", "subnet.exhausted"]

    private struct Declared {
        var subnet: IPv4Subnet
        /// The network's or DNN's name; spelled out as `what` for a diagnostic only.
        var name: String
        var isPool: Bool
        var at: SourceLocation

        var what: String { isPool ? "the UE pool of DNN `\(name)`" : "network `\(name)`" }
    }

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        let networks = topology.networks
        var declared: [Declared] = networks.indices.compactMap { position in
            networks[position].subnet.map {
                Declared(
                    subnet: $0, name: networks[position].name, isPool: false,
                    at: networks[position].origin[field: "subnet"])
            }
        }
        if let dnns = topology.core?.dnns {
            for position in dnns.indices {
                guard case .v4(let subnet) = dnns[position].subnet else { continue }
                declared.append(
                    Declared(
                        subnet: subnet, name: dnns[position].name, isPool: true,
                        at: dnns[position].origin[field: "subnet"]))
            }
        }
        var found = overlaps(declared)
        var members = [Members](repeating: Members(), count: topology.networks.count)
        for nic in index.nics where nic.network >= 0 {
            if let ip = nic.ip {
                members[nic.network].pinned.append(ip)
            } else {
                members[nic.network].unpinned += 1
            }
        }
        // A network declared twice shares the members of its first declaration, as the NICs name it.
        for position in networks.indices {
            guard let subnet = networks[position].subnet else { continue }
            let shared = members[index.networks.position(of: networks[position].name) ?? position]
            // Room for every member, whatever it pinned, the host side and the gateway: nothing to count.
            guard UInt64(shared.unpinned + shared.pinned.count + 3) > UInt64(subnet.usableRange.count) else {
                continue
            }
            found += [exhausted(networks[position], members: shared)].compactMap { $0 }
        }
        return found
    }

    /// A network's interfaces: the addresses they pin and how many need one derived.
    private struct Members {
        var pinned: [IPv4Address] = []
        var unpinned = 0
    }

    private func overlaps(_ declared: [Declared]) -> [Diagnostic] {
        // Sorted by network address, an overlap always shows between neighbours or with a wider earlier subnet,
        // so one sweep finds them without comparing every pair.
        let sorted = declared.enumerated().sorted {
            ($0.element.subnet.network, $0.offset) < ($1.element.subnet.network, $1.offset)
        }
        var found: [Diagnostic] = []
        var widest: Declared?
        for (_, item) in sorted {
            if let previous = widest, previous.subnet.overlaps(item.subnet) {
                let (first, second) = previous.at < item.at ? (previous, item) : (item, previous)
                found.append(
                    .error(
                        "subnet.overlap", "\(second.what) (\(second.subnet)) overlaps \(first.what) (\(first.subnet))",
                        at: second.at, notes: [DiagnosticNote("\(first.what) is declared here", at: first.at)]))
            }
            if widest.map({ item.subnet.broadcast > $0.subnet.broadcast }) ?? true { widest = item }
        }
        return found
    }

    /// The addresses derived for members that pinned none must fit in the subnet.
    private func exhausted(_ network: Network, members: Members) -> Diagnostic? {
        guard let subnet = network.subnet else { return nil }
        let needed = members.unpinned
        guard needed > 0 else { return nil }
        let reserved = Set(
            [network.hostAddress, network.gateway].compactMap { $0 } + members.pinned
                + [IPv4Address(subnet.usableRange.lowerBound)])
        let available = UInt64(subnet.usableRange.count) - UInt64(reserved.filter { subnet.isUsable($0) }.count)
        guard UInt64(needed) > available else { return nil }
        return .error(
            "subnet.exhausted",
            "network `\(network.name)` (\(subnet)) has \(available) free address\(available == 1 ? "" : "es") for \(needed) interface\(needed == 1 ? "" : "s")",
            at: network.origin[field: "subnet"], help: "use a larger subnet")
    }
}
