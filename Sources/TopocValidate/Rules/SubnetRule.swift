import TopocDiagnostics
import TopocModel

/// Subnets do not overlap (lab networks and UE pools alike), and each is big enough for its members.
struct SubnetRule: ValidationRule {
    static let ids = ["subnet.overlap", "subnet.exhausted"]

    /// A subnet and who declared it, by position: names and locations are looked up for a diagnostic only.
    private struct Declared {
        var subnet: IPv4Subnet
        /// Position in `topology.networks`, or in `core.dnns` for a UE pool.
        var position: Int
        var isPool: Bool

        /// Sweep order: by network address, then as declared (networks, then pools, each by position).
        func precedes(_ other: Declared) -> Bool {
            (subnet.network, isPool ? 1 : 0, position) < (other.subnet.network, other.isPool ? 1 : 0, other.position)
        }
    }

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        let networks = topology.networks
        let dnns = topology.core?.dnns ?? []
        var declared: [Declared] = []
        declared.reserveCapacity(networks.count + dnns.count)
        for position in networks.indices {
            guard let subnet = networks[position].subnet else { continue }
            declared.append(Declared(subnet: subnet, position: position, isPool: false))
        }
        for position in dnns.indices {
            guard case .v4(let subnet) = dnns[position].subnet else { continue }
            declared.append(Declared(subnet: subnet, position: position, isPool: true))
        }
        // Sorted in place: sorting their positions built another array.
        declared.sort { $0.precedes($1) }
        var found = overlaps(declared, networks, dnns)
        // Member counts first: addresses are gathered only when some subnet may be too small for its members.
        var counts = Self.zeroCounts(networks.count)
        for nic in index.nics where nic.network >= 0 {
            if nic.ip != nil {
                counts[nic.network].pinned += 1
            } else {
                counts[nic.network].unpinned += 1
            }
        }
        // A network declared twice shares the members of its first declaration, as the NICs name it.
        let crowded = networks.indices.compactMap { position -> (network: Int, shared: Int)? in
            guard let subnet = networks[position].subnet else { return nil }
            let shared = index.networks.position(of: networks[position].name) ?? position
            // Room for every member, whatever it pinned, the host side and the gateway: nothing to count.
            let members = counts[shared].unpinned + counts[shared].pinned
            return UInt64(members + 3) > UInt64(subnet.usableRange.count) ? (position, shared) : nil
        }
        guard !crowded.isEmpty else { return found }
        var pinned = [[IPv4Address]](repeating: [], count: networks.count)
        for nic in index.nics where nic.network >= 0 {
            if let ip = nic.ip { pinned[nic.network].append(ip) }
        }
        for (network, shared) in crowded {
            let problem = exhausted(networks[network], unpinned: counts[shared].unpinned, pinned: pinned[shared])
            if let problem { found.append(problem) }
        }
        return found
    }

    /// A network's interfaces: how many pin an address and how many need one derived.
    private struct Members {
        var pinned = 0
        var unpinned = 0
    }

    /// `count` zero counts, appended to reserved room: `Array(repeating:count:)` allocates through an
    /// unspecialized path that looks the storage type up at run time (about 500 instructions a call).
    private static func zeroCounts(_ count: Int) -> [Members] {
        var counts: [Members] = []
        counts.reserveCapacity(count)
        for _ in 0..<count { counts.append(Members()) }
        return counts
    }

    /// Overlaps among `declared`, sorted by network address: an overlap always shows between neighbours or
    /// with a wider earlier subnet, so one sweep finds them without comparing every pair.
    private func overlaps(_ declared: [Declared], _ networks: [Network], _ dnns: [DNN]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var widest: Declared?
        for item in declared {
            if let previous = widest, previous.subnet.overlaps(item.subnet) {
                let (one, other) = (Spelt(previous, networks, dnns), Spelt(item, networks, dnns))
                let (first, second) = one.at < other.at ? (one, other) : (other, one)
                found.append(
                    .error(
                        "subnet.overlap", "\(second.what) (\(second.subnet)) overlaps \(first.what) (\(first.subnet))",
                        at: second.at, notes: [DiagnosticNote("\(first.what) is declared here", at: first.at)]))
            }
            if widest.map({ item.subnet.broadcast > $0.subnet.broadcast }) ?? true { widest = item }
        }
        return found
    }

    /// A declaration spelt out for a diagnostic.
    private struct Spelt {
        var what: String
        var subnet: IPv4Subnet
        var at: SourceLocation

        init(_ declared: Declared, _ networks: [Network], _ dnns: [DNN]) {
            subnet = declared.subnet
            if declared.isPool {
                let dnn = dnns[declared.position]
                (what, at) = ("the UE pool of DNN `\(dnn.name)`", dnn.origin[DNNKey.subnet])
            } else {
                let network = networks[declared.position]
                (what, at) = ("network `\(network.name)`", network.origin[NetworkKey.subnet])
            }
        }
    }

    /// The addresses derived for the `unpinned` members must fit in the subnet, beside the `pinned` ones.
    private func exhausted(_ network: Network, unpinned: Int, pinned: [IPv4Address]) -> Diagnostic? {
        guard let subnet = network.subnet else { return nil }
        let needed = unpinned
        guard needed > 0 else { return nil }
        let reserved = Set(
            [network.hostAddress, network.gateway].compactMap { $0 } + pinned
                + [IPv4Address(subnet.usableRange.lowerBound)])
        let available = UInt64(subnet.usableRange.count) - UInt64(reserved.filter { subnet.isUsable($0) }.count)
        guard UInt64(needed) > available else { return nil }
        return .error(
            "subnet.exhausted",
            "network `\(network.name)` (\(subnet)) has \(available) free address\(available == 1 ? "" : "es") for \(needed) interface\(needed == 1 ? "" : "s")",
            at: network.origin[NetworkKey.subnet], help: "use a larger subnet")
    }
}
