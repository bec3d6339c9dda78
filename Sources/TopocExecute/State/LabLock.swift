// One apply or destroy per lab at a time: an exclusive `flock` on `<lab dir>/lock`, holding the holder's pid
// so the one refused can say who. The kernel drops the lock when the holder exits, however it exits, so a
// crashed topoc never leaves the lab locked. The file itself stays (removing it would let two processes
// lock two different files).
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public final class LabLock: @unchecked Sendable {  // `descriptor` is only touched under `mutex`.
    public let lab: String
    /// The lock file.
    public let path: String
    private let mutex = NSLock()
    private var descriptor: Int32?

    /// Takes the lock of the lab whose folder is `directory` (created if needed), or refuses at once.
    public init(lab: String, directory: URL) throws(ExecutionError) {
        self.lab = lab
        path = directory.appendingPathComponent("lock").path
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ExecutionError("cannot create \(directory.path): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("open", path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let error = busy ? Self.locked(lab, holder: Self.holder(descriptor)) : Self.failure("lock", path)
            close(descriptor)
            throw error
        }
        let pid = Data("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0, AtomicFile.writeAll(pid, to: descriptor) else {
            let error = Self.failure("write", path)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    public var isHeld: Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return descriptor != nil
    }

    /// Lets the next topoc in; releasing twice is fine.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard let descriptor else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        self.descriptor = nil
    }

    static func locked(_ lab: String, holder: Int32?) -> ExecutionError {
        let who = holder.map { " (pid \($0))" } ?? ""
        return ExecutionError("lab \(lab) is locked by another topoc\(who) — an apply or destroy is running")
    }

    /// The pid the holder wrote, if it has written it yet.
    static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func failure(_ action: String, _ path: String) -> ExecutionError {
        ExecutionError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
