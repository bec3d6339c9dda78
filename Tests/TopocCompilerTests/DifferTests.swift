import TopocEmit
import TopocPlan
import XCTest

/// Planning over recorded states: created, unchanged, changed, drifted, partially applied, removed.
final class DifferTests: XCTestCase {
    private let lab = """
        topology: difftest
        images:
          base: { path: base.qcow2 }
        defaults:
          vm: { image: base, memory: 512MiB, accel: tcg }
          login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDiffTestKey me@test"] }
        networks:
          lan: { subnet: 192.0.2.0/24 }
        vms:
          vm1: { networks: { lan: {} } }
          vm2: { networks: { lan: {} } }
        """

    private func desired(_ text: String) throws -> [DesiredResource] {
        let result = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try QEMUBackend().desiredResources(from: result.artifacts)
    }

    /// The state an apply of `resources` would have recorded.
    private func applied(_ resources: [DesiredResource]) -> LabState {
        var state = LabState(lab: "difftest", directory: "/lab")
        for resource in resources {
            state.resources[resource.id] = RecordedResource(
                id: resource.id, digests: resource.digests, attributes: resource.attributes)
        }
        return state
    }

    private func diff(_ resources: [DesiredResource], _ state: LabState?, missing: Set<ResourceID> = []) -> ChangeSet {
        Differ.diff(lab: "difftest", desired: resources, state: state) { recorded in
            missing.contains(recorded.id) ? .missing("\(recorded.id) is gone") : .present
        }
    }

    private func action(_ set: ChangeSet, _ kind: ResourceID.Kind, _ name: String) -> ChangeAction? {
        set.changes.first { $0.id == ResourceID(kind, name) }?.action
    }

    func testAFreshLabCreatesEverythingInSetUpOrder() throws {
        let set = diff(try desired(lab), nil)
        XCTAssertEqual(set.changes.map(\.action), Array(repeating: .create, count: set.changes.count))
        XCTAssertEqual(set.changes.map(\.id.kind), [.image, .bridge, .tap, .tap, .vm, .vm])
    }

    func testAnAppliedLabHasNoChanges() throws {
        let resources = try desired(lab)
        let set = diff(resources, applied(resources))
        XCTAssertFalse(set.hasChanges)
        XCTAssertEqual(ChangeRenderer(color: false).summary(set), "No changes: lab difftest matches its topology.")
    }

    func testChangingOneVMsMemoryReplacesThatVMOnlyAndSaysWhy() throws {
        let before = try desired(lab)
        let after = try desired(lab.replacingOccurrences(of: "vm1: { networks", with: "vm1: { memory: 1GiB, networks"))
        let set = diff(after, applied(before))
        XCTAssertEqual(action(set, .vm, "vm1"), .replace)
        XCTAssertEqual(action(set, .vm, "vm2"), .noop)
        let change = try XCTUnwrap(set.changes.first { $0.id == ResourceID(.vm, "vm1") })
        XCTAssertTrue(change.facets.contains(.machine))
        XCTAssertFalse(change.facets.contains(.disk), "memory does not touch the disk")
        XCTAssertTrue(change.reasons.joined().contains("`-m 512M` -> `-m 1024M`"), "\(change.reasons)")
    }

    func testChangingCloudInitUpdatesTheVMWithANewSeed() throws {
        let before = try desired(lab)
        let after = try desired(
            lab.replacingOccurrences(
                of: "vm2: { networks: { lan: {} } }",
                with: "vm2: { networks: { lan: {} }, cloud-init: { packages: [iperf3] } }"))
        let set = diff(after, applied(before))
        let change = try XCTUnwrap(set.changes.first { $0.id == ResourceID(.vm, "vm2") })
        XCTAssertEqual(change.action, .update)
        XCTAssertEqual(change.facets, [.seed])
        XCTAssertEqual(action(set, .vm, "vm1"), .noop)
    }

    func testAChangedImageSizeReplacesTheDisk() throws {
        let before = try desired(lab)
        let after = try desired(lab.replacingOccurrences(of: "memory: 512MiB,", with: "memory: 512MiB, disk: 4GiB,"))
        let set = diff(after, applied(before))
        XCTAssertEqual(set.changes.first { $0.id == ResourceID(.vm, "vm1") }?.facets.contains(.disk), true)
        XCTAssertEqual(action(set, .vm, "vm1"), .replace)
    }

    func testADeadVMIsRestartedAndADeletedBridgeIsRebuiltWithItsTapsAndVMs() throws {
        let resources = try desired(lab)
        let vmDied = diff(resources, applied(resources), missing: [ResourceID(.vm, "vm2")])
        XCTAssertEqual(action(vmDied, .vm, "vm2"), .update)
        XCTAssertEqual(vmDied.changes.first { $0.id == ResourceID(.vm, "vm2") }?.reasons, ["drift: vm:vm2 is gone"])
        XCTAssertEqual(action(vmDied, .vm, "vm1"), .noop)

        let bridge = try XCTUnwrap(resources.first { $0.id.kind == .bridge }).id
        let bridgeGone = diff(resources, applied(resources), missing: [bridge])
        XCTAssertEqual(action(bridgeGone, .bridge, bridge.name), .create)
        XCTAssertEqual(bridgeGone.changes.filter { $0.id.kind == .tap }.map(\.action), [.update, .update])
    }

    func testAPartiallyAppliedVMResumesWithoutANewDisk() throws {
        let resources = try desired(lab)
        var state = applied(resources)
        // The last apply made vm1's disk, then failed before the seed and QEMU.
        state.resources[ResourceID(.vm, "vm1")]?.digests = [
            .disk: resources.first { $0.id == ResourceID(.vm, "vm1") }?.digests[.disk] ?? ""
        ]
        let set = diff(resources, state)
        let change = try XCTUnwrap(set.changes.first { $0.id == ResourceID(.vm, "vm1") })
        XCTAssertEqual(change.action, .replace)
        XCTAssertEqual(change.facets, [.machine, .seed])
    }

    func testAVMRemovedFromTheTopologyIsDeleted() throws {
        let before = try desired(lab)
        let after = try desired(
            lab.replacingOccurrences(of: "  vm2: { networks: { lan: {} } }\n", with: "")
                .replacingOccurrences(of: "  vm2: { networks: { lan: {} } }", with: ""))
        let set = diff(after, applied(before))
        XCTAssertEqual(action(set, .vm, "vm2"), .delete)
        XCTAssertEqual(set.changes.filter { $0.action == .delete }.map(\.id.kind), [.tap, .vm])
    }

    func testStateFilesRoundTripInADiffableOrder() throws {
        let state = applied(try desired(lab))
        let data = try JSONEncoder().encode(state)
        XCTAssertEqual(try JSONDecoder().decode(LabState.self, from: data), state)
    }
}
