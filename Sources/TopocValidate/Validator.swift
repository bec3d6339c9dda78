// TopocValidate owns the checks of a bound topology: small named rules, pure functions from the IR and its
// binding to diagnostics. Every rule runs, so one pass reports every error. Messages live next to the rule
// raising them. (Dangling references are Bind's to report.)
import TopocBind
import TopocDiagnostics
import TopocModel

/// A family of checks with stable diagnostic ids.
public protocol ValidationRule: Sendable {
    /// The diagnostic ids this rule can raise (documented in docs/diagnostics.md).
    static var ids: [String] { get }
    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic]
}

public enum Validator {
    public static let rules: [any ValidationRule] = [
        PlacementRule(), RANPlacementRule(), ImageRule(), ResourceRule(), AddressRule(), SubnetRule(), MACRule(),
        ForwardRule(), InterfaceNameRule(), NetworkModeRule(), LoginRule(), CoreRule(), HostRule(), CoreFunctionsRule(),
        CoreReachabilityRule(), SliceConsistencyRule(), MTUBudgetRule(), CoreInstallRule(), KubeVirtRule(),
        RANInstallRule(),
    ]

    /// Every rule's diagnostics, in the order of `rules`.
    public static func validate(_ bound: BoundTopology) -> [Diagnostic] {
        rules.flatMap { $0.check(bound.topology, bound) }
    }

    /// Binds `topology`, then validates it: Bind's dangling references and every rule's findings.
    public static func validate(_ topology: Topology) -> [Diagnostic] {
        let (bound, dangling) = Binder.bind(topology)
        return dangling + validate(bound)
    }
}
