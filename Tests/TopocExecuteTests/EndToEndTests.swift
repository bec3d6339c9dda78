import Foundation
import XCTest

@testable import TopocExecute

/// `topoc apply` for real: two Debian guests with real cloud-init boot from the emitted argv and seeds inside
/// a network namespace made by the test, reach each other over the declared network, and the lab survives
/// changes, drift, a failed apply, a concurrent apply and a destroy that leaves nothing behind.
final class EndToEndTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var lab: URL { folder.appendingPathComponent("lab") }
    private let booted = ["TOPOC-PEER-OK", "finished at", "DataSourceNoCloud"]
    private static let cmdline = "\"root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600\""

    override func setUpWithError() throws {
        try DriverTools.requireRoot("bridges, taps and network namespaces")
        try DriverTools.require("qemu-system-x86_64", "qemu-img", "genisoimage", "ip")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let state = try? String(contentsOf: lab.appendingPathComponent("state.json"), encoding: .utf8),
            !state.isEmpty
        {
            _ = try? EndToEnd.topoc(
                ["destroy", "--state", lab.appendingPathComponent("state.json").path, "--auto-approve"], netns: nil,
                expect: nil)
        }
        for process in EndToEnd.qemuProcesses(lab: lab) {
            if let pid = Int32(process.split(separator: " ").first ?? "") { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    func testTwoVMsOnABridgeBootReachEachOtherAndTheLabConverges() throws {
        _ = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let file = try EndToEnd.lab(in: folder)
        try EndToEnd.topoc(["apply", file, "--out", lab.path, "--auto-approve"], netns: netns)

        for vm in ["vm1", "vm2"] {
            let log = try EndToEnd.waitFor(booted, in: lab.appendingPathComponent("vms/\(vm)/serial.log"), seconds: 300)
            XCTAssertTrue(log.contains("inet 192.0.2.1\(vm == "vm1" ? "0" : "1")/24"), "\(vm) got its declared address")
        }
        for address in ["192.0.2.10", "192.0.2.11"] {
            try DriverTools.check(netns.prefix + ["ping", "-c", "2", "-W", "3", address])
        }
        let noChanges = try EndToEnd.topoc(["diff", file, "--out", lab.path, "--detailed-exitcode"], netns: netns)
        XCTAssertTrue(noChanges.stdout.contains("No changes"))

        try checkMemoryChangeReplacesOneVM(netns: netns)
        try checkKilledVMIsRepaired(netns: netns, file: file)
        try checkConcurrentApplyIsRefused(netns: netns, file: file)
        try checkDestroyLeavesNothing(netns: netns, file: file)
    }

    private func checkMemoryChangeReplacesOneVM(netns: NetworkNamespace) throws {
        let before = (EndToEnd.pid(of: "vm1", lab: lab), EndToEnd.pid(of: "vm2", lab: lab))
        let changed = try EndToEnd.lab(in: folder, named: "changed.yaml") {
            $0.replacingOccurrences(of: "  vm2:\n    networks:", with: "  vm2:\n    memory: 640MiB\n    networks:")
        }
        let output = try EndToEnd.topoc(["apply", changed, "--out", lab.path, "--auto-approve"], netns: netns)
        XCTAssertTrue(output.stdout.contains("vm:vm2 (replace)"), output.stdout)
        XCTAssertTrue(output.stdout.contains("`-m 512M` -> `-m 640M`"), output.stdout)
        XCTAssertFalse(output.stdout.contains("vm:vm1"), "vm1 is untouched: \(output.stdout)")
        XCTAssertEqual(EndToEnd.pid(of: "vm1", lab: lab), before.0, "vm1's QEMU kept its pid")
        XCTAssertNotEqual(EndToEnd.pid(of: "vm2", lab: lab), before.1, "vm2's QEMU was replaced")
        XCTAssertTrue(EndToEnd.pid(of: "vm2", lab: lab).map(EndToEnd.isRunning) ?? false)
    }

    private func checkKilledVMIsRepaired(netns: NetworkNamespace, file: String) throws {
        let pid = try XCTUnwrap(EndToEnd.pid(of: "vm1", lab: lab))
        kill(pid, SIGKILL)
        Thread.sleep(forTimeInterval: 1)
        let drift = try EndToEnd.topoc(
            ["diff", file, "--out", lab.path, "--detailed-exitcode"], netns: netns, expect: 2)
        XCTAssertTrue(drift.stdout.contains("drift: QEMU process \(pid) is not running"), drift.stdout)
        try EndToEnd.topoc(["apply", file, "--out", lab.path, "--auto-approve"], netns: netns)
        let repaired = try XCTUnwrap(EndToEnd.pid(of: "vm1", lab: lab))
        XCTAssertNotEqual(repaired, pid)
        XCTAssertTrue(EndToEnd.isRunning(repaired))
    }

    /// A second apply while one holds the lab's lock is refused with a clear message.
    private func checkConcurrentApplyIsRefused(netns: NetworkNamespace, file: String) throws {
        let lock = try LabLock(lab: "e2e-two-vms", directory: lab)
        defer { lock.release() }
        let refused = try EndToEnd.topoc(["apply", file, "--out", lab.path, "--auto-approve"], netns: netns, expect: 1)
        XCTAssertTrue(refused.stderr.contains("is locked by another topoc"), refused.stderr)
    }

    private func checkDestroyLeavesNothing(netns: NetworkNamespace, file: String) throws {
        try FileManager.default.removeItem(atPath: file)
        let state = lab.appendingPathComponent("state.json").path
        try EndToEnd.topoc(["destroy", "--state", state, "--auto-approve"], netns: netns)
        XCTAssertEqual(EndToEnd.qemuProcesses(lab: lab), [])
        let links = try DriverTools.check(netns.prefix + ["ip", "-br", "link"]).stdout
        XCTAssertEqual(links.split(separator: "\n").map { $0.split(separator: " ").first ?? "" }, ["lo"])
        for vm in ["vm1", "vm2"] {
            for leftover in ["disk.qcow2", "seed.iso", "qemu.pid", "qmp.sock"] {
                XCTAssertFalse(
                    FileManager.default.fileExists(atPath: lab.appendingPathComponent("vms/\(vm)/\(leftover)").path))
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: state))
    }

    /// A step fails in the middle (vm2's kernel is missing): vm1 comes up, the state records it, and the next
    /// apply with the kernel back converges.
    func testAFailedApplyIsRecordedAndTheNextApplyConverges() throws {
        let image = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let kernel = image.appendingPathComponent("vmlinuz").path
        let broken = try labWithSecondImage(kernel: "/nonexistent/vmlinuz", image: image)
        let failed = try EndToEnd.topoc(
            ["apply", broken, "--out", lab.path, "--auto-approve"], netns: netns, expect: 1)
        XCTAssertTrue(failed.stderr.contains("vm:vm2/start failed") || failed.stderr.contains("vm:vm2"), failed.stderr)
        let vm1 = try XCTUnwrap(EndToEnd.pid(of: "vm1", lab: lab))
        XCTAssertTrue(EndToEnd.isRunning(vm1))
        let state = try String(contentsOf: lab.appendingPathComponent("state.json"), encoding: .utf8)
        XCTAssertTrue(state.contains("vm:vm1") && state.contains("vm:vm2"), "both recorded, vm2 partially")

        let fixed = try labWithSecondImage(kernel: kernel, image: image)
        try EndToEnd.topoc(["apply", fixed, "--out", lab.path, "--auto-approve"], netns: netns)
        XCTAssertEqual(EndToEnd.pid(of: "vm1", lab: lab), vm1, "vm1 untouched by the repair")
        let after = try EndToEnd.topoc(["diff", fixed, "--out", lab.path, "--detailed-exitcode"], netns: netns)
        XCTAssertTrue(after.stdout.contains("No changes"), after.stdout)
        _ = try EndToEnd.waitFor(booted, in: lab.appendingPathComponent("vms/vm2/serial.log"), seconds: 300)
    }

    /// The lab with vm2 on its own image entry, booting `kernel`.
    private func labWithSecondImage(kernel: String, image: URL) throws -> String {
        let entry =
            "  broken: { path: \(image.appendingPathComponent("base.qcow2").path), kernel: \(kernel), "
            + "cmdline: \(Self.cmdline) }\n\ndefaults:"
        return try EndToEnd.lab(in: folder, named: "broken.yaml") {
            $0.replacingOccurrences(of: "  vm2:\n    networks:", with: "  vm2:\n    image: broken\n    networks:")
                .replacingOccurrences(of: "defaults:", with: entry)
        }
    }

    /// The same lab without root's tools on the host: `mode: socket` links the VMs over a UNIX socket.
    func testTheSameLabRunsOverUnprivilegedSocketLinks() throws {
        _ = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let file = try EndToEnd.lab(in: folder) {
            $0.replacingOccurrences(
                of: "lan: { subnet: 192.0.2.0/24, host-address: 192.0.2.1 }",
                with: "lan: { subnet: 192.0.2.0/24, mode: socket }")
        }
        let output = try EndToEnd.topoc(["apply", file, "--out", lab.path, "--auto-approve"], netns: netns)
        XCTAssertFalse(output.stdout.contains("bridge:") || output.stdout.contains("tap:"), "no host networking")
        for vm in ["vm1", "vm2"] {
            _ = try EndToEnd.waitFor(booted, in: lab.appendingPathComponent("vms/\(vm)/serial.log"), seconds: 300)
        }
        let links = try DriverTools.check(netns.prefix + ["ip", "-br", "link"]).stdout
        XCTAssertEqual(links.split(separator: "\n").count, 1, "only lo: \(links)")
        try EndToEnd.topoc(["destroy", file, "--out", lab.path, "--auto-approve"], netns: netns)
        XCTAssertEqual(EndToEnd.qemuProcesses(lab: lab), [])
    }
}
