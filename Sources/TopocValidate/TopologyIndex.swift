import TopocDiagnostics
import TopocModel

/// Name lookups shared by the rules, built once per validation.
public struct TopologyIndex: Sendable {
    public let hosts: Set<String>
    public let images: [String: Image]
    public let networks: [String: Network]
    public let vms: [String: VM]
    public let functions: [String: NetworkFunction]
    public let dnns: [String: DNN]
    public let slices: [String: Slice]
    public let gnbs: [String: GNB]
    public let apps: Set<String>

    public init(_ topology: Topology) {
        hosts = Set(topology.hosts.map(\.name))
        images = Dictionary(topology.images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        networks = Dictionary(topology.networks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        vms = Dictionary(topology.vms.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let core = topology.core
        functions = Dictionary((core?.functions ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        dnns = Dictionary((core?.dnns ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        slices = Dictionary(topology.slices.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        gnbs = Dictionary(topology.ran.gnbs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
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
