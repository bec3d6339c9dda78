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
