// TopocDiagnostics owns what every stage reports with: source positions and diagnostics.
// It has no dependencies, so every other target can use it.
import Synchronization

/// A source file's name, interned: every node of the syntax tree has a location, and they all name the
/// same file or two, so a location holds a small number for it.
public struct SourceFile: Hashable, Sendable {
    let id: UInt32

    public init(_ path: String) {
        id = SourceFileNames.shared.withLock { $0.intern(path) }
    }

    public var path: String { SourceFileNames.shared.withLock { $0.paths[Int(id)] } }
}

/// Every file name seen in this process, once; a few per run, never removed.
struct SourceFileNames {
    static let shared = Mutex(SourceFileNames())

    private(set) var paths: [String] = []
    private var ids: [String: UInt32] = [:]

    mutating func intern(_ path: String) -> UInt32 {
        if let id = ids[path] { return id }
        let id = UInt32(paths.count)
        paths.append(path)
        ids[path] = id
        return id
    }
}

/// A position in a source file. Lines and columns count from 1; columns count Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable {
    public var source: SourceFile
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.init(source: SourceFile(file), line: line, column: column)
    }

    public init(source: SourceFile, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var file: String {
        get { source.path }
        set { source = SourceFile(newValue) }
    }

    /// Where a diagnostic with no better place points: the start of the file.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.source != rhs.source { return lhs.file < rhs.file }
        return (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(file):\(line):\(column)" }

    private enum CodingKeys: String, CodingKey {
        case file, line, column
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file), line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

/// Where an IR entity was written: the location of its name, its breadcrumb path, and the locations of the
/// values of its fields. Left out of equality, so two topologies that mean the same are equal wherever they
/// were written.
public struct Origin: Hashable, Sendable {
    public var location: SourceLocation
    /// The breadcrumb path to the entity, e.g. `vms.vm2.networks.cp`.
    public var path: String
    /// The location of each field's value, looked up by key as written (`memory`, `ip`).
    public var fields: FieldLocations

    public init(location: SourceLocation, path: String, fields: FieldLocations = FieldLocations()) {
        self.location = location
        self.path = path
        self.fields = fields
    }

    /// An origin for values made up by code rather than read from a file (tests, generated labs).
    public static let synthesized = Origin(location: SourceLocation(file: "<generated>", line: 0, column: 0), path: "")

    /// The location of a field's value (`origin[VMKey.memory]`), or of the entity when the field was not
    /// written.
    public subscript(_ key: some FieldKey) -> SourceLocation { fields[key.name] ?? location }

    /// The location of item `index` of a list field (`origin[SliceKey.dnns, item: 2]`), else of the list,
    /// else of the entity.
    public subscript(_ key: some FieldKey, item index: Int) -> SourceLocation {
        fields["\(key.name)[\(index)]"] ?? self[key]
    }

    /// The location of a key of a mapping field (`origin[FunctionKey.pod, PodKey.node]`), else of the
    /// mapping, else of the entity.
    public subscript(_ key: some FieldKey, _ inner: some FieldKey) -> SourceLocation {
        fields["\(key.name).\(inner.name)"] ?? self[key]
    }

    /// Whether the field was written at all.
    public func wrote(_ key: some FieldKey) -> Bool { fields[key.name] != nil }

    public static func == (lhs: Origin, rhs: Origin) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// A key of the language (`VMKey.memory`), named as the user writes it (`memory`): what an `Origin` is asked
/// for, so a misspelt field is a compile error rather than a diagnostic pointing at the whole entity.
public protocol FieldKey: Sendable {
    var name: String { get }
}

/// Finds, on demand, where a field of an entity was written: the syntax tree the entity was read from
/// (TopocYAML's mapping node). Decoding records nothing per field; a diagnostic asks when it needs one. A
/// class, so an origin holds a plain reference to it.
public protocol FieldLocator: AnyObject, Sendable {
    /// Where the value at `path` was written: a key (`memory`), an item of a list (`dnns[2]`) or a key of
    /// a mapping inside (`pod.node`); nil when it was not written.
    func location(of path: String) -> SourceLocation?
}

/// Where each field of one entity was written: looked up in the syntax tree it was read from, or listed
/// (entities made by code, and the few the decoder pieces together).
public struct FieldLocations: Sendable {
    private let locator: any FieldLocator

    public init() { self.init(locator: ListedFields(entries: [])) }

    /// Fields listed one by one (an entity made by code, or one the decoder pieces together).
    public init<Key: FieldKey>(_ entries: [(key: Key, location: SourceLocation)]) {
        self.init(locator: ListedFields(entries: entries.map { (key: $0.key.name, location: $0.location) }))
    }

    public init(locator: any FieldLocator) {
        self.locator = locator
    }

    /// Package-wide only: everything else asks an `Origin` with typed keys.
    package subscript(path: String) -> SourceLocation? { locator.location(of: path) }
}

/// Field locations listed one by one, searched in order: an entity has a handful.
private final class ListedFields: FieldLocator {
    let entries: [(key: String, location: SourceLocation)]

    init(entries: [(key: String, location: SourceLocation)]) {
        self.entries = entries
    }

    func location(of path: String) -> SourceLocation? {
        entries.first { $0.key == path }?.location
    }
}
