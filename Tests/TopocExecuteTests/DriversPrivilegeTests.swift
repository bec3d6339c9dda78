import Foundation
import TopocPlan
import XCTest

@testable import TopocExecute

/// Changes to bridges and taps, and QEMUs that open taps, are refused up front without CAP_NET_ADMIN.
final class DriversPrivilegeTests: XCTestCase {
    func testPrivilegesAreCheckedOnlyForLinkChanges() throws {
        let lab = try DriverLab()
        try lab.addNetwork(bridge: "tdbr0", mtu: 1500, address: nil, taps: [])
        let bridge = try lab.resource(.bridge, "tdbr0")
        let changes = ChangeSet(
            lab: "drvlab",
            changes: [
                Change(action: .create, id: bridge.id, desired: bridge),
                Change(action: .noop, id: ResourceID(.tap, "tdtap0")),
                Change(action: .delete, id: ResourceID(.vm, "gone")),
            ])
        XCTAssertEqual(HostDrivers.needingNetAdmin(changes), [bridge.id])
        XCTAssertEqual(HostDrivers.needingNetAdmin(ChangeSet(lab: "drvlab", changes: [])), [])
        let allowed = (ProcessTable.effectiveCapabilities() ?? 0) & (1 << 12) != 0
        XCTAssertEqual((try? HostDrivers().checkPrivileges(for: changes)) != nil, allowed)
        XCTAssertNil(HostDrivers.refusal(for: changes, capabilities: 1 << 12))
        XCTAssertEqual(
            HostDrivers.refusal(for: changes, capabilities: 0)?.message,
            "bridge:tdbr0 needs CAP_NET_ADMIN (run as root, or use `mode: socket` networks)")
    }

    func testAVMOnATapNeedsItButASocketVMDoesNot() throws {
        let tapVM = DesiredResource(
            id: ResourceID(.vm, "a"), digests: [:], dependencies: [ResourceID(.tap, "t0"), ResourceID(.image, "i")])
        let socketVM = DesiredResource(id: ResourceID(.vm, "b"), digests: [:], dependencies: [ResourceID(.image, "i")])
        let changes = ChangeSet(
            lab: "drvlab",
            changes: [
                Change(action: .update, id: tapVM.id, desired: tapVM),
                Change(action: .create, id: socketVM.id, desired: socketVM),
                Change(action: .create, id: ResourceID(.image, "i")),
            ])
        XCTAssertEqual(HostDrivers.needingNetAdmin(changes), [tapVM.id])
    }
}
