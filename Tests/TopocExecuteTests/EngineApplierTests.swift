// Applying a lab from nothing and destroying it, with fake drivers: every step in dependency order, no more
// than `parallelism` at once, a fixed order with one at a time, and a state that records what was made.
import Foundation
import TopocExecute
import TopocPlan
import XCTest

final class EngineApplierTests: XCTestCase {
    func assertBefore(_ first: String, _ second: String, in drivers: FakeDrivers, line: UInt = #line) {
        guard let a = drivers.call(first), let b = drivers.call(second) else {
            return XCTFail("\(first) or \(second) was not called: \(drivers.texts)", line: line)
        }
        XCTAssertLessThanOrEqual(a.ended, b.started, "\(first) must end before \(second) starts", line: line)
    }

    func testCreatesEverythingInDependencyOrder() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        lab.drivers.delay("*", .milliseconds(5))
        let result = try await lab.apply(parallelism: 4)
        XCTAssertTrue(result.isComplete, "\(result.failures)")
        let drivers = lab.drivers
        for vm in ["vm:server", "vm:client"] {
            assertBefore("ensureImage image:debian", "createDisk \(vm)", in: drivers)
            assertBefore("createDisk \(vm)", "buildSeed \(vm)", in: drivers)
            assertBefore("buildSeed \(vm)", "startVM \(vm)", in: drivers)
        }
        assertBefore("startVM vm:server", "startVM vm:client", in: drivers)
        assertBefore("createBridge bridge:br0", "createTap tap:t-client", in: drivers)
        assertBefore("createTap tap:t-client", "startVM vm:client", in: drivers)
        assertBefore("createTap tap:t-server", "startVM vm:server", in: drivers)
        XCTAssertEqual(drivers.calls.count, 10)
    }

    func testTheStateRecordsEveryResourceWithItsDigestsAndWhatTheDriversReturned() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        let result = try await lab.apply()
        let saved = try XCTUnwrap(try lab.store.load())
        XCTAssertEqual(saved, result.state)
        XCTAssertEqual(saved.directory, lab.directory.path)
        XCTAssertEqual(saved.resources.keys.sorted(), lab.desired.map(\.id).sorted())
        for resource in lab.desired {
            XCTAssertEqual(saved.resources[resource.id]?.digests, resource.digests, "\(resource.id)")
        }
        let client = try XCTUnwrap(saved.resources[ResourceID(.vm, "client")])
        XCTAssertNotNil(client.attributes["pid"])
        XCTAssertEqual(client.attributes["command"], "qemu-system-x86_64 -name client -m 512M")
        XCTAssertEqual(client.attributes["dependencies"], "image:debian,tap:t-client,vm:server")
        XCTAssertEqual(saved.resources[ResourceID(.image, "debian")]?.attributes["cached"], "yes")
        XCTAssertFalse(try lab.plan().hasChanges, "a second plan finds nothing to do")
    }

    func testWithParallelismOneTheOrderIsAlwaysTheSame() async throws {
        var orders: [[String]] = []
        for _ in 0..<3 {
            let lab = try TestLab()
            defer { lab.remove() }
            _ = try await lab.apply(parallelism: 1)
            orders.append(lab.drivers.texts)
            XCTAssertEqual(lab.events.started.count, 10)
        }
        let expected = [
            "createBridge bridge:br0", "ensureImage image:debian", "createTap tap:t-client", "createTap tap:t-server",
            "createDisk vm:client", "buildSeed vm:client", "createDisk vm:server", "buildSeed vm:server",
            "startVM vm:server", "startVM vm:client",
        ]
        XCTAssertEqual(orders, [expected, expected, expected])
    }

    func testNeverRunsMoreStepsThanParallelism() async throws {
        let vms = (1...8).map { TestLab.vm("vm\($0)") }
        let lab = try TestLab([TestLab.standard[0]] + vms)
        defer { lab.remove() }
        lab.drivers.delay("*", .milliseconds(20))
        let result = try await lab.apply(parallelism: 3)
        XCTAssertTrue(result.isComplete)
        XCTAssertEqual(lab.drivers.calls.count, 1 + 8 * 3)
        XCTAssertEqual(lab.drivers.mostRunning, 3)
    }

    func testDestroyRemovesEverythingInReverseOrderAndKeepsImages() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        let state = try XCTUnwrap(try lab.store.load())
        let drivers = FakeDrivers()
        drivers.delay("*", .milliseconds(5))
        let applier = Applier(drivers: drivers, hook: EventLog(), parallelism: 4)
        let result = await applier.destroy(state: state, lab: lab.context, store: lab.store)
        XCTAssertTrue(result.isComplete, "\(result.failures)")
        XCTAssertEqual(result.state.resources, [:])
        XCTAssertEqual(try lab.store.load()?.resources, [:])
        XCTAssertEqual(
            drivers.texts.sorted(),
            [
                "deleteLink bridge:br0", "deleteLink tap:t-client", "deleteLink tap:t-server",
                "removeVMFiles vm:client",
                "removeVMFiles vm:server", "stopVM vm:client", "stopVM vm:server",
            ])
        assertBefore("stopVM vm:client", "stopVM vm:server", in: drivers)
        for vm in ["vm:client", "vm:server"] {
            assertBefore("stopVM \(vm)", "removeVMFiles \(vm)", in: drivers)
            for tap in ["tap:t-client", "tap:t-server"] {
                assertBefore("stopVM \(vm)", "deleteLink \(tap)", in: drivers)
                assertBefore("deleteLink \(tap)", "deleteLink bridge:br0", in: drivers)
            }
        }
        XCTAssertTrue(result.succeeded.contains("image:debian/forget"))
    }

    func testNothingToDoRunsNothing() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        _ = try await lab.apply()
        let before = lab.drivers.calls.count
        let result = try await lab.apply()
        XCTAssertEqual(result.succeeded, [])
        XCTAssertTrue(result.isComplete)
        XCTAssertEqual(lab.drivers.calls.count, before)
    }

    func testRefusedPrivilegesRunNothing() async throws {
        let lab = try TestLab()
        defer { lab.remove() }
        lab.drivers.fail("checkPrivileges", ExecutionError("creating bridges needs CAP_NET_ADMIN"))
        let result = try await lab.apply()
        XCTAssertEqual(
            result.failed,
            StepFailure(step: "privileges", error: ExecutionError("creating bridges needs CAP_NET_ADMIN")))
        XCTAssertEqual(result.notRun.count, 10)
        XCTAssertEqual(lab.drivers.calls, [])
        XCTAssertNil(try lab.store.load())
    }
}
