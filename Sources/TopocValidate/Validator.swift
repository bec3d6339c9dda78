// TopocValidate owns the checks of a topology as written: small named rules, pure functions from the IR to
// diagnostics. Every rule runs, so one pass reports every error. Messages live next to the rule raising them.
import TopocDiagnostics
import TopocModel
import TopocParallel

/// A family of checks with stable diagnostic ids.
public protocol ValidationRule: Sendable {
    /// The diagnostic ids this rule can raise (documented in docs/diagnostics.md).
    static var ids: [String] { get }
    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic]
}

public enum Validator {
    public static let rules: [any ValidationRule] = [
        ReferenceRule(), PlacementRule(), ImageRule(), ResourceRule(), AddressRule(), SubnetRule(), MACRule(),
        ForwardRule(), InterfaceNameRule(), NetworkModeRule(), LoginRule(), CoreRule(), HostRule(),
        CoreFunctionsRule(), CoreReachabilityRule(), SliceConsistencyRule(), MTUBudgetRule(), CoreInstallRule(),
    ]

    /// Every rule's diagnostics, in the order of `rules`. `parallel` defaults to large labs only.
    public static func validate(_ topology: Topology, parallel: Bool? = nil) -> [Diagnostic] {
        let index = TopologyIndex(topology)
        // Rules are independent and pure: a large lab runs them on every core, in the same order of results.
        guard parallel ?? (topology.vms.count >= parallelThreshold) else {
            return rules.flatMap { $0.check(topology, index) }
        }
        let each = rules.indices.map { $0..<$0 + 1 }
        return Parallel.map(each) { rule in rules[rule.lowerBound].check(topology, index) }.flatMap { $0 }
    }

    /// Below this many VMs the rules run on the calling thread: handing work to another costs more.
    static let parallelThreshold = 256_000
}
