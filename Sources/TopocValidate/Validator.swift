// TopocValidate owns the checks of a topology as written: small named rules, pure functions from the IR to
// diagnostics. Every rule runs, so one pass reports every error. Messages live next to the rule raising them.
import TopocDiagnostics
import TopocModel

/// A family of checks with stable diagnostic ids.
public protocol ValidationRule: Sendable {
    /// The diagnostic ids this rule can raise (documented in docs/diagnostics.md).
    static var ids: [String] { get }
    /// Borrowing both: nothing a rule does may copy the whole topology or its index. (A rule reads the core
    /// through `withBorrowed`: `if let core = topology.core` copied it.)
    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic]
}

public enum Validator {
    public static let rules: [any ValidationRule] = [
        ReferenceRule(), PlacementRule(), ImageRule(), ResourceRule(), AddressRule(), SubnetRule(), MACRule(),
        ForwardRule(), InterfaceNameRule(), NetworkModeRule(), LoginRule(), CoreRule(), HostRule(),
        CoreFunctionsRule(), CoreReachabilityRule(), SliceConsistencyRule(), MTUBudgetRule(), CoreInstallRule(),
    ]

    /// Every rule's diagnostics, in the order of `rules`. One thread: with the rules reading plain values
    /// (`TopologyIndex.nics`), running them on two cores measured no faster at 5,000 VMs and slower at 1,000.
    public static func validate(_ topology: Topology) -> [Diagnostic] {
        let index = TopologyIndex(topology)
        // A loop rather than `flatMap`, whose closure copied the topology, and whose append of a rule's empty
        // result (most rules find nothing) allocated.
        var found: [Diagnostic] = []
        for rule in rules {
            let diagnostics = rule.check(topology, index)
            if !diagnostics.isEmpty { found += diagnostics }
        }
        return found
    }
}
