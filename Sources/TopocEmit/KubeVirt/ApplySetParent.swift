import TopocModel
import TopocYAML

/// The lab's ApplySet (kubectl's KEP 3659): a parent object whose `applyset.kubernetes.io/id` label every
/// member repeats as `applyset.kubernetes.io/part-of`, so `kubectl apply --prune --applyset` deletes exactly
/// the objects a lab no longer has and never another lab's. The parent is a Secret (kubectl's default kind)
/// in the lab's namespace, written apart from the members: kubectl keeps it up to date itself.
enum ApplySet {
    static let idLabel = "applyset.kubernetes.io/id"
    static let partOfLabel = "applyset.kubernetes.io/part-of"
    static let toolingAnnotation = "applyset.kubernetes.io/tooling"
    static let groupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds"
    /// The driver applies through kubectl, and kubectl refuses to touch a parent whose tooling *name* is not
    /// its own (the version is not compared), so the parent names kubectl.
    static let tooling = "kubectl/v1.31"
    static let parentKind = "Secret"

    static func parentName(of topology: ResolvedTopology) -> String { "topoc-applyset-\(topology.name)" }

    /// `applyset-<id>-v1`, where id is the unpadded URL-safe base64 of SHA-256 of
    /// `<name>.<namespace>.<kind>.<group>` (the core group is empty): the KEP's formula, so kubectl computes
    /// the same value.
    static func id(of topology: ResolvedTopology) -> String {
        let key = [parentName(of: topology), topology.kubernetes.namespace, parentKind, ""].joined(separator: ".")
        return "applyset-\(Base64URL.encode(Digest.bytes(of: key)))-v1"
    }

    static func parent(_ topology: ResolvedTopology, members: [String]) -> KubeObject {
        KubeObject(
            apiVersion: "v1", kind: parentKind, name: parentName(of: topology),
            namespace: topology.kubernetes.namespace,
            labels: [
                LabLabels.managedBy: LabLabels.tool, LabLabels.partOf: topology.name, idLabel: id(of: topology),
            ],
            annotations: [
                toolingAnnotation: tooling, groupKindsAnnotation: Set(members).sorted().joined(separator: ","),
            ],
            body: [("type", .string("Opaque"))])
    }

    static func artifact(_ topology: ResolvedTopology, members: [String]) throws -> Artifact {
        Artifact(
            path: KubeVirtPaths.applySetParent,
            contents: try YAMLWriter.render(parent(topology, members: members).document()),
            kind: .kubeApplySetParent)
    }
}

/// RFC 4648 section 5, without padding (what Go's `base64.RawURLEncoding` writes).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count { out.append(alphabet[(value >> (18 - 6 * position)) & 0x3F]) }
            index += 3
        }
        return out
    }
}
