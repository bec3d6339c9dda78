// Drivers/QEMUInstance owns finding a VM's QEMU process and making sure it is ours before anything signals
// it: a recorded or pidfile pid counts only if /proc shows a live (not zombie) QEMU whose command line names
// this VM (its pidfile or `guest=<name>`, and its UUID when both sides know it). A recycled pid is left alone.
import Foundation
import TopocPlan

#if canImport(Glibc)
    import Glibc
#endif

struct QEMUInstance {
    var name: String
    /// The pidfile as written in QEMU's argv (relative to the lab directory).
    var pidfile: String
    var pidfilePath: String
    var qmpPath: String
    /// `-uuid`'s value in the command line, when known.
    var uuid: String?

    init(name: String, pidfile: String, qmp: String, argv: [String], lab: LabContext) {
        self.name = name
        self.pidfile = pidfile
        pidfilePath = lab.path(pidfile)
        qmpPath = lab.path(qmp)
        uuid = Self.option("-uuid", in: argv)
    }

    /// The instance a state file describes; nil when it does not say where the pidfile is.
    init?(recorded vm: RecordedResource, lab: LabContext) {
        guard let pidfile = vm.attributes["pidfile"], let qmp = vm.attributes["qmp"] else { return nil }
        let command = (vm.attributes["command"] ?? "").split(separator: " ").map(String.init)
        self.init(name: vm.id.name, pidfile: pidfile, qmp: qmp, argv: command, lab: lab)
    }

    static func option(_ name: String, in argv: [String]) -> String? {
        guard let index = argv.firstIndex(of: name), index + 1 < argv.count else { return nil }
        return argv[index + 1]
    }

    /// Whether `pid` is a live QEMU started for this VM.
    func isOurs(_ pid: pid_t) -> Bool {
        guard ProcessTable.isRunning(pid), let arguments = ProcessTable.commandLine(of: pid),
            let program = arguments.first, (program as NSString).lastPathComponent.contains("qemu")
        else { return false }
        let named = arguments.contains { $0 == "guest=\(name)" || $0.hasPrefix("guest=\(name),") }
        guard named || arguments.contains(pidfile) || arguments.contains(pidfilePath) else { return false }
        if let uuid, let theirs = Self.option("-uuid", in: arguments), theirs != uuid { return false }
        return true
    }

    /// The pid in the pidfile, if it holds one.
    func pidFromFile() -> pid_t? {
        guard let text = try? String(contentsOfFile: pidfilePath, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Our live QEMU processes: the recorded pid and the pidfile's, without duplicates.
    func running(recorded: String?) -> [pid_t] {
        var pids: [pid_t] = []
        for pid in [recorded.flatMap { pid_t($0) }, pidFromFile()].compactMap({ $0 }) where !pids.contains(pid) {
            if isOurs(pid) { pids.append(pid) }
        }
        return pids
    }

    /// Waits until none of `pids` runs (a zombie has ended); true if that happened in time.
    func waitGone(_ pids: [pid_t], seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if !pids.contains(where: ProcessTable.isRunning) { return true }
            if Date() >= deadline { return false }
            await Self.pause(milliseconds: 50)
        }
    }

    /// Sleeps; a cancelled task still waits (bounded waits stay bounded, and do not spin).
    static func pause(milliseconds: Int) async {
        do {
            try await Task.sleep(for: .milliseconds(milliseconds))
        } catch {
            usleep(UInt32(milliseconds) * 1000)
        }
    }

    /// Sends `signal` to those of `pids` that are still our QEMU.
    func signal(_ pids: [pid_t], _ signal: Int32) {
        for pid in pids where isOurs(pid) { _ = kill(pid, signal) }
    }

    /// Removes what a stopped QEMU may leave behind, so the next one starts clean.
    func removeRuntimeFiles() {
        try? Files.remove(pidfilePath)
        try? Files.remove(qmpPath)
    }
}
