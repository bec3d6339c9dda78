// Drivers/QEMUDriver owns QEMU processes: started from the VM's `qemu.json` argv in the lab directory
// (where its relative paths point), daemonized, and trusted only once QMP answers `query-status`; stopped
// with QMP `quit`, then SIGTERM, then SIGKILL, each wait bounded. With `accel: auto` (`-accel kvm -accel tcg`)
// a QEMU that picks KVM and then fails is retried once with TCG alone.
import Foundation
import TopocEmit
import TopocPlan

#if canImport(Glibc)
    import Glibc
#endif

/// A start that failed, and whether KVM may be to blame (so that TCG is worth a try).
struct LaunchFailure: Error {
    var error: ExecutionError
    var mayBeKVM: Bool

    /// In a few words, for the note: QEMU's line about KVM, else its first line, else our message.
    var reason: String {
        let lines = (error.stderr ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.first { $0.lowercased().contains("kvm") } ?? lines.first { !$0.isEmpty }
        return line ?? error.message
    }
}

extension HostDrivers {
    public func startVM(_ vm: DesiredResource, lab: LabContext, hook: any ProgressHook) async throws(ExecutionError)
        -> [String: String]
    {
        let spec = try lab.vmSpec(vm)
        let argv = try lab.argv(vm)
        let instance = QEMUInstance(
            name: spec.name, pidfile: spec.runtime.pidfile, qmp: spec.runtime.qmp, argv: argv, lab: lab)
        for folder in spec.runtime.directories { try Files.makeDirectory(lab.path(folder)) }
        for file in [spec.runtime.pidfile, spec.runtime.qmp, spec.runtime.serialLog] {
            try Files.makeParent(of: lab.path(file))
        }
        let leftovers = instance.running(recorded: nil)
        if !leftovers.isEmpty {
            hook.event(.note("\(vm.id): an earlier QEMU (pid \(Self.list(leftovers))) was still running: stopping it"))
            try await stop(instance, pids: leftovers)
        }
        let attempt = Attempt(vm: vm.id, instance: instance, spec: spec, lab: lab, hook: hook)
        guard let tcgOnly = AccelFallback.tcgOnly(argv) else { return try await attempt.once(argv, drivers: self) }
        if let reason = kvmFailure.reason {
            hook.event(.note("\(vm.id): KVM did not work here (\(reason)); using TCG"))
            return try await attempt.once(tcgOnly, drivers: self)
        }
        return try await attempt.preferringKVM(argv, tcgOnly: tcgOnly, drivers: self)
    }

    public func stopVM(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        guard let instance = QEMUInstance(recorded: vm, lab: lab) else { return }
        let pids = instance.running(recorded: vm.attributes["pid"])
        guard !pids.isEmpty else { return }
        try await stop(instance, pids: pids)
    }

    func vmStatus(_ vm: RecordedResource, lab: LabContext) -> LiveStatus {
        let recorded = vm.attributes["pid"]
        guard let instance = QEMUInstance(recorded: vm, lab: lab) else {
            return .missing("the state of \(vm.id) does not say where its pidfile is")
        }
        if !instance.running(recorded: recorded).isEmpty { return .present }
        if let recorded { return .missing("QEMU process \(recorded) is not running") }
        return .missing("no QEMU process is running for \(vm.id)")
    }

    /// QMP `quit` (SIGTERM straight away when QMP does not answer), then SIGTERM, then SIGKILL.
    func stop(_ instance: QEMUInstance, pids: [pid_t]) async throws(ExecutionError) {
        var quitSent = false
        if let client = try? QMPClient(path: instance.qmpPath, timeout: 3) {
            quitSent = (try? client.execute("quit", timeout: 3)) != nil
        }
        if quitSent, await instance.waitGone(pids, seconds: timeouts.quit) { return }
        instance.signal(pids, SIGTERM)
        if await instance.waitGone(pids, seconds: timeouts.terminate) { return }
        instance.signal(pids, SIGKILL)
        if await instance.waitGone(pids, seconds: timeouts.kill) { return }
        throw ExecutionError("vm \(instance.name): QEMU (pid \(Self.list(pids))) is still running after SIGKILL")
    }

    /// One attempt: spawn, wait for the daemonizing parent, read the pidfile, wait for QMP to answer.
    /// A failed attempt leaves no QEMU and no runtime files behind.
    fileprivate func launch(_ argv: [String], _ instance: QEMUInstance, spec: VMSpec, lab: LabContext, probing: Bool)
        async throws(LaunchFailure) -> [String: String]
    {
        instance.removeRuntimeFiles()
        do throws(LaunchFailure) {
            let pid = try await spawn(argv, instance, lab: lab, probing: probing)
            let accel = try await waitForQMP(instance, pid: pid, seconds: probing ? timeouts.kvmProbe : timeouts.start)
            return [
                "pid": String(pid), "accel": accel, "pidfile": spec.runtime.pidfile, "qmp": spec.runtime.qmp,
                "serial": spec.runtime.serialLog,
            ]
        } catch {
            await discard(instance)
            throw error
        }
    }

