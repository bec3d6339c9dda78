// Starts emitted QEMU command lines for real (paused with -S, so no guest boots) and guarantees they stop:
// every started VM is quit over QMP, and killed if it does not exit, when the launcher is torn down.
import Foundation
import TopocModel

#if canImport(Glibc)
    import Glibc
#endif

final class QEMULauncher {
    /// QEMU's QMP socket serves one client at a time, so the launcher's client is the one tests use too.
    private var started: [(name: String, pid: pid_t, client: QMPClient)] = []
    let lab: LabDirectory
    /// Runs every QEMU inside this network namespace (`ip netns exec`), when set.
    let namespace: String?

    init(lab: LabDirectory, namespace: String? = nil) {
        self.lab = lab
        self.namespace = namespace
    }

    /// Starts `argv` (with `-S` added) in the lab directory, waits for the daemon, and connects to its QMP.
    @discardableResult
    func start(_ vm: ResolvedVM, argv: [String]) throws -> QMPClient {
        try launch(vm, command: argv + ["-S"], in: lab.url)
    }

    /// Starts the VM through its emitted `qemu.sh` (with `-S` and `extra` as its arguments), from another
    /// directory: the script must find the lab directory itself.
    @discardableResult
    func startScript(_ vm: ResolvedVM, extra: [String] = []) throws -> QMPClient {
        let script = lab.file("\(vm.paths.directory)/qemu.sh").path
        return try launch(vm, command: ["sh", script, "-S"] + extra, in: URL(fileURLWithPath: "/"))
    }

    private func launch(_ vm: ResolvedVM, command: [String], in directory: URL) throws -> QMPClient {
        let prefix = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        try HostTools.checkDaemonizing(prefix + command, in: directory)
        let pidText = try String(contentsOf: lab.file(vm.paths.pidfile), encoding: .utf8)
        guard let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ToolFailure(description: "\(vm.name): unreadable pidfile '\(pidText)'")
        }
        let client = try QMPClient(path: lab.file(vm.paths.qmp).path)
        started.append((vm.name, pid, client))
        return client
    }

    /// Quits every VM (last started first), killing any that does not exit within a few seconds.
    func stopAll() {
        for vm in started.reversed() {
            _ = try? vm.client.execute("quit")
            if !waitForExit(vm.pid, seconds: 5) {
                kill(vm.pid, SIGKILL)
                _ = waitForExit(vm.pid, seconds: 2)
            }
        }
        started = []
    }

    /// The daemon is not our child: once it exits it is a zombie until init reaps it, which can take a while
    /// in a container, so a zombie counts as gone.
    func waitForExit(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "Z" { return true }
            usleep(50_000)
        }
        return false
    }

    var pids: [pid_t] { started.map(\.pid) }
}
