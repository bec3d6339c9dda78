// The lab lock: one holder at a time, whether the other contender is in this process (flock locks an open
// file description, so a second open is a second contender) or another process (util-linux `flock`).
import Foundation
import TopocExecute
import TopocTestSupport
import XCTest

final class StateLabLockTests: XCTestCase {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-lock-\(UUID().uuidString)")

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testASecondHolderIsRefusedWithTheFirstHoldersPid() throws {
        let first = try LabLock(lab: "demo", directory: folder)
        XCTAssertTrue(first.isHeld)
        XCTAssertThrowsError(try LabLock(lab: "demo", directory: folder)) { error in
            XCTAssertEqual(
                "\(error)", "lab demo is locked by another topoc (pid \(getpid())) — an apply or destroy is running")
        }
        let written = try String(contentsOfFile: first.path, encoding: .utf8)
        XCTAssertEqual(written, "\(getpid())\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testReleasingExplicitlyOrByDeinitLetsTheNextOneIn() throws {
        let first = try LabLock(lab: "demo", directory: folder)
        first.release()
        first.release()
        XCTAssertFalse(first.isHeld)
        var second: LabLock? = try LabLock(lab: "demo", directory: folder)
        XCTAssertEqual(second?.isHeld, true)
        second = nil
        XCTAssertTrue(try LabLock(lab: "demo", directory: folder).isHeld)
    }

    func testAnotherProcessIsRefusedWhileHeld() throws {
        let tool = "/usr/bin/flock"
        try InstallTable.checkListed([tool, "true"])
        guard FileManager.default.isExecutableFile(atPath: tool) else { try InstallTable.unavailable("no \(tool)") }
        let lock = try LabLock(lab: "demo", directory: folder)
        XCTAssertEqual(try run(tool, ["--nonblock", "--conflict-exit-code", "9", lock.path, "true"]), 9)
        lock.release()
        XCTAssertEqual(try run(tool, ["--nonblock", "--conflict-exit-code", "9", lock.path, "true"]), 0)
    }

    func testAHolderInAnotherProcessRefusesUs() throws {
        let tool = "/usr/bin/flock"
        try InstallTable.checkListed([tool, "true"])
        guard FileManager.default.isExecutableFile(atPath: tool) else { try InstallTable.unavailable("no \(tool)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("lock").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: tool)
        // Holds the lock until its standard input closes.
        holder.arguments = [path, "/bin/sh", "-c", "echo 777 > \(path); read line"]
        let input = Pipe()
        holder.standardInput = input
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(5)
        while (try? String(contentsOfFile: path, encoding: .utf8)) != "777\n", Date() < deadline { usleep(10_000) }
        XCTAssertThrowsError(try LabLock(lab: "demo", directory: folder)) { error in
            XCTAssertEqual("\(error)", "lab demo is locked by another topoc (pid 777) — an apply or destroy is running")
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
