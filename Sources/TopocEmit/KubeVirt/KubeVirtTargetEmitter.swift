import TopocModel
import TopocParallel
import TopocYAML

/// The `kubevirt` target's artifacts: per VM its VirtualMachine, cloud-init Secret and one
/// NetworkAttachmentDefinition per multus NIC (`kubevirt/objects/`); per lab the MigrationPolicy, the
/// ApplySet parent and the KubeVirt CR patch.
public struct KubeVirtTargetEmitter: TargetEmitter {
    public init() {}

    public func labJobs(_ topology: ResolvedTopology) -> [Parallel.Job<Artifact>] {
        [
            {
                var artifacts = [try ApplySet.artifact(topology, members: Self.memberGroupKinds(topology))]
                if let policy = MigrationPolicyEmitter.object(topology) { artifacts.append(try policy.artifact()) }
                if let patch = try MigrationPolicyEmitter.clusterPatch(topology) { artifacts.append(patch) }
                return artifacts
            }
        ]
    }

    public func artifacts(for vm: ResolvedVM, in topology: ResolvedTopology) throws -> [Artifact] {
        // The same seed files every target writes: the Secret and the VM carry them as they are.
        let seed = try CloudInitEmitter.artifacts(vm, in: topology)
        let userData = seed.first { $0.kind == .cloudInitUserData }?.contents ?? ""
        let networkData = seed.first { $0.kind == .cloudInitNetworkConfig }?.contents ?? ""
        let secret = CloudInitSecretEmitter.object(vm, userData: userData, in: topology)
        let machine = VirtualMachineEmitter.object(vm, networkData: networkData, in: topology)
        let attachments = try NetworkAttachmentEmitter.objects(vm, in: topology)
        return try [secret.artifact(mode: Artifact.secretMode), machine.artifact()]
            + attachments.map { try $0.artifact() }
    }

    /// Every group-kind the lab's objects have, for the ApplySet parent (kubectl lists only these when it
    /// prunes). Worked out from the lab the way the emitters above decide what to write.
    static func memberGroupKinds(_ topology: ResolvedTopology) -> [String] {
        var kinds: Set<String> = []
        if !topology.vms.isEmpty { kinds.formUnion(["Secret", "VirtualMachine.kubevirt.io"]) }
        if topology.vms.contains(where: { !NetworkAttachmentEmitter.multusInterfaces($0).isEmpty }) {
            kinds.insert("NetworkAttachmentDefinition.k8s.cni.cncf.io")
        }
        if !MigrationPolicyEmitter.migratableVMs(topology).isEmpty {
            kinds.insert("MigrationPolicy.migrations.kubevirt.io")
        }
        return kinds.sorted()
    }
}
