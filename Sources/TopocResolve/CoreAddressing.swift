import TopocModel

/// Addresses for network functions and RAN nodes placed in VMs. The first workload on a VM uses the VM's
/// own address on a network; every further one gets its own address on that network, added to the VM's NIC,
/// so co-located workloads keep their protocols' standard ports without colliding.
struct CoreAddressing {
    private(set) var vms: [ResolvedVM]
    private var pools: [String: AddressPool] = [:]
    private var assigned: [String: [String: IPv4Address]] = [:]
    /// Which workload got the VM's own address, per VM.
    private var owners: [String: String] = [:]

    init(vms: [ResolvedVM], topology: Topology) {
        self.vms = vms
        let used = vms.flatMap(\.interfaces).compactMap(\.ipv4)
        for network in topology.networks {
            var pool = AddressPool(network: network, pinned: [])
            pool.reserve(used)
            pools[network.name] = pool
        }
    }

    /// The networks (with an IPv4 subnet) of a VM, in the order its NICs were written.
    func networks(of vm: String) -> [String] {
        vms.first { $0.name == vm }?.interfaces.filter { $0.ipv4 != nil }.map(\.network) ?? []
    }

    /// The first of `vm`'s networks that every peer VM also has (a peer on the same VM shares them all),
    /// else one that some peer has, else the VM's first network.
    /// Among equally good networks, one not in `avoiding` wins: user-plane traffic (N3) prefers a network
    /// other than the one carrying the control plane when the peers share both.
    func network(for vm: String, peers: [String], avoiding: Set<String> = []) -> String? {
        let own = networks(of: vm)
        let others = peers.filter { $0 != vm }.map { Set(networks(of: $0)) }
        let preferred = own.filter { !avoiding.contains($0) } + own.filter { avoiding.contains($0) }
        return preferred.first { net in others.allSatisfy { $0.contains(net) } }
            ?? preferred.first { net in others.contains { $0.contains(net) } } ?? own.first
    }

    /// The address of `workload` (placed on `vm`) on `network`.
    mutating func address(of workload: String, on vm: String, network: String) -> IPv4Address? {
        if let known = assigned[workload]?[network] { return known }
        guard let vmIndex = vms.firstIndex(where: { $0.name == vm }),
            let nicIndex = vms[vmIndex].interfaces.firstIndex(where: { $0.network == network }),
            let primary = vms[vmIndex].interfaces[nicIndex].ipv4
        else { return nil }
        let owner = owners[vm] ?? workload
        owners[vm] = owner
        var address: IPv4Address? = primary
        if owner != workload {
            address = pools[network]?.nextIPv4()
            if let address { vms[vmIndex].interfaces[nicIndex].secondaryIPv4.append(address) }
        }
        assigned[workload, default: [:]][network] = address
        return address
    }
}
