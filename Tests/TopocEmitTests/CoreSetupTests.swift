// The core set-up in each VM's user-data, read back from what the compiler emits for seed 000's EPC (and a 5G
// lab with a RAN): each VM installs, runs and keeps running exactly its own NFs, the UPF host side matches the
// DNNs of the VM's UPF, user-data stays valid for cloud-init, and the UPF host script does what it says in a
// private network namespace, twice.
import Foundation
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

@testable import TopocEmit

final class CoreSetupTests: XCTestCase {
    static let services = "/usr/local/sbin/topoc-services"
    static let allDaemons = [
        "nrf", "scp", "sepp", "amf", "smf", "upf", "ausf", "udm", "udr", "pcf", "nssf", "bsf", "mme", "sgwc", "sgwu",
        "hss", "pcrf",
    ].map { "open5gs-\($0)d.service" }

    // MARK: - Seed 000: which NFs run where

    func testEachVMStartsOnlyItsOwnNFsAndMasksEveryOtherOpen5GSDaemon() throws {
        let expected = [
            "vm1": ["nrf", "hss", "pcrf", "smf", "sgwc", "mme"],
            "vm2": ["upf", "sgwu"],
            "vm3": ["upf", "sgwu"],
        ]
        for (vm, kinds) in expected {
            let guest = try CoreLabs.guest(CoreLabs.seedEPC(), vm: vm)
            let started = kinds.map { "open5gs-\($0)d.service" }
            XCTAssertEqual(guest.started.filter { $0.hasPrefix("open5gs-") }, started, vm)
            XCTAssertEqual(Set(guest.masked), Set(Self.allDaemons).subtracting(started), vm)
            XCTAssertEqual(guest.masked.count, Self.allDaemons.count - started.count, "\(vm): each once")
        }
        let vm2 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm2")
        XCTAssertTrue(vm2.masked.contains("open5gs-mmed.service") && vm2.masked.contains("open5gs-nrfd.service"))
        XCTAssertEqual(vm2.started, ["topoc-upf.service", "open5gs-upfd.service", "open5gs-sgwud.service"])
    }

    func testNRFStartsFirstAndDatabasesBeforeTheirUsersAtEveryBoot() throws {
        let vm1 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm1")
        XCTAssertEqual(vm1.started.first, "open5gs-nrfd.service")
        let position = { (kind: String) in vm1.started.firstIndex(of: "open5gs-\(kind)d.service") ?? -1 }
        for (before, after) in [("hss", "mme"), ("pcrf", "smf"), ("hss", "smf"), ("smf", "mme"), ("sgwc", "mme")] {
            XCTAssertLessThan(position(before), position(after), "\(before) before \(after)")
            // The drop-ins carry the order to every boot and to the one start of them all.
            XCTAssertTrue(
                vm1.after("open5gs-\(after)d.service").contains("open5gs-\(before)d.service"),
                "\(before) before \(after)")
        }
        XCTAssertNil(vm1.files[SystemdUnits.directory + "/open5gs-nrfd.service.d/10-topoc-order.conf"], "NRF first")
        XCTAssertEqual(vm1.requires("open5gs-mmed.service"), [], "ordering only: an NF that fails keeps no other down")
        let start = try XCTUnwrap(vm1.runcmd.firstIndex { $0.first == Self.services })
        let install = try XCTUnwrap(vm1.runcmd.firstIndex { $0.contains("install") && $0.contains("open5gs-nrf") })
        XCTAssertLessThan(install, start)

        let core = try CoreLabs.guest(CoreLabs.standalone(), vm: "core")
        XCTAssertEqual(Array(core.started.prefix(2)), ["open5gs-nrfd.service", "open5gs-scpd.service"])
        XCTAssertEqual(core.started.last, "open5gs-amfd.service", "the RAN-facing NF comes last")
    }

    // MARK: - Seed 000: the UPF host side

