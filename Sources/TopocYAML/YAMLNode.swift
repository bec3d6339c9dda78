// TopocYAML is the only code that touches libyaml. It turns YAML text into a syntax tree whose every node
// knows where it was written, and turns document values back into YAML text with libyaml's emitter.
import TopocDiagnostics

/// A parsed document held flat: every node is a plain record in one array, in the order written, and every
/// scalar's text is a range of one byte buffer. Building it allocates a handful of arrays however large the
/// file, and dropping it frees them at once; `YAMLNode` is a view into it. It is also where the IR's
/// entities look up the locations of their fields (`FieldLocator`), so it lives as long as they do.
public final class YAMLDocument: FieldLocator, @unchecked Sendable {
    // The builder's buffers, read through plain pointers and never written again (hence Sendable): a view
    // reads a record without retaining anything, which the decoder does tens of thousands of times.
    let records: UnsafeBufferPointer<NodeRecord>
    /// The children of every collection, as record indices: a sequence's items, a mapping's keys and values
    /// interleaved. A collection's record names its slice.
    let children: UnsafeBufferPointer<UInt32>
    let text: UnsafeBufferPointer<UInt8>
    let tags: TagTable
    let source: SourceFile
    /// What keeps the pointers above valid.
    let storage: (FlatStorage<NodeRecord>, FlatStorage<UInt32>, FlatStorage<UInt8>)

    convenience init(
        records: FlatStorage<NodeRecord>, children: FlatStorage<UInt32>, text: FlatStorage<UInt8>, tags: TagTable,
        source: SourceFile
    ) {
        self.init(
            records: records, children: children, text: text, tags: tags, source: source,
            buffers: (records.contents, children.contents, text.contents))
    }

    /// A document over buffers still being written: valid for the records it was told are complete.
    static func live(
        records: FlatStorage<NodeRecord>, children: FlatStorage<UInt32>, text: FlatStorage<UInt8>, tags: TagTable,
        source: SourceFile
    ) -> YAMLDocument {
        YAMLDocument(
            records: records, children: children, text: text, tags: tags, source: source,
            buffers: (records.allocation, children.allocation, text.allocation))
    }

    private init(
        records: FlatStorage<NodeRecord>, children: FlatStorage<UInt32>, text: FlatStorage<UInt8>, tags: TagTable,
        source: SourceFile,
        buffers: (UnsafeBufferPointer<NodeRecord>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt8>)
    ) {
        storage = (records, children, text)
        (self.records, self.children, self.text) = buffers
        self.tags = tags
        self.source = source
        super.init()
    }

    public override func location(of path: String, below node: Int) -> SourceLocation? {
        FieldLookup(self).location(of: path, below: node)
    }
}

/// One node as libyaml reported it. An alias is a record of its own (with the alias's position) that points
/// at the anchored node, so nothing is copied however often it is used.
struct NodeRecord: BitwiseCopyable {
    enum Kind: UInt8 {
        case scalar, sequence, mapping, alias
    }

    var line: UInt32
    var column: UInt32
    /// Scalar: offset of its text. Collection: offset of its slice of `children`. Alias: the target record.
    var start: UInt32 = 0
    /// Scalar: bytes of text. Sequence: items. Mapping: pairs.
    var count: UInt32 = 0
    /// Nodes it stands for, itself included (an alias: its target's): what an alias to it costs.
    var size: UInt32 = 1
    /// Index into `tags`, or -1.
    var tag: Int32 = -1
    var kind: Kind
    var style: YAMLScalar.Style = .plain
    var forcedString = false

    /// The record this one, at `index`, stands for: an alias's anchored node, any other record itself.
    func target(at index: Int) -> Int { kind == .alias ? Int(start) : index }
}

/// A node read by the decoder, which holds the document for as long as it reads (`YAMLNode.withCursor`).
public typealias YAMLCursor = YAMLNode

