// TopocDiagnostics owns what every stage reports with: source positions and diagnostics.
// It has no dependencies, so every other target can use it.
import Synchronization

/// A source file's name, interned: a location holds this small number instead of a `String`, so the
/// millions of locations a large lab carries are copied without reference counting.
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
    /// The breadcrumb path to the entity, e.g. `vms.vm2.networks.cp`: spelt when asked for, since nearly
    /// every entity of a lab is fine and building a string per entity was a tenth of decoding a small lab.
    public var path: String {
        get { trail.text }
        set { trail = Trail(newValue) }
    }
    /// The path in parts.
    public var trail: Trail
    /// The location of each field's value, by key as written (`memory`, `ip`).
    public var fields: FieldLocations

    public init(location: SourceLocation, path: String, fields: FieldLocations = FieldLocations()) {
        self.init(location: location, trail: Trail(path), fields: fields)
    }

    public init(location: SourceLocation, trail: Trail, fields: FieldLocations = FieldLocations()) {
        self.location = location
        self.trail = trail
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

/// A breadcrumb path as a parent and a name (`vms` and `vm2`, or `vms.vm2.networks` and `cp`), joined with a
/// dot when spelt: the parent is shared by every entity below it and the name is the entity's own string, so
/// making one copies two references and allocates nothing. An entry of an entity's mapping (a VM's NIC) adds
/// the section before the parent and the key between them as static text (`vms`, `vm2`, `networks`, `cp`):
/// no string is built per entity, and copying stays two references.
public struct Trail: Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    private let parent: String
    private let name: String?
    private let section: StaticString?
    private let key: StaticString?

    /// A path spelt whole.
    public init(_ path: String) { (parent, name, section, key) = (path, nil, nil, nil) }

    public init(stringLiteral path: String) { self.init(path) }

    /// `parent.name`.
    public init(_ parent: String, _ name: String) { (self.parent, self.name, section, key) = (parent, name, nil, nil) }

    /// `section.entity.key.name`: entry `name` of the mapping at `key` of `entity` (`vms.vm2.networks.cp`).
    public init(_ section: StaticString, _ entity: String, _ key: StaticString, _ name: String) {
        (parent, self.name, self.section, self.key) = (entity, name, section, key)
    }

    public var text: String {
        var text = section.map { "\($0).\(parent)" } ?? parent
        if let key { text += ".\(key)" }
        guard let name else { return text }
        return text.isEmpty ? name : text + "." + name
    }

    public var description: String { text }
}

/// A key of the language (`VMKey.memory`), named as the user writes it (`memory`): what an `Origin` is asked
/// for, so a misspelt field is a compile error rather than a diagnostic pointing at the whole entity.
public protocol FieldKey: Sendable {
    var name: String { get }
}

/// Finds, on demand, where a field of an entity was written: the syntax tree the entity was read from
/// (TopocYAML's document). Decoding then records nothing per field: nearly every entity of a lab is fine, and
/// only a diagnostic asks where one of its fields was.
open class FieldLocator: @unchecked Sendable {
    public init() {}

    /// Where the value at `path` below the mapping `node` was written: a key (`memory`), an item of a list
    /// (`dnns[2]`) or a key of a mapping inside (`pod.node`); nil when it was not written.
    open func location(of path: String, below node: Int) -> SourceLocation? { nil }
}

/// Where each field of one entity was written, by key: looked up in the syntax tree it was read from, or
/// listed (entities made by code, and the few the decoder pieces together). One reference either way, so
/// copying an entity's origin costs what copying a string does.
public struct FieldLocations: Sendable {
    private let locator: FieldLocator
    private let node: UInt32

    public init() { self.init(locator: ListedFields.none, node: 0) }

    /// Fields listed one by one (an entity made by code, or one the decoder pieces together).
    public init<Key: FieldKey>(_ entries: [(key: Key, location: SourceLocation)]) {
        self.init(locator: ListedFields(entries.map { (key: $0.key.name, location: $0.location) }), node: 0)
    }

    /// The fields of the mapping `node` of the tree `locator` reads.
    public init(locator: FieldLocator, node: Int) {
        self.locator = locator
        self.node = UInt32(truncatingIfNeeded: node)
    }

    /// Where the value of `key` was written (`memory`, `dnns[2]`, `pod.node`), or nil.
    /// Package-wide only: everything else asks an `Origin` with typed keys.
    package subscript(path: String) -> SourceLocation? { locator.location(of: path, below: Int(node)) }
}

/// Field locations listed one by one, searched in order: an entity has a handful.
private final class ListedFields: FieldLocator, @unchecked Sendable {
    /// Shared by every origin without fields.
    static let none = ListedFields([])

    private let entries: [(key: String, location: SourceLocation)]

    init(_ entries: [(key: String, location: SourceLocation)]) {
        self.entries = entries
        super.init()
    }

    override func location(of path: String, below node: Int) -> SourceLocation? {
        entries.first { $0.key == path }?.location
    }
}
