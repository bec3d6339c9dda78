// Failures and changes: a failed apply leaves a state that says exactly what exists, the next apply (through
// the Differ) redoes only what is missing, destroy removes a half-made VM, and each kind of VM change runs
// only the steps it needs.
import Foundation
import TopocExecute
import TopocPlan
import XCTest

final class EngineRecoveryTests: XCTestCase {
    let server = ResourceID(.vm, "server")
    let client = ResourceID(.vm, "client")

    func testAFailedStartLeavesAnExactStateAndTheNextApplyOnlyRedoesWhatIsMissing() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        lab.drivers.fail("startVM vm:server", ExecutionError("QMP did not answer"))
        let failed = try await lab.apply(parallelism: 1)
        XCTAssertEqual(failed.failed, StepFailure(step: "vm:server/start", error: ExecutionError("QMP did not answer")))
        XCTAssertEqual(failed.notRun, ["vm:client/start"])
        let state = try XCTUnwrap(try lab.store.load())
        XCTAssertEqual(state, failed.state)
        for vm in [server, client] {
            let record = try XCTUnwrap(state.resources[vm])
            XCTAssertEqual(record.digests.keys.sorted(), [.disk, .seed], "\(vm): made its disk and seed, not started")
            XCTAssertNil(record.attributes["pid"])
            XCTAssertNil(record.attributes["command"], "the command is recorded once QEMU runs it")
            XCTAssertEqual(record.attributes["disk"], "vms/\(vm.name)/disk.qcow2")
        }
        XCTAssertEqual(state.resources[ResourceID(.tap, "t-client")]?.digests, [.link: "l1"])

