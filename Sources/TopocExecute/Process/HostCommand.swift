// Process/HostCommand owns running one host program to completion: PATH lookup (never a shell), an
// optional working directory, a bounded wait that kills the program's process group on timeout, and the
// captured output. Failures are `ExecutionError`s that name the command and carry its stderr.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One host program to run.
public struct HostCommand: Sendable, Equatable {
    /// argv[0] is looked up in PATH (and the sbin directories) unless it contains a slash.
    public var argv: [String]
    /// The working directory; nil keeps the caller's.
    public var directory: String?
    /// Seconds before the program (and its process group) is killed.
    public var timeout: Double

    public init(_ argv: [String], in directory: String? = nil, timeout: Double = 60) {
        self.argv = argv
        self.directory = directory
        self.timeout = timeout
    }
}

/// What a finished program did.
public struct CommandOutput: Sendable, Equatable {
    /// The argv as run (with the runner's prefix).
    public var command: [String]
    /// The program asked for (argv[0] before any prefix), for messages.
    public var program: String
    public var termination: Termination
    public var stdout: String
    public var stderr: String

    public var succeeded: Bool { termination == .exited(0) }
}

/// Runs host programs, each behind an optional argv prefix (e.g. `["ip", "netns", "exec", "ns1"]`, so that
/// everything a driver runs happens inside a network namespace).
public struct CommandRunner: Sendable {
    public var prefix: [String]

    public init(prefix: [String] = []) {
        self.prefix = prefix
    }

    /// Runs `command` and returns how it ended; throws only when it cannot start, times out or is cancelled.
    public func run(_ command: HostCommand) async throws(ExecutionError) -> CommandOutput {
        let running = try start(command)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(command.timeout * 1000))
        var pause = 2
        while true {
            if let termination = running.process.poll() { return running.output(termination) }
            if clock.now >= deadline { throw running.timedOut(after: command.timeout) }
            do {
                try await Task.sleep(for: .milliseconds(pause))
            } catch {
                return try running.cancelled()
            }
            pause = min(pause * 2, 50)
        }
    }

    /// Like `run`, but blocks the calling thread: for short probes from synchronous code.
    public func runBlocking(_ command: HostCommand) throws(ExecutionError) -> CommandOutput {
        let running = try start(command)
        let deadline = Date().addingTimeInterval(command.timeout)
        var pause: UInt32 = 2000
        while true {
            if let termination = running.process.poll() { return running.output(termination) }
            if Date() >= deadline { throw running.timedOut(after: command.timeout) }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Runs `command` and fails unless it exits 0. `doing` says what for ("creating bridge br0").
    @discardableResult
    public func check(_ command: HostCommand, doing: String? = nil) async throws(ExecutionError) -> CommandOutput {
        let result = try await run(command)
        guard result.succeeded else { throw Self.failure(result, doing: doing) }
        return result
    }

    static func failure(_ result: CommandOutput, doing: String?) -> ExecutionError {
        let what = doing.map { "\($0): " } ?? ""
        return ExecutionError(
            "\(what)\(result.program) \(result.termination)", command: result.command, stderr: result.stderr)
    }

    private func start(_ command: HostCommand) throws(ExecutionError) -> Running {
        guard let asked = command.argv.first else { throw ExecutionError("an empty command cannot be run") }
        var argv = prefix + command.argv
        var directory = command.directory
        if let directory, !FileManager.default.fileExists(atPath: directory) {
            throw ExecutionError("the working directory \(directory) does not exist", command: argv)
        }
        if let folder = directory, !SpawnExtensions.canChangeDirectory {
            argv = ["env", "-C", folder] + argv
            directory = nil
        }
        guard let name = argv.first, let executable = Self.locate(name) else {
            throw ExecutionError(
                "\(argv[0]) is not installed (not found in PATH or the sbin directories)", command: argv)
        }
        let process = try SpawnedProcess(executable: executable, argv: argv, directory: directory)
        return Running(process: process, argv: argv, program: (asked as NSString).lastPathComponent)
    }

    /// A started program and what messages call it.
    private struct Running {
        var process: SpawnedProcess
        var argv: [String]
        var program: String

        func output(_ termination: Termination) -> CommandOutput {
            CommandOutput(
                command: argv, program: program, termination: termination, stdout: process.stdout,
                stderr: process.stderr)
        }

        func timedOut(after seconds: Double) -> ExecutionError {
            process.killGroup()
            _ = process.waitBlocking()
            let limit = String(format: "%g", seconds)
            return ExecutionError(
                "\(program) did not finish within \(limit) s and was killed", command: argv, stderr: process.stderr)
        }

        func cancelled() throws(ExecutionError) -> CommandOutput {
            process.killGroup()
            _ = process.waitBlocking()
            throw ExecutionError("\(program) was cancelled", command: argv, stderr: process.stderr)
        }
    }

    /// The absolute path of `name`: itself when it has a slash, else the first executable in PATH, then in
    /// the sbin and bin directories (`ip` lives in /usr/sbin, which a user's PATH may lack).
    public static func locate(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories =
            path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