    func testTunDevicesAndNATMatchTheDNNsOfTheVMsUPF() throws {
        let expected = [
            "vm2": ["ogstun", "10.45.0.1/16", "10.45.0.0/16", "ogstun2", "10.46.0.1/16", "10.46.0.0/16"],
            "vm3": ["ogstun", "10.47.0.1/16", "10.47.0.0/16"],
        ]
        for (vm, arguments) in expected {
            let guest = try CoreLabs.guest(CoreLabs.seedEPC(), vm: vm)
            let unit = try XCTUnwrap(guest.files["/etc/systemd/system/topoc-upf.service"], vm)
            XCTAssertEqual(guest.requires("open5gs-upfd.service"), ["topoc-upf.service"], "no UPF without its tun")
            XCTAssertEqual(guest.after("open5gs-upfd.service"), ["topoc-upf.service"])
            XCTAssertEqual(guest.after("open5gs-sgwud.service"), ["topoc-upf.service", "open5gs-upfd.service"])
            XCTAssertEqual(guest.started.first, "topoc-upf.service")
            XCTAssertTrue(unit.content.contains("\nWantedBy=multi-user.target\n"), "at every boot")
            XCTAssertEqual(
                try execStart(unit.content), ["/usr/local/sbin/topoc-upf-setup"] + arguments, "\(vm): \(unit.content)")
            // The UPF's own config names the same devices, gateways and pools.
            let config = try YAMLNode.parse(try XCTUnwrap(guest.files["/etc/open5gs/upf.yaml"]).content, file: vm)
            let sessions = try XCTUnwrap(config["upf"]?["session"]?.items)
            XCTAssertEqual(
                sessions.flatMap { session in
                    let gateway = (session["gateway"]?.text ?? "") + "/16"
                    return [session["dev"]?.text ?? "", gateway, session["subnet"]?.text ?? ""]
                }, arguments, vm)
            XCTAssertEqual(guest.files[CoreSetupScripts.upfSetupPath]?.permissions, "0755")
            XCTAssertTrue(guest.runcmd.last?.contains("open5gs-upfd.service") ?? false)
        }
        let vm1 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm1")
        XCTAssertNil(vm1.files["/etc/systemd/system/topoc-upf.service"], "no UPF, no tun devices")
        XCTAssertTrue(
            vm1.runcmd.contains([CoreSetupScripts.upfSetupPath, "--remove", "ogstun"]),
            "the package's ogstun, where an image brought it, goes once")
        XCTAssertFalse(vm1.started.contains("topoc-upf.service"))
        for vm in ["vm1", "vm2", "vm3"] {
            let guest = try CoreLabs.guest(CoreLabs.seedEPC(), vm: vm)
            for path in CoreSetup.networkdFiles {
                XCTAssertEqual(guest.files[path]?.content, "", "\(vm): the package's own ogstun is masked")
            }
        }
    }

    // MARK: - Install

    func testPackageInstallAddsThePPAAndOnlyThePlacedNFsPackagesKeepingTopocsConfigs() throws {
        let vm1 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm1")
        XCTAssertEqual(vm1.runcmd[0], ["add-apt-repository", "-y", "ppa:open5gs/latest"])
        XCTAssertEqual(vm1.runcmd[1], ["apt-get", "update"])
        XCTAssertEqual(vm1.runcmd[2], [CoreSetupScripts.mongoDBPath], "HSS and PCRF need MongoDB, before the NFs")
        XCTAssertEqual(
            vm1.runcmd[3],
            [
                "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-o",
                "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
                "open5gs-nrf", "open5gs-hss", "open5gs-pcrf", "open5gs-smf", "open5gs-sgwc", "open5gs-mme",
            ])
        XCTAssertEqual(vm1.files[CoreSetupScripts.mongoDBPath]?.permissions, "0755")
        XCTAssertTrue(vm1.runcmd.contains(["modprobe", "sctp"]), "S1AP and Diameter listen on SCTP")
        XCTAssertEqual(vm1.files["/etc/modules-load.d/topoc-sctp.conf"]?.content, "sctp\n")
        for kind in ["nrf", "hss", "pcrf", "smf", "sgwc", "mme"] {
            let file = try XCTUnwrap(vm1.files["/etc/open5gs/\(kind).yaml"], kind)
            XCTAssertEqual(file.permissions, "0644")
            XCTAssertEqual(file.owner, "root:root")
            XCTAssertTrue(file.content.contains("\(kind):"), kind)
        }
        let vm2 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm2")
        XCTAssertEqual(Array(vm2.runcmd[2].suffix(3)), ["open5gs-upf", "open5gs-sgwu", "iptables"])
        XCTAssertFalse(vm2.runcmd.contains([CoreSetupScripts.mongoDBPath]))
        XCTAssertNil(vm2.files[CoreSetupScripts.mongoDBPath])
        XCTAssertEqual(
            Set(vm2.files.keys.filter { $0.hasPrefix("/etc/open5gs/") }),
            Set(["/etc/open5gs/upf.yaml", "/etc/open5gs/sgwu.yaml"]))
    }

