// The step graph on its own: checked when built (unknown steps, duplicates, cycles), walked in dependency
// order with ties broken by id, never more than `parallelism` at once, and stopped cleanly by a failure.
import Foundation
import TopocExecute
import XCTest

final class EngineStepGraphTests: XCTestCase {
    /// Steps that log when they start and end, sleep a little, and fail where told.
    final class Runs: @unchecked Sendable {  // `log`, `running` and `most` are guarded by `lock`
        private let lock = NSLock()
        private var log: [String] = []
        private var running = 0
        private var most = 0

        var entries: [String] { locked { log } }
        var mostRunning: Int { locked { most } }

        func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }

        func step(_ id: String, _ dependencies: [String] = [], sleep: Duration = .zero, fails: Bool = false) -> Step {
            Step(id: id, dependencies: dependencies) { () async throws(ExecutionError) in
                self.locked {
                    self.log.append("start \(id)")
                    self.running += 1
                    self.most = max(self.most, self.running)
                }
                if sleep > .zero { try? await Task.sleep(for: sleep) }
                self.locked {
                    self.log.append("end \(id)")
                    self.running -= 1
                }
                if fails { throw ExecutionError("\(id) failed") }
            }
        }
    }

    func testRefusesUnknownDependenciesDuplicatesAndCycles() {
        let runs = Runs()
        XCTAssertThrowsError(try StepGraph([runs.step("a", ["nope"])])) { error in
            XCTAssertEqual("\(error)", "step a depends on nope, which is not a step")
        }
        XCTAssertThrowsError(try StepGraph([runs.step("a"), runs.step("a")])) { error in
            XCTAssertEqual("\(error)", "step a is defined twice")
        }
        let cyclic = [runs.step("a", ["c"]), runs.step("b", ["a"]), runs.step("c", ["b"]), runs.step("d", ["a"])]
        XCTAssertThrowsError(try StepGraph(cyclic)) { error in
            XCTAssertEqual("\(error)", "steps depend on each other in a cycle: a -> c -> b -> a")
        }
        XCTAssertThrowsError(try StepGraph([runs.step("self", ["self"])])) { error in
            XCTAssertEqual("\(error)", "steps depend on each other in a cycle: self -> self")
        }
    }

    func testWithParallelismOneTheOrderIsDependenciesThenIDs() async throws {
        let runs = Runs()
        let graph = try StepGraph([
            runs.step("d"), runs.step("c", ["d"]), runs.step("b"), runs.step("a", ["c"]), runs.step("e", ["b"]),
        ])
        let events = EventLog()
        let results = await graph.run(parallelism: 1, hook: events)
        XCTAssertEqual(results.succeeded, ["b", "d", "c", "a", "e"])
        XCTAssertEqual(events.started, results.succeeded)
        XCTAssertEqual(runs.entries.filter { $0.hasPrefix("start") }.count, 5)
        XCTAssertEqual(results.failures, [])
        XCTAssertEqual(results.notRun, [])
        XCTAssertEqual(runs.mostRunning, 1)
    }

    func testNeverRunsMoreThanParallelismAtOnce() async throws {
        let runs = Runs()
        let ids = (0..<12).map { "s\($0)" }
        let graph = try StepGraph(ids.map { runs.step($0, sleep: .milliseconds(20)) } + [runs.step("last", ids)])
        let results = await graph.run(parallelism: 3, hook: EventLog())
        XCTAssertEqual(results.succeeded.count, 13)
        XCTAssertEqual(results.succeeded.last, "last")
        XCTAssertEqual(runs.mostRunning, 3, "the bound is reached and never passed")
    }

    func testAFailureLetsRunningStepsFinishAndStartsNothingNew() async throws {
        let runs = Runs()
        let graph = try StepGraph([
            runs.step("a-slow", sleep: .milliseconds(300)), runs.step("b-fails", fails: true),
            runs.step("c-independent"), runs.step("d-after", ["a-slow"]),
        ])
        let events = EventLog()
        let results = await graph.run(parallelism: 2, hook: events)
        XCTAssertEqual(results.succeeded, ["a-slow"])
        XCTAssertEqual(results.failures, [StepFailure(step: "b-fails", error: ExecutionError("b-fails failed"))])
        XCTAssertEqual(results.notRun, ["c-independent", "d-after"])
        XCTAssertEqual(runs.entries.last, "end a-slow", "the running step finished after the failure")
        XCTAssertTrue(events.events.contains(.failed(step: "b-fails", message: "b-fails failed")))
        XCTAssertEqual(events.started, ["a-slow", "b-fails"])
    }

    func testStepsAfterAFailedOneNeverRun() async throws {
        let runs = Runs()
        let graph = try StepGraph([runs.step("a", fails: true), runs.step("b", ["a"]), runs.step("c", ["b"])])
        let results = await graph.run(parallelism: 4, hook: EventLog())
        XCTAssertEqual(results.succeeded, [])
        XCTAssertEqual(results.failures.map(\.step), ["a"])
        XCTAssertEqual(results.notRun, ["b", "c"])
    }

    func testAnEmptyGraphDoesNothing() async throws {
        let results = await (try StepGraph([])).run(parallelism: 0, hook: EventLog())
        XCTAssertEqual(results, StepResults())
    }
}
