// Host network steps as data: what a host needs for its bridge-mode networks, the teardown order, the JSON
// the executor reads back, and a script that is valid `sh` even when there is nothing to do. The steps are
// run for real in a network namespace by LabRunTests.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class HostNetworkTests: XCTestCase {
    let topology = Fixture.topology()

    func testBridgeNetworksGetABridgeAndATapPerNIC() throws {
        let plan = try HostNetworkPlan(host: "local", in: topology)
        XCTAssertEqual(
            plan.up,
            [
                .createBridge(name: "tpab12-cp", mtu: 9000), .addAddress(device: "tpab12-cp", cidr: "192.0.2.1/24"),
                .setUp(device: "tpab12-cp"),
                .createTap(name: "tab12-1-0"), .setMTU(device: "tab12-1-0", mtu: 9000),
                .attach(tap: "tab12-1-0", bridge: "tpab12-cp"), .setUp(device: "tab12-1-0"),
                .createTap(name: "tab12-2-1"), .setMTU(device: "tab12-2-1", mtu: 9000),
                .attach(tap: "tab12-2-1", bridge: "tpab12-cp"), .setUp(device: "tab12-2-1"),
            ])
        XCTAssertEqual(
            plan.down,
            [.deleteLink(name: "tab12-2-1"), .deleteLink(name: "tab12-1-0"), .deleteLink(name: "tpab12-cp")],
            "taps go before the bridge they joined")
        for step in plan.up + plan.down { XCTAssertEqual(step.argv.first, "ip") }
        XCTAssertEqual(
            HostStep.createBridge(name: "b", mtu: 1500).argv,
            ["ip", "link", "add", "name", "b", "mtu", "1500", "type", "bridge"])
    }

    func testTheExecutorReadsTheStepsBack() throws {
        let artifacts = try TargetBackends.artifacts(topology)
        let json = try XCTUnwrap(artifacts.first { $0.path == "hosts/local/network.json" })
        XCTAssertEqual(json.kind, .hostNetworkSteps)
        let decoded = try JSONDecoder().decode(HostNetworkPlan.self, from: Data(json.contents.utf8))
        XCTAssertEqual(decoded, try HostNetworkPlan(host: "local", in: topology))
    }

    func testAHostWithoutBridgesGetsAScriptThatDoesNothing() throws {
        _ = try HostTools.require("sh")
        var twoHosts = topology
        twoHosts.hosts.append(ResolvedHost(name: "edge", libvirtURI: "qemu:///system"))
        let lab = try LabDirectory(try TargetBackends.artifacts(twoHosts))
        defer { lab.remove() }
        XCTAssertEqual(try HostNetworkPlan(host: "edge", in: twoHosts).up, [])
        let script = lab.file("hosts/edge/network.sh").path
        for direction in ["up", "down"] { try HostTools.check(["sh", script, direction]) }
        XCTAssertEqual(try HostTools.run(["sh", script, "sideways"]).status, 2)
        try HostTools.check(["sh", "-n", lab.file("hosts/local/network.sh").path])
    }

    func testSocketNetworksNeedNoHostSteps() throws {
        var socketOnly = topology
        socketOnly.networks.removeAll { $0.mode == .bridge }
        for index in socketOnly.vms.indices { socketOnly.vms[index].interfaces.removeAll { $0.mode == .bridge } }
        XCTAssertEqual(try HostNetworkPlan(host: "local", in: socketOnly).up, [])
    }
}
