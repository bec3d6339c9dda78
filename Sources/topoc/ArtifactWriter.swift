import Foundation
import TopocEmit
import TopocModel
import TopocParallel
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

    /// The topology file's folder, absolute: the lab folder's `topology` link points there.
    var topologyFolder: String {
        let directory = (file as NSString).deletingLastPathComponent
        return URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.path
    }
}

/// Writes artifacts: only files whose bytes change, each atomically (temp file + rename) with its mode set
/// before it becomes visible, so a secret is never readable by others, not even for a moment. Files are
/// read and written on every core: a large lab has thousands. The lab folder also gets its `topology` link
/// to the topology file's folder: artifacts reach the paths the user wrote through it, so they hold no
/// machine path and are the same wherever the folder is.
struct ArtifactWriter {
    let folder: String
    /// The absolute folder the `topology` link points to.
    let topologyFolder: String

    private func full(_ path: String) -> String { folder + "/" + path }

    func changes(for artifacts: [Artifact]) -> [ArtifactChange] {
        // A folder that does not exist yet holds nothing: no need to try reading thousands of files.
        guard access(folder, F_OK) == 0 else {
            return ArtifactChanges.compute(artifacts, onDisk: { _ in .absent }, previousManifest: [])
        }
        // Read and compared on every core; only the verdicts are kept, not the files.
        let verdicts =
            (try? Parallel.run(
                Parallel.chunks(of: artifacts) { [folder] artifact in
                    [FileBytes.compare(artifact.contents, withFileAt: folder + "/" + artifact.path)]
                })) ?? []
        var onDisk: [String: ArtifactChanges.OnDisk] = [:]
        for (artifact, verdict) in zip(artifacts, verdicts) { onDisk[artifact.path] = verdict }
        let manifest = FileBytes.read(full(ArtifactChanges.manifestPath)).map { String(decoding: $0, as: UTF8.self) }
        return ArtifactChanges.compute(
            artifacts, onDisk: { onDisk[$0.path] ?? .absent },
            previousManifest: (manifest ?? "").split(separator: "\n").map(String.init))
    }

    func write(_ artifacts: [Artifact], changes: [ArtifactChange]) throws(CLIError) {
        guard access(folder, F_OK) == 0 else {
            try writeNewFolder(artifacts)
            return
        }
        let byPath = Dictionary(artifacts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var toWrite: [Artifact] = []
        for change in changes {
            switch change.action {
            case .create, .update:
                if let artifact = byPath[change.path] { toWrite.append(artifact) }
            case .delete:
                unlink(full(change.path))
            case .unchanged:
                try keepMode(byPath[change.path]?.mode ?? 0o644, of: change.path)
            }
        }
        try makeFolders(for: toWrite.map(\.path), in: folder)
        let suffix = ".tmp-\(getpid())"
        try FileBytes.inParallel(toWrite) { artifact throws(CLIError) in
            try FileBytes.atomicWrite(artifact.contents, to: full(artifact.path), suffix: suffix, mode: artifact.mode)
        }
        let manifest = ArtifactChanges.manifest(for: artifacts)
        if FileBytes.read(full(ArtifactChanges.manifestPath)) != Array(manifest.utf8) {
            try FileBytes.atomicWrite(manifest, to: full(ArtifactChanges.manifestPath), suffix: suffix, mode: 0o644)
        }
        try linkTopology(in: folder)
    }

    /// Points `<root>/topology` at the topology file's folder, replacing a link that points elsewhere
    /// (a moved topology file) atomically.
    private func linkTopology(in root: String) throws(CLIError) {
        let link = root + "/" + ResolvedTopology.topologyLink
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == topologyFolder { return }
        let temporary = link + ".tmp-\(getpid())"
        unlink(temporary)
        guard symlink(topologyFolder, temporary) == 0, rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot link \(link) to \(topologyFolder): \(reason)")
        }
    }

