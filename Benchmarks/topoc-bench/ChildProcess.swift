// Runs a command as a child process with posix_spawn and reaps it with wait4, which gives the child's own
// resource usage: its peak resident set (ru_maxrss) and CPU times, not those of every child so far.
import Foundation
import Glibc

struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

struct ChildResult {
    /// The exit status, or 128 + the signal when the child was killed.
    var status: Int32
    /// Wall time from just before posix_spawn to the return of wait4.
    var seconds: Double
    /// Peak resident set size of the child, in KiB (Linux reports ru_maxrss in KiB).
    var maxRSSKiB: Int
    var userSeconds: Double
    var systemSeconds: Double
}

enum ChildProcess {
    /// Runs `argv` (argv[0] is a path, not looked up in PATH) with stdin from /dev/null and stdout and stderr
    /// into the given files.
    static func run(_ argv: [String], stdout: String, stderr: String) throws(BenchError) -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let arguments = argv.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments + environment { free(pointer) }
        }

        var pid = pid_t()
        let start = Clock.now()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, arguments, environment)
        guard spawned == 0 else {
            throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let wall = Clock.seconds(since: start)
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return ChildResult(
            status: exitStatus, seconds: wall, maxRSSKiB: Int(usage.ru_maxrss),
            userSeconds: seconds(of: usage.ru_utime), systemSeconds: seconds(of: usage.ru_stime))
    }

    private static func seconds(of time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }

    /// The end of a file written by a child, for error messages.
    static func tail(of path: String, lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
