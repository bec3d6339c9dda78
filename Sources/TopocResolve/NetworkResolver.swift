import TopocModel

/// Networks: bridge names, MTUs, members and the unprivileged links of `socket` networks.
enum NetworkResolver {
    static func resolve(_ topology: Topology, labID: String) -> [ResolvedNetwork] {
        var bridges = Set(topology.networks.compactMap(\.bridge))
        var membersByNetwork: [String: [String]] = [:]
        for vm in topology.vms {
            for network in Set(vm.interfaces.map(\.network)) { membersByNetwork[network, default: []].append(vm.name) }
        }
        // Four hex digits per netmap network, from its name: one VALE switch each, whatever the order.
        let netmap = topology.networks.filter { $0.mode == .netmap }.map(\.name)
        let valeTags = HashedSlots.assign(netmap, count: 1 << 16, salt: "topoc-vale").mapValues {
            InterfaceNames.hex($0, digits: 4)
        }
        return topology.networks.enumerated().map { index, network in
            let members = membersByNetwork[network.name] ?? []
            var resolved = ResolvedNetwork(
                name: network.name, index: index, mode: network.mode, subnet: network.subnet, subnet6: network.subnet6,
                mtu: network.mtu ?? 1500, hostAddress: network.hostAddress, gateway: network.gateway,
                vlan: network.vlan,
                members: members)
            switch network.mode {
            case .bridge, .multus:
                let bridge =
                    network.bridge
                    ?? InterfaceNames.bridge(labID: labID, network: network.name, taken: bridges)
                bridges.insert(bridge)
                resolved.bridge = bridge
            case .netmap:
                resolved.vale = network.vale ?? "vale" + (valeTags[network.name] ?? "")
            case .socket:
                resolved.socketTransport = socketTransport(network, labID: labID, members: members)
            }
            return resolved
        }
    }

    /// Two members share a UNIX stream socket; more need a hub, which a loopback multicast group provides.
    /// The group and port derive from the lab and network names so two labs on one host do not hear each
    /// other, and a network keeps its group whatever other networks are declared.
    static func socketTransport(_ network: Network, labID: String, members: [String]) -> SocketTransport {
        if members.count <= 2 {
            return .stream(path: "links/\(network.name).sock", server: members.first ?? "")
        }
        let seed = Digest.bytes(of: "topoc-mcast/\(labID)/\(network.name)")
        let group = IPv4Address(0xEFFF_0000 | UInt32(seed[0]) << 8 | UInt32(seed[3]))
        let port = 40000 + (Int(seed[1]) << 8 | Int(seed[2])) % 20000
        return .multicast(group: group, port: port)
    }
}