    private func spawn(_ argv: [String], _ instance: QEMUInstance, lab: LabContext, probing: Bool)
        async throws(LaunchFailure) -> pid_t
    {
        let command = HostCommand(argv, in: lab.directory.path, timeout: probing ? timeouts.kvmProbe : timeouts.start)
        let result: CommandOutput
        do {
            result = try await runner.run(command)
        } catch {
            throw LaunchFailure(error: error.prefixed("starting vm \(instance.name)"), mayBeKVM: true)
        }
        guard result.succeeded else {
            let error = CommandRunner.failure(result, doing: "starting vm \(instance.name)")
            throw LaunchFailure(error: error, mayBeKVM: result.stderr.lowercased().contains("kvm"))
        }
        // The daemonizing parent exits once the pidfile is written; allow a moment for slow file systems.
        for _ in 0..<50 {
            if let pid = instance.pidFromFile() { return pid }
            await QEMUInstance.pause(milliseconds: 20)
        }
        let error = ExecutionError("vm \(instance.name): QEMU started but wrote no pidfile at \(instance.pidfilePath)")
        throw LaunchFailure(error: error, mayBeKVM: true)
    }

    /// Waits until QMP answers and QEMU is running (or paused before its first instruction, `-S`); returns
    /// the accelerator in use.
    private func waitForQMP(_ instance: QEMUInstance, pid: pid_t, seconds: Double) async throws(LaunchFailure) -> String
    {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError = "no answer yet"
        while true {
            guard instance.isOurs(pid) else {
                let error = ExecutionError("vm \(instance.name): QEMU (pid \(pid)) exited right after starting")
                throw LaunchFailure(error: error, mayBeKVM: true)
            }
            do {
                let client = try QMPClient(
                    path: instance.qmpPath, timeout: max(min(deadline.timeIntervalSinceNow, 5), 0.5))
                let status = try client.status()
                guard ["running", "prelaunch"].contains(status) else {
                    let error = ExecutionError("vm \(instance.name): QEMU is in state \(status), not running")
                    throw LaunchFailure(error: error, mayBeKVM: true)
                }
                let kvm = (try? client.execute("query-kvm")) as? [String: Any]
                return (kvm?["enabled"] as? Bool) == true ? "kvm" : "tcg"
            } catch let error as LaunchFailure {
                throw error
            } catch let error as ExecutionError {
                lastError = error.message
            } catch {
                lastError = "\(error)"
            }
            guard Date() < deadline else {
                let limit = String(format: "%g", seconds)
                let error = ExecutionError("vm \(instance.name): QMP did not answer within \(limit) s: \(lastError)")
                throw LaunchFailure(error: error, mayBeKVM: true)
            }
            await QEMUInstance.pause(milliseconds: 100)
        }
    }

    /// Kills what a failed attempt left running and removes its runtime files.
    private func discard(_ instance: QEMUInstance) async {
        let pids = instance.running(recorded: nil)
        instance.signal(pids, SIGKILL)
        _ = await instance.waitGone(pids, seconds: timeouts.kill)
        instance.removeRuntimeFiles()
    }

    static func list(_ pids: [pid_t]) -> String { pids.map(String.init).joined(separator: ", ") }
}

/// Starting one VM: a single attempt, or KVM first and TCG if KVM fails (`accel: auto`).
private struct Attempt {
    var vm: ResourceID
    var instance: QEMUInstance
    var spec: VMSpec
    var lab: LabContext
    var hook: any ProgressHook

    func once(_ argv: [String], drivers: HostDrivers) async throws(ExecutionError) -> [String: String] {
        do throws(LaunchFailure) {
            return try await drivers.launch(argv, instance, spec: spec, lab: lab, probing: false)
        } catch {
            throw error.error
        }
    }

    func preferringKVM(_ argv: [String], tcgOnly: [String], drivers: HostDrivers) async throws(ExecutionError)
        -> [String: String]
    {
        let first: LaunchFailure
        do throws(LaunchFailure) {
            return try await drivers.launch(argv, instance, spec: spec, lab: lab, probing: true)
        } catch {
            guard error.mayBeKVM else { throw error.error }
            first = error
        }
        do throws(LaunchFailure) {
            let attributes = try await drivers.launch(tcgOnly, instance, spec: spec, lab: lab, probing: false)
            drivers.kvmFailure.record(first.reason)
            hook.event(.note("\(vm): KVM did not work (\(first.reason)); using TCG"))
            return attributes
        } catch {
            var retry = error.error
            retry.message += " (with TCG only; the first attempt, with KVM, failed too: \(first.reason))"
            throw retry
        }
    }
}

/// What these drivers learnt about KVM: once a QEMU that picked it failed and TCG worked, the next VMs
/// with `accel: auto` start on TCG straight away.
final class KVMFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: String?

    var reason: String? { lock.withLock { recorded } }

    func record(_ reason: String) { lock.withLock { recorded = reason } }
}

/// `accel: auto` is emitted as `-accel kvm -accel tcg`: QEMU takes KVM whenever /dev/kvm opens, even where
/// KVM then fails (a nested or broken hypervisor). The fallback drops the KVM choice and keeps the rest.
enum AccelFallback {
    /// `argv` without its `-accel kvm` when it also offers `-accel tcg`; nil when there is no such choice.
    static func tcgOnly(_ argv: [String]) -> [String]? {
        let accelerators = argv.indices.dropLast().filter { argv[$0] == "-accel" }
        func named(_ index: Int, _ name: String) -> Bool {
            argv[index + 1] == name || argv[index + 1].hasPrefix(name + ",")
        }
        guard let kvm = accelerators.first(where: { named($0, "kvm") }),
            accelerators.contains(where: { named($0, "tcg") })
        else { return nil }
        var result = argv
        result.removeSubrange(kvm...(kvm + 1))
        return result
    }
}