    func testInstallNoneInstallsNothingAndACommandRunsFirstOnEveryVMWithNFsOrRANNodes() throws {
        let none = try CoreLabs.guest(CoreLabs.seedEPC(install: "none"), vm: "vm2")
        XCTAssertFalse(none.runcmd.contains { $0.contains("apt-get") || $0.contains("add-apt-repository") })
        XCTAssertEqual(none.runcmd.first?.prefix(2), [Self.services, "start"])
        XCTAssertEqual(none.started, ["topoc-upf.service", "open5gs-upfd.service", "open5gs-sgwud.service"])

        let argv = try CoreLabs.guest(
            CoreLabs.seedEPC(install: "{ command: [/opt/lab/install-open5gs, --offline] }"), vm: "vm3")
        XCTAssertEqual(argv.runcmd.first, ["/opt/lab/install-open5gs", "--offline"])
        let shell = try CoreLabs.guest(
            CoreLabs.standalone(install: "{ command: 'make -C /opt/open5gs install' }"), vm: "core")
        XCTAssertEqual(shell.shellLines.first, "make -C /opt/open5gs install", "a shell line stays as written")
        XCTAssertLessThan(
            try XCTUnwrap(shell.commands.firstIndex { $0.shell != nil }),
            try XCTUnwrap(shell.commands.firstIndex { $0.argv.first == Self.services }))

        let package = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        XCTAssertFalse(package.runcmd.contains { $0.contains("apt-get") }, "no Open5GS package on a RAN-only VM")
        let command = try CoreLabs.guest(CoreLabs.standalone(install: "{ command: [/opt/install] }"), vm: "ran")
        XCTAssertFalse(command.runcmd.contains(["/opt/install"]), "`ran.install` installs the RAN (RANSetupTests)")
    }

    // MARK: - RAN and shared kinds

    func testTwoNFsOfAKindOnOneVMRunAsInstancesOfATemplateUnit() throws {
        let guest = try CoreLabs.guest(CoreLabs.seedEPC(sharedUPFs: true), vm: "vm2")
        XCTAssertEqual(
            guest.started.filter { $0.contains("upfd") }, ["open5gs-upfd@upf-a.service", "open5gs-upfd@upf-b.service"])
        XCTAssertTrue(guest.masked.contains("open5gs-upfd.service"), "the packaged unit would read upf.yaml")
        let template = try XCTUnwrap(guest.files["/etc/systemd/system/open5gs-upfd@.service"])
        XCTAssertEqual(try execStart(template.content), ["/usr/bin/open5gs-upfd", "-c", "/etc/open5gs/%i.yaml"])
        XCTAssertNotNil(guest.files["/etc/open5gs/upf-a.yaml"])
        XCTAssertNotNil(guest.files["/etc/open5gs/upf-b.yaml"])
        for instance in ["open5gs-upfd@upf-a.service", "open5gs-upfd@upf-b.service"] {
            XCTAssertEqual(guest.requires(instance), ["topoc-upf.service"], instance)
        }
        XCTAssertFalse(guest.runcmd.contains { $0.first == "systemctl" }, "topoc-services reloads once for all")
    }

    // MARK: - The first boot's order

