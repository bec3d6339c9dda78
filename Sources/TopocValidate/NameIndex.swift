/// Entities by name, first declaration winning (duplicates are a rule's to report). Holds positions into
/// the topology's own array, so building it copies no entity.
///
/// Its own table rather than a `Dictionary`: the standard hasher (seeded SipHash) cost a fifth of validating
/// a small lab, where a handful of names are looked up by most rules. Up to `linearLimit` names are
/// compared in order (a short name compares as two machine words, and a small lab looks up a few dozen
/// names: building a table costs more than it saves); beyond, an open-addressing table of FNV-1a hashes
/// (names are the user's own, so deliberately colliding ones only slow their own lab down).
public struct NameIndex<Element: Sendable>: Sendable {
    private let elements: [Element]
    /// `names[p]` is the name of `elements[p]`.
    private let names: [String]
    /// Slots holding a position, or -1; empty when the names are few enough to compare in order.
    private let slots: [Int32]

    static var linearLimit: Int { 16 }

    init(_ elements: [Element], name: (Element) -> String) {
        self.elements = elements
        let names = elements.map(name)
        self.names = names
        slots = names.count > Self.linearLimit ? Self.table(names) : []
    }

    private static func table(_ names: [String]) -> [Int32] {
        var capacity = 16
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for position in names.indices {
            var slot = hash(names[position]) & mask
            while slots[slot] >= 0 {
                // A later declaration of a name already in the table is not indexed.
                if names[Int(slots[slot])] == names[position] { break }
                slot = (slot + 1) & mask
            }
            if slots[slot] < 0 { slots[slot] = Int32(position) }
        }
        return slots
    }

    /// FNV-1a over the UTF-8 bytes, read as a buffer: stepping the view's index per byte cost more than
    /// the hashing.
    private static func hash(_ name: String) -> Int {
        func fold(_ bytes: some Sequence<UInt8>) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
        return name.utf8.withContiguousStorageIfAvailable(fold) ?? fold(name.utf8)
    }

    /// Whether lookups hash (more than `linearLimit` names) rather than compare names in order.
    var isHashed: Bool { !slots.isEmpty }

    /// Where the first element named `name` is in the array the index was built from.
    public func position(of name: String) -> Int? {
        guard !slots.isEmpty else { return names.firstIndex(of: name) }
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if names[position] == name { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    public subscript(name: String) -> Element? { position(of: name).map { elements[$0] } }

    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The element at `position` of the array the index was built from.
    public subscript(position position: Int) -> Element { elements[position] }

    /// The distinct names, in declaration order: candidates for a did-you-mean.
    public var keys: [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// How many distinct names.
    public var count: Int { keys.count }

    /// One element per name, in declaration order.
    public var values: [Element] {
        var seen = Set<String>()
        return names.indices.filter { seen.insert(names[$0]).inserted }.map { elements[$0] }
    }
}
