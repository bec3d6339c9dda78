import CYAML
import TopocDiagnostics

/// Assembles libyaml events into a `YAMLDocument` with an explicit stack (no recursion). Every event appends
/// a plain record; nothing is allocated per node. The stacks are `FlatStorage` too: as arrays inside this
/// struct, every push and pop checked the array's uniqueness, and each frame's anchor was reference counted.
struct TreeBuilder {
    /// A collection being assembled: its record, and where its children start on the `pending` stack.
    struct Frame: BitwiseCopyable {
        let record: Int
        let isMapping: Bool
        /// Index into `anchorNames`, or -1.
        let anchor: Int32
        let pendingStart: Int
        /// Its entries go to the stream as they complete (the value of the streamed top-level key).
        var streams = false
        /// Nodes in the subtree so far, itself included (see `YAMLNode.size`).
        var size: UInt32 = 1
    }

    let source: SourceFile
    let limits: YAMLLimits
    let records: FlatStorage<NodeRecord>
    let text: FlatStorage<UInt8>
    let children: FlatStorage<UInt32>
    let tags = TagTable()
    /// The children of every open collection, innermost last.
    let pending = FlatStorage<UInt32>(capacity: 64)
    private let stack = FlatStorage<Frame>(capacity: 16)
    private var anchors: [String: Int] = [:]
    /// The anchors of open collections, by `Frame.anchor`.
    private var anchorNames: [String] = []
    private var aliasBudgetUsed = 0
    private var documents = 0
    private var rootRecord: Int?
    private let stream: YAMLStream?
    var diagnostics: [Diagnostic] = []
    private(set) var finished = false
    private var failed = false

    init(file: String, limits: YAMLLimits, expectedBytes: Int, stream: YAMLStream? = nil) {
        source = SourceFile(file)
        self.limits = limits
        self.stream = stream
        if let stream {
            // Room for any file of this size (a node takes at least a byte; escapes at most double the text),
            // so the buffers never move while the stream's reader uses them; only touched pages cost memory.
            records = FlatStorage(capacity: expectedBytes + 16)
            children = FlatStorage(capacity: expectedBytes + 16)
            text = FlatStorage(capacity: 2 * expectedBytes + 16)
            // Merge keys can still add children beyond that: the stream stops before anything moves.
            records.beforeMoving = { stream.stop() }
            children.beforeMoving = { stream.stop() }
            text.beforeMoving = { stream.stop() }
            stream.start(
                with: .live(records: records, children: children, text: text, tags: tags, source: source))
            return
        }
        // A lab spends roughly one node per 4.5 bytes and most of its bytes on scalars; capped, so a file of
        // a few huge scalars does not reserve records it will never use (the buffers grow past it as usual).
        let nodes = min(expectedBytes * 2 / 9, 1 << 16) + 16
        records = FlatStorage(capacity: nodes)
        children = FlatStorage(capacity: nodes)
        text = FlatStorage(capacity: expectedBytes)
    }

