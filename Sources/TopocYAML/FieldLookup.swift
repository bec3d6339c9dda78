import TopocDiagnostics

/// Finds a field's value below a mapping of a finished document, by a path of keys and list positions
/// (`memory`, `dnns[2]`, `pod.node`): what `YAMLDocument` answers as a `FieldLocator`.
struct FieldLookup {
    private let records: UnsafeBufferPointer<NodeRecord>
    private let children: UnsafeBufferPointer<UInt32>
    private let text: UnsafeBufferPointer<UInt8>
    private let source: SourceFile

    /// Reads the builder's buffers as they are now: a document made while streaming holds pointers taken
    /// before the buffers could have moved. Only for a finished parse, which nothing writes any more.
    init(_ document: YAMLDocument) {
        records = document.storage.0.contents
        children = document.storage.1.contents
        text = document.storage.2.contents
        source = document.source
    }

    func location(of path: String, below node: Int) -> SourceLocation? {
        guard node >= 0, node < records.count else { return nil }
        var path = path
        // Byte by byte, allocating nothing: rules ask for the locations of fields that are fine, too.
        let found = path.withUTF8 { path -> Int? in
            var found = node
            var position = 0
            while position < path.count {
                var end = position
                while end < path.count, path[end] != UInt8(ascii: "."), path[end] != UInt8(ascii: "[") { end += 1 }
                guard end > position,
                    let value = value(of: UnsafeBufferPointer(rebasing: path[position..<end]), in: found)
                else {
                    return nil
                }
                found = value
                position = end
                while position < path.count, path[position] == UInt8(ascii: "[") {
                    guard let (index, close) = Self.number(in: path, from: position + 1), close < path.count,
                        path[close] == UInt8(ascii: "]"), let item = item(index, of: found)
                    else { return nil }
                    found = item
                    position = close + 1
                }
                if position < path.count {
                    // A dot goes on to the next name, which must be there.
                    guard path[position] == UInt8(ascii: "."), position + 1 < path.count else { return nil }
                    position += 1
                }
            }
            return position > 0 ? found : nil
        }
        guard let found else { return nil }
        let record = records[found]
        return SourceLocation(source: source, line: Int(record.line), column: Int(record.column))
    }

    /// The decimal number starting at `start`, and where it ends.
    private static func number(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        var end = start
        var value = 0
        while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]), end - start < 9 {
            value = value * 10 + Int(bytes[end] - UInt8(ascii: "0"))
            end += 1
        }
        return end > start ? (value, end) : nil
    }

    private func target(_ index: Int) -> Int { records[index].target(at: index) }

    /// The value record of the key spelled `name` in the mapping `node`, merged pairs included.
    private func value(of name: UnsafeBufferPointer<UInt8>, in node: Int) -> Int? {
        let mapping = records[target(node)]
        guard mapping.kind == .mapping else { return nil }
        let first = Int(mapping.start)
        for pair in 0..<Int(mapping.count) {
            let key = records[target(Int(children[first + 2 * pair]))]
            guard key.kind == .scalar, Int(key.count) == name.count else { continue }
            let start = Int(key.start)
            if UnsafeBufferPointer(rebasing: text[start..<start + Int(key.count)]).elementsEqual(name) {
                return Int(children[first + 2 * pair + 1])
            }
        }
        return nil
    }

    /// Item `position` of the sequence `node`.
    private func item(_ position: Int, of node: Int) -> Int? {
        let sequence = records[target(node)]
        guard sequence.kind == .sequence, (0..<Int(sequence.count)).contains(position) else { return nil }
        return Int(children[Int(sequence.start) + position])
    }
}
