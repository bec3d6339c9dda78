import TopocDiagnostics
import TopocYAML

/// Reads one mapping of the language: checks its keys against the allowed set (unknown keys are errors with
/// a did-you-mean). Its `origin` finds where each value was written in the tree, when a diagnostic asks.
struct MappingReader<Key: LanguageKey> {
    /// The mapping's breadcrumb.
    let trail: Trail
    /// The mapping's breadcrumb, spelt (for messages).
    var path: String { trail.text }
    /// Where the entity was written (its key, usually).
    let location: SourceLocation
    /// The mapping, a view that holds no reference: the reader lives only while its document is read.
    private let node: YAMLCursor
    private let pairs: YAMLMapping
    /// For each key (by its `rawValue`), the pair that holds it, or -1.
    private let slots: InlineArray<16, Int32>
    /// Keys that an unknown key was taken for (`topolgy` -> `topology`), as bits by `rawValue`: not reported
    /// missing as well.
    private let suggested: UInt32

    /// Nil (after reporting) when `node` is not a mapping.
    init?(
        _ node: YAMLCursor, path trail: Trail, keys: KeyTable<Key> = Key.table, at location: SourceLocation? = nil,
        context: inout DecodeContext
    ) {
        guard let pairs = node.mapping else {
            let path = trail.text
            let what = path.isEmpty ? "the top level" : "`\(path)`"
            context.error("schema.type", "\(what) must be a mapping, found \(node.kindDescription)", at: node)
            return nil
        }
        // Read into locals and stored once at the end: a failable initialiser that assigns its fields one by
        // one (or calls a method on itself) copies the whole reader on return.
        var slots = InlineArray<16, Int32>(repeating: -1)
        var suggested: UInt32 = 0
        for offset in pairs.indices {
            let keyNode = pairs.key(at: offset)
            // The parser already refused duplicate keys, so every key found here is new.
            if let key = keyNode.withScalarBytes({ keys.key(spelled: $0) }) ?? nil {
                slots[key.rawValue] = Int32(offset)
            } else if let taken = Self.unknown(keyNode, path: trail.text, keys: keys, context: &context) {
                suggested |= 1 << UInt32(taken.rawValue)
            }
        }
        self.location = location ?? node.location
        self.trail = trail
        self.node = node
        self.pairs = pairs
        self.slots = slots
        self.suggested = suggested
    }

    /// Reports a key that is not one of `keys`; returns the key it was probably meant to be.
    private static func unknown(_ node: YAMLCursor, path: String, keys: KeyTable<Key>, context: inout DecodeContext)
        -> Key?
    {
        guard let key = node.scalar?.text else {
            context.error("schema.type", "keys must be strings, found \(node.kindDescription)", at: node)
            return nil
        }
        // `x-` keys at the top level are the user's (anchors for the rest of the file).
        if path.isEmpty, key.hasPrefix("x-") { return nil }
        let closest = Suggestion.closest(to: key, in: keys.names)
        let help =
            closest.map { "did you mean `\($0)`?" }
            ?? "the keys here are " + keys.names.map { "`\($0)`" }.joined(separator: ", ")
        let inside = path.isEmpty ? "at the top level" : "in `\(path)`"
        context.error("schema.unknown-key", "unknown key `\(key)` \(inside)", at: node, help: help)
        return closest.flatMap(keys.key(named:))
    }

    /// The pair holding `key`, if written.
    private func pair(_ key: Key) -> Int? {
        slots[key.rawValue] >= 0 ? Int(slots[key.rawValue]) : nil
    }

    subscript(key: Key) -> YAMLCursor? { pair(key).map { pairs.value(at: $0) } }

    func path(_ key: Key) -> FieldPath { FieldPath(trail, key: key.name) }

    /// Where `key` itself was written (the mapping's location when absent): sections report there.
    func keyLocation(_ key: Key) -> SourceLocation {
        pair(key).map { pairs.key(at: $0).location } ?? location
    }

    /// Where the value of `key` was written (the mapping's location when absent). For decoders, which may
    /// run while the parser still writes the tree: `origin` looks fields up in it afterwards.
    func valueLocation(_ key: Key) -> SourceLocation {
        pair(key).map { pairs.value(at: $0).location } ?? location
    }

    /// The entity's origin, made when asked (once, for the entity built from this reader): a stored one was
    /// copied into the entity and then destroyed with the reader, two reference counts each way.
    var origin: Origin { Origin(location: location, trail: trail, fields: node.fieldLocations) }

    /// Reports a missing required key at the mapping itself.
    func require(_ key: Key, context: inout DecodeContext) -> YAMLCursor? {
        if let node = self[key] { return node }
        if suggested & (1 << UInt32(key.rawValue)) != 0 { return nil }
        let inside = path.isEmpty ? "the top level" : "`\(path)`"
        context.diagnostics.append(.error("schema.required", "\(inside) needs `\(key.name)`", at: location))
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
            typeError("a mapping of names", at: node, path: FieldPath(path))
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
        guard let name = pair.key.scalarText else {
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
        name.utf8.withContiguousStorageIfAvailable(isValid) ?? isValid(Array(name.utf8))
    }

    /// The same over UTF-8 bytes in place: through the string's view, stepping its index cost more than
    /// the check.
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        guard (1...63).contains(bytes.count), let first = bytes.first else { return false }
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        var last = first
        for byte in bytes {
            guard letters.contains(byte) || digits.contains(byte) || byte == UInt8(ascii: "-") else { return false }
            last = byte
        }
        return letters.contains(first) && last != UInt8(ascii: "-")
    }

    /// `VM_1` -> `vm-1`: the same name made valid, when that is a simple fix.
    static func suggestion(for name: String) -> String? {
        let fixed = String(name.lowercased().map { $0 == "_" || $0 == "." || $0 == " " ? "-" : $0 })
        return fixed != name && isValid(fixed) ? fixed : nil
    }
}
