import CYAML
import TopocDiagnostics

/// Assembles libyaml events into a tree of `YAMLNode`s with an explicit stack of open collections (no
/// recursion, so a deeply nested file cannot overflow the call stack).
struct TreeBuilder {
    /// A collection being assembled.
    struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let tag: String?
        let anchor: String?
        /// Items of a sequence; keys and values of a mapping, interleaved.
        var children: [YAMLNode] = []
        /// Nodes in the subtree so far, itself included (see `YAMLNode.size`).
        var size = 1
    }

    let source: SourceFile
    let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var aliasBudgetUsed = 0
    private var documents = 0
    private(set) var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    private(set) var finished = false

    init(file: String, limits: YAMLLimits) {
        source = SourceFile(file)
        self.limits = limits
    }

    /// Reports a fatal error: the tree is dropped.
    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        root = nil
        finished = true
    }

    mutating func consume(_ event: yaml_event_t) {
        let mark = event.start_mark
        switch event.type {
        case YAML_STREAM_END_EVENT:
            finished = true
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
            alias(string(event.data.alias.anchor) ?? "", at: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            open(isMapping: false, anchor: data.anchor, tag: data.tag, expected: "seq", at: mark)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            open(isMapping: true, anchor: data.anchor, tag: data.tag, expected: "map", at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close()
        default:
            break
        }
    }

    // MARK: - Nodes

    private mutating func scalar(_ event: yaml_event_t) {
        let data = event.data.scalar
        let mark = event.start_mark
        let text =
            data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        var style = YAMLScalar.Style.plain
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        var tag: String?
        var forcedString = false
        if let written = string(data.tag) {
            tag = checkedTag(written, expected: nil, at: mark)
            forcedString = tag == "!" || tag == "tag:yaml.org,2002:str"
        }
        let scalar = YAMLScalar(text, style: style, forcedString: forcedString)
        complete(YAMLNode(.scalar(scalar), at: location(mark), tag: tag), anchor: string(data.anchor))
    }

    private mutating func alias(_ name: String, at mark: yaml_mark_t) {
        guard var node = anchors[name] else {
            fail(.error("yaml.alias", "alias `*\(name)` refers to no anchor defined before it", at: location(mark)))
            return
        }
        aliasBudgetUsed += node.size
        if aliasBudgetUsed > limits.maxAliasExpansion {
            fail(
                .error(
                    "yaml.alias-budget",
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing a file that grows this much",
                    at: location(mark)))
            return
        }
        // The anchored node at the alias's position.
        node.location = location(mark)
        complete(node, anchor: nil)
    }

    private mutating func open(
        isMapping: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
        expected: String, at mark: yaml_mark_t
    ) {
        guard stack.count < limits.maxDepth else {
            fail(.error("yaml.depth", "nesting deeper than \(limits.maxDepth) levels", at: location(mark)))
            return
        }
        let checked = string(tag).map { checkedTag($0, expected: expected, at: mark) }
        stack.append(Frame(isMapping: isMapping, location: location(mark), tag: checked, anchor: string(anchor)))
    }

    private mutating func close() {
        guard let frame = stack.popLast() else { return }
        let content: YAMLNode.Content
        var size = frame.size
        if frame.isMapping {
            let pairs = mergedPairs(frame.children)
            size = pairs.reduce(1) { $0 + $1.key.size + $1.value.size }
            content = .mapping(pairs)
        } else {
            content = .sequence(frame.children)
        }
        complete(YAMLNode(content, at: frame.location, tag: frame.tag, size: size), anchor: frame.anchor)
    }

    private mutating func complete(_ node: YAMLNode, anchor: String?) {
        if let anchor { anchors[anchor] = node }
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].size += node.size
        stack[stack.count - 1].children.append(node)
    }

    // MARK: - Helpers

    /// Prefixes a refused tag on its node, so later stages skip the node instead of reporting it again.
    static let refusedTagMarker = "topoc:refused:"

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

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(source: source, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
