// Drivers/ owns touching the machine for the `qemu` target: base images (checked or downloaded and
// verified), bridges and taps (`ip`), overlay disks (`qemu-img`), seed ISOs (`genisoimage`), and QEMU
// processes (spawned daemonized, watched over QMP, stopped by QMP then signals). One file per kind of
// resource; the engine decides what to call and in which order.
import Foundation
import TopocEmit
import TopocPlan

/// The real drivers: every call runs host tools through `runner` (optionally inside a network namespace)
/// and waits a bounded time.
public struct HostDrivers: LabDrivers {
    /// How long each kind of wait may last, in seconds.
    public struct Timeouts: Sendable, Equatable {
        /// `ip`, `qemu-img`, `genisoimage`.
        public var tool: Double = 60
        /// QEMU's daemonizing parent to exit, then its pidfile and its QMP socket to answer.
        public var start: Double = 30
        /// With `accel: auto`, how long a QEMU that picked KVM gets to answer before TCG is tried.
        public var kvmProbe: Double = 10
        /// After QMP `quit`, after SIGTERM, after SIGKILL.
        public var quit: Double = 10
        public var terminate: Double = 5
        public var kill: Double = 5
        /// A download's silence before it is abandoned.
        public var downloadIdle: Double = 60

        public init() {}
    }

    public var runner: CommandRunner
    public var timeouts: Timeouts
    /// Shared by copies of these drivers: whether KVM was found not to work.
    let kvmFailure = KVMFailure()

    /// - Parameter commandPrefix: prepended to every command the drivers run, e.g.
    ///   `["ip", "netns", "exec", "lab"]` to build the lab inside a network namespace.
    public init(commandPrefix: [String] = [], timeouts: Timeouts = Timeouts()) {
        runner = CommandRunner(prefix: commandPrefix)
        self.timeouts = timeouts
    }

    func tool(_ argv: [String], in directory: String? = nil) -> HostCommand {
        HostCommand(argv, in: directory, timeout: timeouts.tool)
    }

    public func status(of resource: RecordedResource, lab: LabContext) -> LiveStatus {
        switch resource.id.kind {
        case .image: imageStatus(resource, lab: lab)
        case .bridge, .tap: linkStatus(resource)
        case .vm: vmStatus(resource, lab: lab)
        }
    }
}

extension ExecutionError {
    /// The same error with `context` before its message.
    func prefixed(_ context: String) -> ExecutionError {
        ExecutionError("\(context): \(message)", command: command, stderr: stderr)
    }
}

/// File chores shared by the drivers.
enum Files {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func makeParent(of path: String) throws(ExecutionError) {
        try makeDirectory((path as NSString).deletingLastPathComponent)
    }

    static func makeDirectory(_ path: String) throws(ExecutionError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ExecutionError("cannot create the folder \(path): \(error.localizedDescription)")
        }
    }

    /// Removes `path` if it is there (a file, a socket or a symlink; not a folder's contents).
    static func remove(_ path: String) throws(ExecutionError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw ExecutionError("cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }
}
