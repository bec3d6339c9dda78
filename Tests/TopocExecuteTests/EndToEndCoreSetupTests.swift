import Foundation
import XCTest

@testable import TopocExecute

/// The core set-up for real: `topoc apply` boots a Debian guest hosting a UPF with two IPv4 pools and an IPv6
/// one, `core.install: none` (Open5GS cannot be installed here, so no NF unit exists in the guest). The UPF host
/// side must not depend on the package: after the first boot the tun devices carry their gateway addresses, are
/// up, forwarding is on and there is one MASQUERADE rule per pool (after two runs of the set-up), and all of it
/// is back after a reboot, since tun devices, sysctls and iptables rules do not survive one.
final class EndToEndCoreSetupTests: EndToEndLabCase {
    override var consoleVM: String { "upf1" }

    func testUPFHostSideComesUpWithoutTheOpen5GSPackageAndAgainAfterAReboot() throws {
        let image = try EndToEnd.guestImage()
        let netns = try NetworkNamespace()
        let file = folder.appendingPathComponent("lab.yaml")
        try Self.lab(image: image).write(to: file, atomically: true, encoding: .utf8)

        let started = Date()
        try EndToEnd.topoc(["apply", file.path, "--out", lab.path, "--auto-approve"], netns: netns)
        let first = try probe("first-boot", waitingAlsoFor: ["DataSourceNoCloud"])
        let firstBoot = Date().timeIntervalSince(started)
        try checkUPFHostSide(first, boot: "first boot")
        XCTAssertTrue(first.contains("upf-config 3"), "the UPF's config was written with all three pools: \(first)")

        let again = try probe("rebooted")
        let reboot = Date().timeIntervalSince(started) - firstBoot
        try checkUPFHostSide(again, boot: "after the reboot")
        print("e2e core set-up: first boot probed after \(Int(firstBoot)) s, the reboot after \(Int(reboot)) s more")

        try EndToEnd.topoc(["destroy", file.path, "--out", lab.path, "--auto-approve"], netns: netns)
        XCTAssertEqual(EndToEnd.qemuProcesses(lab: lab), [])
    }

    private func checkUPFHostSide(_ probe: String, boot: String) throws {
        // The serial console ends lines with CR LF, one Character in Swift: split on any line break.
        let lines = probe.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        for (device, address) in [
            ("ogstun", "inet 10.45.0.1/16"), ("ogstun2", "inet 10.46.0.254/16"),
            ("ogstun3", "inet6 2001:db8:cafe::1/48"),
        ] {
            XCTAssertTrue(probe.contains("\(device)    \(address)"), "\(boot): \(device) has \(address)\n\(probe)")
            let link = lines.first { $0.contains(": \(device): <") } ?? ""
            XCTAssertTrue(link.contains(",UP") || link.contains("<UP"), "\(boot): \(device) is up: \(link)")
        }
        XCTAssertTrue(probe.contains("net.ipv4.ip_forward = 1"), "\(boot): IPv4 forwarding\n\(probe)")
        XCTAssertTrue(probe.contains("net.ipv6.conf.all.forwarding = 1"), "\(boot): IPv6 forwarding\n\(probe)")
        let rules = lines.filter { $0.hasPrefix("-A POSTROUTING") }
        XCTAssertEqual(
            rules,
            [
                "-A POSTROUTING -s 10.45.0.0/16 ! -o ogstun -j MASQUERADE",
                "-A POSTROUTING -s 10.46.0.0/16 ! -o ogstun2 -j MASQUERADE",
                "-A POSTROUTING -s 2001:db8:cafe::/48 ! -o ogstun3 -j MASQUERADE",
            ], "\(boot): one rule per pool\n\(probe)")
        XCTAssertTrue(probe.contains("upf-unit active enabled"), "\(boot): topoc-upf.service\n\(probe)")
    }

    /// The text the guest's probe printed between its markers for `tag`, waiting (bounded) for it.
    private func probe(_ tag: String, waitingAlsoFor others: [String] = []) throws -> String {
        let end = "UPF-PROBE-END \(tag)"
        // Generous: two TCG boots on cores other builds share took more than 300 s.
        let text = try EndToEnd.waitFor([end] + others, in: serial, seconds: 600)
        guard let begin = text.range(of: "UPF-PROBE-BEGIN \(tag)"), let finish = text.range(of: end),
            begin.upperBound <= finish.lowerBound
        else { throw DriverTestFailure(description: "no probe \(tag) in\n\(text.suffix(3000))") }
        return String(text[begin.upperBound..<finish.lowerBound])
    }

    /// One VM with the UPF and its three pools (the second with a pinned gateway). The lab's own cloud-init
    /// extras are the test's probe: it re-runs the set-up once (idempotence), prints the UPF host state to the
    /// serial console, installs a unit that prints it again at every later boot, and reboots the guest once.
    static func lab(image: URL) -> String {
        """
        topology: e2e-core-setup
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
          upf1:
            networks: { lan: { ip: 192.0.2.10 } }
            cloud-init:
              write-files:
                /usr/local/bin/upf-probe:
                  permissions: "0755"
                  content: |
                    #!/bin/sh
                    # Prints the UPF host state to the serial console, between markers the e2e test reads;
                    # gathered first and written at once.
                    report=$(
                        echo "UPF-PROBE-BEGIN $1"
                        for dev in ogstun ogstun2 ogstun3; do
                            ip -o addr show dev "$dev"
                            ip -o link show dev "$dev"
                        done
                        sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding
                        iptables -t nat -S POSTROUTING
                        ip6tables -t nat -S POSTROUTING
                        echo "upf-unit $(systemctl is-active topoc-upf.service) $(systemctl is-enabled topoc-upf.service)"
                        echo "upf-config $(grep -c 'dev: ogstun' /etc/open5gs/upf.yaml)"
                        echo "UPF-PROBE-END $1"
                    )
                    printf '%s\\n' "$report" >/dev/ttyS0
                /etc/systemd/system/upf-probe.service:
                  content: |
                    [Unit]
                    Description=e2e: print the UPF host state at boot
                    After=topoc-upf.service
                    # A getty starting on ttyS0 hangs up its other writers: print before it.
                    Before=serial-getty@ttyS0.service
                    [Service]
                    Type=oneshot
                    ExecStart=/usr/local/bin/upf-probe rebooted
                    [Install]
                    WantedBy=multi-user.target
              runcmd:
                - [systemctl, restart, topoc-upf.service]
                - [/usr/local/bin/upf-probe, first-boot]
                - [systemctl, enable, upf-probe.service]
                - [systemd-run, --on-active=5, --unit=e2e-reboot, /bin/systemctl, reboot]
        core:
          software: open5gs@2.7
          install: none
          plmn: 001-01
          functions:
            upf: { on: upf1 }
          dnns:
            internet: { subnet: 10.45.0.0/16 }
            ims: { subnet: 10.46.0.0/16, gateway: 10.46.0.254 }
            v6: { subnet: "2001:db8:cafe::/48" }
        """
    }
}
