/// How bad a finding is. Errors stop the pipeline at the end of the stage that found them.
public enum Severity: String, Sendable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary location that explains a diagnostic ("first defined here").
public struct DiagnosticNote: Hashable, Sendable, Codable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// One finding of any stage, with a stable id (`addr.outside-subnet`) that tests and users can rely on.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var id: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var notes: [DiagnosticNote]
    /// A suggested replacement, rendered as `help: did you mean `memory`?`.
    public var help: String?

    public init(
        _ severity: Severity, _ id: String, _ message: String, at location: SourceLocation,
        notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.help = help
    }

    public static func error(
        _ id: String, _ message: String, at location: SourceLocation, notes: [DiagnosticNote] = [],
        help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, id, message, at: location, notes: notes, help: help)
    }

    public static func warning(
        _ id: String, _ message: String, at location: SourceLocation, notes: [DiagnosticNote] = [],
        help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, id, message, at: location, notes: notes, help: help)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Source order, then id: the order users read them in, stable across runs.
    public func sortedForDisplay() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            if lhs.element.location != rhs.element.location {
                return lhs.element.location < rhs.element.location
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
