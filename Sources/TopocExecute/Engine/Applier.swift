// Carries a change set out on the machine: plans the steps, walks them, and records every finished step in
// the state as it goes. Apply is driven by the changes alone (Terraform's rule): the state it starts from is
// what the changes carry as recorded.
import Foundation
import TopocPlan

/// What an apply or destroy did.
public struct ApplyResult: Sendable, Equatable {
    /// Steps in the order they finished.
    public var succeeded: [String]
    /// Every step that failed: the first, then any of those still running when it failed.
    public var failures: [StepFailure]
    /// Steps never started, sorted.
    public var notRun: [String]
    /// The state as saved after the last recorded step.
    public var state: LabState

    public init(succeeded: [String], failures: [StepFailure], notRun: [String], state: LabState) {
        self.succeeded = succeeded
        self.failures = failures
        self.notRun = notRun
        self.state = state
    }

    /// The step whose failure stopped the run.
    public var failed: StepFailure? { failures.first }
    public var isComplete: Bool { failures.isEmpty && notRun.isEmpty }
}

public struct Applier: Sendable {
    public var drivers: any LabDrivers
    public var hook: any ProgressHook
    public var parallelism: Int

    public init(drivers: any LabDrivers, hook: any ProgressHook, parallelism: Int) {
        self.drivers = drivers
        self.hook = hook
        self.parallelism = parallelism
    }

    public func apply(_ changes: ChangeSet, lab: LabContext, store: StateStore) async -> ApplyResult {
        let recorded = changes.changes.compactMap(\.recorded)
        let state = LabState(
            lab: lab.lab, target: lab.target, directory: lab.directory.path,
            resources: Dictionary(recorded.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        return await run(changes, from: state, lab: lab, store: store)
    }

    /// Removes everything the state records and nothing else, in reverse order: VMs stopped and their files
    /// removed, then taps, then bridges. Base images stay in the download cache (only their records go). The
    /// state ends empty; deleting the file is the caller's choice.
    public func destroy(state: LabState, lab: LabContext, store: StateStore) async -> ApplyResult {
        let changes = state.resources.values.map { resource in
            Change(action: .delete, id: resource.id, reasons: ["destroy"], recorded: resource)
        }
        return await run(ChangeSet(lab: state.lab, changes: changes), from: state, lab: lab, store: store)
    }

    func run(_ changes: ChangeSet, from state: LabState, lab: LabContext, store: StateStore) async -> ApplyResult {
        let recorder = StateRecorder(state: state, store: store)
        let actions = StepActions(drivers: drivers, lab: lab, hook: hook, recorder: recorder)
        let planner = StepPlanner(changes, lab: lab)
        let steps = planner.steps.map { planned in
            Step(id: planned.id, dependencies: planner.dependencies(of: planned)) { () async throws(ExecutionError) in
                try await actions.run(planned.operation, planned.change)
            }
        }
        let graph: StepGraph
        do {
            graph = try StepGraph(steps)
        } catch {
            return refused(StepFailure(step: "plan", error: error), steps: steps, state: state)
        }
        do {
            if !steps.isEmpty { try drivers.checkPrivileges(for: changes) }
        } catch {
            return refused(StepFailure(step: "privileges", error: error), steps: steps, state: state)
        }
        let results = await graph.run(parallelism: parallelism, hook: hook)
        return ApplyResult(
            succeeded: results.succeeded, failures: results.failures, notRun: results.notRun,
            state: await recorder.state)
    }

    /// Nothing ran: the steps could not be ordered, or the process lacks the privileges they need.
    private func refused(_ failure: StepFailure, steps: [Step], state: LabState) -> ApplyResult {
        hook.event(.failed(step: failure.step, message: failure.error.description))
        return ApplyResult(succeeded: [], failures: [failure], notRun: steps.map(\.id).sorted(), state: state)
    }
}
