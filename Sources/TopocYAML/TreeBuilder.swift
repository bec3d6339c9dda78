import CYAML
import TopocDiagnostics

/// Assembles libyaml events into nodes with an explicit stack (no recursion).
struct TreeBuilder {
    /// A collection being assembled. A struct mutated in place on the stack: appending a child copies nothing.
    private struct Frame {
        let isMapping: Bool
        let start: SourceLocation
        let anchor: String?
        let tag: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        /// Nodes in the subtree so far, itself included (see `YAMLNode.size`).
        var size = 1

        mutating func add(_ node: YAMLNode) {
            size += node.size
            guard isMapping else {
                items.append(node)
                return
            }
            if let key = pendingKey.take() {
                pairs.append(YAMLPair(key: key, value: node))
            } else {
                pendingKey = node
            }
        }
    }

    let source: SourceFile
    let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var aliasBudgetUsed = 0
    private var documents = 0
    private(set) var root: YAMLNode?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var finished = false

    init(file: String, limits: YAMLLimits) {
        source = SourceFile(file)
        self.limits = limits
    }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        root = nil
        finished = true
    }

    mutating func consume(_ event: yaml_event_t) {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            finished = true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fail(.error("yaml.multiple-documents", "a lab is one YAML document; found a second one", at: at))
            }
        case YAML_SCALAR_EVENT:
            scalar(event, at: at)
        case YAML_ALIAS_EVENT:
            alias(string(event.data.alias.anchor) ?? "", at: at)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            let tag = checkedTag(string(data.tag), expected: "seq", at: at)
            open(Frame(isMapping: false, start: at, anchor: string(data.anchor), tag: tag), at: at)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            let tag = checkedTag(string(data.tag), expected: "map", at: at)
            open(Frame(isMapping: true, start: at, anchor: string(data.anchor), tag: tag), at: at)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close()
        default:
            break
        }
    }

    // MARK: - Nodes

    private mutating func scalar(_ event: yaml_event_t, at: SourceLocation) {
        let data = event.data.scalar
        let text =
            data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let style: YAMLScalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let tag = checkedTag(string(data.tag), expected: nil, at: at)
        let forced = tag == "!" || tag == "tag:yaml.org,2002:str"
        let node = YAMLNode(.scalar(YAMLScalar(text, style: style, forcedString: forced)), at: at, tag: tag)
        complete(node, anchor: string(data.anchor))
    }

    private mutating func alias(_ name: String, at: SourceLocation) {
        guard var target = anchors[name] else {
            fail(.error("yaml.alias", "alias `*\(name)` refers to no anchor defined before it", at: at))
            return
        }
        aliasBudgetUsed += target.size
        if aliasBudgetUsed > limits.maxAliasExpansion {
            fail(
                .error(
                    "yaml.alias-budget",
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing a file that grows this much",
                    at: at))
            return
        }
        target.location = at
        complete(target, anchor: nil)
    }

    private mutating func open(_ frame: Frame, at: SourceLocation) {
        guard stack.count < limits.maxDepth else {
            fail(.error("yaml.depth", "nesting deeper than \(limits.maxDepth) levels", at: at))
            return
        }
        stack.append(frame)
    }

    private mutating func close() {
        guard let frame = stack.popLast() else { return }
        guard frame.isMapping else {
            complete(
                YAMLNode(.sequence(frame.items), at: frame.start, tag: frame.tag, size: frame.size),
                anchor: frame.anchor)
            return
        }
        guard let merged = MergeKeys.apply(to: frame.pairs, diagnostics: &diagnostics) else {
            complete(
                YAMLNode(.mapping(frame.pairs), at: frame.start, tag: frame.tag, size: frame.size), anchor: frame.anchor
            )
            return
        }
        // Merged pairs are counted anew: the node's size is what its pairs hold now.
        complete(YAMLNode(.mapping(merged), at: frame.start, tag: frame.tag), anchor: frame.anchor)
    }

    private mutating func complete(_ node: YAMLNode, anchor: String?) {
        if let anchor {
            anchors[anchor] = node
        }
        guard let last = stack.indices.last else {
            root = node
            return
        }
        // In place: popping the frame and pushing it back copied its whole array for every child.
        stack[last].add(node)
    }

    // MARK: - Helpers

    /// Prefixes a refused tag on its node, so later stages skip the node instead of reporting it again.
    static let refusedTagMarker = "topoc:refused:"

    /// Core-schema tags are fine; anything else is reported, since topoc would otherwise silently ignore it.
    private mutating func checkedTag(_ tag: String?, expected: String?, at: SourceLocation) -> String? {
        guard let tag else { return nil }
        let core = "tag:yaml.org,2002:"
        let scalarTags = ["str", "int", "bool", "float", "null", "merge"]
        if tag == "!" { return tag }
        if tag.hasPrefix(core) {
            let name = String(tag.dropFirst(core.count))
            if let expected, name == expected { return tag }
            if expected == nil, scalarTags.contains(name) { return tag }
        }
        diagnostics.append(.error("yaml.tag", "unsupported tag `\(shortTag(tag))`", at: at))
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
