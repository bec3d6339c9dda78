import Foundation
import XCTest

@testable import TopocExecute

/// Running host programs: argv without a shell, output, status, working directory, bounded waits.
final class DriversProcessTests: XCTestCase {
    let runner = CommandRunner()

    func testCapturesOutputAndStatusWithoutAShell() async throws {
        let result = try await runner.run(HostCommand(["sh", "-c", "echo out; echo err >&2; exit 3"]))
        XCTAssertEqual(result.termination, .exited(3))
        XCTAssertEqual(result.stdout, "out\n")
        XCTAssertEqual(result.stderr, "err\n")
        XCTAssertFalse(result.succeeded)
        // Arguments reach the program as they are: no word splitting, no globbing.
        let echo = try await runner.run(HostCommand(["printf", "%s|", "a b", "*", "$HOME"]))
        XCTAssertEqual(echo.stdout, "a b|*|$HOME|")
    }

    func testCheckNamesTheFailingCommandAndItsStderr() async {
        do {
            try await runner.check(HostCommand(["ls", "/nonexistent-topoc"]), doing: "listing")
            XCTFail("ls of a missing folder succeeded")
        } catch {
            XCTAssertTrue(error.message.hasPrefix("listing: ls exited with status"), error.message)
            XCTAssertEqual(error.command, ["ls", "/nonexistent-topoc"])
            XCTAssertTrue(error.stderr?.contains("nonexistent-topoc") ?? false, "\(error)")
        }
    }

    func testRunsInTheGivenDirectory() async throws {
        let result = try await runner.run(HostCommand(["pwd"], in: "/usr/share"))
        XCTAssertEqual(result.stdout, "/usr/share\n")
        do {
            _ = try await runner.run(HostCommand(["pwd"], in: "/nonexistent-topoc"))
            XCTFail("a missing working directory was accepted")
        } catch {
            XCTAssertTrue(error.message.contains("/nonexistent-topoc"), error.message)
        }
    }

    func testAMissingProgramIsNamed() async {
        do {
            _ = try await runner.run(HostCommand(["topoc-no-such-tool", "x"]))
            XCTFail("a missing program ran")
        } catch {
            XCTAssertTrue(error.message.contains("topoc-no-such-tool is not installed"), error.message)
        }
    }

    func testATimeoutKillsTheProgramAndItsChildren() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-drv-\(UUID())").path
        let started = Date()
        do {
            _ = try await runner.run(HostCommand(["sh", "-c", "sleep 30; touch \(marker)"], timeout: 0.5))
            XCTFail("sleep 30 finished within 0.5 s")
        } catch {
            XCTAssertTrue(error.message.contains("did not finish within 0.5 s"), error.message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertThrowsError(try CommandRunner().runBlocking(HostCommand(["sleep", "30"], timeout: 0.3)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
    }

    /// A program that leaves a background child behind (as QEMU's -daemonize does) returns at once: only the
    /// direct child is waited for, not every holder of its output files.
    func testDoesNotWaitForBackgroundChildren() async throws {
        let started = Date()
        let result = try await runner.run(HostCommand(["sh", "-c", "sleep 3 & echo started"], timeout: 10))
        XCTAssertEqual(result.stdout, "started\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testAPrefixWrapsEveryCommand() async throws {
        let wrapped = CommandRunner(prefix: ["env", "TOPOC_PREFIXED=yes"])
        let result = try await wrapped.run(HostCommand(["sh", "-c", "echo $TOPOC_PREFIXED"]))
        XCTAssertEqual(result.stdout, "yes\n")
        XCTAssertEqual(result.command, ["env", "TOPOC_PREFIXED=yes", "sh", "-c", "echo $TOPOC_PREFIXED"])
    }

    func testDescriptorsAreNotInherited() async throws {
        let descriptor = open("/dev/null", O_RDONLY)
        defer { close(descriptor) }
        XCTAssertGreaterThan(descriptor, 2)
        let result = try await runner.run(HostCommand(["ls", "/proc/self/fd"]))
        let inherited = result.stdout.split(separator: "\n").compactMap { Int32($0) }
        // 0-2 and ls's own descriptor of the folder it lists, nothing of ours.
        XCTAssertFalse(inherited.contains(descriptor), "\(inherited)")
    }

    func testReadsProcessStateAndCapabilities() throws {
        XCTAssertTrue(ProcessTable.isRunning(getpid()))
        XCTAssertEqual(ProcessTable.commandLine(of: getpid())?.isEmpty, false)
        XCTAssertFalse(ProcessTable.isRunning(0))
        XCTAssertEqual(ProcessTable.capabilities(inStatus: "Name:\tx\nCapEff:\t0000000000001000\n"), 0x1000)
        XCTAssertNil(ProcessTable.capabilities(inStatus: "Name:\tx\n"))
        XCTAssertNotNil(ProcessTable.effectiveCapabilities())
    }
}
