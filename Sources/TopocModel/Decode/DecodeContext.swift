import TopocDiagnostics
import TopocYAML

/// Collects the decoder's diagnostics and turns scalars into typed values. Each helper reports a located
/// error and returns nil when the value is unusable, so decoding goes on and every error is found in one pass.
struct DecodeContext {
    var diagnostics: [Diagnostic] = []

    /// Reports at a node, unless the parser already refused the node's tag (one error per mistake).
    mutating func error(_ id: String, _ message: String, at node: YAMLCursor, help: String? = nil) {
        guard !node.hasRefusedTag else { return }
        diagnostics.append(.error(id, message, at: node.location, help: help))
    }

    mutating func typeError(_ expected: String, at node: YAMLCursor, path: FieldPath) {
        var found = node.kindDescription
        var help: String?
        if let scalar = node.scalar, !scalar.isNull {
            let shown = scalar.text.count > 40 ? String(scalar.text.prefix(40)) + "…" : scalar.text
            found = scalar.isPlain ? "`\(shown)`" : "the quoted string `\(shown)`"
            if !scalar.isPlain, Self.isDecimal(scalar.text), expected.contains("integer") || expected.contains("port") {
                help = "remove the quotes: `\(scalar.text)`"
            }
        }
        error("schema.type", "`\(path)` must be \(expected), found \(found)", at: node, help: help)
    }

    /// Any non-null scalar, as written.
    mutating func string(_ node: YAMLCursor, path: FieldPath) -> String? {
        guard !node.isNull, let text = node.scalarText else {
            typeError("a string", at: node, path: path)
            return nil
        }
        return text
    }

    /// A decimal integer written plain (quoted numbers are strings in YAML, and a likely mistake here).
    mutating func int(_ node: YAMLCursor, path: FieldPath, range: ClosedRange<Int>? = nil) -> Int? {
        guard let scalar = node.scalar, scalar.isPlain || node.tag == "tag:yaml.org,2002:int",
            !scalar.isNull, Self.isDecimal(scalar.text)
        else {
            typeError("an integer", at: node, path: path)
            return nil
        }
        guard let value = Int(scalar.text.hasPrefix("+") ? String(scalar.text.dropFirst()) : scalar.text) else {
            error("schema.range", "`\(path)`: \(scalar.text) is too large", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            error(
                "schema.range",
                "`\(path)` must be between \(range.lowerBound) and \(range.upperBound), found \(value)",
                at: node)
            return nil
        }
        return value
    }

    static func isDecimal(_ text: String) -> Bool {
        var digits = text.utf8[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        return !digits.isEmpty && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `true` or `false` (YAML 1.2); `yes`/`no`/`on`/`off` are refused, since YAML 1.1 and 1.2 readers
    /// disagree about them.
    mutating func bool(_ node: YAMLCursor, path: FieldPath) -> Bool? {
        guard let scalar = node.scalar, scalar.isPlain else {
            typeError("true or false", at: node, path: path)
            return nil
        }
        switch scalar.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            let yes = ["yes", "on", "y"].contains(scalar.text.lowercased())
            let no = ["no", "off", "n"].contains(scalar.text.lowercased())
            let help = yes ? "write `true`" : no ? "write `false`" : nil
            error("schema.type", "`\(path)` must be true or false, found `\(scalar.text)`", at: node, help: help)
            return nil
        }
    }

    /// One of a closed set of words, with a suggestion for a near miss.
    mutating func choice<T: DecodableChoice>(_ node: YAMLCursor, path: FieldPath, as type: T.Type) -> T? {
        if let value = node.withScalarBytes({ T.choices.choice(spelled: $0) }) ?? nil { return value }
        guard let text = string(node, path: path) else { return nil }
        let options = T.allCases.map(\.rawValue)
        // `open5gs` for `open5gs@2.7`: a versioned choice written without its version.
        let closest = Suggestion.closest(to: text, in: options) ?? options.first { $0.hasPrefix(text + "@") }
        let suggestion = closest.map { "did you mean `\($0)`?" }
        error(
            "schema.enum",
            "`\(path)` must be one of \(options.map { "`\($0)`" }.joined(separator: ", ")), found `\(text)`",
            at: node, help: suggestion)
        return nil
    }

    mutating func size(_ node: YAMLCursor, path: FieldPath) -> ByteSize? {
        guard let text = string(node, path: path) else { return nil }
        guard let size = ByteSize(parsing: text) else {
            let digits = text.prefix { $0.isASCIIDigit }
            if digits.count > 15 {
                error("value.size", "`\(path)`: `\(text)` is too large", at: node)
            } else {
                error(
                    "value.size", "`\(path)`: `\(text)` is not a size", at: node,
                    help: "write a number with a binary unit, like `2GiB` or `512MiB`")
            }
            return nil
        }
        return size
    }

    mutating func stringList(_ node: YAMLCursor, path: FieldPath) -> [String]? {
        located(node, path: path).map { $0.map(\.value) }
    }

    /// A list of strings with where each item was written, so rules can point at the one that is wrong.
    mutating func located(_ node: YAMLCursor, path: FieldPath) -> [(
        value: String, location: SourceLocation
    )]? {
        guard let items = node.sequence else {
            typeError("a list of strings", at: node, path: path)
            return nil
        }
        let values = items.compactMap { item in string(item, path: path.item).map { ($0, item.location) } }
        return values.count == items.count ? values : nil
    }

    /// A string whose leading zeros matter (IMSI, SD, file mode). Written unquoted and all digits, YAML
    /// readers take it for a number (`0644` is octal 420 in YAML 1.1), so it must be quoted.
    mutating func digitString(_ node: YAMLCursor, path: FieldPath, example: ((String) -> String)? = nil)
        -> String?
    {
        guard let scalar = node.scalar, !scalar.isNull else {
            typeError("a string", at: node, path: path)
            return nil
        }
        let text = scalar.text
        if scalar.isPlain, !text.isEmpty, TextSearch.all(text, { (0x30...0x39).contains($0) }) {
            error(
                "schema.quote", "`\(path)`: `\(text)` must be quoted: unquoted, YAML reads it as a number",
                at: node, help: "write `\"\(example?(text) ?? text)\"`")
            return nil
        }
        return text
    }

    /// Hex digits (already checked) in one letter case, without Unicode case mapping: a checksum is 64 of
    /// them, and `lowercased()` on it cost as much as the rest of its image. Unchanged when already so.
    static func hexCase(_ text: String, upper: Bool) -> String {
        let wrong: ClosedRange<UInt8> = upper ? 0x61...0x66 : 0x41...0x46
        guard TextSearch.any(text, wrong.contains) else { return text }
        return String(decoding: text.utf8.map { wrong.contains($0) ? $0 ^ 0x20 : $0 }, as: UTF8.self)
    }

    /// Lower-case hex of an exact length (checksums, keys, SDs).
    mutating func hex(_ node: YAMLCursor, path: FieldPath, digits: Int, what: String) -> String? {
        guard let text = digitString(node, path: path) else { return nil }
        let isHexDigit = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
        guard text.utf8.count == digits, TextSearch.all(text, isHexDigit) else {
            error("value.hex", "`\(path)`: \(what) must be \(digits) hexadecimal digits, found `\(text)`", at: node)
            return nil
        }
        return text
    }
}
