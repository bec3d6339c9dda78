// TopocYAML is the only code that touches libyaml. It turns YAML text into a syntax tree whose every node
// knows where it was written, and turns document values back into YAML text with libyaml's emitter.
import TopocDiagnostics

/// A node of the syntax tree, with the position of its first character. Aliases are resolved: an alias is
/// a copy of its anchored node (arrays share their storage, so nothing is duplicated) at the alias's own
/// position.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        /// Pairs in the order written, merged pairs (`<<`) after the written ones.
        case mapping([YAMLPair])
    }

    public var content: Content
    public var location: SourceLocation
    /// The resolved tag when the text carried one (`tag:yaml.org,2002:str` for `!!str`).
    public var tag: String?
    /// Nodes in this subtree, itself included: what an alias to it costs in the expansion budget.
    public var size: Int

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil, size: Int = 1) {
        self.content = content
        self.location = location
        self.tag = tag
        self.size = size
    }

    /// Its tag was refused by the parser (and reported there): later stages leave it alone.
    public var hasRefusedTag: Bool { tag?.hasPrefix(TreeBuilder.refusedTagMarker) ?? false }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A null scalar: `~`, `null` or nothing, written plain.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// Where the fields of this mapping were written, looked up when a diagnostic asks.
    public var fieldLocations: FieldLocations { FieldLocations(locator: MappingFields(self)) }

    /// How a user would name this node's kind in an error message.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar):
            if scalar.isNull { return "nothing (null)" }
            return scalar.isPlain ? "\(quoted: scalar.text)" : "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The value of the key spelled `name`, if this is a mapping that has it.
    public func value(of name: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.text == name }?.value
    }
}

/// The fields of one mapping node, for an entity's origin.
final class MappingFields: FieldLocator {
    let mapping: YAMLNode

    init(_ mapping: YAMLNode) {
        self.mapping = mapping
    }

    /// Where the value at `path` below the mapping was written: a key (`memory`), an item of a list
    /// (`dnns[2]`) or a key of a mapping inside (`pod.node`); nil when it was not written.
    func location(of path: String) -> SourceLocation? {
        guard !path.isEmpty else { return nil }
        var node = mapping
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            // `dnns[2]`: the key, then each `[index]` after it.
            let pieces = part.split(separator: "[", omittingEmptySubsequences: false)
            guard let name = pieces.first, !name.isEmpty, let value = node.value(of: String(name)) else { return nil }
            node = value
            for piece in pieces.dropFirst() {
                guard piece.hasSuffix("]"), let index = Int(piece.dropLast()), let items = node.sequence,
                    items.indices.contains(index)
                else { return nil }
                node = items[index]
            }
        }
        return node.location
    }
}

/// A scalar as written: its text and whether it was quoted, which decides how it may be typed.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
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
        guard isPlain else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
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
