// Backends/ owns the seam between targets: each target (`qemu`, `kubevirt`'s manifests; `libvirt` later) is one
// backend that supplies its artifacts (a `TargetEmitter` from TopocEmit), the resources its labs want, and
// the checks for what it cannot build yet. TopocExecute adds each backend's drivers. `TargetBackends` is the
// one place a target is mapped to its backend, the way swift-openapi-generator's `MultiplexTranslator` picks
// a translator: adding a target is adding a backend, not editing `if`s across stages.
import TopocDiagnostics
import TopocEmit
import TopocModel

/// One target's part of every stage after Resolve.
public protocol TargetBackend: Sendable {
    var target: Target { get }
    /// Whether `topoc apply` and `topoc diff` can build this target's labs.
    var isBuilt: Bool { get }
    /// What the target adds to the artifacts every target shares.
    var emitter: any TargetEmitter { get }
    /// What the lab asks of this target that it does not build yet, each located where the lab asks it.
    func unbuilt(in topology: Topology, _ request: BackendRequest) -> [Diagnostic]
    /// The resources a lab wants, read from its artifacts alone.
    func desiredResources(from artifacts: [Artifact]) throws(DesiredResourceFailure) -> [DesiredResource]
    /// The backend's drivers, from the catalog TopocExecute keeps (this module cannot see drivers): each
    /// backend asks for its own, so a new backend does not compile until the catalog has its drivers.
    /// `nil` while the target has none.
    func drivers<Catalog: DriverCatalog>(from catalog: Catalog) -> Catalog.Drivers?
}

/// Where the drivers of each built backend come from; TopocExecute conforms to it. One requirement per
/// backend with drivers.
public protocol DriverCatalog {
    associatedtype Drivers
    func drivers(for backend: QEMUBackend) -> Drivers
}

/// How the lab came to this backend, so a refusal can say where the target was chosen and how much it
/// matters.
public struct BackendRequest: Sendable {
    /// The target came from `topoc plan --target`, not from the file's `target:`.
    public var fromCommandLine: Bool
    /// The lab is to be applied (`diff`, `apply`), not only planned: missing drivers are an error then.
    public var forApply: Bool

    public init(fromCommandLine: Bool = false, forApply: Bool = false) {
        self.fromCommandLine = fromCommandLine
        self.forApply = forApply
    }
}

/// The artifacts do not describe a lab this backend can build.
public struct DesiredResourceFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

public enum TargetBackends {
    /// The backend of `target`.
    public static func backend(for target: Target) -> any TargetBackend {
        switch target {
        case .qemu: QEMUBackend()
        case .kubevirt: KubeVirtBackend()
        case .libvirt: UnbuiltBackend(target: target)
        }
    }

    /// Every artifact of a resolved lab, its target's included.
    public static func artifacts(_ topology: ResolvedTopology) throws -> [Artifact] {
        try Emitters.emitAll(topology, target: backend(for: topology.target).emitter)
    }
}
