import TopocModel

/// A set of NF kinds as bits: the rules ask "which kinds does the core have" on every run, and a `Set`
/// hashes each kind to answer.
public struct NFKinds: Sendable, Equatable, ExpressibleByArrayLiteral {
    private var bits: UInt32 = 0

    public init() {}

    public init(arrayLiteral kinds: NFKind...) {
        for kind in kinds { insert(kind) }
    }

    /// Every kind.
    public static let all: NFKinds = {
        var kinds = NFKinds()
        for kind in NFKind.allCases { kinds.insert(kind) }
        return kinds
    }()

    /// A switch rather than a position in `allCases`, which builds an array on every call.
    private static func bit(_ kind: NFKind) -> UInt32 {
        let position: UInt32 =
            switch kind {
            case .nrf: 0
            case .scp: 1
            case .amf: 2
            case .smf: 3
            case .upf: 4
            case .ausf: 5
            case .udm: 6
            case .udr: 7
            case .pcf: 8
            case .nssf: 9
            case .bsf: 10
            case .mme: 11
            case .sgwc: 12
            case .sgwu: 13
            case .hss: 14
            case .pcrf: 15
            case .mysql: 16
            }
        return 1 << position
    }

    public mutating func insert(_ kind: NFKind) { bits |= Self.bit(kind) }

    public func contains(_ kind: NFKind) -> Bool { bits & Self.bit(kind) != 0 }

    public var isEmpty: Bool { bits == 0 }

    public mutating func formUnion(_ other: NFKinds) { bits |= other.bits }

    public func subtracting(_ other: NFKinds) -> NFKinds {
        var result = self
        result.bits &= ~other.bits
        return result
    }

    /// The kinds in declaration order of `NFKind`.
    public var members: [NFKind] { NFKind.allCases.filter(contains) }
}

extension Core {
    /// How many of the core's functions are of `kind`, read through the array (a copy of an NF retains
    /// all it holds): the rules that ask whether there is exactly one SMF or UPF.
    func functionCount(of kind: NFKind) -> Int {
        var count = 0
        for position in functions.indices where functions[position].kind == kind { count += 1 }
        return count
    }
}

extension Optional where Wrapped == Core {
    /// `body`'s result for the core read in place, or nil without one: bound to a name (`if let core`), the
    /// core was copied, which retains all it holds.
    func withBorrowed<Result>(_ body: (borrowing Core) -> Result) -> Result? {
        switch self {
        case .some(let core): body(core)
        case .none: nil
        }
    }
}
