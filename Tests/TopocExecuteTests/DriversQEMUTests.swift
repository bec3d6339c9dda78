import Foundation
import TopocPlan
import XCTest

@testable import TopocExecute

/// Real QEMU processes (tiny, diskless, TCG, mostly paused with -S), started and stopped by the drivers;
/// inside a private network namespace when running as root, as the end-to-end tests do.
final class DriversQEMUTests: XCTestCase {
    var namespace: NetworkNamespace?
    /// Pids to kill whatever happens, for processes a test started itself.
    var strays: [pid_t] = []

    override func setUpWithError() throws {
        try DriverTools.require("qemu-system-x86_64")
        if geteuid() == 0 { namespace = try NetworkNamespace() }
    }

    override func tearDown() {
        // Only what is still a QEMU: a pid that was stopped may belong to someone else by now.
        for pid in strays where pid > 0 && ProcessTable.isRunning(pid) {
            if ProcessTable.commandLine(of: pid)?.first?.contains("qemu") ?? false { kill(pid, SIGKILL) }
        }
        namespace = nil
    }

    var drivers: HostDrivers { HostDrivers(commandPrefix: namespace?.prefix ?? []) }

    func testStartsAndStopsAVM() async throws {
        let lab = try DriverLab()
        try lab.addVM("t1", argv: DriverLab.tinyArgv("t1"), directories: ["links"])
        let vm = try lab.resource(.vm, "t1")
        let hook = RecordingHook()

        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: hook)
        let pid = try XCTUnwrap(attributes["pid"].flatMap { pid_t($0) })
        strays.append(pid)
        XCTAssertEqual(attributes["accel"], "tcg")
        XCTAssertEqual(attributes["pidfile"], "vms/t1/qemu.pid")
        XCTAssertTrue(ProcessTable.isRunning(pid))
        XCTAssertTrue(ProcessTable.commandLine(of: pid)?.contains("guest=t1,debug-threads=on") ?? false)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lab.path("links")), "runtime folders are made")
        XCTAssertEqual(hook.events, [])
        let recorded = vm.recorded(with: attributes)
        XCTAssertEqual(drivers.status(of: recorded, lab: lab.context), .present)
        do {
            let client = try QMPClient(path: lab.path("vms/t1/qmp.sock"))
            XCTAssertEqual(try client.status(), "prelaunch")
            XCTAssertNotNil(client.greeting["QMP"])
            XCTAssertThrowsError(try client.execute("no-such-command")) { error in
                XCTAssertTrue("\(error)".contains("no-such-command failed"), "\(error)")
            }
        }

        try await drivers.stopVM(recorded, lab: lab.context)
        XCTAssertFalse(ProcessTable.isRunning(pid))
        XCTAssertEqual(drivers.status(of: recorded, lab: lab.context), .missing("QEMU process \(pid) is not running"))
        try await drivers.stopVM(recorded, lab: lab.context)
    }

    func testARunningGuestIsReportedRunning() async throws {
        let lab = try DriverLab()
        try lab.addVM("t2", argv: DriverLab.tinyArgv("t2", paused: false))
        let vm = try lab.resource(.vm, "t2")
        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
        strays += [attributes["pid"].flatMap { pid_t($0) } ?? 0]
        XCTAssertEqual(try QMPClient(path: lab.path("vms/t2/qmp.sock")).status(), "running")
        try await drivers.stopVM(vm.recorded(with: attributes), lab: lab.context)
    }

    /// `accel: auto` lists KVM then TCG. Where /dev/kvm opens but KVM then fails (this test machine), QEMU
    /// dies and the driver starts it again with TCG alone, saying so; where KVM works, it is used; where
    /// /dev/kvm cannot be opened, QEMU takes TCG by itself.
    func testAutoAccelFallsBackToTCGWhenKVMFails() async throws {
        let lab = try DriverLab()
        let auto = ["-accel", "kvm", "-accel", "tcg"]
        try lab.addVM("t3", argv: DriverLab.tinyArgv("t3", accel: auto))
        try lab.addVM("t3b", argv: DriverLab.tinyArgv("t3b", accel: auto))
        let drivers = self.drivers
        let vm = try lab.resource(.vm, "t3")
        let hook = RecordingHook()
        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: hook)
        let pid = try XCTUnwrap(attributes["pid"].flatMap { pid_t($0) })
        strays.append(pid)
        let argv = try XCTUnwrap(ProcessTable.commandLine(of: pid))
        // The second VM: started on TCG at once when KVM failed for the first.
        let other = try lab.resource(.vm, "t3b")
        let otherHook = RecordingHook()
        let otherAttributes = try await drivers.startVM(other, lab: lab.context, hook: otherHook)
        strays += [otherAttributes["pid"].flatMap { pid_t($0) } ?? 0]
        XCTAssertEqual(otherAttributes["accel"], attributes["accel"])

        // Without access to /dev/kvm, QEMU itself moves on to TCG: nothing to fall back from.
        if attributes["accel"] == "tcg" && access("/dev/kvm", R_OK | W_OK) == 0 {
            XCTAssertEqual(hook.notes.count, 1, "\(hook.notes)")
            let note = hook.notes.first ?? ""
            XCTAssertTrue(note.hasPrefix("vm:t3: KVM did not work (") && note.hasSuffix("); using TCG"), note)
            XCTAssertFalse(argv.contains("kvm"), "\(argv)")
            XCTAssertTrue(argv.contains("max"), "-cpu max is kept: \(argv)")
            let reason = note.dropFirst("vm:t3: KVM did not work ".count)
            XCTAssertEqual(otherHook.notes, ["vm:t3b: KVM did not work here \(reason)"])
        } else {
            XCTAssertEqual(hook.notes, [])
            XCTAssertEqual(otherHook.notes, [])
        }
        try await drivers.stopVM(vm.recorded(with: attributes), lab: lab.context)
        try await drivers.stopVM(other.recorded(with: otherAttributes), lab: lab.context)
    }

    func testTheFallbackDropsOnlyTheKVMChoice() {
        let auto = ["qemu", "-accel", "kvm", "-accel", "tcg", "-cpu", "max"]
        XCTAssertEqual(AccelFallback.tcgOnly(auto), ["qemu", "-accel", "tcg", "-cpu", "max"])
        XCTAssertNil(AccelFallback.tcgOnly(["qemu", "-accel", "kvm", "-cpu", "host"]))
        XCTAssertNil(AccelFallback.tcgOnly(["qemu", "-accel", "tcg"]))
        XCTAssertEqual(
            AccelFallback.tcgOnly(["q", "-accel", "kvm,kernel-irqchip=on", "-accel", "tcg,thread=multi"]),
            ["q", "-accel", "tcg,thread=multi"])
    }

    func testAFailedStartReportsQEMUsErrorAndLeavesNothing() async throws {
        let lab = try DriverLab()
        try lab.addVM("t4", argv: DriverLab.tinyArgv("t4", extra: ["-device", "topoc-no-such-device"]))
        let vm = try lab.resource(.vm, "t4")
        do {
            _ = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
            XCTFail("QEMU started with a device that does not exist")
        } catch {
            XCTAssertEqual(error.message, "starting vm t4: qemu-system-x86_64 exited with status 1")
            XCTAssertTrue(error.stderr?.contains("topoc-no-such-device") ?? false, "\(error)")
            XCTAssertEqual(error.command?.last, "topoc-no-such-device")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: lab.path("vms/t4/qemu.pid")))
    }

    func testStaleFilesAndAnEarlierQEMUAreCleanedUpBeforeAStart() async throws {
        let lab = try DriverLab()
        try lab.addVM("t5", argv: DriverLab.tinyArgv("t5"))
        let vm = try lab.resource(.vm, "t5")
        try FileManager.default.createDirectory(atPath: lab.path("vms/t5"), withIntermediateDirectories: true)
        try "999999\n".write(toFile: lab.path("vms/t5/qemu.pid"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: lab.path("vms/t5/qmp.sock"), contents: Data("stale".utf8))

        let first = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
        let firstPid = try XCTUnwrap(first["pid"].flatMap { pid_t($0) })
        strays.append(firstPid)

        let hook = RecordingHook()
        let second = try await drivers.startVM(vm, lab: lab.context, hook: hook)
        let secondPid = try XCTUnwrap(second["pid"].flatMap { pid_t($0) })
        strays.append(secondPid)
        XCTAssertNotEqual(firstPid, secondPid)
        XCTAssertFalse(ProcessTable.isRunning(firstPid))
        XCTAssertEqual(hook.notes, ["vm:t5: an earlier QEMU (pid \(firstPid)) was still running: stopping it"])
        try await drivers.stopVM(vm.recorded(with: second), lab: lab.context)
    }

    /// A QMP socket serves one client: with another one connected, stopping falls back to SIGTERM.
    func testStopsAVMWhoseMonitorIsBusy() async throws {
        let lab = try DriverLab()
        try lab.addVM("t6", argv: DriverLab.tinyArgv("t6"))
        let vm = try lab.resource(.vm, "t6")
        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
        let pid = try XCTUnwrap(attributes["pid"].flatMap { pid_t($0) })
        strays.append(pid)
        let holder = try QMPClient(path: lab.path("vms/t6/qmp.sock"))
        XCTAssertThrowsError(try QMPClient(path: lab.path("vms/t6/qmp.sock"), timeout: 0.5)) { error in
            XCTAssertTrue("\(error)".contains("QMP greeting"), "\(error)")
        }
        let started = Date()
        try await drivers.stopVM(vm.recorded(with: attributes), lab: lab.context)
        XCTAssertFalse(ProcessTable.isRunning(pid))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        _ = holder
    }

    /// A pid recorded for a VM that has since been reused by another program is neither "present" nor
    /// signalled.
    func testARecycledPidIsNeverSignalled() async throws {
        let lab = try DriverLab()
        try lab.addVM("t7", argv: DriverLab.tinyArgv("t7"))
        let sleeper = try SpawnedProcess(executable: "/bin/sleep", argv: ["sleep", "30"], directory: nil)
        defer {
            sleeper.killGroup()
            _ = sleeper.waitBlocking()
        }
        let recorded = try lab.resource(.vm, "t7").recorded(with: ["pid": String(sleeper.pid)])
        try FileManager.default.createDirectory(atPath: lab.path("vms/t7"), withIntermediateDirectories: true)
        try "\(sleeper.pid)\n".write(toFile: lab.path("vms/t7/qemu.pid"), atomically: true, encoding: .utf8)
        XCTAssertEqual(
            drivers.status(of: recorded, lab: lab.context), .missing("QEMU process \(sleeper.pid) is not running"))
        try await drivers.stopVM(recorded, lab: lab.context)
        XCTAssertNil(sleeper.poll(), "sleep was signalled")
    }

    /// QEMU gets relative paths (it runs in the lab folder); our QMP client needs the absolute one, which
    /// here is longer than a UNIX socket address holds.
    func testAVMInADeepFolderIsStillReachedOverQMP() async throws {
        let lab = try DriverLab(name: String(repeating: "deep", count: 20))
        try lab.addVM("t8", argv: DriverLab.tinyArgv("t8"))
        XCTAssertGreaterThan(lab.path("vms/t8/qmp.sock").utf8.count, QMPClient.maximumPathLength)
        let vm = try lab.resource(.vm, "t8")
        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
        strays += [attributes["pid"].flatMap { pid_t($0) } ?? 0]
        XCTAssertEqual(try QMPClient(path: lab.path("vms/t8/qmp.sock")).status(), "prelaunch")
        try await drivers.stopVM(vm.recorded(with: attributes), lab: lab.context)
        XCTAssertEqual(
            drivers.status(of: vm.recorded(with: attributes), lab: lab.context),
            .missing(
                "QEMU process \(attributes["pid"] ?? "") is not running"))
    }

    /// Bridge, tap and a QEMU using the tap, all in the namespace: the whole bridge-mode chain.
    func testAVMOnATapInsideTheNamespace() async throws {
        try DriverTools.requireRoot("creates a bridge and a tap")
        let lab = try DriverLab()
        try lab.addNetwork(bridge: "tdbr0", mtu: 1500, address: "192.0.2.1/24", taps: ["tdtap0"])
        let netdev = ["-netdev", "tap,id=net0,ifname=tdtap0,script=no,downscript=no"]
        try lab.addVM(
            "t9", argv: DriverLab.tinyArgv("t9", extra: netdev + ["-device", "virtio-net-pci,netdev=net0"]),
            taps: ["tdtap0"])
        let drivers = self.drivers
        let bridge = try lab.resource(.bridge, "tdbr0")
        let tap = try lab.resource(.tap, "tdtap0")
        let vm = try lab.resource(.vm, "t9")
        XCTAssertEqual(vm.dependencies, [ResourceID(.image, "base"), tap.id])
        _ = try await drivers.createBridge(bridge, lab: lab.context)
        _ = try await drivers.createTap(tap, lab: lab.context)
        let attributes = try await drivers.startVM(vm, lab: lab.context, hook: RecordingHook())
        strays += [attributes["pid"].flatMap { pid_t($0) } ?? 0]
        do {
            let client = try QMPClient(path: lab.path("vms/t9/qmp.sock"))
            let network = try client.execute("human-monitor-command", arguments: ["command-line": "info network"])
            XCTAssertTrue((network as? String)?.contains("ifname=tdtap0") ?? false, "\(network)")
        }
        try await drivers.stopVM(vm.recorded(with: attributes), lab: lab.context)
        try await drivers.deleteLink(tap.recorded(), lab: lab.context)
        try await drivers.deleteLink(bridge.recorded(), lab: lab.context)
    }
}