    /// The document's root, or nil for an empty stream or after a fatal error.
    func root() -> YAMLNode? {
        guard !failed, let rootRecord else { return nil }
        let document = YAMLDocument(records: records, children: children, text: text, tags: tags, source: source)
        return YAMLNode(document, owner: document, rootRecord)
    }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        failed = true
        finished = true
        stream?.finish()
    }

    /// By pointer: an event is over a hundred bytes, and copying each one showed in the profile.
    mutating func consume(_ event: UnsafePointer<yaml_event_t>) {
        let mark = event.pointee.start_mark
        switch event.pointee.type {
        case YAML_STREAM_END_EVENT:
            finished = true
            stream?.finish()
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fail(
                    .error(
                        "yaml.multiple-documents", "a lab is one YAML document; found a second one",
                        at: location(mark)))
            }
        case YAML_SCALAR_EVENT:
            scalar(event)
        case YAML_ALIAS_EVENT:
            alias(string(event.pointee.data.alias.anchor) ?? "", at: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.pointee.data.sequence_start
            open(.sequence, anchor: data.anchor, tag: data.tag, expected: "seq", at: mark)
        case YAML_MAPPING_START_EVENT:
            let data = event.pointee.data.mapping_start
            open(.mapping, anchor: data.anchor, tag: data.tag, expected: "map", at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close()
        default:
            break
        }
    }

    // MARK: - Nodes

    private mutating func scalar(_ event: UnsafePointer<yaml_event_t>) {
        let data = event.pointee.data.scalar
        var record = NodeRecord(event.pointee.start_mark, kind: .scalar)
        record.start = UInt32(text.count)
        record.count = UInt32(data.length)
        if let value = data.value, data.length > 0 {
            text.append(contentsOf: UnsafeBufferPointer(start: value, count: data.length))
        }
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: record.style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: record.style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: record.style = .literal
        case YAML_FOLDED_SCALAR_STYLE: record.style = .folded
        default: record.style = .plain
        }
        if let tag = string(data.tag) {
            let checked = checkedTag(tag, expected: nil, at: event.pointee.start_mark)
            record.forcedString = checked == "!" || checked == "tag:yaml.org,2002:str"
            record.tag = intern(checked)
        }
        records.append(record)
        complete(records.count - 1, size: 1, anchor: string(data.anchor))
    }

    private mutating func alias(_ name: String, at mark: yaml_mark_t) {
        guard let target = anchors[name] else {
            fail(.error("yaml.alias", "alias `*\(name)` refers to no anchor defined before it", at: location(mark)))
            return
        }
        let size = records[target].size
        aliasBudgetUsed += Int(size)
        if aliasBudgetUsed > limits.maxAliasExpansion {
            fail(
                .error(
                    "yaml.alias-budget",
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing a file that grows this much",
                    at: location(mark)))
            return
        }
        var record = NodeRecord(mark, kind: .alias)
        record.start = UInt32(target)
        record.size = size
        records.append(record)
        complete(records.count - 1, size: size, anchor: nil)
    }

    private mutating func open(
        _ kind: NodeRecord.Kind, anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
        expected: String, at mark: yaml_mark_t
    ) {
        guard stack.count < limits.maxDepth else {
            fail(.error("yaml.depth", "nesting deeper than \(limits.maxDepth) levels", at: location(mark)))
            return
        }
        var record = NodeRecord(mark, kind: kind)
        if let tag = string(tag) { record.tag = intern(checkedTag(tag, expected: expected, at: mark)) }
        records.append(record)
        var anchorIndex: Int32 = -1
        if let anchor = string(anchor) {
            anchorIndex = Int32(anchorNames.count)
            anchorNames.append(anchor)
        }
        var frame = Frame(
            record: records.count - 1, isMapping: kind == .mapping, anchor: anchorIndex, pendingStart: pending.count)
        frame.streams = kind == .mapping && isStreamedKeyPending()
        stack.append(frame)
    }

    private mutating func close() {
        guard stack.count > 0 else { return }
        let frame = stack[stack.count - 1]
        stack.removeLast(1)
        var end = pending.count
        // A key left without a value cannot come from libyaml; drop it rather than misalign the pairs.
        if frame.isMapping, (end - frame.pendingStart) % 2 == 1 { end -= 1 }
        var size = frame.size
        let first = children.count
        if frame.isMapping, let merged = merged(pairs: frame.pendingStart..<end) {
            merged.withUnsafeBufferPointer { children.append(contentsOf: $0) }
            size = merged.reduce(1) { $0 + records[Int($1)].size }
        } else {
            children.append(contentsOf: pending.slice(frame.pendingStart..<end))
        }
        pending.removeLast(pending.count - frame.pendingStart)
        let count = children.count - first
        records[frame.record].start = UInt32(first)
        records[frame.record].count = UInt32(frame.isMapping ? count / 2 : count)
        var anchor: String?
        if frame.anchor >= 0 { anchor = anchorNames.removeLast() }
        complete(frame.record, size: size, anchor: anchor)
    }

    private mutating func complete(_ record: Int, size: UInt32, anchor: String?) {
        records[record].size = size
        if let anchor {
            anchors[anchor] = record
        }
        guard stack.count > 0 else {
            rootRecord = record
            return
        }
        let last = stack.count - 1
        stack[last].size += size
        pending.append(UInt32(record))
        guard let stream, stack[last].isMapping, (pending.count - stack[last].pendingStart) % 2 == 0 else { return }
        if stack[last].streams || last == 0 {
            stream.publish(key: pending[pending.count - 2], value: pending[pending.count - 1], topLevel: last == 0)
        }
    }

    /// Ends streaming: the reader drains what was published, and the buffers drop their hook (which held
    /// the stream, and through it the buffers themselves).
    func endStreaming() {
        stream?.finish()
        records.beforeMoving = nil
        children.beforeMoving = nil
        text.beforeMoving = nil
    }

    /// Whether the mapping being opened is the value of the streamed key of the root mapping.
    private func isStreamedKeyPending() -> Bool {
        guard stack.count == 1, pending.count > 0, let stream, stream.isStreaming, stack[0].isMapping,
            (pending.count - stack[0].pendingStart) % 2 == 1
        else { return false }
        let key = pending[pending.count - 1]
        let record = records[Int(key)]
        guard record.kind == .scalar, record.tag < 0 else { return false }
        return text.slice(Int(record.start)..<Int(record.start + record.count)).elementsEqual(stream.key.utf8)
    }

    // MARK: - Helpers

    /// Prefixes a refused tag on its node, so later stages skip the node instead of reporting it again.
    static let refusedTagMarker = "topoc:refused:"

    private mutating func intern(_ tag: String) -> Int32 {
        tags.intern(tag)
    }

    /// Core-schema tags are fine; anything else is reported, since topoc would otherwise silently ignore it.
    private mutating func checkedTag(_ tag: String, expected: String?, at mark: yaml_mark_t) -> String {
        let core = "tag:yaml.org,2002:"
        let scalarTags = ["str", "int", "bool", "float", "null", "merge"]
        if tag == "!" { return tag }
        if tag.hasPrefix(core) {
            let name = String(tag.dropFirst(core.count))
            if let expected, name == expected { return tag }
            if expected == nil, scalarTags.contains(name) { return tag }
        }
        diagnostics.append(.error("yaml.tag", "unsupported tag `\(shortTag(tag))`", at: location(mark)))
        return Self.refusedTagMarker + tag
    }

    private func shortTag(_ tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(source: source, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension NodeRecord {
    init(_ mark: yaml_mark_t, kind: Kind) {
        self.init(line: UInt32(clamping: mark.line + 1), column: UInt32(clamping: mark.column + 1), kind: kind)
    }
}
