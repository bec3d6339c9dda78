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

/// Parses YAML text with libyaml's event API into a `YAMLDocument`. Iterative: a deep file cannot overflow
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
                    builder.fail(syntaxError(parser.pointee, bytes: buffer, file: file))
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

    static func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            return readerError(parser, problem: problem, bytes: bytes, file: file)
        }
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let start = parser.context_mark
            let at = SourceLocation(file: file, line: Int(start.line) + 1, column: Int(start.column) + 1)
            // "while parsing a flow mapping" that began elsewhere: point there too.
            if at != location { notes.append(DiagnosticNote(context + " that started here", at: at)) }
        }
        let tab = scalar(at: location, in: bytes) == "\t"
        let help = tab ? "indent with spaces: YAML does not allow tabs" : nil
        return .error("yaml.syntax", problem, at: location, notes: notes, help: help)
    }

    /// The character at a line and column (libyaml's marks count characters, not bytes).
    static func scalar(at location: SourceLocation, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return nil }
        let text = String(decoding: lines[location.line - 1], as: UTF8.self).unicodeScalars
        guard location.column >= 1, location.column <= text.count else { return nil }
        return text[text.index(text.startIndex, offsetBy: location.column - 1)]
    }

    /// Encoding errors come from libyaml's reader, which gives a byte offset rather than a position.
    static func readerError(_ parser: yaml_parser_t, problem: String, bytes: UnsafeBufferPointer<UInt8>, file: String)
        -> Diagnostic
    {
        var offset = min(parser.problem_offset, bytes.count)
        // For a bad continuation byte libyaml names the byte after the lead byte; the lead byte is the culprit.
        if let lead = (max(0, offset - 3)..<offset).last(where: { bytes[$0] >= 0xC0 }) { offset = lead }
        let before = bytes[..<offset]
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        // Count the scalars before the bad byte on its line: continuation bytes do not start one.
        let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        let value =
            offset < bytes.count ? "byte \(hexByte(Int32(bytes[offset]))) does not start a valid character" : problem
        return .error(
            "yaml.encoding", "the file is not valid UTF-8: \(value)",
            at: SourceLocation(file: file, line: line, column: column), help: "save the file as UTF-8")
    }

    static func hexByte(_ value: Int32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
