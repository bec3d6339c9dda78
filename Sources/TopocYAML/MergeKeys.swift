import TopocDiagnostics

/// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`) and repeated keys, for one mapping. Keys written in the
/// mapping win over merged ones; among merged mappings the first one wins. A repeated written key is an
/// error, and its first value is kept.
extension TreeBuilder {
    /// The pairs of a mapping from its keys and values (interleaved, as written), merged.
    mutating func mergedPairs(_ children: [YAMLNode]) -> [YAMLPair] {
        // A single pair repeats no key, and most mappings of a lab have one (a NIC, a forward, a pin): they
        // need no table of the keys seen.
        if children.count == 2, !Self.isMergeKey(children[0]) {
            return [YAMLPair(key: children[0], value: children[1])]
        }
        var seen: [String: SourceLocation] = Dictionary(minimumCapacity: children.count / 2)
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(children.count / 2)
        var merges: [YAMLNode] = []
        // A key left without a value cannot come from libyaml; it is dropped.
        for position in stride(from: 0, to: children.count - 1, by: 2) {
            let key = children[position]
            let value = children[position + 1]
            if Self.isMergeKey(key) {
                merges.append(value)
                continue
            }
            if let text = key.scalar?.text {
                if let first = seen[text] {
                    diagnostics.append(
                        .error(
                            "yaml.duplicate-key", "duplicate key `\(text)`", at: key.location,
                            notes: [DiagnosticNote("first written here", at: first)]))
                    continue
                }
                seen[text] = key.location
            }
            pairs.append(YAMLPair(key: key, value: value))
        }
        for merge in merges {
            for source in merge.sequence ?? [merge] {
                guard let merged = source.mapping else {
                    diagnostics.append(
                        .error("yaml.merge", "`<<` takes a mapping or a list of mappings", at: source.location))
                    continue
                }
                for pair in merged {
                    guard let text = pair.key.scalar?.text, seen[text] == nil else { continue }
                    seen[text] = pair.key.location
                    pairs.append(pair)
                }
            }
        }
        return pairs
    }

    /// `<<` written plain, or tagged `!!merge`.
    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return scalar.isPlain || key.tag == "tag:yaml.org,2002:merge"
    }
}
