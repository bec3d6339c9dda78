import Foundation
import XCTest

@testable import TopocExecute

/// The core's first boot, for real, on an image that carries Open5GS the way a prebuilt image does
/// (`core.install: none`): the e2e guest's stand-ins (scripts/build-e2e-image.sh, switched on by the kernel
/// command line word `topoc.e2e.open5gs`) are the package's networkd files, which make `ogstun` with the
/// upstream sample addresses, and every Open5GS daemon's unit, enabled; the UPF's exits when a tun device of its
/// config is missing. A two-VM EPC like seed 000's: the control plane on `cp`, SGW-U and UPF on `up` with two
/// pools on two tun devices, neither at the sample address. At the end of the first boot: no tun device on
/// `cp`, exactly the declared addresses and routes on `up`'s, no failed unit, no daemon restarted, every
/// daemon the VM does not host masked and stopped, the hosted ones started in dependency order after the tun
/// set-up. Prints each guest's cloud-init duration.
final class EndToEndFirstBootTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var lab: URL { folder.appendingPathComponent("lab") }
    private func serial(_ vm: String) -> URL { lab.appendingPathComponent("vms/\(vm)/serial.log") }

    override func setUpWithError() throws {
        try DriverTools.requireRoot("bridges, taps and network namespaces")
        try DriverTools.require("qemu-system-x86_64", "qemu-img", "genisoimage", "ip")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-e2e-first-boot-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if (testRun?.failureCount ?? 0) + (testRun?.unexpectedExceptionCount ?? 0) > 0 {
            for vm in ["cp", "up"] where FileManager.default.fileExists(atPath: serial(vm).path) {
                let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "\(folder.lastPathComponent)-\(vm)-serial.log")
                try? FileManager.default.copyItem(at: serial(vm), to: kept)
                print("e2e first boot: \(vm)'s serial log is kept in \(kept.path)")
            }
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

    func testTheCoresFirstBootEndsWithExactlyTheDeclaredTunsAndNoFailedUnit() throws {
        let image = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let file = folder.appendingPathComponent("lab.yaml")
        try Self.lab(image: image).write(to: file, atomically: true, encoding: .utf8)

        try EndToEnd.topoc(["apply", file.path, "--out", lab.path, "--auto-approve"], netns: netns)
        let cp = try probe("cp")
        let up = try probe("up")
        let unplacedOnUp = Self.daemons.filter { !["sgwu", "upf"].contains($0) }
        check(
            cp, vm: "cp", tuns: [:],
            started: ["nrf", "hss", "pcrf", "smf", "sgwc", "mme"].map(Self.unit),
            masked: ["upf", "sgwu", "amf", "scp"].map(Self.unit))
        check(
            up, vm: "up", tuns: ["ogstun": ["10.47.0.1/16"], "ogstun2": ["10.48.0.1/16"]],
            started: ["topoc-upf.service"] + ["upf", "sgwu"].map(Self.unit), masked: unplacedOnUp.map(Self.unit))
        XCTAssertTrue(up.lines.contains("tun-route ogstun 10.47.0.0/16"), up.text)
        XCTAssertTrue(up.lines.contains("tun-route ogstun2 10.48.0.0/16"), up.text)
        XCTAssertEqual(up.lines.filter { $0.hasPrefix("tun-route") }.count, 2, "no foreign route\n\(up.text)")
        let durations = try ["cp", "up"].map { vm in "\(vm) \(try Self.cloudInitSeconds(serial(vm))) s" }
        print("e2e first boot: cloud-init finished at \(durations.joined(separator: ", ")) after kernel start")

        try EndToEnd.topoc(["destroy", file.path, "--out", lab.path, "--auto-approve"], netns: netns)
    }

    static let daemons = [
        "nrf", "scp", "sepp", "amf", "smf", "upf", "ausf", "udm", "udr", "pcf", "nssf", "bsf", "mme", "sgwc", "sgwu",
        "hss", "pcrf",
    ]

    static func unit(_ nf: String) -> String { "open5gs-\(nf)d.service" }

    struct Probe {
        var text: String
        var lines: [String]

        /// A `unit NAME Key=Value...` line's properties.
        func unit(_ name: String) -> [String: String]? {
            guard let line = lines.first(where: { $0.hasPrefix("unit \(name) ") }) else { return nil }
            var properties: [String: String] = [:]
            for field in line.split(separator: " ").dropFirst(2) {
                let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { properties[pair[0]] = pair[1] }
            }
            return properties
        }
    }

    private func check(_ probe: Probe, vm: String, tuns: [String: [String]], started: [String], masked: [String]) {
        let text = "\(vm):\n\(probe.text)"
        let devices = probe.lines.filter { $0.hasPrefix("tun ") }.map { String($0.dropFirst(4)) }
        XCTAssertEqual(Set(devices), Set(tuns.keys), "tun devices\n\(text)")
        for (device, addresses) in tuns {
            let found = probe.lines.filter { $0.hasPrefix("tun-address \(device) ") }.map {
                String($0.split(separator: " ").last ?? "")
            }
            XCTAssertEqual(found.sorted(), addresses.sorted(), "addresses of \(device)\n\(text)")
        }
        XCTAssertEqual(probe.lines.filter { $0.hasPrefix("failed ") }, [], "failed units\n\(text)")
        XCTAssertFalse(probe.text.contains("tun_open"), "a daemon missed its tun\n\(text)")
        XCTAssertTrue(probe.lines.contains("cloud-init status: done"), "cloud-init's status\n\(text)")
        var previous = 0
        for name in started {
            guard let unit = probe.unit(name) else {
                XCTFail("no unit line for \(name)\n\(text)")
                continue
            }
            XCTAssertEqual(unit["ActiveState"], "active", "\(name)\n\(text)")
            XCTAssertEqual(unit["NRestarts"], "0", "\(name) restarted\n\(text)")
            let entered = Int(unit["ActiveEnterTimestampMonotonic"] ?? "") ?? 0
            XCTAssertGreaterThanOrEqual(entered, previous, "\(name) started after its predecessor\n\(text)")
            previous = entered
        }
        for name in masked {
            XCTAssertEqual(probe.unit(name)?["ActiveState"], "inactive", "\(name) never runs\n\(text)")
            XCTAssertEqual(probe.unit(name)?["LoadState"], "masked", "\(name) is masked\n\(text)")
        }
    }

    /// The probe's lines for `vm`, once cloud-init has finished and the probe has run (bounded wait).
    private func probe(_ vm: String) throws -> Probe {
        let end = "BOOT-PROBE-END \(vm)"
        // Generous: two TCG guests on 2 cores that other builds and guests share took up to 9 minutes.
        let text = try EndToEnd.waitFor([end, "DataSourceNoCloud"], in: serial(vm), seconds: 900)
        guard let begin = text.range(of: "BOOT-PROBE-BEGIN \(vm)"), let finish = text.range(of: end),
            begin.upperBound <= finish.lowerBound
        else { throw DriverTestFailure(description: "no probe for \(vm) in\n\(text.suffix(3000))") }
        let body = String(text[begin.upperBound..<finish.lowerBound])
        // The serial console ends lines with CR LF, one Character in Swift: split on any line break.
        let lines = body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return Probe(text: body, lines: lines)
    }

    /// The `Up N seconds` of cloud-init's `finished at` line: from the kernel's start to the end of the final
    /// stage.
    static func cloudInitSeconds(_ serial: URL) throws -> String {
        let text = String(decoding: try Data(contentsOf: serial), as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains("finished at") }),
            let up = line.range(of: "Up "), let seconds = line[up.upperBound...].split(separator: " ").first
        else { throw DriverTestFailure(description: "no cloud-init `finished at` line in \(serial.path)") }
        return String(seconds)
    }

    /// The probe, run 10 s after cloud-init's final stage by a timer: the tun devices (those with a
    /// `tun_flags` file) with their global addresses and routes, the failed units, every Open5GS daemon's and
    /// topoc-upf's state, and cloud-init's status, written to the serial console at once.
    static let probe = """
        #!/bin/sh
        report=$(
            echo "BOOT-PROBE-BEGIN $1"
            for dev in $(ls /sys/class/net); do
                [ -e "/sys/class/net/$dev/tun_flags" ] || continue
                echo "tun $dev"
                ip -o addr show dev "$dev" scope global | awk '{ print "tun-address", $2, $4 }'
                ip -4 route show dev "$dev" | awk -v dev="$dev" '{ print "tun-route", dev, $1 }'
                ip -6 route show dev "$dev" | awk -v dev="$dev" '$1 !~ /^fe80/ { print "tun-route", dev, $1 }'
            done
            systemctl --failed --plain --no-legend | sed 's/^/failed /'
            for unit in topoc-upf.service $(for nf in \(daemons.joined(separator: " ")); do echo open5gs-${nf}d.service; done); do
                echo "unit $unit $(systemctl show -p ActiveState -p LoadState -p NRestarts -p ActiveEnterTimestampMonotonic "$unit" | tr '\\n' ' ')"
            done
            sed 's/^/standin /' /run/open5gs-standin.log 2>/dev/null
            echo "cloud-init $(cloud-init status 2>&1)"
            echo "BOOT-PROBE-END $1"
        )
        printf '%s\\n' "$report" >/dev/ttyS0

        """

    static func lab(image: URL) -> String {
        func vm(_ name: String, _ ip: String) -> String {
            """
              \(name):
                networks: { lan: { ip: \(ip) } }
                cloud-init:
                  write-files:
                    /usr/local/bin/boot-probe:
                      permissions: "0755"
                      content: |
            \(probe.split(separator: "\n", omittingEmptySubsequences: false).map { "            " + $0 }.joined(separator: "\n"))
                  runcmd:
                    - [systemd-run, --on-active=10, --unit=e2e-boot-probe, /usr/local/bin/boot-probe, \(name)]

            """
        }
        return """
            topology: e2e-first-boot
            images:
              bookworm:
                path: \(image.appendingPathComponent("base.qcow2").path)
                kernel: \(image.appendingPathComponent("vmlinuz").path)
                cmdline: root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600 topoc.e2e.open5gs
            defaults:
              vm: { image: bookworm, cpus: 1, memory: 512MiB, accel: tcg, cpu-model: qemu64, machine: pc, disk-bus: nvme }
            networks:
              lan: { subnet: 192.0.2.0/24, host-address: 192.0.2.1 }
            vms:
            \(vm("cp", "192.0.2.11"))\(vm("up", "192.0.2.12"))
            core:
              software: open5gs@2.7
              install: none
              plmn: 001-01
              tacs: [1]
              functions:
                nrf: { on: cp }
                mme: { on: cp }
                sgwc: { on: cp }
                smf: { on: cp }
                hss: { on: cp }
                pcrf: { on: cp }
                sgwu: { on: up }
                upf: { on: up }
              dnns:
                internet: { subnet: 10.47.0.0/16 }
                ims: { subnet: 10.48.0.0/16 }
            """
    }
}
