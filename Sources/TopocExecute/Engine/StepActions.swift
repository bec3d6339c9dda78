// What each operation does: one driver call, then the state records its effect before the step counts as
// done. A resource's first step records it before calling the driver, so a half-made resource is known.
import TopocPlan

struct StepActions: Sendable {
    let drivers: any LabDrivers
    let lab: LabContext
    let hook: any ProgressHook
    let recorder: StateRecorder

    func run(_ operation: Operation, _ change: Change) async throws(ExecutionError) {
        switch operation {
        case .ensure, .create, .createDisk, .buildSeed, .start:
            try await bringUp(operation, try desired(change))
        case .forget:
            try await recorder.removed(change.id)
        case .delete:
            try await drivers.deleteLink(try recorded(change), lab: lab)
            try await recorder.removed(change.id)
        case .stop:
            try await drivers.stopVM(try recorded(change), lab: lab)
            try await recorder.stopped(change.id)
        case .removeFiles:
            try await drivers.removeVMFiles(try recorded(change), lab: lab)
            try await recorder.removed(change.id)
        }
    }

    private func bringUp(_ operation: Operation, _ resource: DesiredResource) async throws(ExecutionError) {
        try await recorder.starting(resource)
        let attributes: [String: String]
        let facet: Facet
        switch operation {
        case .ensure:
            (attributes, facet) = (try await drivers.ensureImage(resource, lab: lab, hook: hook), .source)
        case .create where resource.id.kind == .bridge:
            (attributes, facet) = (try await drivers.createBridge(resource, lab: lab), .link)
        case .create:
            (attributes, facet) = (try await drivers.createTap(resource, lab: lab), .link)
        case .createDisk:
            (attributes, facet) = (try await drivers.createDisk(resource, lab: lab), .disk)
        case .buildSeed:
            (attributes, facet) = (try await drivers.buildSeed(resource, lab: lab), .seed)
        default:
            (attributes, facet) = (try await drivers.startVM(resource, lab: lab, hook: hook), .machine)
        }
        try await recorder.realised(resource, facet: facet, attributes: attributes)
    }

    private func desired(_ change: Change) throws(ExecutionError) -> DesiredResource {
        guard let desired = change.desired else {
            throw ExecutionError("\(change.id): the change to \(change.action.rawValue) it has no desired resource")
        }
        return desired
    }

    private func recorded(_ change: Change) throws(ExecutionError) -> RecordedResource {
        guard let recorded = change.recorded else {
            throw ExecutionError("\(change.id): the change to \(change.action.rawValue) it has no recorded resource")
        }
        return recorded
    }
}
