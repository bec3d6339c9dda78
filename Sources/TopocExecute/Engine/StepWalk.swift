// The bookkeeping of one walk through a StepGraph: which steps wait for how many others, which are ready,
// and what happened. Mutated only by the loop in `StepGraph.run`, so it needs no lock.

struct StepWalk {
    struct Finished: Sendable {
        var id: String
        var error: ExecutionError?
        var seconds: Double
    }

    private let graph: StepGraph
    /// How many unfinished dependencies each unstarted step still has.
    private var waiting: [String: Int]
    /// Steps whose dependencies all succeeded, sorted by id (descending, so the next one is popped cheaply).
    private var ready: [String]
    private var started: Set<String> = []
    private var succeeded: [String] = []
    private var failures: [StepFailure] = []

    init(_ graph: StepGraph) {
        self.graph = graph
        waiting = graph.steps.mapValues { Set($0.dependencies).count }
        ready = waiting.filter { $0.value == 0 }.map(\.key).sorted(by: >)
    }

    var results: StepResults {
        let notRun = graph.steps.keys.filter { !started.contains($0) }.sorted()
        return StepResults(succeeded: succeeded, failures: failures, notRun: notRun)
    }

    /// The next step to start, by id, or nil when none is ready or a step failed.
    mutating func next() -> Step? {
        guard failures.isEmpty, let id = ready.popLast(), let step = graph.steps[id] else { return nil }
        started.insert(id)
        return step
    }

    mutating func finish(_ finished: Finished, hook: any ProgressHook) {
        if let error = finished.error {
            hook.event(.failed(step: finished.id, message: error.description))
            failures.append(StepFailure(step: finished.id, error: error))
            return
        }
        hook.event(.succeeded(step: finished.id, seconds: finished.seconds))
        succeeded.append(finished.id)
        for dependent in graph.dependents[finished.id] ?? [] {
            waiting[dependent, default: 0] -= 1
            if waiting[dependent] == 0, !started.contains(dependent) {
                ready.append(dependent)
            }
        }
        ready.sort(by: >)
    }

    static func execute(_ step: Step) async -> Finished {
        let clock = ContinuousClock()
        let start = clock.now
        var failure: ExecutionError?
        do {
            try await step.run()
        } catch {
            failure = error
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Finished(id: step.id, error: failure, seconds: seconds)
    }
}
