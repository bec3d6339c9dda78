import TopocDiagnostics

/// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`) and duplicate-key detection for one mapping.
/// Keys written in the mapping win over merged ones; among merged mappings the first one wins.
enum MergeKeys {
    /// The mapping's pairs after merging, or nil when it has neither merge keys nor duplicates (most do),
    /// so nothing is built for it.
    static func apply(to pairs: [YAMLPair], diagnostics: inout [Diagnostic]) -> [YAMLPair]? {
        if !pairs.contains(where: { isMergeKey($0.key) }), !hasDuplicateKeys(pairs) { return nil }
        var seen: [String: SourceLocation] = [:]
        var explicit: [YAMLPair] = []
        var merges: [YAMLNode] = []
        for pair in pairs {
            if isMergeKey(pair.key) {
                merges.append(pair.value)
                continue
            }
            if let text = pair.key.scalar?.text {
                if let first = seen[text] {
                    diagnostics.append(
                        .error(
                            "yaml.duplicate-key", "duplicate key `\(text)`", at: pair.key.location,
                            notes: [DiagnosticNote("first written here", at: first)]))
                    continue
                }
                seen[text] = pair.key.location
            }
            explicit.append(pair)
        }
        var result = explicit
        for merge in merges {
            let sources: [YAMLNode]
            switch merge.content {
            case .mapping: sources = [merge]
            case .sequence(let items): sources = items
            case .scalar:
                diagnostics.append(
                    .error("yaml.merge", "`<<` takes a mapping or a list of mappings", at: merge.location))
                continue
            }
            for source in sources {
                guard let sourcePairs = source.mapping else {
                    diagnostics.append(
                        .error("yaml.merge", "`<<` takes a mapping or a list of mappings", at: source.location))
                    continue
                }
                for pair in sourcePairs {
                    guard let text = pair.key.scalar?.text, seen[text] == nil else { continue }
                    seen[text] = pair.key.location
                    result.append(pair)
                }
            }
        }
        return result
    }

    private static func hasDuplicateKeys(_ pairs: [YAMLPair]) -> Bool {
        // Comparing every pair beats hashing for the handful of keys most mappings have.
        if pairs.count <= 16 {
            for (index, pair) in pairs.enumerated() {
                guard let text = pair.key.scalar?.text else { continue }
                for earlier in pairs[..<index] where earlier.key.scalar?.text == text { return true }
            }
            return false
        }
        var seen = Set<String>(minimumCapacity: pairs.count)
        for pair in pairs {
            guard let text = pair.key.scalar?.text else { continue }
            if !seen.insert(text).inserted { return true }
        }
        return false
    }

    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return scalar.isPlain || key.tag == "tag:yaml.org,2002:merge"
    }
}
