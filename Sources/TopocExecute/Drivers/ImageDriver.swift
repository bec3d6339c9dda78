// Drivers/ImageDriver owns base images: a local `path` image is checked (it exists; its SHA-256 matches when
// one is given), a `url` image is downloaded into place and verified unless a verified copy is already
// there. A verification is remembered (file identity + digest) in the lab folder, so a multi-gigabyte image
// is hashed again only when the file changes.
import Foundation
import TopocEmit
import TopocPlan

extension HostDrivers {
    public func ensureImage(_ image: DesiredResource, lab: LabContext, hook: any ProgressHook)
        async throws(ExecutionError) -> [String: String]
    {
        guard let base = image.attributes["base"], !base.isEmpty else {
            throw ExecutionError("\(image.id) has no base path")
        }
        let path = lab.path(base)
        let expected = image.attributes["sha256"]?.lowercased()
        let cache = VerificationRecord.location(of: image.id.name, lab: lab)
        guard let url = image.attributes["url"] else {
            guard Files.exists(path) else { throw ExecutionError("\(image.id): its file \(path) does not exist") }
            if let expected {
                let actual = try verify(
                    path, expected: expected, cache: cache, step: Self.progressStep(image.id), hook: hook)
                guard actual == expected else { throw mismatch(image.id, path, expected: expected, actual: actual) }
            }
            return try attributes(base: base, path: path, verified: expected)
        }
        if Files.exists(path) {
            guard let expected else { return try attributes(base: base, path: path, verified: nil) }
            let actual = try verify(
                path, expected: expected, cache: cache, step: Self.progressStep(image.id), hook: hook)
            if actual == expected { return try attributes(base: base, path: path, verified: expected) }
            hook.event(.note("\(image.id): \(path) has SHA-256 \(actual), not \(expected): downloading it again"))
        }
        try Files.makeParent(of: path)
        let download = ImageDownload(
            url: url, destination: path, image: image.id, step: Self.progressStep(image.id),
            idleTimeout: timeouts.downloadIdle, hook: hook)
        let actual = try await download.run { digest throws(ExecutionError) in
            if let expected, digest != expected {
                throw mismatch(image.id, url, expected: expected, actual: digest)
            }
        }
        if let identity = FileIdentity(path: path) {
            VerificationRecord(path: path, sha256: actual, identity: identity).save(to: cache)
        }
        return try attributes(base: base, path: path, verified: expected)
    }

    /// The step progress is reported for: the engine's id of the step that ensures the image.
    static func progressStep(_ image: ResourceID) -> String { "\(image)/ensure" }

    func imageStatus(_ image: RecordedResource, lab: LabContext) -> LiveStatus {
        guard let base = image.attributes["base"] else { return .missing("\(image.id) has no recorded base path") }
        let path = lab.path(base)
        guard let identity = FileIdentity(path: path) else { return .missing("image file \(path) does not exist") }
        if let size = image.attributes["size"], let mtime = image.attributes["mtime"],
            size != String(identity.size) || mtime != identity.mtime
        {
            return .missing("image file \(path) changed since it was verified")
        }
        return .present
    }

    /// The file's SHA-256, from the lab's record of an earlier verification when the file is unchanged.
    private func verify(_ path: String, expected: String, cache: String, step: String, hook: any ProgressHook)
        throws(ExecutionError) -> String
    {
        guard let identity = FileIdentity(path: path) else { throw ExecutionError("\(path) is not a regular file") }
        if let record = VerificationRecord.load(from: cache), record.path == path, record.identity == identity {
            return record.sha256
        }
        let total = identity.size
        let actual = try FileDigest.sha256(of: path) { done in
            let fraction = total == 0 ? 1 : Double(done) / Double(total)
            let detail = "verifying \(FileDigest.size(done)) of \(FileDigest.size(total))"
            hook.event(.progress(step: step, fraction: fraction, detail: detail))
        }
        if actual == expected { VerificationRecord(path: path, sha256: actual, identity: identity).save(to: cache) }
        return actual
    }

    private func mismatch(_ id: ResourceID, _ source: String, expected: String, actual: String) -> ExecutionError {
        ExecutionError("\(id): checksum mismatch for \(source): expected SHA-256 \(expected), got \(actual)")
    }

    /// What to record: the base, and the identity of the file as verified (drift: it changed since).
    private func attributes(base: String, path: String, verified: String?) throws(ExecutionError) -> [String: String] {
        guard let identity = FileIdentity(path: path) else { throw ExecutionError("\(path) is not a regular file") }
        var attributes = ["base": base, "size": String(identity.size), "mtime": identity.mtime]
        attributes["verified-sha256"] = verified
        return attributes
    }
}

/// `images/<name>.verified.json` in the lab folder: the digest of a file as it was when hashed.
struct VerificationRecord: Codable, Equatable {
    var path: String
    var sha256: String
    var identity: FileIdentity

    static func location(of image: String, lab: LabContext) -> String {
        let safe = image.map { $0 == "/" ? "_" : $0 }
        return lab.path("images/\(String(safe)).verified.json")
    }

    static func load(from path: String) -> VerificationRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(VerificationRecord.self, from: data)
    }

    /// Best effort: without the record the next run hashes the file again, nothing worse.
    func save(to path: String) {
        guard (try? Files.makeParent(of: path)) != nil, let data = try? JSONEncoder().encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
