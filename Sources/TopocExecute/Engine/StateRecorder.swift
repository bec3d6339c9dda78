// Records each finished step in the lab's state and saves it at once, so the state file always says what
// exists on the machine: after a failure (or a crash) the next diff sees exactly what is missing.
import TopocPlan

actor StateRecorder {
    /// Attributes the engine adds to a VM's record: the resources it started after (`vm:`, `tap:`,
    /// `image:` ids, comma-separated), so a destroy can stop clients before their servers.
    static let dependenciesKey = "dependencies"
    /// The desired attribute describing the running QEMU: recorded only once it runs with it.
    static let commandKey = "command"
    /// What `startVM` records and `stopVM` ends.
    static let pidKey = "pid"

    private(set) var state: LabState
    private let store: StateStore

    init(state: LabState, store: StateStore) {
        self.state = state
        self.store = store
    }

    /// A step is about to build part of a resource that has no record yet: record it first (paths, no
    /// digests), so that whatever a failing driver leaves behind is found and removed by destroy, and the
    /// next diff redoes the whole resource.
    func starting(_ desired: DesiredResource) throws(ExecutionError) {
        guard state.resources[desired.id] == nil else { return }
        try save(RecordedResource(id: desired.id, digests: [:], attributes: Self.attributes(of: desired, facet: nil)))
    }

    /// A step built part of a resource: its digest for `facet` now matches the desired one, and the record
    /// carries the desired attributes (paths, names) and what the driver returned.
    func realised(_ desired: DesiredResource, facet: Facet?, attributes returned: [String: String])
        throws(ExecutionError)
    {
        var record = state.resources[desired.id] ?? RecordedResource(id: desired.id, digests: [:])
        record.attributes.merge(Self.attributes(of: desired, facet: facet)) { _, new in new }
        record.attributes.merge(returned) { _, new in new }
        if let facet { record.digests[facet] = desired.digests[facet] }
        try save(record)
    }

    static func attributes(of desired: DesiredResource, facet: Facet?) -> [String: String] {
        var attributes = desired.attributes
        if desired.id.kind == .vm {
            if facet != .machine { attributes[commandKey] = nil }
            attributes[dependenciesKey] = desired.dependencies.map(\.description).joined(separator: ",")
        }
        return attributes
    }

    /// QEMU no longer runs: the record keeps the VM's files but no machine.
    func stopped(_ id: ResourceID) throws(ExecutionError) {
        guard var record = state.resources[id] else { return }
        record.digests[.machine] = nil
        record.attributes[Self.pidKey] = nil
        try save(record)
    }

    /// Nothing of the resource is left (or, for an image, topoc no longer tracks it).
    func removed(_ id: ResourceID) throws(ExecutionError) {
        guard state.resources[id] != nil else { return }
        state.resources[id] = nil
        try persist()
    }

    private func save(_ record: RecordedResource) throws(ExecutionError) {
        state.resources[record.id] = record
        try persist()
    }

    private func persist() throws(ExecutionError) {
        do {
            try store.save(state)
        } catch {
            throw ExecutionError("the step succeeded but the state could not be saved: \(error.message)")
        }
    }
}
