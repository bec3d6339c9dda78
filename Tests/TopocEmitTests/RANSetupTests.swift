import Foundation
import TopocYAML
import XCTest

@testable import TopocEmit

/// The RAN's guest set-up: UERANSIM installed per `ran.install`, the gNB's unit waiting for its AMF and
/// restarting on NG Setup failure, the UEs' units after their gNB's; and the helper's behaviour, run here.
final class RANSetupTests: XCTestCase {
    private func unitLines(_ guest: GuestUserData, _ unit: String) throws -> [String] {
        let file = try XCTUnwrap(guest.files["/etc/systemd/system/\(unit)"], unit)
        return file.content.split(separator: "\n").map(String.init)
    }

    func testTheGNBWaitsForItsAMFIsReadyWhenItsCellIsUpAndRestartsWithoutLimit() throws {
        let ran = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        let lines = try unitLines(ran, "topoc-gnb-gnb1.service")
        let amf = try XCTUnwrap(lines.first { $0.hasPrefix("ExecStartPre=") })
        let words = amf.dropFirst("ExecStartPre=".count).split(separator: " ").map(String.init)
        XCTAssertEqual(words.prefix(2), [RANSetup.helperPath, "wait-amf"])
        XCTAssertEqual(words[3], "38412")
        let gnbYAML = try YAMLNode.parse(try XCTUnwrap(ran.files["/etc/ueransim/gnb-gnb1.yaml"]).content, file: "g")
        XCTAssertEqual(words[2], gnbYAML["amfConfigs"]?.items.first?["address"]?.text, "the address in amfConfigs")
        XCTAssertTrue(lines.contains("ExecStart=\(RANSetup.helperPath) gnb nr-gnb -c /etc/ueransim/gnb-gnb1.yaml"))
        for line in ["Type=notify", "NotifyAccess=main", "Restart=always", "StartLimitIntervalSec=0"] {
            XCTAssertTrue(lines.contains(line), line)
        }
        XCTAssertTrue(
            lines.contains("ExecStartPost=/bin/systemctl restart --no-block topoc-ue-phones.service"), "\(lines)")
        XCTAssertEqual(ran.files[RANSetup.helperPath]?.permissions, "0755")
    }

    func testUEsStartAfterTheirGNBsCellAndRestartWithIt() throws {
        let ran = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        let lines = try unitLines(ran, "topoc-ue-phones.service")
        for line in [
            "After=network-online.target topoc-gnb-gnb1.service", "Requires=topoc-gnb-gnb1.service",
            "ExecStart=nr-ue -c /etc/ueransim/ue-phones.yaml -n 2",
            "Restart=always",
        ] {
            XCTAssertTrue(lines.contains(line), "\(line) in \(lines)")
        }
        XCTAssertEqual(ran.files["/etc/ueransim/gnb-gnb1.yaml"]?.permissions, "0644")
        XCTAssertEqual(ran.files["/etc/ueransim/ue-phones.yaml"]?.permissions, "0600", "K and OPc")
    }

    func testRANUnitsStartLastWithoutHoldingUpCloudInit() throws {
        let ran = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        let units = ["topoc-gnb-gnb1.service", "topoc-ue-phones.service"]
        XCTAssertEqual(
            Array(ran.runcmd.suffix(2)),
            [["systemctl", "enable"] + units, ["systemctl", "start", "--no-block"] + units])
        XCTAssertEqual(ran.started, [], "not through topoc-services, which waits for each start")
        XCTAssertEqual(Set(ran.masked), Set(CoreSetupTests.allDaemons), "no Open5GS daemon runs on the RAN's VM")
    }

