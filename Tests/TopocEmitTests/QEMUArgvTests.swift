// The QEMU command lines as structures: one VM's argv in full, then the choices that vary (accelerator,
// disk bus, direct boot, NIC backends), and the promise that `qemu.sh` runs exactly the argv of `qemu.json`.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class QEMUArgvTests: XCTestCase {
    let topology = Fixture.topology()

    func argv(_ vm: String) throws -> [String] {
        let artifact = try XCTUnwrap(try TargetBackends.artifacts(topology).first { $0.path == "vms/\(vm)/qemu.json" })
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(artifact.contents.utf8)) as? [String])
    }

    func testTheFirstVMsArgvInFull() throws {
        XCTAssertEqual(
            try argv("vm1"),
            [
                "qemu-system-x86_64",
                "-name", "guest=vm1,debug-threads=on", "-uuid", "5a0f3c2e-0000-4000-8000-000000000001",
                "-machine", "q35", "-accel", "tcg", "-cpu", "qemu64", "-smp", "1", "-m", "256M",
                "-nodefaults", "-no-user-config", "-display", "none",
                "-drive", "file=vms/vm1/disk.qcow2,if=none,id=root,format=qcow2",
                "-device", "virtio-blk-pci,drive=root,bootindex=1",
                "-drive", "file=vms/vm1/seed.iso,if=virtio,format=raw,readonly=on",
                "-serial", "file:vms/vm1/serial.log", "-qmp", "unix:vms/vm1/qmp.sock,server=on,wait=off",
                "-pidfile", "vms/vm1/qemu.pid", "-daemonize", "-device", "virtio-rng-pci",
                "-chardev", "socket,id=qga0,path=vms/vm1/qga.sock,server=on,wait=off",
                "-device", "virtio-serial-pci,id=qga-serial0",
                "-device", "virtserialport,bus=qga-serial0.0,chardev=qga0,name=org.qemu.guest_agent.0",
                "-netdev", "user,id=mgmt,hostfwd=tcp:127.0.0.1:2021-:22,hostfwd=tcp:127.0.0.1:8080-:80",
                "-device", "virtio-net-pci,netdev=mgmt,mac=52:54:00:cd:00:00",
                "-netdev", "tap,id=net0,ifname=tab12-1-0,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=net0,mac=52:54:00:ab:12:10,host_mtu=9000",
                "-netdev", "stream,id=net1,server=on,addr.type=unix,addr.path=links/n3.sock",
                "-device", "virtio-net-pci,netdev=net1,mac=52:54:00:ab:12:11",
                "-netdev",
                "dgram,id=net2,remote.type=inet,remote.host=239.255.77.1,remote.port=47001,local.type=inet,"
                    + "local.host=127.0.0.1,local.port=0",
                "-device", "virtio-net-pci,netdev=net2,mac=52:54:00:ab:12:12",
            ])
    }

    func testAutoAccelListsKVMThenTCG() throws {
        var auto = topology
        auto.vms[0].accel = .auto
        auto.vms[1].accel = .kvm
        let lines = try auto.vms.map { try QEMUCommandLine(vm: $0, in: auto).groups.filter { $0.first == "-accel" } }
        XCTAssertEqual(lines[0], [["-accel", "kvm"], ["-accel", "tcg"]])
        XCTAssertEqual(lines[1], [["-accel", "kvm"]])
        XCTAssertEqual(lines[2], [["-accel", "tcg"]])
    }

    func testNVMeRootAndStreamClient() throws {
        let groups = try QEMUCommandLine(vm: topology.vms[1], in: topology).groups
        XCTAssertTrue(groups.contains(["-machine", "pc"]))
        XCTAssertTrue(groups.contains(["-device", "nvme,serial=root,drive=root,bootindex=1"]))
        XCTAssertTrue(
            groups.contains(["-netdev", "stream,id=net0,server=off,addr.type=unix,addr.path=links/n3.sock"]))
        XCTAssertTrue(groups.contains(["-netdev", "user,id=mgmt,hostfwd=tcp:127.0.0.1:2200-:22"]))
    }

    func testDirectKernelBootAndSkippedNetmapNIC() throws {
        let groups = try QEMUCommandLine(vm: topology.vms[2], in: topology).groups
        let boot = groups.filter { ["-kernel", "-initrd", "-append"].contains($0[0]) }
        XCTAssertEqual(
            boot,
            [
                ["-kernel", "images/vmlinuz"], ["-initrd", "images/initrd.img"],
                ["-append", "console=ttyS0 root=LABEL=root rw"],
            ])
        let netdevs = groups.filter { $0[0] == "-netdev" }.map { $0[1].split(separator: ",")[0] }
        XCTAssertEqual(netdevs, ["user", "dgram"], "the netmap NIC is not the QEMU backend's to attach")
    }

    func testCommasInTopologyValuesAreEscaped() throws {
        var odd = topology
        odd.networks[1].socketTransport = .stream(path: "links/n3,x.sock", server: "vm1")
        let groups = try QEMUCommandLine(vm: odd.vms[0], in: odd).groups
        XCTAssertTrue(
            groups.contains(["-netdev", "stream,id=net1,server=on,addr.type=unix,addr.path=links/n3,,x.sock"]))
    }

    func testBrokenResolutionIsReportedNotEmitted() {
        var broken = topology
        broken.vms[0].interfaces[0].tap = nil
        XCTAssertThrowsError(try TargetBackends.artifacts(broken)) { error in
            XCTAssertTrue("\(error)".contains("has no tap"), "\(error)")
        }
    }

    /// A stub `qemu-system-x86_64` first on PATH prints its working directory and arguments: the script must
    /// change to the lab directory and pass exactly the argv of `qemu.json`, then its own arguments.
    func testScriptRunsTheSameArgvFromTheLabDirectory() throws {
        _ = try HostTools.require("sh")
        let lab = try LabDirectory(try TargetBackends.artifacts(topology))
        defer { lab.remove() }
        let bin = lab.file("stub-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = bin.appendingPathComponent("qemu-system-x86_64")
        try Data("#!/bin/sh\npwd\nprintf '%s\\n' \"$@\"\n".utf8).write(to: stub)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        for vm in topology.vms {
            let script = lab.file("vms/\(vm.name)/qemu.sh").path
            let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let result = try HostTools.check(["env", "PATH=\(path)", "sh", script, "-S"])
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(
                lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path },
                lab.url.resolvingSymlinksInPath().path)
            XCTAssertEqual(Array(lines.dropFirst().dropLast()), Array(try lab.argv(of: vm.name).dropFirst()) + ["-S"])
        }
    }
}
