import Foundation
import TopocEmit
import TopocPlan

/// Where a lab's files go: `--out`, or `.topoc/<topology>/` next to the topology file.
struct LabDirectory {
    let file: String
    let out: String?

    func path(for lab: String) -> String {
        if let out { return out }
        let directory = (file as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/.topoc/\(lab)"
    }

    /// The topology file's folder as seen from the lab directory: `../..` for the default folder, the
    /// absolute path when `--out` puts the lab elsewhere.
    var pathToInput: String {
        guard out != nil else { return "../.." }
        let directory = (file as NSString).deletingLastPathComponent
        return URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.path
    }
}

/// Writes artifacts: only files whose bytes change, each atomically (temp file + rename) with its mode set
/// before it becomes visible, so a secret is never readable by others, not even for a moment.
struct ArtifactWriter {
    let folder: String

    private func url(_ path: String) -> URL {
        URL(fileURLWithPath: folder).appendingPathComponent(path)
    }

    func changes(for artifacts: [Artifact]) -> [ArtifactChange] {
        let manifest = (try? String(contentsOf: url(ArtifactChanges.manifestPath), encoding: .utf8)) ?? ""
        return ArtifactChanges.compute(
            artifacts,
            existing: { path in try? String(contentsOf: url(path), encoding: .utf8) },
            previousManifest: manifest.split(separator: "\n").map(String.init))
    }

    func write(_ artifacts: [Artifact], changes: [ArtifactChange]) throws(CLIError) {
        let byPath = Dictionary(artifacts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            switch change.action {
            case .create, .update:
                if let artifact = byPath[change.path] {
                    try atomicWrite(artifact.contents, to: change.path, mode: artifact.mode)
                }
            case .delete:
                try? FileManager.default.removeItem(at: url(change.path))
            case .unchanged:
                try setMode(byPath[change.path]?.mode ?? 0o644, of: change.path)
            }
        }
        try atomicWrite(ArtifactChanges.manifest(for: artifacts), to: ArtifactChanges.manifestPath, mode: 0o644)
    }

    private func atomicWrite(_ contents: String, to path: String, mode: UInt16) throws(CLIError) {
        let target = url(path)
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard
                FileManager.default.createFile(
                    atPath: temporary.path, contents: Data(contents.utf8), attributes: [.posixPermissions: Int(mode)])
            else { throw CLIError("cannot write \(temporary.path)") }
            try setMode(mode, of: temporary.path, absolute: true)
            // rename(2) is atomic: readers see the old file or the new one, never a partial write.
            guard rename(temporary.path, target.path) == 0 else {
                throw CLIError("cannot move \(temporary.path) to \(target.path): errno \(errno)")
            }
        } catch let error as CLIError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    private func setMode(_ mode: UInt16, of path: String, absolute: Bool = false) throws(CLIError) {
        let full = absolute ? path : url(path).path
        guard chmod(full, mode_t(mode)) == 0 else { throw CLIError("cannot set the mode of \(full)") }
    }
}
