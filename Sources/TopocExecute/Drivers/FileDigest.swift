// Drivers/FileDigest owns checksums of image files: SHA-256 streamed in chunks (images are gigabytes), and
// a file's identity (size, mtime, inode) so a verification is done once per version of a file.
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Size, modification time and inode: enough to tell that a file is still the one that was verified.
struct FileIdentity: Codable, Equatable, Sendable {
    var size: UInt64
    /// Seconds and nanoseconds, `1718000000.123456789`.
    var mtime: String
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        size = UInt64(info.st_size)
        let nanoseconds = String(info.st_mtim.tv_nsec)
        mtime = "\(info.st_mtim.tv_sec)." + String(repeating: "0", count: max(0, 9 - nanoseconds.count)) + nanoseconds
        inode = UInt64(info.st_ino)
    }
}

enum FileDigest {
    static let chunk = 1 << 20

    /// The SHA-256 of the file at `path`, as lowercase hex. `progress` hears bytes read so far now and then.
    static func sha256(of path: String, progress: (UInt64) -> Void = { _ in }) throws(ExecutionError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExecutionError("cannot read \(path) to check its checksum")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: UInt64 = 0
        var reported: UInt64 = 0
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: chunk) ?? Data()
            } catch {
                throw ExecutionError("reading \(path) failed: \(error.localizedDescription)")
            }
            if data.isEmpty { break }
            hasher.update(data: data)
            total += UInt64(data.count)
            if total - reported >= 64 << 20 {
                progress(total)
                reported = total
            }
        }
        progress(total)
        return hex(hasher.finalize())
    }

    static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// `1.5 GiB`, `320 MiB`, `12 KiB`.
    static func size(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
