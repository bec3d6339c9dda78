import TopocModel

/// The next free addresses of one network: the first usable address stays for the host or gateway, pinned
/// addresses are skipped, the rest is handed out in order.
struct AddressPool {
    private var taken: Set<IPv4Address>
    private var taken6: Set<IPv6Address>
    private var cursor: UInt32
    private let last: UInt32
    private var cursor6: IPv6Address?
    private let subnet6: IPv6Subnet?

    init(network: Network, pinned: [Interface]) {
        taken = Set(pinned.compactMap(\.ip) + [network.hostAddress, network.gateway].compactMap { $0 })
        taken6 = Set(pinned.compactMap(\.ip6))
        // The first usable address is reserved for the host side / gateway. Without a subnet the pool is
        // empty (cursor past last), never an invalid range.
        if let range = network.subnet?.usableRange, range.lowerBound < UInt32.max {
            cursor = range.lowerBound &+ 1
            last = range.upperBound
        } else {
            cursor = 1
            last = 0
        }
        subnet6 = network.subnet6
        cursor6 = network.subnet6.map { $0.network.adding(2) }
    }

    /// Marks addresses as used (those handed to VMs before this pool was made).
    mutating func reserve(_ addresses: [IPv4Address]) {
        taken.formUnion(addresses)
    }

    mutating func nextIPv4() -> IPv4Address? {
        while cursor <= last {
            let candidate = IPv4Address(cursor)
            cursor &+= 1
            if cursor == 0 { cursor = last &+ 1 }
            if !taken.contains(candidate) { return candidate }
        }
        return nil
    }

    mutating func nextIPv6() -> IPv6Address? {
        while let candidate = cursor6, subnet6?.contains(candidate) == true {
            cursor6 = candidate.adding(1)
            if !taken6.contains(candidate) { return candidate }
        }
        return nil
    }
}

/// Locally administered unicast MACs (`02:` + 5 bytes of SHA-256 of a stable name), re-derived with a counter
/// in the unlikely case of a collision, so they never repeat within a lab.
struct MACAllocator {
    private var used: Set<MACAddress> = []

    mutating func reserve(_ macs: [MACAddress]) {
        used.formUnion(macs)
    }

    mutating func derive(from seed: String) -> MACAddress {
        var attempt = 0
        while true {
            let digest = Digest.bytes(of: attempt == 0 ? "topoc-mac/\(seed)" : "topoc-mac/\(seed)#\(attempt)")
            let mac = MACAddress(octets: [0x02] + digest.prefix(5))
            if used.insert(mac).inserted { return mac }
            attempt += 1
        }
    }
}

/// Host ports for derived SSH forwards: from 2200 upwards, skipping every port already forwarded on the host.
struct PortAllocator {
    private var used: Set<Int> = []
    private var cursor = 2200

    mutating func reserve(_ ports: [Int]) {
        used.formUnion(ports)
    }

    mutating func next() -> Int {
        while used.contains(cursor) { cursor += 1 }
        used.insert(cursor)
        return cursor
    }
}
