import TopocModel

/// An entity that other entities name.
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

/// The declared entities of one kind, found by name. The first declaration of a name is the one every
/// reference binds to; a later one with the same name is a duplicate, reported by a validation rule.
public struct NameTable<Element: Named>: Sendable {
    public let elements: [Element]
    private let positions: [String: Int]

    public init(_ elements: [Element]) {
        self.elements = elements
        // Sized once: grown an insertion at a time, a table of 1,000 VMs is reallocated and rehashed ten times.
        var positions: [String: Int] = Dictionary(minimumCapacity: elements.count)
        for (position, element) in elements.enumerated() where positions[element.name] == nil {
            positions[element.name] = position
        }
        self.positions = positions
    }

    /// Where the first element named `name` is in `elements`.
    public func position(of name: String) -> Int? { positions[name] }

    public subscript(name: String) -> Element? { positions[name].map { elements[$0] } }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    public subscript(position position: Int) -> Element { elements[position] }

    /// The distinct names in declaration order: the candidates of a did-you-mean.
    public var keys: [String] { values.map(\.name) }

    /// How many distinct names.
    public var count: Int { positions.count }

    /// One element per name (its first declaration), in declaration order.
    public var values: [Element] {
        elements.enumerated().filter { positions[$0.element.name] == $0.offset }.map(\.element)
    }
}
