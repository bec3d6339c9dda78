/// The keys one mapping may hold, matched against the bytes of the file: a key is found without making a
/// `String` of it or comparing strings, which was most of what reading a small mapping cost. A class, built
/// once per kind of mapping, so a reader holds it with one reference.
public final class KeyTable<Key: LanguageKey>: Sendable {
    /// The most keys a mapping of the language has (a VM's 13), with room to grow.
    static var capacity: Int { 16 }

    /// The allowed keys, in order.
    public let keys: [Key]
    /// Their names as written.
    public let names: [String]
    /// Every name's UTF-8 bytes, one after the other; name `i` ends at `ends[i]`.
    private let bytes: [UInt8]
    private let ends: [Int]

    /// All of `Key`'s cases, named `names` in order.
    public convenience init(names: [String]) {
        precondition(names.count == Key.allCases.count, "\(Key.self): one name per key")
        self.init(Key.allCases, names: names)
    }

    /// Only `keys` (`defaults.vm` takes a VM's settings, not its networks), named as in `Key.table`.
    public convenience init(only keys: [Key]) {
        self.init(keys, names: keys.map(\.name))
    }

    private init(_ keys: [Key], names: [String]) {
        precondition(Key.allCases.count <= Self.capacity, "a mapping of the language has at most \(Self.capacity) keys")
        self.keys = keys
        self.names = names
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for name in names {
            bytes += name.utf8
            ends.append(bytes.count)
        }
        (self.bytes, self.ends) = (bytes, ends)
    }

    /// The key spelled `text`, if it is one of these.
    func key(spelled text: UnsafeBufferPointer<UInt8>) -> Key? {
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (position, end) in ends.enumerated() {
                defer { start = end }
                guard end - start == text.count, text.count > 0, bytes[start] == text[0] else { continue }
                var index = 1
                while index < text.count, bytes[start + index] == text[index] { index += 1 }
                if index == text.count { return keys[position] }
            }
            return nil
        }
    }

    /// The key named `name`, if it is one of these.
    func key(named name: String) -> Key? { names.firstIndex(of: name).map { keys[$0] } }
}