    /// A lab folder that does not exist yet is written whole under a hidden name beside it and renamed into
    /// place at the end: it appears complete or not at all, and no file needs a rename of its own.
    private func writeNewFolder(_ artifacts: [Artifact]) throws(CLIError) {
        let parent = (folder as NSString).deletingLastPathComponent
        let staging = (parent.isEmpty ? "." : parent) + "/.\((folder as NSString).lastPathComponent).tmp-\(getpid())"
        try? FileManager.default.createDirectory(
            atPath: parent.isEmpty ? "." : parent, withIntermediateDirectories: true)
        guard mkdir(staging, 0o755) == 0 else {
            throw CLIError("cannot create \(staging): \(String(cString: strerror(errno)))")
        }
        do throws(CLIError) {
            try makeFolders(for: artifacts.map(\.path), in: staging)
            try FileBytes.inParallel(artifacts) { artifact throws(CLIError) in
                try FileBytes.create(artifact.contents, at: staging + "/" + artifact.path, mode: artifact.mode)
            }
            let manifest = ArtifactChanges.manifest(for: artifacts)
            try FileBytes.create(manifest, at: staging + "/" + ArtifactChanges.manifestPath, mode: 0o644)
            try linkTopology(in: staging)
            guard rename(staging, folder) == 0 else {
                throw CLIError("cannot move \(staging) to \(folder): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Each folder below `root` that the files go into, once, parents first.
    private func makeFolders(for paths: [String], in root: String) throws(CLIError) {
        var folders = Set<String>()
        for path in paths {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted { parts = parts.dropLast() }
        }
        for relative in folders.sorted() where mkdir(root + "/" + relative, 0o755) != 0 && errno != EEXIST {
            throw CLIError("cannot create \(root)/\(relative): \(String(cString: strerror(errno)))")
        }
    }

    /// An unchanged file keeps its bytes; its mode is only corrected when someone changed it.
    private func keepMode(_ mode: UInt16, of path: String) throws(CLIError) {
        var info = stat()
        guard stat(full(path), &info) == 0, info.st_mode & 0o7777 != mode_t(mode) else { return }
        guard chmod(full(path), mode_t(mode)) == 0 else { throw CLIError("cannot set the mode of \(full(path))") }
    }
}

/// Whole-file reads and atomic writes with plain system calls: no Foundation on the path taken per file.
enum FileBytes {
    /// The file's bytes, or nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { Glibc.read(fd, $0 + filled, buffer.count - filled) } ?? -1
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return nil }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Whether the file at `path` holds exactly `contents`.
    static func compare(_ contents: String, withFileAt path: String) -> ArtifactChanges.OnDisk {
        guard let bytes = read(path) else { return .absent }
        return bytes.elementsEqual(contents.utf8) ? .same : .different
    }

    /// Writes to `<path><suffix>` with `mode`, then renames it over `path`.
    static func atomicWrite(_ contents: String, to path: String, suffix: String, mode: UInt16) throws(CLIError) {
        let temporary = path + suffix
        try create(contents, at: temporary, mode: mode, replacing: true)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the file with exactly `mode` (never wider first, whatever the umask) and writes `contents`.
    static func create(_ contents: String, at path: String, mode: UInt16, replacing: Bool = false) throws(CLIError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL)
        // The umask can only narrow the mode given to open; fchmod below sets it exactly.
        let fd = open(path, flags, mode_t(mode))
        guard fd >= 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var text = contents
        let written = text.withUTF8 { buffer in writeAll(fd, buffer) }
        let modeSet = umaskNarrows(mode) ? fchmod(fd, mode_t(mode)) == 0 : true
        close(fd)
        guard written, modeSet else {
            unlink(path)
            throw CLIError("cannot write \(path)")
        }
    }

    /// The process's umask, read once (reading it means setting it, so it is put straight back).
    private static let processUmask: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()

    /// True when the umask would take bits off `mode`, so the file needs an explicit chmod.
    private static func umaskNarrows(_ mode: UInt16) -> Bool { mode_t(mode) & processUmask != 0 }

    /// `body` for every artifact, spread over the cores; the first error wins.
    static func inParallel(_ artifacts: [Artifact], _ body: @escaping @Sendable (Artifact) throws(CLIError) -> Void)
        throws(CLIError)
    {
        _ = processUmask  // read here, before other threads create files while it is briefly changed
        do {
            _ = try Parallel.run(
                Parallel.chunks(of: artifacts) { artifact in
                    try body(artifact)
                    return [Bool]()
                })
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = buffer.baseAddress else { return true }  // nothing to write
        var offset = 0
        while offset < buffer.count {
            let done = Glibc.write(fd, start + offset, buffer.count - offset)
            if done < 0, errno == EINTR { continue }
            guard done > 0 else { return false }
            offset += done
        }
        return true
    }
}
