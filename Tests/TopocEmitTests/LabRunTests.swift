// The emitted QEMU command lines, started for real (paused with -S, TCG), in a lab directory with the
// emitted files, overlay disks and seed ISOs. Each VM must answer QMP in the `prelaunch` state with its
// NICs attached as declared. Processes and namespaces are cleaned up even when a check fails.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class LabRunTests: XCTestCase {
    /// Bridge mode needs root: the test makes a private network namespace, runs the emitted `network.sh` in it
    /// (twice, to prove it is re-runnable), starts all three VMs there, then tears the network down.
    func testWholeLabStartsInANetworkNamespace() throws {
        try HostTools.requireRoot("bridge mode creates a network namespace, a bridge and taps")
        _ = try HostTools.require("ip", "sh", "qemu-system-x86_64", "qemu-img", "genisoimage")
        let topology = Fixture.topology()
        let lab = try LabDirectory(try TargetBackends.artifacts(topology))
        let namespace = "topoc-test-\(UUID().uuidString.prefix(8).lowercased())"
        let launcher = QEMULauncher(lab: lab, namespace: namespace)
        try HostTools.check(["ip", "netns", "add", namespace])
        defer {
            launcher.stopAll()
            _ = try? HostTools.run(["ip", "netns", "delete", namespace])
            lab.remove()
        }
        try HostTools.check(["ip", "-n", namespace, "link", "set", "lo", "up"])
        let script = lab.file("hosts/local/network.sh").path
        for _ in 0..<2 { try HostTools.check(["ip", "netns", "exec", namespace, "sh", script, "up"]) }
        try checkHostNetwork(namespace: namespace)

        for vm in topology.vms { try lab.prepare(vm, in: topology) }
        // vm1 listens on the two-member stream link, so it starts first; vm3 starts through its qemu.sh.
        let vm1 = try launcher.start(topology.vms[0], argv: try lab.argv(of: "vm1"))
        let vm2 = try launcher.start(topology.vms[1], argv: try lab.argv(of: "vm2"))
        let vm3 = try launcher.startScript(topology.vms[2])
        for client in [vm1, vm2, vm3] { try assertPaused(client) }
        try assertNetwork(vm1, contains: ["type=tap,ifname=tab12-1-0", "type=dgram,mcast=239.255.77.1:47001"])
        try assertNetwork(vm2, contains: ["type=tap,ifname=tab12-2-1"])
        try assertNetwork(vm3, contains: ["type=dgram,mcast=239.255.77.1:47001"])
        for client in [vm1, vm2] { try assertStreamConnected(client, path: "links/n3.sock") }

        let pids = launcher.pids
        launcher.stopAll()
        for pid in pids { XCTAssertTrue(launcher.waitForExit(pid, seconds: 1), "QEMU \(pid) still running") }
        for _ in 0..<2 { try HostTools.check(["ip", "netns", "exec", namespace, "sh", script, "down"]) }
        for name in ["tpab12-cp", "tab12-1-0", "tab12-2-1"] {
            XCTAssertNil(try NetworkProbes.link(name, namespace: namespace), "\(name) left behind")
        }
    }

    /// Socket mode needs no root and no host networking. A comma and a space in the stream socket's path
    /// prove QEMU option escaping and shell quoting (vm2 starts through qemu.sh); a datagram sent to the
    /// hub's group on loopback must reach all three VMs' netdevs, and the group is joined on `lo` only.
    func testSocketLinksNeedNoHostNetworking() throws {
        _ = try HostTools.require("sh", "qemu-system-x86_64", "qemu-img", "genisoimage")
        let tcp = try NetworkProbes.freePorts(4, type: Int32(SOCK_STREAM.rawValue))
        let udp = try NetworkProbes.freePorts(1, type: Int32(SOCK_DGRAM.rawValue))
        let group = IPv4Address(0xefff_0000 | UInt32.random(in: 1...0xfffe))
        var topology = Fixture.topology(ports: Fixture.HostPorts(forwards: tcp, hub: udp[0], hubGroup: group))
        topology.networks.removeAll { $0.mode == .bridge }
        for index in topology.vms.indices { topology.vms[index].interfaces.removeAll { $0.mode == .bridge } }
        topology.networks[0].socketTransport = .stream(path: "links/n3, link.sock", server: "vm1")
        let lab = try LabDirectory(try TargetBackends.artifacts(topology))
        let launcher = QEMULauncher(lab: lab)
        defer {
            launcher.stopAll()
            lab.remove()
        }
        for vm in topology.vms { try lab.prepare(vm, in: topology) }
        func dump(_ vm: ResolvedVM) -> [String] {
            let hub = vm.interfaces.first { $0.network == "hub" }?.netdevID ?? "missing"
            return ["-object", "filter-dump,id=hubdump,netdev=\(hub),file=\(vm.paths.directory)/hub.pcap"]
        }
        let vm1 = try launcher.start(topology.vms[0], argv: try lab.argv(of: "vm1") + dump(topology.vms[0]))
        let vm2 = try launcher.startScript(topology.vms[1], extra: dump(topology.vms[1]))
        let vm3 = try launcher.start(topology.vms[2], argv: try lab.argv(of: "vm3") + dump(topology.vms[2]))
        for client in [vm1, vm2, vm3] { try assertPaused(client) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: lab.file("links/n3, link.sock").path))
        for client in [vm1, vm2] { try assertStreamConnected(client, path: "links/n3, link.sock") }

        XCTAssertEqual(try NetworkProbes.interfacesJoined(group), ["lo"], "the hub must not reach a real network")
        try NetworkProbes.sendMulticast(Array(repeating: 0x5a, count: 60), group: group, port: udp[0])
        for vm in topology.vms {
            let pcap = lab.file("\(vm.paths.directory)/hub.pcap").path
            let received = NetworkProbes.eventually {
                ((try? FileManager.default.attributesOfItem(atPath: pcap)[.size] as? Int) ?? 0) > 24
            }
            XCTAssertTrue(received, "\(vm.name) did not receive the hub's datagram")
        }
    }

    func checkHostNetwork(namespace: String) throws {
        let bridge = try XCTUnwrap(try NetworkProbes.link("tpab12-cp", namespace: namespace), "no bridge")
        XCTAssertEqual((bridge["linkinfo"] as? [String: Any])?["info_kind"] as? String, "bridge")
        XCTAssertEqual(bridge["mtu"] as? Int, 9000)
        XCTAssertTrue((bridge["flags"] as? [String])?.contains("UP") ?? false)
        for tap in ["tab12-1-0", "tab12-2-1"] {
            let link = try XCTUnwrap(try NetworkProbes.link(tap, namespace: namespace), "no \(tap)")
            XCTAssertEqual(link["master"] as? String, "tpab12-cp")
            XCTAssertEqual(link["mtu"] as? Int, 9000)
            XCTAssertTrue((link["flags"] as? [String])?.contains("UP") ?? false)
        }
        let addresses = try HostTools.check(["ip", "-n", namespace, "-j", "addr", "show", "dev", "tpab12-cp"])
        XCTAssertTrue(addresses.stdout.contains("\"local\":\"192.0.2.1\",\"prefixlen\":24"), addresses.stdout)
    }

    func assertPaused(_ client: QMPClient) throws {
        let status = try XCTUnwrap(try client.execute("query-status") as? [String: Any])
        XCTAssertEqual(status["status"] as? String, "prelaunch")
    }

    func assertNetwork(_ client: QMPClient, contains fragments: [String]) throws {
        let info = try client.human("info network")
        for fragment in fragments { XCTAssertTrue(info.contains(fragment), "\(fragment) not in:\n\(info)") }
    }

    /// Connected stream netdevs show their peer's address; a listener without a peer shows none, a client
    /// that failed shows `connection error`.
    func assertStreamConnected(_ client: QMPClient, path: String) throws {
        let connected = try NetworkProbes.eventually {
            try client.human("info network").contains("type=stream,unix:\(path)")
        }
        let info = try client.human("info network")
        XCTAssertTrue(connected, info)
    }
}