        lab.drivers.clearFailures()
        let before = lab.drivers.calls.count
        let resumed = try await lab.apply(parallelism: 1)
        XCTAssertTrue(resumed.isComplete, "\(resumed.failures)")
        XCTAssertEqual(
            Array(lab.drivers.texts[before...]),
            ["stopVM vm:client", "stopVM vm:server", "startVM vm:server", "startVM vm:client"])
        let left = try lab.plan().changes.filter { $0.action != .noop }
        XCTAssertEqual(left, [], "converged")
    }

    func testAFailureWhileOthersRunLetsThemFinishAndRecordsThem() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        lab.drivers.delay("createBridge bridge:br0", .milliseconds(200))
        lab.drivers.fail("ensureImage image:debian", ExecutionError("checksum mismatch"))
        let result = try await lab.apply(parallelism: 2)
        XCTAssertEqual(result.succeeded, ["bridge:br0/create"])
        XCTAssertEqual(result.failures.map(\.step), ["image:debian/ensure"])
        XCTAssertEqual(result.notRun.count, 8)
        XCTAssertEqual(lab.drivers.texts.sorted(), ["createBridge bridge:br0", "ensureImage image:debian"])
        let state = try XCTUnwrap(try lab.store.load())
        XCTAssertEqual(state.resources[ResourceID(.bridge, "br0")]?.digests, [.link: "l1"])
        XCTAssertEqual(state.resources[ResourceID(.image, "debian")]?.digests, [:], "known, not made")
        XCTAssertEqual(state.resources.count, 2)

        lab.drivers.clearFailures()
        let resumed = try await lab.apply()
        XCTAssertTrue(resumed.isComplete)
        XCTAssertFalse(resumed.succeeded.contains("bridge:br0/create"), "the bridge is not made twice")
        XCTAssertFalse(try lab.plan().hasChanges)
    }

    func testDestroyRemovesAHalfMadeVM() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        lab.drivers.fail("buildSeed vm:server")
        _ = try await lab.apply(parallelism: 1)
        let state = try XCTUnwrap(try lab.store.load())
        XCTAssertEqual(state.resources[server]?.digests, [.disk: "d1"])
        let result = await lab.applier(2).destroy(state: state, lab: lab.context, store: lab.store)
        XCTAssertTrue(result.isComplete)
        XCTAssertEqual(try lab.store.load()?.resources, [:])
        XCTAssertTrue(lab.drivers.texts.contains("removeVMFiles vm:server"))
        let disk = lab.context.path("vms/server/disk.qcow2")
        XCTAssertFalse(FileManager.default.fileExists(atPath: disk))
    }

    func testAMachineChangeRestartsOnTheSameDisk() async throws {
        var lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.set(server, .machine, "m2", attribute: ("command", "qemu-system-x86_64 -name server -m 1024M"))
        XCTAssertEqual(try lab.plan().changes.first { $0.id == server }?.action, .replace)
        let result = try await lab.apply()
        XCTAssertEqual(result.succeeded, ["vm:server/stop", "vm:server/start"])
        XCTAssertEqual(lab.drivers.texts.suffix(2), ["stopVM vm:server", "startVM vm:server"])
        XCTAssertEqual(
            result.state.resources[server]?.attributes["command"], "qemu-system-x86_64 -name server -m 1024M")
        XCTAssertFalse(try lab.plan().hasChanges)
    }

    func testAVMOnANewImageKeepsRunningWhenTheImageFails() async throws {
        var lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.set(ResourceID(.image, "debian"), .source, "s2")
        lab.set(server, .disk, "d2")
        lab.drivers.fail("ensureImage image:debian", ExecutionError("404"))
        let result = try await lab.apply()
        XCTAssertEqual(result.failures.map(\.step), ["image:debian/ensure"])
        XCTAssertTrue(result.notRun.contains("vm:server/stop"), "\(result.notRun)")
        XCTAssertEqual(
            lab.drivers.status(of: try XCTUnwrap(result.state.resources[server]), lab: lab.context), .present)
        XCTAssertEqual(result.state.resources[server]?.digests[.machine], "m1")
    }

    func testASeedChangeRebuildsTheSeedAndRestarts() async throws {
        var lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.set(client, .seed, "c2")
        let result = try await lab.apply()
        XCTAssertEqual(result.succeeded, ["vm:client/stop", "vm:client/build-seed", "vm:client/start"])
        XCTAssertEqual(result.state.resources[client]?.digests[.seed], "c2")
        XCTAssertFalse(try lab.plan().hasChanges)
    }

    func testADiskChangeMakesANewVM() async throws {
        var lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.set(client, .disk, "d2")
        let result = try await lab.apply()
        XCTAssertEqual(
            result.succeeded,
            [
                "vm:client/stop", "vm:client/remove-files", "vm:client/create-disk", "vm:client/build-seed",
                "vm:client/start",
            ])
        XCTAssertFalse(try lab.plan().hasChanges)
    }

    func testDriftRepairRestartsAndRebuildsAMissingSeed() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.drivers.vanish(server)
        try FileManager.default.removeItem(atPath: lab.context.path("vms/server/seed.iso"))
        let change = try XCTUnwrap(try lab.plan().changes.first { $0.id == server })
        XCTAssertEqual(change.action, .update)
        XCTAssertEqual(change.facets, [])
        let result = try await lab.apply()
        XCTAssertEqual(result.succeeded, ["vm:server/stop", "vm:server/build-seed", "vm:server/start"])
    }

    func testABridgeChangeRecreatesItThenReattachesItsTaps() async throws {
        var lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.set(ResourceID(.bridge, "br0"), .link, "l2")
        let result = try await lab.apply(parallelism: 1)
        XCTAssertEqual(
            result.succeeded, ["bridge:br0/delete", "bridge:br0/create", "tap:t-client/create", "tap:t-server/create"])
        XCTAssertFalse(try lab.plan().hasChanges)
    }

    func testDeletesRunBeforeCreates() async throws {
        var lab = try TestLab([TestLab.standard[0], TestLab.vm("old")])
        defer { lab.remove() }
        _ = try await lab.apply()
        lab.desired = TestLab.standard
        lab.drivers.delay("stopVM vm:old", .milliseconds(100))
        let result = try await lab.apply(parallelism: 4)
        XCTAssertTrue(result.isComplete)
        let stop = try XCTUnwrap(lab.drivers.call("stopVM vm:old"))
        for start in ["startVM vm:server", "startVM vm:client"] {
            XCTAssertLessThanOrEqual(stop.ended, try XCTUnwrap(lab.drivers.call(start)).started, start)
        }
        XCTAssertNil(result.state.resources[ResourceID(.vm, "old")])
        XCTAssertFalse(try lab.plan().hasChanges)
    }
}
