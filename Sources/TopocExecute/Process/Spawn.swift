// Process/ owns running host programs and talking to QEMU's monitor: argv arrays started with posix_spawn
// (never a shell), output captured in anonymous temporary files, every wait bounded. Foundation.Process is
// not used: it learns that a child ended through a descriptor the child inherits, so it waits for every
// holder of that descriptor — a QEMU that daemonizes included.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a process ended.
public enum Termination: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }
}

/// A child started with posix_spawn in its own process group, stdin from /dev/null, stdout and stderr into
/// unlinked temporary files, and no other inherited descriptors (where glibc can close them).
final class SpawnedProcess {
    let pid: pid_t
    private let stdoutFile: Int32
    private let stderrFile: Int32
    /// How it ended, once reaped.
    private(set) var ended: Termination?
    private var reaped: Bool { ended != nil }

    /// The most we read back of each stream.
    static let outputLimit = 1 << 20

    /// - Parameters:
    ///   - executable: an absolute path.
    ///   - argv: the full argv, argv[0] included.
    ///   - directory: the child's working directory; nil keeps ours.
    init(executable: String, argv: [String], directory: String?) throws(ExecutionError) {
        stdoutFile = try Self.anonymousFile()
        guard let errFile = try? Self.anonymousFile() else {
            Glibc.close(stdoutFile)
            throw ExecutionError("cannot create a temporary file for \(argv.first ?? "a command")'s output")
        }
        stderrFile = errFile
        do {
            pid = try Self.spawn(executable, argv, directory, stdout: stdoutFile, stderr: stderrFile)
        } catch {
            Glibc.close(stdoutFile)
            Glibc.close(stderrFile)
            throw error
        }
    }

    deinit {
        if !reaped {
            killGroup()
            _ = waitBlocking()
        }
        Glibc.close(stdoutFile)
        Glibc.close(stderrFile)
    }

    /// The termination, if the child has ended (reaps it).
    func poll() -> Termination? {
        if let ended { return ended }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            ended = Termination(waitStatus: status)
        } else if result < 0 && errno != EINTR {
            ended = .signalled(SIGKILL)
        }
        return ended
    }

    /// Waits for a child already killed; a killed child ends at once.
    func waitBlocking() -> Termination {
        if let ended { return ended }
        var status: Int32 = 0
        var termination = Termination.signalled(SIGKILL)
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid { termination = Termination(waitStatus: status) }
            if result == pid || (result < 0 && errno != EINTR) { break }
        }
        ended = termination
        return termination
    }

    /// SIGKILL to the child's process group (a daemon that called setsid() has left it). Nothing once the
    /// child is reaped: its pid and group id may belong to someone else by then.
    func killGroup() {
        guard !reaped else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    var stdout: String { Self.contents(of: stdoutFile) }
    var stderr: String { Self.contents(of: stderrFile) }

    private static func contents(of descriptor: Int32) -> String {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return "" }
        var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size), outputLimit))
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + total }, raw.count - total, off_t(total))
            }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            total += count
        }
        return String(decoding: bytes[..<total], as: UTF8.self)
    }

    /// A temporary file that has no name: nothing to clean up, whatever happens.
    private static func anonymousFile() throws(ExecutionError) -> Int32 {
        let (descriptor, path) = try TemporaryFiles.file(prefix: NSTemporaryDirectory() + "/topoc-output-")
        unlink(path)
        return descriptor
    }

    private static func spawn(
        _ executable: String, _ argv: [String], _ directory: String?, stdout: Int32, stderr: Int32
    ) throws(ExecutionError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        SpawnExtensions.closeFrom(3, &actions)
        if let directory, !SpawnExtensions.changeDirectory(directory, &actions) {
            throw ExecutionError("cannot set the working directory of \(argv.first ?? executable)")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, &arguments, environ)
        guard result == 0 else {
            throw ExecutionError(
                "cannot start \(executable): \(String(cString: strerror(result)))", command: argv)
        }
        return pid
    }
}

/// glibc's posix_spawn extensions that Swift's Glibc module does not show, looked up at run time.
enum SpawnExtensions {
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Addresses as integers (Sendable), looked up once.
    private static let addChdir = symbol("posix_spawn_file_actions_addchdir_np")
    private static let addClosefrom = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol(_ name: String) -> Int? {
        let handle = dlopen(nil, RTLD_NOW)
        defer { if let handle { dlclose(handle) } }
        return dlsym(handle, name).map { Int(bitPattern: $0) }
    }

    /// Whether the child's working directory can be set without a helper (glibc 2.29+).
    static var canChangeDirectory: Bool { addChdir != nil }

    static func changeDirectory(_ directory: String, _ actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let address = addChdir.flatMap(UnsafeMutableRawPointer.init(bitPattern:)) else { return false }
        let function = unsafeBitCast(address, to: AddChdir.self)
        return function(&actions, directory) == 0
    }

    /// Closes every descriptor from `lowest` on in the child (glibc 2.34+); a no-op where unavailable.
    static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        guard let address = addClosefrom.flatMap(UnsafeMutableRawPointer.init(bitPattern:)) else { return }
        let function = unsafeBitCast(address, to: AddClosefrom.self)
        _ = function(&actions, lowest)
    }
}
