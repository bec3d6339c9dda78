import TopocDiagnostics
import TopocYAML

/// Reads one mapping of the language: checks its keys against the allowed set (unknown keys are errors with
/// a did-you-mean), and records where each value was written for later diagnostics.
struct MappingReader {
    let path: String
    /// The known keys as written, in order; a mapping has a handful, so they are searched, not hashed.
    private var entries: [(key: String, keyLocation: SourceLocation, value: YAMLCursor)] = []
    private(set) var origin: Origin
    /// Keys that an unknown key was taken for (`topolgy` -> `topology`): not reported missing as well.
    private var suggested: Set<String> = []

    /// Nil (after reporting) when `node` is not a mapping.
    init?(
        _ node: YAMLCursor, path: String, keys: [String], at location: SourceLocation? = nil,
        context: inout DecodeContext
    ) {
        self.path = path
        origin = Origin(location: location ?? node.location, path: path)
        guard let pairs = node.mapping else {
            let what = path.isEmpty ? "the top level" : "`\(path)`"
            context.error("schema.type", "\(what) must be a mapping, found \(node.kindDescription)", at: node)
            return nil
        }
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                context.error("schema.type", "keys must be strings, found \(pair.key.kindDescription)", at: pair.key)
                continue
            }
            guard keys.contains(key) else {
                // `x-` keys at the top level are the user's (anchors for the rest of the file).
                if path.isEmpty, key.hasPrefix("x-") { continue }
                let closest = Suggestion.closest(to: key, in: keys)
                if let closest { suggested.insert(closest) }
                let help =
                    closest.map { "did you mean `\($0)`?" }
                    ?? "the keys here are " + keys.map { "`\($0)`" }.joined(separator: ", ")
                let inside = path.isEmpty ? "at the top level" : "in `\(path)`"
                context.error("schema.unknown-key", "unknown key `\(key)` \(inside)", at: pair.key, help: help)
                continue
            }
            // The parser already refused duplicate keys, so every key here is new.
            entries.append((key, pair.key.location, pair.value))
            origin.fields.appendNew(key, pair.value.location)
        }
    }

    subscript(key: String) -> YAMLCursor? { entries.first { $0.key == key }?.value }

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Where `key` itself was written (the mapping's location when absent): sections report there.
    func keyLocation(_ key: String) -> SourceLocation {
        entries.first { $0.key == key }?.keyLocation ?? origin.location
    }

    /// Records the location of a value read below this mapping (`pod.node`).
    mutating func record(_ field: String, at location: SourceLocation) {
        origin.fields[field] = location
    }

    /// Records where each item of a list field was written, as `field[index]`.
    mutating func recordItems(_ field: String, _ items: [(value: String, location: SourceLocation)]) {
        for (index, item) in items.enumerated() {
            origin.fields.appendNew("\(field)[\(index)]", item.location)
        }
    }

    /// Reports a missing required key at the mapping itself.
    func require(_ key: String, context: inout DecodeContext) -> YAMLCursor? {
        if let node = self[key] { return node }
        guard !suggested.contains(key) else { return nil }
        let inside = path.isEmpty ? "the top level" : "`\(path)`"
        context.diagnostics.append(.error("schema.required", "\(inside) needs `\(key)`", at: origin.location))
        return nil
    }
}

extension DecodeContext {
    /// A map whose keys are user-chosen names (`vms`, `networks`): each name is checked as a DNS-1123 label,
    /// then decoded by `element` in declaration order.
    mutating func namedMap<T>(
        _ node: YAMLCursor, path: String, element: (inout DecodeContext, String, YAMLCursor, YAMLCursor) -> T?
    ) -> [T] {
        guard let pairs = node.mapping else {
            typeError("a mapping of names", at: node, path: path)
            return []
        }
        var result: [T] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            if let value = named(pair, path: path, element: element) { result.append(value) }
        }
        return result
    }

    mutating func named<T>(
        _ pair: YAMLPair, path: String, element: (inout DecodeContext, String, YAMLCursor, YAMLCursor) -> T?
    ) -> T? {
        guard let name = pair.key.scalar?.text else {
            error("schema.type", "names in `\(path)` must be strings", at: pair.key)
            return nil
        }
        guard Names.isValid(name) else {
            error(
                "name.invalid",
                "`\(name)` is not a valid name: use lower-case letters, digits and `-`, starting with a letter (at most 63 characters)",
                at: pair.key, help: Names.suggestion(for: name).map { "did you mean `\($0)`?" })
            return nil
        }
        return element(&self, name, pair.key, pair.value)
    }
}

/// Names are DNS-1123 labels: they become host names, file names and parts of interface names.
public enum Names {
    public static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let allowed = bytes.allSatisfy { letters.contains($0) || digits.contains($0) || $0 == UInt8(ascii: "-") }
        return allowed && letters.contains(first) && last != UInt8(ascii: "-")
    }

    /// `VM_1` -> `vm-1`: the same name made valid, when that is a simple fix.
    static func suggestion(for name: String) -> String? {
        let fixed = String(name.lowercased().map { $0 == "_" || $0 == "." || $0 == " " ? "-" : $0 })
        return fixed != name && isValid(fixed) ? fixed : nil
    }
}