    /// What must not apply is neutralised in cloud-init's init stage, before any package is installed or unit
    /// started in the final stage: one stop and one mask call in bootcmd hold every packaged daemon back (runtime
    /// masks, gone at the next boot), write_files empties the package's networkd files and masks the daemons
    /// the VM does not host for good, without a call per unit; runcmd then starts the VM's units with one call.
    func testWhatMustNotApplyIsNeutralisedInTheInitStageAndTheUnitsStartWithOneCall() throws {
        for install in ["package", "none"] {
            let vm2 = try CoreLabs.guest(CoreLabs.seedEPC(install: install), vm: "vm2")
            XCTAssertEqual(
                vm2.bootcmd,
                [
                    [
                        "cloud-init-per", "instance", "topoc-hold-units", "sh", "-c",
                        "systemctl stop -- \"$@\" 2>/dev/null; systemctl mask --runtime -- \"$@\"", "topoc-hold-units",
                    ] + Self.allDaemons
                ], install)
            XCTAssertFalse(vm2.runcmd.contains { $0.first == "systemctl" }, "\(install): no call per unit")
            XCTAssertEqual(vm2.runcmd.filter { $0.first == Self.services }.count, 1, install)
            XCTAssertEqual(vm2.runcmd.last, [Self.services, "start"] + vm2.started, install)
            for path in CoreSetup.networkdFiles { XCTAssertEqual(vm2.files[path]?.content, "", path) }
            XCTAssertEqual(vm2.masked.count, Self.allDaemons.count - 2)
        }
        let vm1 = try CoreLabs.guest(CoreLabs.seedEPC(install: "none"), vm: "vm1")
        let remove = try XCTUnwrap(vm1.runcmd.firstIndex(of: [CoreSetupScripts.upfSetupPath, "--remove", "ogstun"]))
        XCTAssertLessThan(remove, try XCTUnwrap(vm1.runcmd.firstIndex { $0.first == Self.services }))
        let userData = try XCTUnwrap(
            try CoreLabs.compile(CoreLabs.seedEPC()).first { $0.path == "vms/vm2/cloud-init/user-data" }
        ).contents
        // Keys are sorted; what matters is that each piece is in the module cloud-init runs it in.
        for key in ["bootcmd:", "write_files:", "runcmd:"] { XCTAssertTrue(userData.contains("\n\(key)\n"), key) }

        let script = CoreSetupScripts.services
        let calls = script.split(separator: "\n").filter { $0.contains("systemctl ") && !$0.contains("#") }
        XCTAssertEqual(calls.count, 5, "unmask, reload, query, enable, restart: each once for all units\n\(calls)")
        XCTAssertFalse(script.contains("for unit in \"$@\"; do\n    systemctl"))
        // A unit placed on the VM after an earlier configuration masked it there loses that (empty) mask.
        XCTAssertTrue(script.contains("if [ -f \"$file\" ] && [ ! -s \"$file\" ]; then\n        rm -f -- \"$file\""))
    }

    func testOnlyAnOpen5GSLabHoldsAndMasksPackagedDaemons() throws {
        let parts = try CoreSetup.parts(for: Fixture.topology().vms[0], in: Fixture.topology())
        XCTAssertEqual(parts.bootcmd, [])
        let ran = try CoreLabs.guest(CoreLabs.standalone(), vm: "ran")
        XCTAssertEqual(ran.bootcmd.count, 1, "a RAN VM of an Open5GS lab may run an image with every package")
        XCTAssertEqual(ran.started, [], "no core unit to start; RANSetup starts the RAN's own")
        XCTAssertEqual(Set(ran.masked), Set(Self.allDaemons), "no Open5GS daemon runs on the RAN's VM")
    }

    func testALabWithoutACoreGetsNoCoreSetup() throws {
        let parts = try CoreSetup.parts(for: Fixture.topology().vms[0], in: Fixture.topology())
        XCTAssertTrue(parts.isEmpty)
    }

    // MARK: - Fixed scripts, quoting, schema

    func testScriptsAreFixedTextTheSameInEveryVMAndLab() throws {
        let vm2 = try CoreLabs.guest(CoreLabs.seedEPC(), vm: "vm2")
        let other = try CoreLabs.guest(CoreLabs.standalone(), vm: "upf1")
        for path in [CoreSetupScripts.upfSetupPath, CoreSetupScripts.servicesPath] {
            XCTAssertEqual(vm2.files[path]?.content, other.files[path]?.content, path)
            for name in ["vm2", "upf-a", "internet", "10.45", "ogstun2"] {
                XCTAssertFalse(vm2.files[path]?.content.contains(name) ?? true, "\(path) mentions \(name)")
            }
        }
    }

    func testExecStartQuotesOnlyWhatSystemdWouldReadDifferently() {
        XCTAssertEqual(
            CoreSetupScripts.execLine(["nr-ue", "-c", "/etc/ueransim/ue-a.yaml", "-n", "4"]),
            "nr-ue -c /etc/ueransim/ue-a.yaml -n 4")
        XCTAssertEqual(CoreSetupScripts.systemdWord("100%"), "\"100%%\"")
        XCTAssertEqual(CoreSetupScripts.systemdWord("$HOME"), "\"$$HOME\"")
        XCTAssertEqual(CoreSetupScripts.systemdWord("a b\"c\\"), "\"a b\\\"c\\\\\"")
        XCTAssertEqual(CoreSetupScripts.systemdWord(""), "\"\"")
        XCTAssertEqual(CoreSetup.unitName("gnb-1/x y"), "gnb-1-x-y")
    }

