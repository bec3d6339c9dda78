// Render/JSONRendering owns JSON text: the single place emitters turn Encodable values into bytes, with the
// same settings for every artifact so output is stable across runs and machines.
import Foundation

/// Writes JSON for artifacts.
public enum JSONRendering {
    /// Pretty-printed, keys sorted, slashes not escaped, and a trailing newline.
    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension JSONRendering {
    /// A list of strings (a QEMU argv), byte for byte what `render` writes for it, without the generic
    /// encoder: a large lab renders thousands of them.
    public static func render(strings: [String]) -> String {
        guard !strings.isEmpty else { return (try? render([String]())) ?? "[]\n" }
        var out = "[\n"
        for (index, string) in strings.enumerated() {
            out += "  \""
            appendEscaped(string, to: &out)
            out += index == strings.count - 1 ? "\"\n" : "\",\n"
        }
        return out + "]\n"
    }

    /// JSON string escaping as the encoder does it with `.withoutEscapingSlashes`: quotes, backslashes and
    /// control characters; everything else as UTF-8.
    static func appendEscaped(_ string: String, to out: inout String) {
        let needsEscape = string.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscape else {
            out += string
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}
