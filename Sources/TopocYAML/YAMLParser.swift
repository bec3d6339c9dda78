import CYAML
import TopocDiagnostics

/// Limits that keep a hostile or broken file from exhausting the machine.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Nodes that aliases may add in all, so a "billion laughs" file is refused early.
    public var maxAliasExpansion: Int

    public init(maxDepth: Int = 64, maxAliasExpansion: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }
}

public struct YAMLParseResult: Sendable {
    /// The single document's root, or nil for an empty file or when the text could not be parsed at all.
    public var root: YAMLNode?
    public var diagnostics: [Diagnostic]
}

/// Parses YAML text with libyaml's event API into a `YAMLNode` tree. Iterative: a deep file cannot overflow
/// the stack. Anchors, aliases and merge keys (`<<`) are resolved here, so later stages see plain trees.
public enum YAMLParser {
    public static func parse(_ text: String, file: String, limits: YAMLLimits = YAMLLimits()) -> YAMLParseResult {
        parse(bytes: Array(text.utf8), file: file, limits: limits)
    }

    public static func parse(bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> YAMLParseResult {
        var builder = TreeBuilder(file: file, limits: limits)
        // Heap-allocated so libyaml's state never moves while it is in use.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            return YAMLParseResult(
                root: nil, diagnostics: [.error("yaml.syntax", "out of memory", at: .start(of: file))])
        }
        defer { yaml_parser_delete(parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while !builder.finished {
                guard yaml_parser_parse(parser, &event) != 0 else {
                    builder.fail(syntaxError(parser.pointee, file: file))
                    break
                }
                builder.consume(event)
                yaml_event_delete(&event)
            }
        }
        // Recoverable errors (a duplicate key, an unsupported tag) keep the tree, so decoding can report
        // everything else in the same pass; fatal ones (syntax, limits) have already dropped it.
        return YAMLParseResult(root: builder.root, diagnostics: builder.diagnostics)
    }

    static func syntaxError(_ parser: yaml_parser_t, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " \(context)"
        }
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        return .error("yaml.syntax", message, at: location)
    }
}