    func testUserDataWithTheCoreSetupPassesCloudInitsSchema() throws {
        let tool = HostTools.repository.appendingPathComponent("scripts/cloud-init-tool.sh").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { try HostTools.unavailable("no \(tool)") }
        _ = try HostTools.require("bash", "dpkg-deb")
        for lab in [CoreLabs.seedEPC(), CoreLabs.seedEPC(sharedUPFs: true), CoreLabs.standalone()] {
            let artifacts = try CoreLabs.compile(lab).filter { $0.kind == .cloudInitUserData }
            XCTAssertFalse(artifacts.isEmpty)
            let directory = try LabDirectory(artifacts)
            defer { directory.remove() }
            for artifact in artifacts {
                let result = try HostTools.run([tool, "schema", "--config-file", directory.file(artifact.path).path])
                XCTAssertEqual(result.status, 0, "\(artifact.path): \(result.stdout)\(result.stderr)")
            }
        }
    }

    // MARK: - The UPF host script, for real

    /// topoc-upf-setup as written into vm2, run twice in a private network namespace (forwarding and NAT are
    /// per namespace): tun devices up with their gateways, forwarding on, one MASQUERADE rule per pool.
    func testUPFSetupScriptConfiguresTunForwardingAndNATIdempotently() throws {
        try HostTools.requireRoot("network namespaces, tun devices and iptables")
        _ = try HostTools.require("ip", "sh")
        if HostTools.locate("iptables") == nil || HostTools.locate("ip6tables") == nil {
            let deps = HostTools.repository.appendingPathComponent("scripts/install-deps.sh").path
            guard (try? HostTools.run(["bash", deps, "--only", "iptables"]))?.status == 0 else {
                try HostTools.unavailable("iptables is not installed")
            }
        }
        let guest = try CoreLabs.guest(CoreLabs.seedEPC(dualStack: true), vm: "vm2")
        let unit = try XCTUnwrap(guest.files["/etc/systemd/system/topoc-upf.service"]).content
        let argv = try execStart(unit)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-upf-setup-\(UUID())")
        try XCTUnwrap(guest.files[CoreSetupScripts.upfSetupPath]).content.write(
            to: script, atomically: true, encoding: .utf8)
        let namespace = "topoc-upf-" + String(UUID().uuidString.prefix(8)).lowercased()
        try HostTools.check(["ip", "netns", "add", namespace])
        defer {
            _ = try? HostTools.run(["ip", "netns", "delete", namespace])
            try? FileManager.default.removeItem(at: script)
        }
        let inside = ["ip", "netns", "exec", namespace]
        // What the package's networkd files leave when an image carries them: the sample addresses and a route
        // on `ogstun`, and a device the lab does not declare.
        try HostTools.check(inside + ["ip", "tuntap", "add", "name", "ogstun", "mode", "tun"])
        try HostTools.check(inside + ["ip", "addr", "add", "10.99.0.1/16", "dev", "ogstun"])
        try HostTools.check(inside + ["ip", "addr", "add", "2001:db8:dead::1/48", "dev", "ogstun"])
        try HostTools.check(inside + ["ip", "link", "set", "ogstun", "up"])
        try HostTools.check(inside + ["ip", "route", "add", "10.98.0.0/16", "dev", "ogstun"])
        try HostTools.check(inside + ["ip", "tuntap", "add", "name", "ogstun9", "mode", "tun"])
        try HostTools.check(inside + ["sh", script.path, "--remove", "ogstun9", "--remove", "absent"])
        XCTAssertNotEqual(try HostTools.run(inside + ["ip", "link", "show", "dev", "ogstun9"]).status, 0)
        for _ in 0..<2 { try HostTools.check(inside + ["sh", script.path] + argv.dropFirst()) }
        let global = try HostTools.check(inside + ["ip", "-o", "addr", "show", "scope", "global"]).stdout
        XCTAssertEqual(
            global.split(separator: "\n").compactMap { line in
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                return words.count > 3 ? "\(words[1]) \(words[3])" : nil
            }.sorted(),
            ["ogstun 10.45.0.1/16", "ogstun2 10.46.0.1/16", "ogstun3 2001:db8:cafe::1/48"], "exactly the declared")
        let routes = try HostTools.check(inside + ["ip", "-4", "route", "show"]).stdout
        XCTAssertFalse(routes.contains("10.98.0.0/16") || routes.contains("10.99."), routes)

        XCTAssertEqual(
            Array(argv.dropFirst()),
            [
                "ogstun", "10.45.0.1/16", "10.45.0.0/16", "ogstun2", "10.46.0.1/16", "10.46.0.0/16",
                "ogstun3", "2001:db8:cafe::1/48", "2001:db8:cafe::/48",
            ])
        let addresses = try HostTools.check(inside + ["ip", "-o", "addr", "show"]).stdout
        for (device, address) in [
            ("ogstun", "inet 10.45.0.1/16"), ("ogstun2", "inet 10.46.0.1/16"),
            ("ogstun3", "inet6 2001:db8:cafe::1/48"),
        ] {
            XCTAssertTrue(addresses.contains(": \(device)    \(address)"), "\(device) \(address) in \(addresses)")
            let link = try HostTools.check(inside + ["ip", "-o", "link", "show", "dev", device]).stdout
            XCTAssertTrue(link.contains(",UP") || link.contains("<UP"), link)
        }
        let forwarding = try HostTools.check(
            inside + ["sysctl", "-n", "net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"]
        ).stdout
        XCTAssertEqual(forwarding, "1\n1\n")
        let nat = try HostTools.check(inside + ["iptables", "-t", "nat", "-S", "POSTROUTING"]).stdout
        let rules = nat.split(separator: "\n").filter { $0.hasPrefix("-A ") }
        XCTAssertEqual(
            rules,
            [
                "-A POSTROUTING -s 10.45.0.0/16 ! -o ogstun -j MASQUERADE",
                "-A POSTROUTING -s 10.46.0.0/16 ! -o ogstun2 -j MASQUERADE",
            ], "one rule per pool after two runs")
        let nat6 = try HostTools.check(inside + ["ip6tables", "-t", "nat", "-S", "POSTROUTING"]).stdout
        XCTAssertEqual(
            nat6.split(separator: "\n").filter { $0.hasPrefix("-A ") },
            ["-A POSTROUTING -s 2001:db8:cafe::/48 ! -o ogstun3 -j MASQUERADE"])
        let usage = try HostTools.run(inside + ["sh", script.path, "ogstun", "10.45.0.1/16"])
        XCTAssertEqual(usage.status, 2, "arguments come in threes")
    }

