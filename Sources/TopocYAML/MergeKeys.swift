import TopocDiagnostics

/// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`) and duplicate-key detection for one mapping, on the
/// builder's records. Keys written in the mapping win over merged ones; among merged mappings the first one
/// wins.
extension TreeBuilder {
    /// The mapping's children (keys and values interleaved) after merging, or nil when the pairs on the
    /// `pending` stack at `range` have neither merge keys nor duplicates (most), so nothing is built.
    mutating func merged(pairs range: Range<Int>) -> [UInt32]? {
        // No pair, or one that is not `<<`: nothing to merge and nothing to repeat (a third of a lab's
        // mappings: `{}`, `{ on: vm1 }`).
        if range.count == 0 || (range.count == 2 && !isMergeKey(Int(pending[range.lowerBound]))) { return nil }
        if range.count <= 2 * Self.fewKeys, !mayMergeOrRepeat(range) { return nil }
        let keyPositions = stride(from: range.lowerBound, to: range.upperBound, by: 2)
        if !keyPositions.contains(where: { isMergeKey(Int(pending[$0])) }), !hasDuplicateKeys(range) {
            return nil
        }
        let written = Array(pending.slice(range))
        var seen: [String: SourceLocation] = [:]
        var result: [UInt32] = []
        var merges: [Int] = []
        for pair in stride(from: 0, to: written.count, by: 2) {
            let key = Int(written[pair])
            if isMergeKey(key) {
                merges.append(Int(written[pair + 1]))
                continue
            }
            if let text = keyText(key) {
                if let first = seen[text] {
                    diagnostics.append(
                        .error(
                            "yaml.duplicate-key", "duplicate key `\(text)`", at: location(of: key),
                            notes: [DiagnosticNote("first written here", at: first)]))
                    continue
                }
                seen[text] = location(of: key)
            }
            result += [written[pair], written[pair + 1]]
        }
        for merge in merges {
            let target = resolved(merge)
            let sources: [Int]
            switch records[target].kind {
            case .mapping: sources = [merge]
            case .sequence: sources = childIndices(of: target)
            case .scalar, .alias:
                diagnostics.append(
                    .error("yaml.merge", "`<<` takes a mapping or a list of mappings", at: location(of: merge)))
                continue
            }
            for source in sources {
                let mapping = resolved(source)
                guard records[mapping].kind == .mapping else {
                    diagnostics.append(
                        .error("yaml.merge", "`<<` takes a mapping or a list of mappings", at: location(of: source)))
                    continue
                }
                let sourcePairs = childIndices(of: mapping)
                for pair in stride(from: 0, to: sourcePairs.count, by: 2) {
                    let key = sourcePairs[pair]
                    guard let text = keyText(key), seen[text] == nil else { continue }
                    seen[text] = location(of: key)
                    result += [UInt32(key), UInt32(sourcePairs[pair + 1])]
                }
            }
        }
        return result
    }

    /// Mappings up to this many keys are screened by `mayMergeOrRepeat` first.
    static let fewKeys = 16

    /// False when none of the (at most `fewKeys`) keys at `range` of `pending` can be a merge key and no two
    /// can have the same text: nearly every mapping of a lab, told apart without comparing any text. Each key
    /// is summed up as its length and first and last bytes; only a `<<` or two equal summaries send the
    /// mapping to the exact checks.
    private func mayMergeOrRepeat(_ range: Range<Int>) -> Bool {
        var summaries = InlineArray<16, UInt64>(repeating: 0)
        var count = 0
        let records = records.contents
        let text = text.contents
        let pending = pending.contents
        for position in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            let key = Int(pending[position])
            let record = records[records[key].target(at: key)]
            // Collections as keys are rare and never equal to anything cheaply: let the exact check decide.
            guard record.kind == .scalar else { return true }
            let length = Int(record.count)
            let start = Int(record.start)
            let first = length > 0 ? UInt64(text[start]) : 0
            let last = length > 0 ? UInt64(text[start + length - 1]) : 0
            if length == 2, first == UInt64(UInt8(ascii: "<")), last == first { return true }
            let summary = UInt64(length) << 16 | first << 8 | last
            for earlier in 0..<count where summaries[earlier] == summary { return true }
            summaries[count] = summary
            count += 1
        }
        return false
    }

    /// Whether two keys of the pairs at `range` of `pending` have the same text.
    private func hasDuplicateKeys(_ range: Range<Int>) -> Bool {
        let positions = stride(from: range.lowerBound, to: range.upperBound, by: 2)
        let count = range.count / 2
        // Comparing every pair of byte ranges beats hashing for the handful of keys most mappings have.
        if count <= 16 {
            for position in positions {
                let key = Int(pending[position])
                guard records[resolved(key)].kind == .scalar else { continue }
                for earlier in stride(from: range.lowerBound, to: position, by: 2)
                where sameScalarText(key, Int(pending[earlier])) {
                    return true
                }
            }
            return false
        }
        // An open-addressing table of key records, hashed on their bytes: no `String` per key (the `vms:`
        // mapping of a large lab has thousands).
        var slots = 16
        while slots < 2 * count { slots *= 2 }
        var table = [Int32](repeating: -1, count: slots)
        for position in positions {
            let key = Int(pending[position])
            let record = records[resolved(key)]
            guard record.kind == .scalar else { continue }
            var slot = Self.hash(text.slice(Int(record.start)..<Int(record.start + record.count))) & (slots - 1)
            while table[slot] >= 0 {
                if sameScalarText(key, Int(table[slot])) { return true }
                slot = (slot + 1) & (slots - 1)
            }
            table[slot] = Int32(key)
        }
        return false
    }

    /// The process's seeded hash, so a hostile file cannot pile its keys into one slot.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }

    private func isMergeKey(_ key: Int) -> Bool {
        let record = records[resolved(key)]
        guard record.kind == .scalar, record.count == 2 else { return false }
        let start = Int(record.start)
        guard text[start] == UInt8(ascii: "<"), text[start + 1] == UInt8(ascii: "<") else { return false }
        let plain = record.style == .plain && !record.forcedString
        return plain || (record.tag >= 0 && tags[record.tag] == "tag:yaml.org,2002:merge")
    }

    private func sameScalarText(_ one: Int, _ other: Int) -> Bool {
        let first = records[resolved(one)]
        let second = records[resolved(other)]
        guard first.kind == .scalar, second.kind == .scalar, first.count == second.count else { return false }
        return text.slice(Int(first.start)..<Int(first.start + first.count))
            .elementsEqual(text.slice(Int(second.start)..<Int(second.start + second.count)))
    }

    private func keyText(_ key: Int) -> String? {
        let record = records[resolved(key)]
        guard record.kind == .scalar else { return nil }
        return String(decoding: text.slice(Int(record.start)..<Int(record.start + record.count)), as: UTF8.self)
    }

    private func childIndices(of record: Int) -> [Int] {
        let node = records[record]
        let count = Int(node.count) * (node.kind == .mapping ? 2 : 1)
        return children.slice(Int(node.start)..<Int(node.start) + count).map { Int($0) }
    }

    private func resolved(_ record: Int) -> Int {
        records[record].target(at: record)
    }

    private func location(of record: Int) -> SourceLocation {
        SourceLocation(source: source, line: Int(records[record].line), column: Int(records[record].column))
    }
}
