// The chain of operations each change needs, one resource at a time (StepPlanner orders the chains).
// Images are ensured, or forgotten (the download cache keeps them). Links are created; replaced ones deleted
// first. For VMs, a new disk means a new VM; a changed command line restarts QEMU on the disk it has; a
// changed seed (or a missing one) is rebuilt before the restart; an update with nothing changed is a drift
// repair: a restart.
import Foundation
import TopocPlan

/// What a step does to its resource.
enum Operation: String, Sendable {
    /// Images: make the base available; stop tracking it (the cache keeps it).
    case ensure, forget
    /// Bridges and taps.
    case create, delete
    /// VMs.
    case stop
    case removeFiles = "remove-files"
    case createDisk = "create-disk"
    case buildSeed = "build-seed"
    case start
}

enum StepChains {
    /// The operations for one change, in the order they run.
    static func operations(for change: Change, lab: LabContext) -> [Operation] {
        let recorded = change.recorded != nil
        switch (change.id.kind, change.action) {
        case (_, .noop): return []
        case (.vm, _): return vmOperations(for: change, lab: lab)
        case (.image, .delete): return [.forget]
        case (.image, _): return [.ensure]
        case (_, .delete): return recorded ? [.delete] : []
        case (_, .replace): return (recorded ? [.delete] : []) + [.create]
        case (_, .create), (_, .update): return [.create]
        }
    }

    /// A VM's chain: stop what runs, then make what is new or missing, then start.
    static func vmOperations(for change: Change, lab: LabContext) -> [Operation] {
        let teardown: [Operation] = change.recorded == nil ? [] : [.stop]
        switch change.action {
        case .noop:
            return []
        case .create:
            return [.createDisk, .buildSeed, .start]
        case .delete:
            return change.recorded == nil ? [] : [.stop, .removeFiles]
        case .replace where change.facets.contains(.disk):
            let removal: [Operation] = change.recorded == nil ? [] : [.removeFiles]
            return teardown + removal + [.createDisk, .buildSeed, .start]
        case .replace, .update:
            return teardown + rebuilds(change, lab: lab) + [.start]
        }
    }

    /// What a restart must make first: the seed when it changed or is gone; the disk when it is gone (its
    /// contents are lost already, and QEMU cannot start without it).
    static func rebuilds(_ change: Change, lab: LabContext) -> [Operation] {
        let attributes = change.desired?.attributes ?? [:]
        var operations: [Operation] = []
        if isMissing(attributes["disk"], lab: lab) { operations.append(.createDisk) }
        if change.facets.contains(.seed) || isMissing(attributes["seed"], lab: lab) {
            operations.append(.buildSeed)
        }
        return operations
    }

    static func isMissing(_ path: String?, lab: LabContext) -> Bool {
        guard let path else { return false }
        return !FileManager.default.fileExists(atPath: lab.path(path))
    }
}