    /// The words of a unit's `ExecStart=` (our own units only ever hold safe words).
    private func execStart(_ unit: String) throws -> [String] {
        let line = try XCTUnwrap(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
    }
}

/// The labs these tests compile, and each VM's user-data read back.
enum CoreLabs {
    /// Seed 000's CUPS EPC (see `Open5GSLabs.epc`).
    static func seedEPC(install: String = "package", sharedUPFs: Bool = false, dualStack: Bool = false) -> String {
        Open5GSLabs.epc(install: install, sharedUPFs: sharedUPFs, dualStack: dualStack)
    }

    /// A 5G SA core on `core`, a UPF on `upf1`, and a UERANSIM gNB with a UE group on `ran`.
    static func standalone(install: String = "package", ranInstall: String = "source") -> String {
        """
        topology: sa-setup
        images:
          jammy: { path: /var/lib/topoc/jammy.qcow2 }
        defaults:
          vm: { image: jammy }
        networks:
          cp: { subnet: 10.10.0.0/24 }
        vms:
          core: { networks: { cp: {} } }
          upf1: { networks: { cp: {} } }
          ran: { networks: { cp: {} } }
        core:
          software: open5gs@2.7
          install: \(install)
          plmn: 001-01
          functions:
            nrf: { on: core }
            scp: { on: core }
            amf: { on: core }
            smf: { on: core }
            ausf: { on: core }
            udm: { on: core }
            udr: { on: core }
            pcf: { on: core }
            nssf: { on: core }
            bsf: { on: core }
            upf: { on: upf1 }
          dnns:
            internet: { subnet: 10.45.0.0/16 }
        slices:
          embb: { sst: 1, sd: "000001", dnns: [internet] }
        ran:
          install: \(ranInstall)
          gnbs:
            gnb1: { on: ran }
          ues:
            phones:
              on: ran
              imsi: "001010000000001"
              count: 2
              key: 465B5CE8B199B49FAA5F0A2EE238A6BC
              opc: E8ED289DEBA952E4283B54E88E6183CA
        """
    }

