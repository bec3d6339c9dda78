/// What applying does to one resource.
public enum ChangeAction: String, Codable, Sendable, CaseIterable {
    /// Not there yet (or gone: drift).
    case create
    /// Changed in place: a VM gets a new seed or is restarted on the same disk.
    case update
    /// Destroyed and built again.
    case replace
    /// No longer wanted.
    case delete
    /// Nothing to do.
    case noop = "no-op"
}

public struct Change: Equatable, Codable, Sendable {
    public var action: ChangeAction
    public var id: ResourceID
    /// Why, in words: which input changed, or what drifted.
    public var reasons: [String]
    /// The facets to redo (all of them for create and replace).
    public var facets: [Facet]
    public var desired: DesiredResource?
    public var recorded: RecordedResource?

    public init(
        action: ChangeAction, id: ResourceID, reasons: [String] = [], facets: [Facet] = [],
        desired: DesiredResource? = nil, recorded: RecordedResource? = nil
    ) {
        self.action = action
        self.id = id
        self.reasons = reasons
        self.facets = facets.sorted()
        self.desired = desired
        self.recorded = recorded
    }
}

/// The changes for a whole lab, in set-up order.
public struct ChangeSet: Equatable, Codable, Sendable {
    public var lab: String
    public var changes: [Change]

    public init(lab: String, changes: [Change]) {
        self.lab = lab
        self.changes = changes.sorted { $0.id < $1.id }
    }

    public var hasChanges: Bool { changes.contains { $0.action != .noop } }

    public func count(_ action: ChangeAction) -> Int { changes.filter { $0.action == action }.count }
}
