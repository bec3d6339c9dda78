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

/// Where an IR entity was written: the location of its name, its breadcrumb path, and the locations of the
/// values of its fields. Left out of equality, so two topologies that mean the same are equal wherever they
/// were written.
public struct Origin: Hashable, Sendable {
    public var location: SourceLocation
    /// The breadcrumb path to the entity, e.g. `vms.vm2.networks.cp`.
    public var path: String
    /// The location of each field's value, by key as written (`memory`, `ip`).
    public var fields: [String: SourceLocation]

    public init(location: SourceLocation, path: String, fields: [String: SourceLocation] = [:]) {
        self.location = location
        self.path = path
        self.fields = fields
    }

    /// An origin for values made up by code rather than read from a file (tests, generated labs).
    public static let synthesized = Origin(location: SourceLocation(file: "<generated>", line: 0, column: 0), path: "")

    /// The location of a field's value, or of the entity when the field was not written.
    public subscript(field key: String) -> SourceLocation { fields[key] ?? location }

    /// The location of item `index` of a list field, else of the list, else of the entity.
    public func item(_ key: String, _ index: Int) -> SourceLocation {
        fields["\(key)[\(index)]"] ?? self[field: key]
    }

    public static func == (lhs: Origin, rhs: Origin) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
