// TopocYAML is the only code that touches libyaml. It turns YAML text into a syntax tree whose every node
// knows where it was written, and turns document values back into YAML text with libyaml's emitter.
import TopocDiagnostics

/// A node of the syntax tree, with the position of its first character.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var location: SourceLocation
    /// The resolved tag when the text carried one (`tag:yaml.org,2002:str` for `!!str`).
    public var tag: String?
    /// Nodes in this subtree, itself included: what an alias to it costs in the expansion budget.
    public var size: Int

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.init(content, at: location, tag: tag, size: nil)
    }

    /// `size` when the builder counted it already; nil counts the children.
    init(_ content: Content, at location: SourceLocation, tag: String?, size counted: Int?) {
        self.content = content
        self.location = location
        self.tag = tag
        if let counted {
            size = counted
            return
        }
        switch content {
        case .scalar: size = 1
        case .sequence(let items): size = items.reduce(1) { $0 + $1.size }
        case .mapping(let pairs): size = pairs.reduce(1) { $0 + $1.key.size + $1.value.size }
        }
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
        isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
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
