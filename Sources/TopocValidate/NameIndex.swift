import TopocModel

/// An entity that other entities name: what a `NameIndex` finds.
public protocol Named: Sendable {
    var name: String { get }
}

extension Image: Named {}
extension Network: Named {}
extension VM: Named {}
extension NetworkFunction: Named {}
extension DNN: Named {}
extension Slice: Named {}
extension GNB: Named {}

/// Entities by name, first declaration winning (duplicates are a rule's to report). Holds the topology's own
/// array and reads each name through it, so building it copies no entity and no name.
///
/// Its own table rather than a `Dictionary`: the standard hasher (seeded SipHash) cost a fifth of validating
/// a small lab, where a handful of names are looked up by most rules. Up to `linearLimit` names are
/// compared in order (a short name compares as two machine words, and a small lab looks up a few dozen
/// names: building a table costs more than it saves); beyond, an open-addressing table of FNV-1a hashes
/// (names are the user's own, so deliberately colliding ones only slow their own lab down).
public struct NameIndex<Element: Named>: Sendable {
    private let elements: [Element]
    /// Slots holding a position, or -1; empty when the names are few enough to compare in order.
    private let slots: [Int32]

    static var linearLimit: Int { 16 }

    init(_ elements: [Element]) {
        self.elements = elements
        slots = elements.count > Self.linearLimit ? Self.table(elements) : []
    }

    private static func table(_ elements: [Element]) -> [Int32] {
        var capacity = 16
        while capacity < elements.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for position in elements.indices {
            var slot = hash(elements[position].name) & mask
            while slots[slot] >= 0 {
                // A later declaration of a name already in the table is not indexed.
                if elements[Int(slots[slot])].name == elements[position].name { break }
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
        guard !slots.isEmpty else {
            for position in elements.indices where elements[position].name == name { return position }
            return nil
        }
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if elements[position].name == name { return position }
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
        return elements.indices.map { elements[$0].name }.filter { seen.insert($0).inserted }
    }

    /// How many distinct names.
    public var count: Int { keys.count }

    /// One element per name, in declaration order.
    public var values: [Element] {
        var seen = Set<String>()
        return elements.filter { seen.insert($0.name).inserted }
    }
}