    func testSourceInstallBuildsThePinnedReleaseOfTheNodesVersion() throws {
        let ran = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        XCTAssertTrue(
            ran.runcmd.contains([RANSetup.installPath, "v3.3.0", "6bf5a1a96aaef6ae8778b9d8b477ac6e2bbf8156"]))
        let install = try XCTUnwrap(ran.runcmd.firstIndex { $0.first == RANSetup.installPath })
        let start = try XCTUnwrap(ran.runcmd.firstIndex { $0.prefix(2) == ["systemctl", "enable"] })
        XCTAssertLessThan(install, start)
        XCTAssertEqual(ran.files[RANSetup.installPath]?.permissions, "0755")
        let old = try CoreLabs.guest(
            CoreLabs.standalone().replacingOccurrences(
                of: "gnb1: { on: ran }", with: "gnb1: { on: ran, software: ueransim@3.2 }"
            )
            .replacingOccurrences(
                of: "      on: ran\n", with: "      on: ran\n      software: ueransim@3.2\n"),
            vm: "ran")
        XCTAssertTrue(
            old.runcmd.contains([RANSetup.installPath, "v3.2.8", "ca1a66fffe282767bb08618af9f848e3b68ea47b"]))
        XCTAssertFalse(old.runcmd.contains { $0.contains("v3.3.0") })
        XCTAssertNil(try CoreLabs.guest(CoreLabs.standalone(), vm: "core").files[RANSetup.installPath])
    }

    func testInstallNoneOrACommand() throws {
        let none = try CoreLabs.guest(CoreLabs.standalone(ranInstall: "none"), vm: "ran")
        XCTAssertFalse(none.runcmd.contains { $0.first == RANSetup.installPath })
        XCTAssertNil(none.files[RANSetup.installPath])
        let shell = try CoreLabs.guest(
            CoreLabs.standalone(ranInstall: "{ command: 'make -C /opt/ueransim install' }"), vm: "ran")
        XCTAssertEqual(shell.shellLines, ["make -C /opt/ueransim install"])
        let core = try CoreLabs.guest(
            CoreLabs.standalone(ranInstall: "{ command: 'make -C /opt/ueransim install' }"), vm: "core")
        XCTAssertEqual(core.shellLines, [], "only where a RAN node runs")
    }

    // MARK: - The helper, run on this host

    private func helper(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("no python3 on this host")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-ran-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("topoc-ran")
        try RANSetupScripts.helper.write(to: script, atomically: true, encoding: .utf8)
        let fake = folder.appendingPathComponent("nr-gnb")
        try """
        #!/bin/sh
        echo "[sctp] [info] Trying to establish SCTP connection... (192.0.2.1:38412)"
        echo "[ngap] [info] NG Setup procedure is successful"
        echo "[ngap] [error] $1"
        sleep 30
        """.write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path] + arguments.map { $0 == "FAKE" ? fake.path : $0 }
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    func testTheWatcherEndsTheGNBWhenTheAssociationDrops() throws {
        let started = Date()
        let (status, output) = try helper(["gnb", "FAKE", "Association terminated for AMF[2]"])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("NG Setup procedure is successful"), "nr-gnb's log is passed on: \(output)")
        XCTAssertTrue(output.contains("topoc-ran: stopping the gNB for a restart after:"), output)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "it did not wait for the fake's sleep")
    }

    func testTheWatcherEndsTheGNBWhenNGSetupFails() throws {
        let (status, output) = try helper(["gnb", "FAKE", "NG Setup procedure is failed. Cause: misc/unspecified"])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("topoc-ran: stopping the gNB"), output)
    }

    func testWaitingForAnAMFThatNeverAnswersEndsAfterItsTimeout() throws {
        // TEST-NET-3 answers nothing; without SCTP in this kernel the helper pings it instead.
        let started = Date()
        let (status, output) = try helper(["wait-amf", "203.0.113.254", "38412", "3"])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("203.0.113.254 port 38412 did not answer in 3 s"), output)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
    }

    func testTheHelperRefusesUnknownArguments() throws {
        let (status, output) = try helper(["start"])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(output.hasPrefix("usage: topoc-ran"), output)
    }
}