    static func compile(_ text: String) throws -> [Artifact] {
        let result = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        return result.artifacts
    }

    static func guest(_ text: String, vm: String) throws -> GuestUserData {
        let artifact = try XCTUnwrap(try compile(text).first { $0.path == "vms/\(vm)/cloud-init/user-data" }, vm)
        return try GuestUserData(try YAMLNode.parse(artifact.contents, file: artifact.path))
    }
}

/// A VM's user-data, read back: files by path, and commands in order.
struct GuestUserData {
    struct File {
        var content: String
        var permissions: String
        var owner: String
    }

    /// An argv entry (`shell` nil) or a shell line (`argv` empty).
    struct Entry {
        var argv: [String]
        var shell: String?
    }

    var files: [String: File] = [:]
    var commands: [Entry] = []
    var bootcmd: [[String]] = []

    init(_ root: YAMLNode) throws {
        bootcmd = (root["bootcmd"]?.items ?? []).map { $0.items.compactMap(\.text) }
        for item in root["write_files"]?.items ?? [] {
            let path = try XCTUnwrap(item["path"]?.text)
            XCTAssertNil(files[path], "\(path) written twice")
            files[path] = File(
                content: item["content"]?.text ?? "", permissions: item["permissions"]?.text ?? "",
                owner: item["owner"]?.text ?? "")
        }
        commands = (root["runcmd"]?.items ?? []).map { item in
            item.sequence == nil ? Entry(argv: [], shell: item.text) : Entry(argv: item.items.compactMap(\.text))
        }
    }

    var runcmd: [[String]] { commands.map(\.argv) }
    var shellLines: [String] { commands.compactMap(\.shell) }
    var started: [String] { units("start") }
    /// Units masked for good: an empty unit file in /etc/systemd/system.
    var masked: [String] {
        files.filter { path, file in
            path.hasPrefix(SystemdUnits.directory + "/") && path.hasSuffix(".service") && file.content.isEmpty
        }.keys.map { String($0.dropFirst(SystemdUnits.directory.count + 1)) }.sorted()
    }

    /// The units in the `After=` / `Requires=` of topoc's drop-in for `unit`.
    func after(_ unit: String) -> [String] { dropIn(unit, "After=") }
    func requires(_ unit: String) -> [String] { dropIn(unit, "Requires=") }

    private func dropIn(_ unit: String, _ key: String) -> [String] {
        let text = files["\(SystemdUnits.directory)/\(unit).d/10-topoc-order.conf"]?.content ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix(key) }
            .flatMap { $0.dropFirst(key.count).split(separator: " ").map(String.init) }
    }

    private func units(_ action: String) -> [String] {
        runcmd.filter { $0.first == CoreSetupScripts.servicesPath && $0.dropFirst().first == action }
            .flatMap { $0.dropFirst(2) }
    }
}

/// UEs attach without hand edits: their subscriber records are imported where the HSS/UDR reads them.
final class CoreSetupSubscriberTests: XCTestCase {
    func testSubscribersAreImportedOnTheUDRsVMOnly() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/open5gs-5gc-slices.yaml")
        let result = Compiler.compile(bytes: Array(try Data(contentsOf: example)), file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors)
        let userData = { (vm: String) in result.artifacts.first { $0.path == "vms/\(vm)/cloud-init/user-data" } }
        let core = try XCTUnwrap(userData("core")?.contents)
        XCTAssertTrue(core.contains("path: /etc/topoc/subscribers.json"))
        XCTAssertTrue(core.contains("- mongoimport"))
        XCTAssertTrue(core.contains("\"imsi\":\"001010000000001\"") || core.contains("001010000000001"))
        XCTAssertEqual(userData("core")?.mode, Artifact.secretMode, "user-data holding K/OPc is 0600")
        let ran = try XCTUnwrap(userData("ran")?.contents)
        XCTAssertFalse(ran.contains("mongoimport"))
    }
}
