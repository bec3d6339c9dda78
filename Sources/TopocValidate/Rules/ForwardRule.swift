import TopocDiagnostics
import TopocModel

/// A host port is forwarded once per host and protocol; a service without a well-known port names its guest port.
struct ForwardRule: ValidationRule {
    static let ids = ["forward.port-collision", "forward.guest-port"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        // Fields read through the array, never a whole VM or forward: copying one retains all it holds.
        let vms = topology.vms
        let defaultHost = topology.defaults.vm.host ?? "local"
        // Every forward as (host, port, protocol) packed in one integer, with where it is.
        var keys: [(key: Int, vm: Int, forward: Int)] = []
        // Room for a small lab's few forwards in one allocation (counting them first costs a pass over
        // every VM of a large lab); more grow the array as usual.
        keys.reserveCapacity(8)
        // Other hosts than the default one, numbered from 1 as first seen: labs have a few, most VMs are on
        // the default host (0), and the next most name the last one again.
        var hosts: [String] = []
        for vm in vms.indices where !vms[vm].forwards.isEmpty {
            let host = vms[vm].settings.host ?? defaultHost
            var hostNumber = 0
            if host != defaultHost {
                hostNumber = hosts.last == host ? hosts.count : (hosts.firstIndex(of: host).map { $0 + 1 } ?? 0)
                if hostNumber == 0 {
                    hosts.append(host)
                    hostNumber = hosts.count
                }
            }
            let forwards = vms[vm].forwards
            for forward in forwards.indices {
                let transport = forwards[forward].transport == .tcp ? 0 : 1
                keys.append(((hostNumber << 17) | (forwards[forward].hostPort << 1) | transport, vm, forward))
            }
        }
        let firsts = Self.firstUses(keys)
        var found: [Diagnostic] = []
        for sequence in keys.indices {
            let (vm, position) = (keys[sequence].vm, keys[sequence].forward)
            if !firsts.isEmpty, let first = firsts[sequence] {
                let forward = vms[vm].forwards[position]
                let other = vms[keys[first].vm].forwards[keys[first].forward].origin
                let host = vms[vm].settings.host ?? defaultHost
                found.append(
                    .error(
                        "forward.port-collision",
                        "host port \(forward.hostPort)/\(forward.transport.rawValue) on `\(host)` is already forwarded by `\(other.path)`",
                        at: forward.origin[ForwardKey.host],
                        notes: [DiagnosticNote("first forwarded here", at: other[ForwardKey.host])]))
            }
            if vms[vm].forwards[position].guestPort == nil,
                !Forward.wellKnownPorts.contains(where: { $0.key == vms[vm].forwards[position].service })
            {
                let forward = vms[vm].forwards[position]
                found.append(
                    .error(
                        "forward.guest-port",
                        "`\(forward.origin.path)`: no well-known port for `\(forward.service)`",
                        at: forward.origin.location,
                        help: "write `\(forward.service): { host: \(forward.hostPort), guest: <port> }`"))
            }
        }
        return found
    }

    /// For each forward that repeats an earlier one's key, the position in `keys` of the first forward with
    /// that key. A few keys are compared pairwise (a small lab forwards a port or two, where sorting and its
    /// arrays cost more); more are sorted, which makes repeats neighbours.
    private static func firstUses(_ keys: [(key: Int, vm: Int, forward: Int)]) -> [Int: Int] {
        guard keys.count > 16 else {
            var firsts: [Int: Int] = [:]
            for later in keys.indices {
                if let first = keys[..<later].firstIndex(where: { $0.key == keys[later].key }) {
                    firsts[later] = first
                }
            }
            return firsts
        }
        let order = keys.indices.sorted { (keys[$0].key, $0) < (keys[$1].key, $1) }
        var firsts: [Int: Int] = [:]
        var groupStart = 0
        for rank in order.indices.dropFirst() {
            if keys[order[rank]].key == keys[order[groupStart]].key {
                firsts[order[rank]] = order[groupStart]
            } else {
                groupStart = rank
            }
        }
        return firsts
    }
}
