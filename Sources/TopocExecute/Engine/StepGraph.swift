// Engine/ owns carrying a plan out: a graph of steps walked with bounded parallelism (this file and
// StepWalk), the translation of changes into steps (StepPlanner, VMSteps), and recording each finished step
// in the lab's state (StateRecorder). The drivers it calls are behind `LabDrivers` (Contracts.swift).

/// One unit of work: it runs once all its dependencies succeeded.
public struct Step: Sendable {
    public var id: String
    public var dependencies: [String]
    public var run: @Sendable () async throws(ExecutionError) -> Void

    public init(
        id: String, dependencies: [String] = [], run: @escaping @Sendable () async throws(ExecutionError) -> Void
    ) {
        self.id = id
        self.dependencies = dependencies
        self.run = run
    }
}

/// A step that failed, and why.
public struct StepFailure: Sendable, Equatable, CustomStringConvertible {
    public var step: String
    public var error: ExecutionError

    public init(step: String, error: ExecutionError) {
        self.step = step
        self.error = error
    }

    public var description: String { "\(step): \(error)" }
}

/// What a walk did: steps in the order they finished, the failures, and the steps never started (sorted).
public struct StepResults: Sendable, Equatable {
    public var succeeded: [String]
    public var failures: [StepFailure]
    public var notRun: [String]

    public init(succeeded: [String] = [], failures: [StepFailure] = [], notRun: [String] = []) {
        self.succeeded = succeeded
        self.failures = failures
        self.notRun = notRun
    }
}

/// Steps and their dependencies, checked when built: ids are unique, every dependency exists, no cycles.
public struct StepGraph: Sendable {
    /// The steps by id.
    public let steps: [String: Step]
    /// For each step, the steps that wait for it.
    let dependents: [String: [String]]

    public init(_ steps: [Step]) throws(ExecutionError) {
        var byID: [String: Step] = [:]
        for step in steps {
            guard byID[step.id] == nil else { throw ExecutionError("step \(step.id) is defined twice") }
            byID[step.id] = step
        }
        var dependents: [String: [String]] = [:]
        for step in steps {
            for dependency in Set(step.dependencies).sorted() {
                guard byID[dependency] != nil else {
                    throw ExecutionError("step \(step.id) depends on \(dependency), which is not a step")
                }
                dependents[dependency, default: []].append(step.id)
            }
        }
        self.steps = byID
        self.dependents = dependents
        if let cycle = Self.cycle(in: byID, dependents: dependents) {
            throw ExecutionError("steps depend on each other in a cycle: " + cycle.joined(separator: " -> "))
        }
    }

    /// A cycle, when there is one (Kahn's algorithm: what it cannot order lies on or behind a cycle).
    static func cycle(in steps: [String: Step], dependents: [String: [String]]) -> [String]? {
        var waiting = steps.mapValues { Set($0.dependencies) }
        var ready = waiting.filter(\.value.isEmpty).map(\.key)
        while let done = ready.popLast() {
            waiting[done] = nil
            for id in dependents[done] ?? [] {
                waiting[id]?.remove(done)
                if waiting[id]?.isEmpty == true { ready.append(id) }
            }
        }
        // Every step left waits for another step left: following the first one must come back around.
        guard var current = waiting.keys.min() else { return nil }
        var path: [String] = []
        while !path.contains(current) {
            path.append(current)
            guard let next = waiting[current]?.sorted().first else { return path }
            current = next
        }
        return Array(path[(path.firstIndex(of: current) ?? 0)...]) + [current]
    }

    /// Runs the steps, at most `parallelism` at once, starting ready steps in id order. After the first
    /// failure nothing new starts; the steps already running finish.
    public func run(parallelism: Int, hook: any ProgressHook) async -> StepResults {
        let limit = max(1, parallelism)
        return await withTaskGroup(of: StepWalk.Finished.self) { group in
            var walk = StepWalk(self)
            var running = 0
            while true {
                while running < limit, let step = walk.next() {
                    hook.event(.started(step: step.id))
                    group.addTask { await StepWalk.execute(step) }
                    running += 1
                }
                guard let finished = await group.next() else { break }
                running -= 1
                walk.finish(finished, hook: hook)
            }
            return walk.results
        }
    }
}
