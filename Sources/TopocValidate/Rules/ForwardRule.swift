import TopocDiagnostics
import TopocModel

/// A host port is forwarded once per host and protocol; a service without a well-known port names its guest port.
struct ForwardRule: ValidationRule {
    static let ids = ["forward.port-collision", "forward.guest-port"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        // Fields read through the array, never a whole VM or forward: copying one retains all it holds.
        let vms = topology.vms
        let defaultHost = topology.defaults.vm.host ?? "local"
        // Every forward as (host, port, protocol) packed in one integer, with where it is.
        var keys: [(key: Int, vm: Int, forward: Int)] = []
        var hosts: [String] = []
        for vm in vms.indices where !vms[vm].forwards.isEmpty {
            let host = vms[vm].settings.host ?? defaultHost
            // Hosts numbered as first seen; labs have a few, and most VMs name the last one again.
            let hostNumber = hosts.last == host ? hosts.count - 1 : (hosts.firstIndex(of: host) ?? hosts.count)
            if hostNumber == hosts.count { hosts.append(host) }
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
                        at: forward.origin[field: "host"],
                        notes: [DiagnosticNote("first forwarded here", at: other[field: "host"])]))
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

    /// For each forward that repeats an earlier one's key, the earlier one's position in `keys`: sorted,
    /// repeats are neighbours, and a lab without any costs one sort of integers.
    private static func firstUses(_ keys: [(key: Int, vm: Int, forward: Int)]) -> [Int: Int] {
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
