import TopocModel

/// Slots in `0..<count` for named owners, stable under adding, removing and reordering other owners:
/// each owner takes the slot its name hashes to, or the next free one after it (wrapping), owners taken
/// in name order. Only an owner whose slot a new owner sorting before it already took moves.
enum HashedSlots {
    /// Each owner's slot; owners beyond the free slots get none.
    static func assign(_ owners: [String], count: UInt64, salt: String, reserved: Set<UInt64> = [])
        -> [String: UInt64]
    {
        var used = reserved
        var slots: [String: UInt64] = [:]
        for owner in Set(owners).sorted() {
            guard UInt64(used.count) < count else { break }
            var slot = hash("\(salt)/\(owner)") % count
            while used.contains(slot) { slot = (slot + 1) % count }
            used.insert(slot)
            slots[owner] = slot
        }
        return slots
    }

    /// The first eight bytes of SHA-256 of `text`.
    static func hash(_ text: String) -> UInt64 {
        Digest.bytes(of: text).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
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

/// Host ports for derived SSH forwards, per host: each VM without an `ssh` forward takes a port in
/// 2200–2999 from its name (`HashedSlots`), skipping the host's written forwards; past 800 such VMs on one
/// host, the rest count up from 3000.
enum SSHPorts {
    static let first = 2200
    static let count = 800

    /// The port of each of `vms` (names), given the host ports already `forwarded` on the host.
    static func assign(_ vms: [String], forwarded: Set<Int>) -> [String: Int] {
        let reserved = Set(forwarded.filter { (first..<first + count).contains($0) }.map { UInt64($0 - first) })
        var ports = HashedSlots.assign(vms, count: UInt64(count), salt: "topoc-ssh", reserved: reserved).mapValues {
            first + Int($0)
        }
        var next = first + count
        for vm in Set(vms).sorted() where ports[vm] == nil {
            while forwarded.contains(next) { next += 1 }
            ports[vm] = next
            next += 1
        }
        return ports
    }
}
