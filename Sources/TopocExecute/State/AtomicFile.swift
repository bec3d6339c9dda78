// The system calls behind an atomic, durable replace of a small file (the state file).
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum AtomicFile {
    /// Writes a temporary file next to `path` (mode 0600 from the start), flushes it, renames it over `path`,
    /// then flushes the folder so the rename survives a crash. On failure the temporary file is removed.
    static func replace(_ path: String, with data: Data) throws(ExecutionError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        guard fchmod(descriptor, 0o600) == 0, writeAll(data, to: descriptor), fsync(descriptor) == 0 else {
            let error = failure("write", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure("close", temporary)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename \(temporary) over", path)
            unlink(temporary)
            throw error
        }
        try syncFolder(folder)
    }

    static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { buffer -> Bool in
            guard var pointer = buffer.baseAddress else { return true }
            var left = buffer.count
            while left > 0 {
                let written = write(descriptor, pointer, left)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                pointer += written
                left -= written
            }
            return true
        }
    }

    static func syncFolder(_ folder: String) throws(ExecutionError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("flush", folder) }
    }

    static func failure(_ action: String, _ path: String) -> ExecutionError {
        ExecutionError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
