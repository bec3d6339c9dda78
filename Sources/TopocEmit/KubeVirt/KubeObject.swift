// KubeVirt/ owns the `kubevirt` target's manifests: one Kubernetes object per file under `kubevirt/objects/`,
// one emitter per kind (VirtualMachine, NetworkAttachmentDefinition, Secret, MigrationPolicy), every object
// labelled with the lab and its ApplySet; plus the ApplySet parent and the KubeVirt CR patch, which the
// driver handles apart from the objects. Documents are built as `YAMLValue`s and written by libyaml.
import TopocModel
import TopocYAML

/// One Kubernetes object, before rendering.
struct KubeObject {
    var apiVersion: String
    var kind: String
    var name: String
    /// nil for cluster-scoped kinds.
    var namespace: String?
    var labels: [String: String]
    var annotations: [String: String] = [:]
    /// What follows `metadata` (`spec`, `stringData`, ...), in the order written.
    var body: [(String, YAMLValue)]

    /// The object's group, empty for the core group (`v1`).
    var group: String { apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : "" }

    /// `Kind.group` (or `Kind` in the core group), as ApplySet annotations spell group-kinds.
    var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    func document() -> YAMLValue {
        var metadata: [(String, YAMLValue)] = [("name", .string(name))]
        if let namespace { metadata.append(("namespace", .string(namespace))) }
        if !labels.isEmpty { metadata.append(("labels", .sorted(labels.mapValues { .string($0) }))) }
        if !annotations.isEmpty { metadata.append(("annotations", .sorted(annotations.mapValues { .string($0) }))) }
        return .mapping(
            [("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", .mapping(metadata))] + body)
    }

    /// `kubevirt/objects/<kind>-<name>.yaml`: one object per file, so a diff names the object that changed.
    func artifact(mode: UInt16 = Artifact.publicMode) throws -> Artifact {
        Artifact(
            path: "\(KubeVirtPaths.objects)/\(kind.lowercased())-\(name).yaml",
            contents: try YAMLWriter.render(document()), mode: mode, kind: .kubeObject)
    }
}

enum KubeVirtPaths {
    static let directory = "kubevirt"
    /// What `kubectl apply --applyset` applies; nothing else lives here.
    static let objects = "\(directory)/objects"
    static let applySetParent = "\(directory)/applyset.yaml"
    static let kubeVirtPatch = "\(directory)/kubevirt-cr-patch.yaml"
}

/// The labels every object of a lab carries: Kubernetes' recommended ones, which say that topoc manages it
/// and for which lab, and the ApplySet membership that makes pruning exact.
enum LabLabels {
    static let managedBy = "app.kubernetes.io/managed-by"
    static let partOf = "app.kubernetes.io/part-of"
    static let tool = "topoc"

    static func of(_ topology: ResolvedTopology) -> [String: String] {
        [managedBy: tool, partOf: topology.name, ApplySet.partOfLabel: ApplySet.id(of: topology)]
    }
}
