import Foundation
import TopocPlan
import XCTest

@testable import TopocExecute

/// Bridges and taps made by the real `ip`, inside a private network namespace (TEST-NET-1 addresses only).
final class DriversLinkTests: XCTestCase {
    var namespace: NetworkNamespace?
    var lab: DriverLab?

    override func setUpWithError() throws {
        try DriverTools.requireRoot("creates network namespaces, bridges and taps")
        try DriverTools.require("ip")
        namespace = try NetworkNamespace()
        let lab = try DriverLab()
        try lab.addNetwork(bridge: "tdbr0", mtu: 9000, address: "192.0.2.1/24", taps: ["tdtap0", "tdtap1"])
        self.lab = lab
    }

    override func tearDown() {
        namespace = nil
        lab = nil
    }

    func fixtures() throws -> (NetworkNamespace, DriverLab, HostDrivers) {
        guard let namespace, let lab else { throw DriverTestFailure(description: "set-up did not run") }
        return (namespace, lab, HostDrivers(commandPrefix: namespace.prefix))
    }

    func testCreatesABridgeWithMTUAddressAndStateAndRepeatsHarmlessly() async throws {
        let (namespace, lab, drivers) = try fixtures()
        let bridge = try lab.resource(.bridge, "tdbr0")
        let attributes = try await drivers.createBridge(bridge, lab: lab.context)
        XCTAssertEqual(attributes, ["name": "tdbr0", "mtu": "9000", "address": "192.0.2.1/24"])
        let link = try XCTUnwrap(try namespace.link("tdbr0"))
        XCTAssertEqual(link["mtu"] as? Int, 9000)
        XCTAssertEqual((link["linkinfo"] as? [String: Any])?["info_kind"] as? String, "bridge")
        XCTAssertTrue((link["flags"] as? [String])?.contains("UP") ?? false, "\(link)")
        XCTAssertEqual(try namespace.addresses("tdbr0"), ["192.0.2.1/24"])

        // Again: nothing is added twice, nothing fails.
        let again = try await drivers.createBridge(bridge, lab: lab.context)
        XCTAssertEqual(again, attributes)
        XCTAssertEqual(try namespace.addresses("tdbr0"), ["192.0.2.1/24"])
        XCTAssertEqual(drivers.status(of: bridge.recorded(with: attributes), lab: lab.context), .present)
    }

    func testCreatesTapsAttachedToTheirBridgeAndReattachesOne() async throws {
        let (namespace, lab, drivers) = try fixtures()
        _ = try await drivers.createBridge(try lab.resource(.bridge, "tdbr0"), lab: lab.context)
        let tap = try lab.resource(.tap, "tdtap0")
        let attributes = try await drivers.createTap(tap, lab: lab.context)
        XCTAssertEqual(attributes, ["name": "tdtap0", "mtu": "9000", "bridge": "tdbr0"])
        let link = try XCTUnwrap(try namespace.link("tdtap0"))
        XCTAssertEqual(link["master"] as? String, "tdbr0")
        XCTAssertEqual(link["mtu"] as? Int, 9000)
        XCTAssertEqual((link["linkinfo"] as? [String: Any])?["info_kind"] as? String, "tun")
        let recorded = tap.recorded(with: attributes)
        XCTAssertEqual(drivers.status(of: recorded, lab: lab.context), .present)

        // Detached behind our back: drift, and creating it again re-attaches it.
        try DriverTools.check(["ip", "-n", namespace.name, "link", "set", "dev", "tdtap0", "nomaster"])
        XCTAssertEqual(
            drivers.status(of: recorded, lab: lab.context), .missing("tap tdtap0 is not attached to bridge tdbr0"))
        _ = try await drivers.createTap(tap, lab: lab.context)
        XCTAssertEqual(try namespace.link("tdtap0")?["master"] as? String, "tdbr0")
    }

    func testDeletesLinksAndToleratesTheirAbsence() async throws {
        let (namespace, lab, drivers) = try fixtures()
        let bridge = try lab.resource(.bridge, "tdbr0")
        let tap = try lab.resource(.tap, "tdtap1")
        let bridgeRecord = bridge.recorded(with: try await drivers.createBridge(bridge, lab: lab.context))
        let tapRecord = tap.recorded(with: try await drivers.createTap(tap, lab: lab.context))

        try await drivers.deleteLink(tapRecord, lab: lab.context)
        try await drivers.deleteLink(bridgeRecord, lab: lab.context)
        XCTAssertNil(try namespace.link("tdtap1"))
        XCTAssertNil(try namespace.link("tdbr0"))
        XCTAssertEqual(drivers.status(of: bridgeRecord, lab: lab.context), .missing("bridge tdbr0 does not exist"))
        XCTAssertEqual(drivers.status(of: tapRecord, lab: lab.context), .missing("tap tdtap1 does not exist"))
        try await drivers.deleteLink(tapRecord, lab: lab.context)
        try await drivers.deleteLink(bridgeRecord, lab: lab.context)
    }

    func testALinkOfAnotherKindIsNotTakenOver() async throws {
        let (namespace, lab, drivers) = try fixtures()
        try DriverTools.check(["ip", "-n", namespace.name, "tuntap", "add", "dev", "tdbr0", "mode", "tap"])
        let bridge = try lab.resource(.bridge, "tdbr0")
        do {
            _ = try await drivers.createBridge(bridge, lab: lab.context)
            XCTFail("a tap was taken for a bridge")
        } catch {
            XCTAssertTrue(error.message.contains("tdbr0 already exists but is a tun, not a bridge"), error.message)
        }
        // Nor is it deleted in place of the bridge that had its name, nor taken for it by drift detection.
        let recorded = bridge.recorded()
        XCTAssertEqual(drivers.status(of: recorded, lab: lab.context), .missing("tdbr0 is a tun now, not a bridge"))
        try await drivers.deleteLink(recorded, lab: lab.context)
        XCTAssertNotNil(try namespace.link("tdbr0"))
    }

    func testATapOnAMissingBridgeFailsNamingTheCommand() async throws {
        let (_, lab, drivers) = try fixtures()
        let tap = try lab.resource(.tap, "tdtap0")
        do {
            _ = try await drivers.createTap(tap, lab: lab.context)
            XCTFail("a tap was attached to a bridge that does not exist")
        } catch {
            XCTAssertTrue(error.message.hasPrefix("setting up tap:tdtap0: ip exited with status"), error.message)
            XCTAssertEqual(
                error.command.map { Array($0.suffix(7)) }, ["ip", "link", "set", "dev", "tdtap0", "master", "tdbr0"])
        }
    }

    /// Without a prefix the drivers look at /sys/class/net of their own namespace.
    func testStatusInOurOwnNamespaceReadsSysfs() throws {
        let drivers = HostDrivers()
        let context = LabContext(lab: "x", directory: URL(fileURLWithPath: "/tmp"), artifacts: [])
        let loopback = RecordedResource(id: ResourceID(.bridge, "lo"), digests: [:])
        XCTAssertEqual(drivers.status(of: loopback, lab: context), .missing("lo is a plain device now, not a bridge"))
        XCTAssertEqual(try drivers.probeLink("lo"), LinkInfo(kind: nil, mtu: 65536, master: nil))
        let missing = RecordedResource(id: ResourceID(.tap, "tdnope0"), digests: [:])
        XCTAssertEqual(drivers.status(of: missing, lab: context), .missing("tap tdnope0 does not exist"))
    }
}
