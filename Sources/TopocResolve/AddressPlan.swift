import TopocBind
import TopocModel

/// Every derived address of the lab, decided up front from stable inputs so that adding, removing or
/// reordering an unrelated VM, NF or network changes no other address (docs/language.md, "Derived
/// addresses"). On each network, pinned addresses, `host-address`, `gateway` and the first usable address
/// are reserved first; then each claimant (a VM's NIC without a pinned address, an NF or gNB on a VM for
/// each network it binds) takes the address its name hashes to within the subnet, or the next free one
/// after it, claimants taken in the order of their names.
struct AddressPlan {
    /// Who asks for an address on which network: `vm/<name>` (`vm/<name>#2` for a second NIC on the same
    /// network), `nf/<name>`, `ran/<name>`.
    struct Claim: Hashable {
        var network: String
        var owner: String
    }

    private var ipv4: [Claim: IPv4Address] = [:]
    private var ipv6: [Claim: IPv6Address] = [:]

    static func vm(_ name: String, nic ordinal: Int) -> String {
        ordinal == 0 ? "vm/\(name)" : "vm/\(name)#\(ordinal + 1)"
    }
    static func function(_ name: String) -> String { "nf/\(name)" }
    static func ran(_ name: String) -> String { "ran/\(name)" }

    func ipv4(of owner: String, on network: String) -> IPv4Address? { ipv4[Claim(network: network, owner: owner)] }
    func ipv6(of owner: String, on network: String) -> IPv6Address? { ipv6[Claim(network: network, owner: owner)] }

    init(_ bound: BoundTopology) {
        let topology = bound.topology
        var claims4: [String: [String]] = [:]
        var claims6: [String: [String]] = [:]
        var pinned4: [String: Set<IPv4Address>] = [:]
        var pinned6: [String: Set<IPv6Address>] = [:]
        for vm in topology.vms {
            var ordinals: [String: Int] = [:]
            for nic in vm.interfaces {
                let ordinal = ordinals[nic.network, default: 0]
                ordinals[nic.network] = ordinal + 1
                let owner = Self.vm(vm.name, nic: ordinal)
                if let ip = nic.ip {
                    pinned4[nic.network, default: []].insert(ip)
                } else {
                    claims4[nic.network, default: []].append(owner)
                }
                if let ip6 = nic.ip6 {
                    pinned6[nic.network, default: []].insert(ip6)
                } else {
                    claims6[nic.network, default: []].append(owner)
                }
            }
        }
        for (position, nf) in bound.functions.elements.enumerated() where bound.functionVMs[position] != nil {
            for network in Set(bound.functionBindings[position].values) {
                claims4[network, default: []].append(Self.function(nf.name))
            }
        }
        // A gNB in a pod claims its Multus address the same way (Bind chose the network).
        for (position, gnb) in topology.ran.gnbs.enumerated() where bound.gnbVMs[position] != nil || gnb.isInPod {
            let networks = bound.gnbBindings[position]
            for network in Set([networks.ngap, networks.gtpu].compactMap { $0 }) {
                claims4[network, default: []].append(Self.ran(gnb.name))
            }
        }
        for network in bound.networks.values {
            if let subnet = network.subnet {
                let taken = (pinned4[network.name] ?? []).union(
                    [network.hostAddress, network.gateway].compactMap { $0 })
                for (owner, address) in Self.allocate(claims4[network.name] ?? [], in: subnet, network.name, taken) {
                    ipv4[Claim(network: network.name, owner: owner)] = address
                }
            }
            if let subnet6 = network.subnet6 {
                let taken = pinned6[network.name] ?? []
                for (owner, address) in Self.allocate(claims6[network.name] ?? [], in: subnet6, network.name, taken) {
                    ipv6[Claim(network: network.name, owner: owner)] = address
                }
            }
        }
    }

    /// IPv4: from the second usable address of the subnet on (the first is the host's or gateway's).
    private static func allocate(
        _ owners: [String], in subnet: IPv4Subnet, _ network: String, _ taken: Set<IPv4Address>
    )
        -> [String: IPv4Address]
    {
        let usable = subnet.usableRange
        guard usable.lowerBound < usable.upperBound else { return [:] }
        let first = usable.lowerBound + 1
        let count = UInt64(usable.upperBound - first) + 1
        let reserved = Set(taken.map(\.value).filter { (first...usable.upperBound).contains($0) })
        let offsets = HashedSlots.assign(
            owners, count: count, salt: "topoc-ip/\(network)", reserved: Set(reserved.map { UInt64($0 - first) }))
        return offsets.mapValues { IPv4Address(first + UInt32($0)) }
    }

    /// IPv6: from the subnet's second address on (the first is the router's), within its first 65,536.
    private static func allocate(
        _ owners: [String], in subnet: IPv6Subnet, _ network: String, _ taken: Set<IPv6Address>
    )
        -> [String: IPv6Address]
    {
        let hostBits = 128 - subnet.prefix
        guard hostBits >= 2 else { return [:] }
        let count: UInt64 = hostBits >= 17 ? 65536 : (UInt64(1) << UInt64(hostBits)) - 2
        let first = subnet.network.adding(2)
        var reserved: Set<UInt64> = []
        for offset in 0..<count where taken.contains(first.adding(offset)) { reserved.insert(offset) }
        return HashedSlots.assign(owners, count: count, salt: "topoc-ip/\(network)", reserved: reserved).mapValues {
            first.adding($0)
        }
    }
}
