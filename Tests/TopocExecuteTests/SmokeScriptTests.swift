// The generated smoke scripts, run for real on this machine against stand-ins: an `nr-cli` that prints
// outputs recorded from a real UERANSIM build (Fixtures/nr-cli/recorded) or derived from its source for the
// states no core here can reach (Fixtures/nr-cli/derived), an `ip` that lists the UEs' uesimtun interfaces and
// a `ping` that answers or not. The script's reading of nr-cli output is what is under test, with the report
// topoc builds from its JSON lines; every script also passes shellcheck.
import Foundation
import TopocEmit
import TopocPlan
import TopocTestSupport
import XCTest

@testable import TopocExecute

final class SmokeScriptTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")

    override func setUpWithError() throws {
        try DriverTools.require("sh", "awk", "cat", "env")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func testEverySmokeScriptOfTheExamplesPassesShellcheck() throws {
        try DriverTools.require("shellcheck")
        var checked = 0
        for example in try SmokeFixtures.examples() {
            for artifact in try SmokeFixtures.artifacts(example) where artifact.kind == .smokeTest {
                let file = folder.appendingPathComponent("\(checked).sh")
                try artifact.contents.write(to: file, atomically: true, encoding: .utf8)
                XCTAssertNoThrow(
                    try DriverTools.check(["shellcheck", "--shell=sh", "--severity=style", file.path]),
                    "\(example.lastPathComponent): \(artifact.path)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, "no example has a smoke script")
    }

    func testARegisteredLabPassesEveryCheckPerUEAndSlice() throws {
        let run = try runScript(
            gnb: "derived/gnb-status-ngap-up", ueStatus: "derived/ue-status-registered",
            psList: "derived/ue-ps-list-two-sessions", pingAnswers: true)
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertTrue(run.report.passed, "\(run.report)")
        // One gNB, then six UEs with registration, session and traffic each.
        XCTAssertEqual(run.report.results.count, 1 + 6 * 3)
        let gnb = try XCTUnwrap(run.report.results.first)
        XCTAssertEqual(
            [gnb.check, gnb.subject, gnb.node, gnb.detail],
            ["ng-setup", "gnb1", "UERANSIM-gnb-1-1-1", "is-ngap-up: true"])
        let robot = run.report.results.filter { $0.node == "imsi-001010000000102" }
        XCTAssertEqual(robot.map(\.check), ["registration", "pdu-session", "traffic"])
        XCTAssertEqual(robot.map(\.slice), ["", "2/000002", "2/000002"])
        XCTAssertEqual(robot.map(\.dnn), ["", "urllc", "urllc"])
        XCTAssertEqual(robot[1].detail, "PS-ACTIVE, address 10.46.0.2")
        XCTAssertEqual(robot[2].detail, "ping -I uesimtun1 10.46.0.1 answered")
        let phone = run.report.results.filter { $0.node == "imsi-001010000000003" }
        XCTAssertEqual(phone[0].detail, "rm-state: RM-REGISTERED, mm-state: MM-REGISTERED/NORMAL-SERVICE")
        XCTAssertEqual(phone[2].detail, "ping -I uesimtun0 10.45.0.1 answered")
        let table = SmokeTable.render(run.report)
        XCTAssertTrue(table.contains("Smoke test passed: 19 checks."), table)
        XCTAssertTrue(
            table.contains("ran  robots    imsi-001010000000102  2/000002  urllc     ok          ok           ok"),
            table)
    }

    func testTheRecordedGNBWithoutAMFAndUEWithABarredCellFailEveryCheck() throws {
        let run = try runScript(
            gnb: "recorded/gnb-status-no-amf", ueStatus: "recorded/ue-status-cell-barred",
            psList: "recorded/ue-ps-list-none", pingAnswers: true)
        XCTAssertEqual(run.exitCode, 1, run.stderr)
        XCTAssertFalse(run.report.passed)
        XCTAssertTrue(run.report.problems.isEmpty, "\(run.report.problems)")
        XCTAssertEqual(run.report.results.count, 19)
        XCTAssertTrue(run.report.results.allSatisfy { !$0.ok }, "\(run.report.results.filter(\.ok))")
        XCTAssertEqual(run.report.results[0].detail, "is-ngap-up: false")
        let ue = run.report.results.filter { $0.node == "imsi-001010000000001" }
        XCTAssertEqual(ue[0].detail, "rm-state: RM-DEREGISTERED, mm-state: MM-DEREGISTERED/NO-CELL-AVAILABLE")
        XCTAssertEqual(ue[1].detail, "no session for apn internet, sst 0x01, sd 0x000001")
        XCTAssertEqual(ue[2].detail, "no active PDU session to send through")
    }

    func testTheRecordedUEWithoutAGNBIsNotRegistered() throws {
        let run = try runScript(
            gnb: "recorded/gnb-status-no-amf", ueStatus: "recorded/ue-status-no-cell",
            psList: "recorded/ue-ps-list-none", pingAnswers: true)
        let registrations = run.report.results.filter { $0.check == "registration" }
        XCTAssertEqual(registrations.count, 6)
        XCTAssertTrue(registrations.allSatisfy { !$0.ok })
        XCTAssertEqual(
            registrations.first?.detail, "rm-state: RM-DEREGISTERED, mm-state: MM-DEREGISTERED/NO-CELL-AVAILABLE")
    }

    func testNodesThatDoNotRunFailWithNrCliOwnError() throws {
        let run = try runScript(gnb: nil, ueStatus: nil, psList: nil, pingAnswers: true)
        XCTAssertEqual(run.exitCode, 1)
        XCTAssertEqual(run.report.results.count, 19)
        XCTAssertEqual(
            run.report.results[0].detail, "nr-cli: ERROR: No node found with name: UERANSIM-gnb-1-1-1")
        XCTAssertEqual(
            run.report.results[1].detail, "nr-cli: ERROR: No node found with name: imsi-001010000000001")
        XCTAssertTrue(SmokeTable.render(run.report).contains("Smoke test FAILED: 19 of 19 checks failed"))
    }

    func testASessionWhoseGatewayDoesNotAnswerFailsOnlyItsTraffic() throws {
        let run = try runScript(
            gnb: "derived/gnb-status-ngap-up", ueStatus: "derived/ue-status-registered",
            psList: "derived/ue-ps-list-two-sessions", pingAnswers: false)
        XCTAssertEqual(run.exitCode, 1)
        let failed = run.report.results.filter { !$0.ok }
        XCTAssertEqual(Set(failed.map(\.check)), ["traffic"])
        XCTAssertEqual(failed.count, 6)
        XCTAssertEqual(failed.last?.detail, "ping -I uesimtun1 10.46.0.1 got no answer")
    }

    func testAUEWithoutTheRequestedSliceHasNoSession() throws {
        // The recorded `ps-list` of a registered UE lists the internet session only: the robots ask for urllc.
        let run = try runScript(
            gnb: "derived/gnb-status-ngap-up", ueStatus: "derived/ue-status-registered",
            psList: "derived/ue-ps-list-internet", pingAnswers: true)
        let robots = run.report.results.filter { $0.subject == "robots" && $0.check == "pdu-session" }
        XCTAssertEqual(robots.map(\.ok), [false, false])
        let phones = run.report.results.filter { $0.subject == "phones" && $0.check == "traffic" }
        XCTAssertEqual(phones.map(\.ok), [true, true, true, true])
    }

    func testTheReportTreatsAnExitStatusThatDisagreesAsAProblem() {
        var report = SmokeReport()
        let line = #"{"check":"ng-setup","subject":"g","node":"n","slice":"","dnn":"","ok":true,"detail":"d"}"#
        report.add(vm: "ran", stdout: line + "\nnot json\n", exitCode: 2, stderr: "sh: 3: boom\n")
        XCTAssertEqual(report.results.map(\.vm), ["ran"])
        XCTAssertEqual(report.problems.count, 2)
        XCTAssertTrue(report.problems[1].contains("exited 2: sh: 3: boom"), report.problems[1])
        XCTAssertFalse(report.passed)
        XCTAssertFalse(SmokeReport().passed, "nothing checked is not a pass")
    }

    // MARK: - Running a script against stand-ins

    struct Run {
        var exitCode: Int?
        var stderr: String
        var report: SmokeReport
    }

    /// Runs the `ran` VM's script of examples/open5gs-5gc-slices.yaml (gnb1; phones: 4 UEs on internet 1/000001,
    /// robots: 2 UEs on urllc 2/000002) with every gNB answering `status` with `gnb`, every UE answering
    /// `status` and `ps-list` with the given fixtures; a nil fixture makes nr-cli report an unknown node.
    func runScript(gnb: String?, ueStatus: String?, psList: String?, pingAnswers: Bool) throws -> Run {
        let example = SmokeFixtures.repository.appendingPathComponent("examples/open5gs-5gc-slices.yaml")
        let artifacts = try SmokeFixtures.artifacts(example)
        let script = try XCTUnwrap(artifacts.first { $0.path == "vms/ran/smoke.sh" })
        let bin = folder.appendingPathComponent("bin")
        let replies = folder.appendingPathComponent("replies")
        for directory in [bin, replies] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for (name, fixture) in [("gnb-status", gnb), ("ue-status", ueStatus), ("ue-ps-list", psList)] {
            guard let fixture else { continue }
            try FileManager.default.copyItem(
                at: SmokeFixtures.nrCli.appendingPathComponent(fixture + ".txt"),
                to: replies.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(
            at: SmokeFixtures.nrCli.appendingPathComponent("recorded/node-not-found.txt"),
            to: replies.appendingPathComponent("not-found"))
        try SmokeFixtures.writeStandIns(in: bin, replies: replies, pingAnswers: pingAnswers)
        let file = folder.appendingPathComponent("smoke.sh")
        try script.contents.write(to: file, atomically: true, encoding: .utf8)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let output = try CommandRunner().runBlocking(
            HostCommand(["env", "PATH=" + path, "sh", file.path], timeout: 60))
        let exitCode: Int? = if case .exited(let status) = output.termination { Int(status) } else { nil }
        var report = SmokeReport()
        report.add(vm: "ran", stdout: output.stdout, exitCode: exitCode, stderr: output.stderr)
        return Run(exitCode: exitCode, stderr: output.stderr, report: report)
    }
}
