import TopocDiagnostics
import TopocModel

/// Subnets do not overlap (lab networks and UE pools alike), and each is big enough for its members.
struct SubnetRule: ValidationRule {
    static let ids = ["subnet.overlap", "subnet.exhausted"]

    private struct Declared {
        var subnet: IPv4Subnet
        var what: String
        var at: SourceLocation
    }

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        var declared: [Declared] = topology.networks.compactMap { network in
            network.subnet.map {
                Declared(subnet: $0, what: "network `\(network.name)`", at: network.origin[field: "subnet"])
            }
        }
        for dnn in topology.core?.dnns ?? [] {
            if case .v4(let subnet) = dnn.subnet {
                declared.append(
                    Declared(subnet: subnet, what: "the UE pool of DNN `\(dnn.name)`", at: dnn.origin[field: "subnet"]))
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
        found += topology.networks.indices.compactMap { position in
            let network = topology.networks[position]
            return exhausted(network, members: members[index.networks.position(of: network.name) ?? position])
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
