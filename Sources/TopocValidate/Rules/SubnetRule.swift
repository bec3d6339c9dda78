import TopocBind
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

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        let networks = topology.networks
        let dnns = topology.core?.dnns ?? []
        var declared: [Declared] = []
        for (position, network) in networks.enumerated() {
            guard let subnet = network.subnet else { continue }
            declared.append(Declared(subnet: subnet, position: position, isPool: false))
        }
        for (position, dnn) in dnns.enumerated() {
            guard case .v4(let subnet) = dnn.subnet else { continue }
            declared.append(Declared(subnet: subnet, position: position, isPool: true))
        }
        var found = overlaps(declared.sorted { $0.precedes($1) }, networks, dnns)
        // Each network's members (by its first declaration, as the NICs name it): the addresses they pin,
        // and how many need one derived.
        var pinned: [Int: [IPv4Address]] = [:]
        var unpinned: [Int: Int] = [:]
        for nic in bound.nics.joined() {
            guard let network = nic.network else { continue }
            if let ip = nic.ip {
                pinned[network, default: []].append(ip)
            } else {
                unpinned[network, default: 0] += 1
            }
        }
        for (position, network) in networks.enumerated() {
            let shared = bound.networks.position(of: network.name) ?? position
            let problem = exhausted(network, unpinned: unpinned[shared] ?? 0, pinned: pinned[shared] ?? [])
            if let problem { found.append(problem) }
        }
        return found
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
