import TopocModel
import TopocParallel

/// The `qemu` target's artifacts: per VM its command line (`qemu.json`, `qemu.sh`) and `vm.json`; per host
/// its network steps (`hosts/<host>/network.json` and the script beside it).
public struct QEMUTargetEmitter: TargetEmitter {
    public init() {}

    public func labJobs(_ topology: ResolvedTopology) -> [Parallel.Job<Artifact>] {
        topology.hosts.map { host in { try HostNetworkEmitter.artifacts(host: host.name, in: topology) } }
    }

    public func artifacts(for vm: ResolvedVM, in topology: ResolvedTopology) throws -> [Artifact] {
        try QEMUEmitter.artifacts(vm, in: topology) + [try VMSpecEmitter.artifact(vm, in: topology)]
    }
}
