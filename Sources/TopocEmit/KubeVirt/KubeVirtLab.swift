import TopocModel

/// What the kubectl driver needs to know of a kubevirt lab, from the same functions that write its manifests:
/// where the objects are, their namespace, and the lab's ApplySet.
public struct KubeVirtLab: Sendable, Equatable {
    public var lab: String
    public var namespace: String
    /// Relative to the lab folder: every object, and nothing else.
    public var objectsDirectory: String
    /// The ApplySet parent's name (a Secret in `namespace`).
    public var applySetParent: String
    public var applySetID: String
    /// `Kind.group` of every member, sorted.
    public var memberGroupKinds: [String]
    public var hasVMs: Bool

    public static func of(_ topology: ResolvedTopology) throws -> KubeVirtLab {
        let objects = try KubeVirtTargetEmitter.labObjects(topology)
        let kinds = Set(KubeVirtTargetEmitter.vmGroupKinds(topology) + objects.map(\.groupKind))
        return KubeVirtLab(
            lab: topology.name, namespace: topology.kubernetes.namespace, objectsDirectory: KubeVirtPaths.objects,
            applySetParent: ApplySet.parentName(of: topology), applySetID: ApplySet.id(of: topology),
            memberGroupKinds: kinds.sorted(), hasVMs: !topology.vms.isEmpty)
    }
}
