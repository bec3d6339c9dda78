import TopocDiagnostics
import TopocYAML

/// Collects the decoder's diagnostics and turns scalars into typed values. Each helper reports a located
/// error and returns nil when the value is unusable, so decoding goes on and every error is found in one pass.
struct DecodeContext {
    var diagnostics: [Diagnostic] = []

    /// Reports at a node, unless the parser already refused the node's tag (one error per mistake).
    mutating func error(_ id: String, _ message: String, at node: YAMLNode, help: String? = nil) {
        guard !node.hasRefusedTag else { return }
        diagnostics.append(.error(id, message, at: node.location, help: help))
    }

    mutating func typeError(_ expected: String, at node: YAMLNode, path: String) {
        var found = node.kindDescription
        var help: String?
        if let scalar = node.scalar, !scalar.isNull {
            found = scalar.isPlain ? "\(quoted: scalar.text)" : "the quoted string \(quoted: scalar.text)"
            if !scalar.isPlain, Self.isDecimal(scalar.text), expected.contains("integer") || expected.contains("port") {
                help = "remove the quotes: \(quoted: scalar.text)"
            }
        }
        error("schema.type", "`\(path)` must be \(expected), found \(found)", at: node, help: help)
    }

    /// Any non-null scalar, as written.
    mutating func string(_ node: YAMLNode, path: String) -> String? {
        guard !node.isNull, let text = node.scalar?.text else {
            typeError("a string", at: node, path: path)
            return nil
        }
        return text
    }

    /// A decimal integer written plain (quoted numbers are strings in YAML, and a likely mistake here).
    mutating func int(_ node: YAMLNode, path: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let scalar = node.scalar, scalar.isPlain || node.tag == "tag:yaml.org,2002:int",
            !scalar.isNull, Self.isDecimal(scalar.text)
        else {
            typeError("an integer", at: node, path: path)
            return nil
        }
        guard let value = Int(scalar.text.hasPrefix("+") ? String(scalar.text.dropFirst()) : scalar.text) else {
            error("schema.range", "`\(path)`: \(quoted: scalar.text) is too large", at: node)
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
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// `true` or `false` (YAML 1.2); `yes`/`no`/`on`/`off` are refused, since YAML 1.1 and 1.2 readers
    /// disagree about them.
    mutating func bool(_ node: YAMLNode, path: String) -> Bool? {
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
            error("schema.type", "`\(path)` must be true or false, found \(quoted: scalar.text)", at: node, help: help)
            return nil
        }
    }

    /// One of a closed set of words, with a suggestion for a near miss.
    mutating func choice<T: RawRepresentable<String> & CaseIterable>(_ node: YAMLNode, path: String, as type: T.Type)
        -> T?
    {
        guard let text = string(node, path: path) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        // `open5gs` for `open5gs@2.7`: a versioned choice written without its version.
        let closest = Suggestion.closest(to: text, in: options) ?? options.first { $0.hasPrefix(text + "@") }
        let suggestion = closest.map { "did you mean `\($0)`?" }
        error(
            "schema.enum",
            "`\(path)` must be one of \(options.map { "`\($0)`" }.joined(separator: ", ")), found \(quoted: text)",
            at: node, help: suggestion)
        return nil
    }

    mutating func size(_ node: YAMLNode, path: String) -> ByteSize? {
        guard let text = string(node, path: path) else { return nil }
        guard let size = ByteSize(parsing: text) else {
            let digits = text.prefix { $0.isASCIIDigit }
            if digits.count > 15 {
                error("value.size", "`\(path)`: \(quoted: text) is too large", at: node)
            } else {
                error(
                    "value.size", "`\(path)`: \(quoted: text) is not a size", at: node,
                    help: "write a number with a binary unit, like `2GiB` or `512MiB`")
            }
            return nil
        }
        return size
    }

    mutating func stringList(_ node: YAMLNode, path: String) -> [String]? {
        located(node, path: path).map { $0.map(\.value) }
    }

    /// A list of strings with where each item was written, so rules can point at the one that is wrong.
    mutating func located(_ node: YAMLNode, path: String) -> [(
        value: String, location: SourceLocation
    )]? {
        guard let items = node.sequence else {
            typeError("a list of strings", at: node, path: path)
            return nil
        }
        let values = items.compactMap { item in string(item, path: path + "[]").map { ($0, item.location) } }
        return values.count == items.count ? values : nil
    }

    /// A string whose leading zeros matter (IMSI, SD, file mode). Written unquoted and all digits, YAML
    /// readers take it for a number (`0644` is octal 420 in YAML 1.1), so it must be quoted.
    mutating func digitString(_ node: YAMLNode, path: String, example: ((String) -> String)? = nil)
        -> String?
    {
        guard let scalar = node.scalar, !scalar.isNull else {
            typeError("a string", at: node, path: path)
            return nil
        }
        let text = scalar.text
        if scalar.isPlain, !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            error(
                "schema.quote", "`\(path)`: \(quoted: text) must be quoted: unquoted, YAML reads it as a number",
                at: node, help: "write \(quoted: "\"\(example?(text) ?? text)\"")")
            return nil
        }
        return text
    }

    /// Hexadecimal digits of an exact length (checksums, keys), as written.
    mutating func hex(_ node: YAMLNode, path: String, digits: Int, what: String) -> String? {
        guard let text = digitString(node, path: path) else { return nil }
        guard text.count == digits, text.allSatisfy(\.isASCIIHexDigit) else {
            error(
                "value.hex", "`\(path)`: \(what) must be \(digits) hexadecimal digits, found \(quoted: text)", at: node)
            return nil
        }
        return text
    }
}
