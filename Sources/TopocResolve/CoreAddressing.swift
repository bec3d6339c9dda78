import TopocModel

/// Addresses for network functions and RAN nodes placed in VMs. Each workload has its own address on every
/// network it binds (from the `AddressPlan`), added to its VM's NIC there as a secondary address, so
/// co-located workloads keep their protocols' standard ports without colliding, and a workload's address
/// does not depend on which others share its VM.
struct CoreAddressing {
    private(set) var vms: [ResolvedVM]
    let plan: AddressPlan

    init(vms: [ResolvedVM], plan: AddressPlan) {
        self.vms = vms
        self.plan = plan
    }

    /// The address of `workload` (an `AddressPlan` owner, placed on `vm`) on `network`.
    mutating func address(of workload: String, on vm: String, network: String) -> IPv4Address? {
        guard let vmIndex = vms.firstIndex(where: { $0.name == vm }),
            let nicIndex = vms[vmIndex].interfaces.firstIndex(where: { $0.network == network }),
            vms[vmIndex].interfaces[nicIndex].ipv4 != nil,
            let address = plan.ipv4(of: workload, on: network)
        else { return nil }
        var secondary = vms[vmIndex].interfaces[nicIndex].secondaryIPv4
        if !secondary.contains(address) {
            // In address order, whatever order the workloads were declared in.
            secondary.append(address)
            vms[vmIndex].interfaces[nicIndex].secondaryIPv4 = secondary.sorted()
        }
        return address
    }
}
