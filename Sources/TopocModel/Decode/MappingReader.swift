import TopocDiagnostics
import TopocYAML

/// Reads one mapping of the language: checks its keys against the allowed ones (unknown keys are errors
/// with a did-you-mean). Its `origin` finds where each value was written in the tree, when a diagnostic asks.
struct MappingReader<Key: LanguageKey> {
    /// The mapping's breadcrumb (`vms.vm1`), for messages.
    let path: String
    /// Where the entity was written (its key, usually).
    let location: SourceLocation
    private let node: YAMLNode
    /// The pairs as written, each with a known key: a mapping of the language has a handful.
    private let pairs: [(key: Key, pair: YAMLPair)]
    /// Keys that an unknown key was taken for (`topolgy` -> `topology`): not reported missing as well.
    private let suggested: Set<Key>

    /// Nil (after reporting) when `node` is not a mapping. `allowed`: the keys this mapping may hold
    /// (`defaults.vm` takes a VM's settings only).
    init?(
        _ node: YAMLNode, path: String, allowed: [Key] = Key.allCases, at location: SourceLocation? = nil,
        context: inout DecodeContext
    ) {
        guard let written = node.mapping else {
            let what = path.isEmpty ? "the top level" : "`\(path)`"
            context.error("schema.type", "\(what) must be a mapping, found \(node.kindDescription)", at: node)
            return nil
        }
        var pairs: [(key: Key, pair: YAMLPair)] = []
        var suggested: Set<Key> = []
        for pair in written {
            // The parser already refused repeated keys, so every key found here is new.
            if let key = pair.key.scalar.flatMap({ Key(rawValue: $0.text) }), allowed.contains(key) {
                pairs.append((key, pair))
            } else if let taken = Self.unknown(pair.key, path: path, allowed: allowed, context: &context) {
                suggested.insert(taken)
            }
        }
        self.path = path
        self.location = location ?? node.location
        self.node = node
        self.pairs = pairs
        self.suggested = suggested
    }

    /// Reports a key that is not one of `allowed`; returns the key it was probably meant to be.
    private static func unknown(_ node: YAMLNode, path: String, allowed: [Key], context: inout DecodeContext)
        -> Key?
    {
        guard let key = node.scalar?.text else {
            context.error("schema.type", "keys must be strings, found \(node.kindDescription)", at: node)
            return nil
        }
        // `x-` keys at the top level are the user's (anchors for the rest of the file).
        if path.isEmpty, key.hasPrefix("x-") { return nil }
        let closest = Suggestion.closest(to: key, in: allowed.names)
        let help =
            closest.map { "did you mean `\($0)`?" }
            ?? "the keys here are " + allowed.names.map { "`\($0)`" }.joined(separator: ", ")
        let inside = path.isEmpty ? "at the top level" : "in `\(path)`"
        context.error("schema.unknown-key", "unknown key \(quoted: key) \(inside)", at: node, help: help)
        return closest.flatMap(Key.init(rawValue:))
    }

    /// The value of `key`, if written.
    subscript(key: Key) -> YAMLNode? { pair(key)?.value }

    /// Compared in place, so only the match is copied out of the array: `first(where:)` copies every pair
    /// it passes (two nodes and their strings), for each of a VM's nine settings.
    private func pair(_ key: Key) -> YAMLPair? {
        for index in pairs.indices where pairs[index].key == key { return pairs[index].pair }
        return nil
    }

    /// The breadcrumb of `key`'s value (`vms.vm1.memory`).
    func path(_ key: Key) -> String { path.isEmpty ? key.name : "\(path).\(key.name)" }

    /// Where `key` itself was written (the mapping's location when absent): sections report there.
    func keyLocation(_ key: Key) -> SourceLocation { pair(key)?.key.location ?? location }

    /// Where the value of `key` was written (the mapping's location when absent).
    func valueLocation(_ key: Key) -> SourceLocation { pair(key)?.value.location ?? location }

    /// The entity's origin: its fields are looked up in this mapping when a diagnostic asks.
    var origin: Origin { Origin(location: location, path: path, fields: node.fieldLocations) }

    /// Reports a missing required key at the mapping itself.
    func require(_ key: Key, context: inout DecodeContext) -> YAMLNode? {
        if let node = self[key] { return node }
        if suggested.contains(key) { return nil }
        let inside = path.isEmpty ? "the top level" : "`\(path)`"
        context.diagnostics.append(.error("schema.required", "\(inside) needs `\(key.name)`", at: location))
        return nil
    }
}

extension DecodeContext {
    /// A map whose keys are user-chosen names (`vms`, `networks`): each name is checked as a DNS-1123 label,
    /// then decoded by `element` in declaration order.
    mutating func namedMap<T>(
        _ node: YAMLNode, path: String, element: (inout DecodeContext, String, YAMLNode, YAMLNode) -> T?
    ) -> [T] {
        guard let pairs = node.mapping else {
            typeError("a mapping of names", at: node, path: path)
            return []
        }
        return pairs.compactMap { named($0, path: path, element: element) }
    }

    mutating func named<T>(
        _ pair: YAMLPair, path: String, element: (inout DecodeContext, String, YAMLNode, YAMLNode) -> T?
    ) -> T? {
        guard let name = pair.key.scalar?.text else {
            error("schema.type", "names in `\(path)` must be strings", at: pair.key)
            return nil
        }
        guard Names.isValid(name) else {
            error(
                "name.invalid",
                "\(quoted: name) is not a valid name: use lower-case letters, digits and `-`, starting with a letter (at most 63 characters)",
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
        return letters.contains(first) && last != UInt8(ascii: "-")
            && bytes.allSatisfy { letters.contains($0) || digits.contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// `VM_1` -> `vm-1`: the same name made valid, when that is a simple fix.
    static func suggestion(for name: String) -> String? {
        let fixed = String(name.lowercased().map { $0 == "_" || $0 == "." || $0 == " " ? "-" : $0 })
        return fixed != name && isValid(fixed) ? fixed : nil
    }
}
