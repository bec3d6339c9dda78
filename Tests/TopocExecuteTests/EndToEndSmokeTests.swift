import Foundation
import XCTest

@testable import TopocExecute

/// `topoc smoke` for real: `topoc apply` boots one Debian guest that hosts a 5G core (`core.install: none`,
/// nothing runs) with a UERANSIM gNB and one UE. UERANSIM is not in the image: the guest gets stand-ins from
/// the lab's own cloud-init extras — an `nr-cli` that prints the nr-cli fixtures (recorded, or derived from
/// UERANSIM's source for a registered UE) and a `ping` that answers unless `/run/smoke-fail` exists — and a
/// real tun device `uesimtun0` with the UE's address. `topoc smoke` reaches the guest through the QEMU guest
/// agent, runs the generated script there and must report a pass; after the test switches the gNB to the
/// recorded "no AMF" reply and the ping off (through the guest agent client itself), a failure.
final class EndToEndSmokeTests: EndToEndLabCase {
    override var consoleVM: String { "ran1" }

    func testSmokeReportsAPassingAndAFailingLabThroughTheGuestAgent() throws {
        let image = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let file = folder.appendingPathComponent("lab.yaml")
        try Self.lab(image: image).write(to: file, atomically: true, encoding: .utf8)
        try EndToEnd.topoc(["apply", file.path, "--out", lab.path, "--auto-approve"], netns: netns)
        _ = try EndToEnd.waitFor(["SMOKE-STAND-INS-READY"], in: serial, seconds: 600)

        let passing = try EndToEnd.topoc(
            ["smoke", file.path, "--out", lab.path, "--format", "json", "--agent-timeout", "240"], netns: nil,
            expect: nil)
        XCTAssertEqual(passing.termination, .exited(0), passing.stdout + passing.stderr)
        let report = try Self.decode(passing.stdout)
        XCTAssertEqual(report["passed"] as? Bool, true, passing.stdout)
        let results = report["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.map { $0["check"] as? String }, ["ng-setup", "registration", "pdu-session", "traffic"])
        XCTAssertEqual(results.last?["detail"] as? String, "ping -I uesimtun0 10.45.0.1 answered")

        // Switch the guest to failing answers through the client `topoc smoke` uses; the session ends before
        // `topoc smoke` connects, since QEMU serves one client of the agent's socket at a time.
        try Self.switchToFailingAnswers(agentSocket: lab.appendingPathComponent("vms/ran1/qga.sock").path)

        let failing = try EndToEnd.topoc(["smoke", file.path, "--out", lab.path], netns: nil, expect: nil)
        XCTAssertEqual(failing.termination, .exited(1), failing.stdout + failing.stderr)
        XCTAssertTrue(failing.stdout.contains("gnb1  UERANSIM-gnb-1-1-1  FAIL      is-ngap-up: false"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("ping -I uesimtun0 10.45.0.1 got no answer"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("Smoke test FAILED: 2 of 4 checks failed"), failing.stdout)
    }

    static func switchToFailingAnswers(agentSocket: String) throws {
        let agent = try GuestAgentClient(path: agentSocket)
        let switched = try agent.run(
            ["sh", "-c", "cp /etc/smoke-replies/no-amf /etc/smoke-replies/gnb-status && touch /run/smoke-fail"])
        XCTAssertEqual(switched.exitCode, 0, switched.stderr)
    }

    static func decode(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(object as? [String: Any], text)
    }

    /// A fixture as a YAML literal block, indented for a `content: |` at `indent` spaces.
    static func block(_ fixture: String, indent: Int) throws -> String {
        let text = try String(
            contentsOf: SmokeFixtures.nrCli.appendingPathComponent(fixture + ".txt"), encoding: .utf8)
        let pad = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { pad + $0 }
            .joined(separator: "\n")
    }

    static func lab(image: URL) throws -> String {
        """
        topology: e2e-smoke
        images:
          bookworm:
            path: \(image.appendingPathComponent("base.qcow2").path)
            kernel: \(image.appendingPathComponent("vmlinuz").path)
            cmdline: root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600
        defaults:
          vm: { image: bookworm, cpus: 1, memory: 512MiB, accel: tcg, cpu-model: qemu64, machine: pc, disk-bus: nvme }
        networks:
          lan: { subnet: 192.0.2.0/24, host-address: 192.0.2.1 }
        vms:
          ran1:
            networks: { lan: { ip: 192.0.2.10 } }
            cloud-init:
              write-files:
                /usr/local/bin/nr-cli:
                  permissions: "0755"
                  content: |
                    #!/bin/sh
                    # e2e stand-in for UERANSIM's nr-cli: the reply for the node's kind and command.
                    case "$1" in UERANSIM-gnb-*) kind=gnb ;; *) kind=ue ;; esac
                    reply="/etc/smoke-replies/$kind-$3"
                    if [ -f "$reply" ]; then cat "$reply"; exit 0; fi
                    echo "ERROR: No node found with name: $1" >&2
                    exit 1
                /usr/local/bin/ping:
                  permissions: "0755"
                  content: |
                    #!/bin/sh
                    # e2e stand-in for ping: the UPF's gateway answers until /run/smoke-fail exists.
                    [ ! -e /run/smoke-fail ]
                /etc/smoke-replies/gnb-status:
                  content: |
        \(try block("derived/gnb-status-ngap-up", indent: 12))
                /etc/smoke-replies/no-amf:
                  content: |
        \(try block("recorded/gnb-status-no-amf", indent: 12))
                /etc/smoke-replies/ue-status:
                  content: |
        \(try block("derived/ue-status-registered", indent: 12))
                /etc/smoke-replies/ue-ps-list:
                  content: |
        \(try block("derived/ue-ps-list-internet", indent: 12))
              runcmd:
                - [ip, tuntap, add, dev, uesimtun0, mode, tun]
                - [ip, addr, add, 10.45.0.2/32, dev, uesimtun0]
                - [sh, -c, "echo SMOKE-STAND-INS-READY >/dev/ttyS0"]
        core:
          software: open5gs@2.7
          install: none
          plmn: 001-01
          functions:
            nrf: { on: ran1 }
            amf: { on: ran1 }
            smf: { on: ran1 }
            upf: { on: ran1 }
            ausf: { on: ran1 }
            udm: { on: ran1 }
            udr: { on: ran1 }
            pcf: { on: ran1 }
          dnns:
            internet: { subnet: 10.45.0.0/16 }
        slices:
          embb: { sst: 1, sd: "000001", dnns: [internet] }
        ran:
          install: none
          gnbs:
            gnb1: { on: ran1 }
          ues:
            phones:
              on: ran1
              imsi: "001010000000001"
              count: 1
              key: 465B5CE8B199B49FAA5F0A2EE238A6BC
              opc: E8ED289DEBA952E4283B54E88E6183CA
              slices: [embb]
              dnn: internet
        """
    }
}