/// A node of the syntax tree, with the position of its first character: a view into its document.
public struct YAMLNode: @unchecked Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence(YAMLSequence)
        case mapping(YAMLMapping)
    }

    /// Read without reference counting: `owner` (or, for a cursor, the code that made it) keeps it alive.
    unowned(unsafe) let document: YAMLDocument
    /// The document again, strongly, so a node can be kept anywhere; nil in a cursor (see `withCursor`),
    /// where copying a view would otherwise update the one shared reference count every time.
    let owner: YAMLDocument?
    /// This node's own record (an alias's, for the position).
    let index: Int
    /// The record that holds the content (the target, for an alias).
    let target: Int

    init(_ document: YAMLDocument, owner: YAMLDocument?, _ index: Int) {
        self.document = document
        self.owner = owner
        self.index = index
        let record = document.records[index]
        target = record.target(at: index)
    }

    /// Runs `body` with this node as a cursor: the same view, and every view made from it, without a
    /// reference to the document. Views made inside must not outlive the call.
    public func withCursor<Result>(_ body: (YAMLCursor) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(document) {
            try body(cursor)
        }
    }

    /// This node as a cursor, valid only while something else holds the document: for a caller that keeps
    /// this node alive itself (`withExtendedLifetime(node) { ... node.cursor ... }`), where `withCursor`,
    /// generic across modules, would hand a large result back through a copy.
    public var cursor: YAMLCursor { YAMLNode(document, owner: nil, index) }

    private var record: NodeRecord { document.records[target] }

    public var content: Content {
        switch record.kind {
        case .sequence: .sequence(YAMLSequence(slice: ChildSlice(self, record)))
        case .mapping: .mapping(YAMLMapping(slice: ChildSlice(self, record)))
        case .scalar, .alias: .scalar(scalarValue(record))
        }
    }

    /// The same number for every view of this node (of this very place in the file) in its document: which
    /// node a streamed reader was given.
    public var identity: Int { index }

    public var location: SourceLocation {
        let own = document.records[index]
        return SourceLocation(source: document.source, line: Int(own.line), column: Int(own.column))
    }

    /// The resolved tag when the text carried one (`tag:yaml.org,2002:str` for `!!str`).
    public var tag: String? {
        let tag = record.tag
        return tag < 0 ? nil : document.tags[tag]
    }

    /// Nodes in this subtree, itself included: what an alias to it costs in the expansion budget.
    public var size: Int { Int(record.size) }

    /// Its tag was refused by the parser (and reported there): later stages leave it alone.
    public var hasRefusedTag: Bool { tag?.hasPrefix(TreeBuilder.refusedTagMarker) ?? false }

    public var scalar: YAMLScalar? {
        let record = record
        return record.kind == .scalar ? scalarValue(record) : nil
    }

    /// A scalar's text (nil for a collection), without the rest of `YAMLScalar`.
    public var scalarText: String? {
        let record = record
        return record.kind == .scalar ? text(of: record) : nil
    }

    /// A null scalar (`~`, `null` or nothing, written plain), read from the bytes without making a `String`.
    public var isNull: Bool {
        let record = record
        guard record.kind == .scalar, record.style == .plain, !record.forcedString else { return false }
        let start = Int(record.start)
        return YAMLScalar.isNullSpelling(
            UnsafeBufferPointer(rebasing: document.text[start..<start + Int(record.count)]))
    }

    public var sequence: YAMLSequence? {
        let record = record
        return record.kind == .sequence ? YAMLSequence(slice: ChildSlice(self, record)) : nil
    }

    public var mapping: YAMLMapping? {
        let record = record
        return record.kind == .mapping ? YAMLMapping(slice: ChildSlice(self, record)) : nil
    }

    /// A scalar's UTF-8 bytes in place, without making a `String` (nil for a collection): for matching
    /// keys. The buffer is valid inside `body` only.
    public func withScalarBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        let record = record
        guard record.kind == .scalar else { return nil }
        let start = Int(record.start)
        return try body(UnsafeBufferPointer(rebasing: document.text[start..<start + Int(record.count)]))
    }

    /// Where the fields of this mapping were written, looked up when asked (see `FieldLocator`). Holds the
    /// document.
    public var fieldLocations: FieldLocations {
        FieldLocations(locator: document, node: target)
    }

    /// How a user would name this node's kind in an error message.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar):
            if scalar.isNull { return "nothing (null)" }
            return scalar.isPlain ? "`\(scalar.text)`" : "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    private func scalarValue(_ record: NodeRecord) -> YAMLScalar {
        YAMLScalar(text(of: record), style: record.style, forcedString: record.forcedString)
    }

    private func text(of record: NodeRecord) -> String {
        let start = Int(record.start)
        return String(
            decoding: UnsafeBufferPointer(rebasing: document.text[start..<start + Int(record.count)]), as: UTF8.self)
    }
}

