// Turns changes into steps and orders them. Each resource gets a chain of operations (StepChains); the
// rules between chains are few and global:
// - taking down before bringing up: every VM start waits for every VM stop, every link creation for every
//   link deletion (a stopped VM frees its ports and memory, a deleted link its name and address);
// - teardown in reverse: link deletions wait for every VM stop, bridge deletions for every tap deletion,
//   and a VM stops after the VMs that started after it (its stream clients); a VM that is rebuilt stops only
//   once its (new) image is ready, so a failed download leaves it running;
// - set-up in order: a disk waits for its image, a tap for its bridge, a VM start for its image, its taps
//   and the VMs it starts after (stream servers) — when those have a step at all.
import TopocPlan

struct PlannedStep {
    var change: Change
    var operation: Operation
    /// The step before it in its resource's chain.
    var previous: String?

    var id: String { StepPlanner.id(change.id, operation) }
}

struct StepPlanner {
    private(set) var steps: [PlannedStep] = []
    private var ids: Set<String> = []

    init(_ changes: ChangeSet, lab: LabContext) {
        for change in changes.changes {
            var previous: String?
            for operation in StepChains.operations(for: change, lab: lab) {
                let step = PlannedStep(change: change, operation: operation, previous: previous)
                steps.append(step)
                ids.insert(step.id)
                previous = step.id
            }
        }
    }

    static func id(_ resource: ResourceID, _ operation: Operation) -> String {
        "\(resource)/\(operation.rawValue)"
    }

    /// The ids of the steps `step` waits for, sorted.
    func dependencies(of step: PlannedStep) -> [String] {
        var result = step.previous.map { [$0] } ?? []
        let wanted = step.change.desired?.dependencies ?? []
        switch step.operation {
        case .stop:
            result += stepsOfClients(of: step.change.id)
            result += wanted.filter { $0.kind == .image }.compactMap(readyStep)
        case .delete:
            result += all(.stop)
            if step.change.id.kind == .bridge { result += all(.delete, kind: .tap) }
        case .create:
            result += all(.delete) + wanted.compactMap(readyStep)
        case .createDisk:
            result += wanted.filter { $0.kind == .image }.compactMap(readyStep)
        case .start:
            result += all(.stop) + wanted.compactMap(readyStep)
        case .ensure, .forget, .removeFiles, .buildSeed:
            break
        }
        return Set(result).subtracting([step.id]).sorted()
    }

    private func all(_ operation: Operation, kind: ResourceID.Kind? = nil) -> [String] {
        steps.filter { $0.operation == operation && (kind == nil || $0.change.id.kind == kind) }.map(\.id)
    }

    /// The step after which a resource is up (image ensured, link created, VM started), if it has one.
    private func readyStep(_ resource: ResourceID) -> String? {
        let operation: Operation =
            switch resource.kind {
            case .image: .ensure
            case .bridge, .tap: .create
            case .vm: .start
            }
        let id = Self.id(resource, operation)
        return ids.contains(id) ? id : nil
    }

    /// The stop steps of the VMs that, as recorded, started after `vm`.
    private func stepsOfClients(of vm: ResourceID) -> [String] {
        steps.filter { step in
            guard step.operation == .stop, let recorded = step.change.recorded else { return false }
            let started = recorded.attributes[StateRecorder.dependenciesKey] ?? ""
            return started.split(separator: ",").contains { $0 == vm.description }
        }.map(\.id)
    }
}
