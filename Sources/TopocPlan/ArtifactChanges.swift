import TopocEmit

/// What writing a set of artifacts into a folder would do, file by file.
public struct ArtifactChange: Equatable, Sendable {
    public enum Action: String, Sendable, Codable {
        case create, update, unchanged, delete
    }

    public var path: String
    public var action: Action

    public init(path: String, action: Action) {
        self.path = path
        self.action = action
    }
}

public enum ArtifactChanges {
    /// The manifest: the list of artifact paths, so a later plan can remove files it no longer emits.
    public static let manifestPath = "manifest.txt"

    /// What is at an artifact's path now, compared with what the artifact would write.
    public enum OnDisk: Sendable {
        case absent, same, different
    }

    /// Compares desired artifacts with what is there. `onDisk` tells, per artifact, whether its path holds
    /// nothing, the same bytes or others (the caller compares bytes, without building strings);
    /// `previousManifest` lists the paths the last plan wrote.
    public static func compute(
        _ artifacts: [Artifact], onDisk: (Artifact) -> OnDisk, previousManifest: [String]
    ) -> [ArtifactChange] {
        var changes = artifacts.map { artifact -> ArtifactChange in
            switch onDisk(artifact) {
            case .absent: ArtifactChange(path: artifact.path, action: .create)
            case .same: ArtifactChange(path: artifact.path, action: .unchanged)
            case .different: ArtifactChange(path: artifact.path, action: .update)
            }
        }
        let desired = Set(artifacts.map(\.path))
        for path in previousManifest.sorted() where !desired.contains(path) && path != manifestPath {
            changes.append(ArtifactChange(path: path, action: .delete))
        }
        return changes
    }

    public static func manifest(for artifacts: [Artifact]) -> String {
        artifacts.map(\.path).sorted().map { $0 + "\n" }.joined()
    }
}
