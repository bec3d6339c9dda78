import TopocModel
import TopocYAML

/// Where a VM or pod may be scheduled: the host's labels when it has some, else its name as
/// `kubernetes.io/hostname`; no selector for the implicit `local` host or none, so the scheduler chooses.
enum NodePlacement {
    static func selector(_ hostName: String?, in topology: ResolvedTopology) -> YAMLValue? {
        guard let hostName, hostName != "local", let host = topology.hosts.first(where: { $0.name == hostName })
        else { return nil }
        if !host.labels.isEmpty { return .sorted(host.labels.mapValues { .string($0) }) }
        return .sorted(["kubernetes.io/hostname": .string(host.name)])
    }
}
