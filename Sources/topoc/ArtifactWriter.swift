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
                try keepMode(byPath[change.path]?.mode ?? 0o644, of: change.path)
            }
        }
        let manifest = ArtifactChanges.manifest(for: artifacts)
        if (try? String(contentsOf: url(ArtifactChanges.manifestPath), encoding: .utf8)) != manifest {
            try atomicWrite(manifest, to: ArtifactChanges.manifestPath, mode: 0o644)
        }
    }

    /// An unchanged file keeps its bytes; its mode is only corrected when someone changed it.
    private func keepMode(_ mode: UInt16, of path: String) throws(CLIError) {
        var info = stat()
        let full = folder + "/" + path
        guard stat(full, &info) == 0, info.st_mode & 0o7777 != mode_t(mode) else { return }
        try setMode(mode, of: path)
    }

    private func atomicWrite(_ contents: String, to path: String, mode: UInt16) throws(CLIError) {
        let target = folder + "/" + path
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = directory + "/.\((target as NSString).lastPathComponent).tmp-\(getpid())"
        if access(directory, F_OK) != 0 {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw CLIError("cannot write \(temporary)") }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let modeSet = fchmod(fd, mode_t(mode)) == 0
        close(fd)
        guard written == bytes.count, modeSet, rename(temporary, target) == 0 else {
            unlink(temporary)
            throw CLIError("cannot write \(target)")
        }
    }

    private func setMode(_ mode: UInt16, of path: String, absolute: Bool = false) throws(CLIError) {
        let full = absolute ? path : url(path).path
        guard chmod(full, mode_t(mode)) == 0 else { throw CLIError("cannot set the mode of \(full)") }
    }
}
