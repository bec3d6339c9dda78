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
