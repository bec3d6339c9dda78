import Foundation
import XCTest

/// A test case that applies one lab from a temp folder: root and QEMU required, and at the end the lab
/// destroyed, any QEMU of it killed and the folder removed; a failed run keeps `vm`'s serial console.
class EndToEndLabCase: XCTestCase {
    var folder = URL(fileURLWithPath: "/")
    var lab: URL { folder.appendingPathComponent("lab") }
    /// The VM whose console a failed run keeps.
    var consoleVM: String { "vm1" }
    var serial: URL { lab.appendingPathComponent("vms/\(consoleVM)/serial.log") }

    override func setUpWithError() throws {
        try DriverTools.requireRoot("bridges, taps and network namespaces")
        try DriverTools.require("qemu-system-x86_64", "qemu-img", "genisoimage", "ip")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        // A failed run keeps the guest's console, the only record of what happened inside it.
        if (testRun?.failureCount ?? 0) + (testRun?.unexpectedExceptionCount ?? 0) > 0,
            FileManager.default.fileExists(atPath: serial.path)
        {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                "\(folder.lastPathComponent)-serial.log")
            try? FileManager.default.copyItem(at: serial, to: kept)
            print("\(name): the guest's serial log is kept in \(kept.path)")
        }
        let state = lab.appendingPathComponent("state.json").path
        if FileManager.default.fileExists(atPath: state) {
            _ = try? EndToEnd.topoc(["destroy", "--state", state, "--auto-approve"], netns: nil, expect: nil)
        }
        for process in EndToEnd.qemuProcesses(lab: lab) {
            if let pid = Int32(process.split(separator: " ").first ?? "") { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
