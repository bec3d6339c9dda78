import TopocModel
import TopocParallel
import TopocYAML

/// The `kubevirt` target's artifacts: per VM its VirtualMachine, cloud-init Secret and one
/// NetworkAttachmentDefinition per multus NIC (`kubevirt/objects/`); per lab the pods' Deployments, Services
/// and ConfigMaps, the subscriber Job, the MigrationPolicy, the ApplySet parent and the KubeVirt CR patch.
public struct KubeVirtTargetEmitter: TargetEmitter {
    public init() {}

    public func labJobs(_ topology: ResolvedTopology) -> [Parallel.Job<Artifact>] {
        [
            {
                let objects = try Self.labObjects(topology)
                var artifacts = try objects.map { object in
                    try object.artifact(mode: object.kind == "Secret" ? Artifact.secretMode : Artifact.publicMode)
                }
                let members = Self.vmGroupKinds(topology) + objects.map(\.groupKind)
                artifacts.append(try ApplySet.artifact(topology, members: members))
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

    /// The objects that are not a VM's: the pods' and the migration policy.
    static func labObjects(_ topology: ResolvedTopology) throws -> [KubeObject] {
        // The NF configs the pods mount: the very files the shared emitters write.
        let oai = try OAIEmitter.artifacts(topology)
        let files = Dictionary(oai.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let workloads = PodWorkload.all(topology, artifacts: oai)
        var objects: [KubeObject] = []
        for workload in workloads {
            objects.append(DeploymentEmitter.object(workload, in: topology))
            if let service = ServiceEmitter.object(workload, in: topology) { objects.append(service) }
            if let config = ConfigMapEmitter.object(workload, files: files, in: topology) { objects.append(config) }
        }
        objects += SubscriberJobEmitter.objects(topology, workloads: workloads, oai: oai)
        if let policy = MigrationPolicyEmitter.object(topology) { objects.append(policy) }
        return objects
    }

    /// The group-kinds of the VMs' objects, worked out from the lab the way `artifacts(for:in:)` decides.
    static func vmGroupKinds(_ topology: ResolvedTopology) -> [String] {
        var kinds: [String] = []
        if !topology.vms.isEmpty { kinds += ["Secret", "VirtualMachine.kubevirt.io"] }
        if topology.vms.contains(where: { !NetworkAttachmentEmitter.multusInterfaces($0).isEmpty }) {
            kinds.append("NetworkAttachmentDefinition.k8s.cni.cncf.io")
        }
        return kinds
    }
}
