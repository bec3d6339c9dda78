// Process/ProcessTable owns reading /proc: whether a pid is a live process (a zombie is not), its command
// line, and this process's effective capabilities.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

public enum ProcessTable {
    /// The one-letter state from /proc/PID/stat (`R`, `S`, `Z`, …), nil when there is no such process.
    public static func state(of pid: pid_t) -> Character? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return nil
        }
        // The command name in parentheses may hold spaces and parentheses: the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[close...].dropFirst().first { $0 != " " }
    }

    /// Whether `pid` is a process that has not ended. A daemon that quit stays a zombie until its parent
    /// (often init, in a container slow to reap) collects it: that counts as ended.
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let state = state(of: pid) else { return false }
        return state != "Z" && state != "X" && state != "x"
    }

    /// The arguments of `pid`, argv[0] first; nil when it is gone or unreadable.
    public static func commandLine(of pid: pid_t) -> [String]? {
        guard pid > 0, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
            return nil
        }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// CapEff of this process, from /proc/self/status.
    public static func effectiveCapabilities() -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return capabilities(inStatus: status)
    }

    static func capabilities(inStatus status: String) -> UInt64? {
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return nil
    }

    /// CAP_NET_ADMIN's bit number.
    public static let netAdmin = 12
}
