import TopocDiagnostics
import TopocModel

/// Name lookups shared by the rules, built once per validation.
public struct TopologyIndex: Sendable {
    public let hosts: Set<String>
    public let images: NameIndex<Image>
    public let networks: NameIndex<Network>
    public let vms: NameIndex<VM>
    public let functions: NameIndex<NetworkFunction>
    public let dnns: NameIndex<DNN>
    public let slices: NameIndex<Slice>
    public let gnbs: NameIndex<GNB>
    public let apps: Set<String>

    public init(_ topology: Topology) {
        hosts = Set(topology.hosts.map(\.name))
        images = NameIndex(topology.images, name: \.name)
        networks = NameIndex(topology.networks, name: \.name)
        vms = NameIndex(topology.vms, name: \.name)
        functions = NameIndex(topology.core?.functions ?? [], name: \.name)
        dnns = NameIndex(topology.core?.dnns ?? [], name: \.name)
        slices = NameIndex(topology.slices, name: \.name)
        gnbs = NameIndex(topology.ran.gnbs, name: \.name)
        apps = Set(topology.apps.map(\.name))
    }

    /// The host names a VM may name: the declared ones, or the implicit `local` when none are declared.
    public var knownHosts: Set<String> { hosts.isEmpty ? ["local"] : hosts }

    /// `ref.dangling` for a name that is not among `candidates`, with a did-you-mean.
    public static func dangling(
        _ name: String, kind: String, field: String, at location: SourceLocation, candidates: some Collection<String>
    ) -> Diagnostic {
        let suggestion = Suggestion.closest(to: name, in: candidates.sorted())
        let declared: String
        switch candidates.count {
        case 0: declared = "none is declared"
        case 1...8: declared = "declared: " + candidates.sorted().map { "`\($0)`" }.joined(separator: ", ")
        default: declared = "\(candidates.count) are declared"
        }
        return .error(
            "ref.dangling", "`\(field)` names \(kind) `\(name)`, which does not exist (\(declared))", at: location,
            help: suggestion.map { "did you mean `\($0)`?" })
    }
}

/// Entities by name, first declaration winning (duplicates are a rule's to report). Holds positions into
/// the topology's own array, so building it copies no entity.
public struct NameIndex<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let positions: [String: Int]

    init(_ elements: [Element], name: (Element) -> String) {
        self.elements = elements
        var positions: [String: Int] = [:]
        positions.reserveCapacity(elements.count)
        for position in elements.indices {
            let key = name(elements[position])
            if positions[key] == nil { positions[key] = position }
        }
        self.positions = positions
    }

    public subscript(name: String) -> Element? { positions[name].map { elements[$0] } }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    public var keys: Dictionary<String, Int>.Keys { positions.keys }
    public var count: Int { positions.count }
    /// One element per name, in declaration order.
    public var values: [Element] { positions.values.sorted().map { elements[$0] } }
}
