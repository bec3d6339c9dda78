// TopocDiagnostics owns what every stage reports with: source positions and diagnostics.
// It has no dependencies, so every other target can use it.

/// A position in a source file. Lines and columns count from 1; columns count Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Where a diagnostic with no better place points: the start of the file.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A value's origin in the YAML text. Left out of equality by the types that carry it, so two
/// topologies that mean the same are equal wherever they were written.
public struct Origin: Hashable, Sendable, Codable {
    public var location: SourceLocation
    /// The breadcrumb path to the value, e.g. `vms.vm2.networks.cp.ip`.
    public var path: String

    public init(location: SourceLocation, path: String) {
        self.location = location
        self.path = path
    }

    public static func == (lhs: Origin, rhs: Origin) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