/// A collection's children: its slice of `YAMLDocument.children`, with the parent's document and owner
/// (see `YAMLNode.owner`).
struct ChildSlice: @unchecked Sendable {
    unowned(unsafe) let document: YAMLDocument
    let owner: YAMLDocument?
    /// Where the slice starts in `document.children`.
    let first: Int
    /// Items of a sequence, pairs of a mapping.
    let count: Int

    init(_ node: YAMLNode, _ record: NodeRecord) {
        (document, owner, first, count) = (node.document, node.owner, Int(record.start), Int(record.count))
    }

    /// Child `offset` of the slice.
    func child(_ offset: Int) -> YAMLNode {
        precondition(offset >= 0 && first + offset < document.children.count, "child out of range")
        return YAMLNode(document, owner: owner, Int(document.children[first + offset]))
    }
}

/// A sequence's items, by position.
public struct YAMLSequence: RandomAccessCollection, Sendable {
    let slice: ChildSlice

    public var startIndex: Int { 0 }
    public var endIndex: Int { slice.count }

    public subscript(position: Int) -> YAMLNode {
        precondition(position >= 0 && position < slice.count, "sequence item out of range")
        return slice.child(position)
    }
}

/// A mapping's pairs, by position, in the order written (merged pairs after the written ones).
public struct YAMLMapping: RandomAccessCollection, Sendable {
    let slice: ChildSlice

    public var startIndex: Int { 0 }
    public var endIndex: Int { slice.count }

    public subscript(position: Int) -> YAMLPair {
        YAMLPair(key: key(at: position), value: value(at: position))
    }

    /// The key of pair `position` alone: a reader matching keys needs no view of the values.
    public func key(at position: Int) -> YAMLNode {
        precondition(position >= 0 && position < slice.count, "mapping pair out of range")
        return slice.child(2 * position)
    }

    /// The value of pair `position` alone.
    public func value(at position: Int) -> YAMLNode {
        precondition(position >= 0 && position < slice.count, "mapping pair out of range")
        return slice.child(2 * position + 1)
    }
}

/// A scalar as written: its text and whether it was quoted, which decides how it may be typed.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: UInt8, Sendable, Hashable, BitwiseCopyable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// Carried a `!!str` tag or the non-specific `!` tag: always a string.
    public var forcedString: Bool

    public init(_ text: String, style: Style = .plain, forcedString: Bool = false) {
        self.text = text
        self.style = style
        self.forcedString = forcedString
    }

    /// Plain and untagged: its text may mean a number, a boolean or null.
    public var isPlain: Bool { style == .plain && !forcedString }

    /// `null`, `~` or nothing at all, written plain (YAML 1.2 core schema).
    public var isNull: Bool {
        isPlain
            && (text.utf8.withContiguousStorageIfAvailable(Self.isNullSpelling) ?? Self.isNullSpelling(Array(text.utf8)))
    }

    /// `~`, `null`, `Null`, `NULL` or nothing, compared as bytes and by length first: nearly every scalar is
    /// neither one nor four bytes long, and comparing strings that differ costs a call into the standard
    /// library each.
    static func isNullSpelling(_ text: some Collection<UInt8>) -> Bool {
        switch text.count {
        case 0: return true
        case 1: return text.first == UInt8(ascii: "~")
        case 4:
            let word = text.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return word == 0x6E75_6C6C || word == 0x4E75_6C6C || word == 0x4E55_4C4C  // null, Null, NULL
        default: return false
        }
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
