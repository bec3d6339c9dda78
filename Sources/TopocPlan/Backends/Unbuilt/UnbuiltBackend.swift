import TopocDiagnostics
import TopocEmit
import TopocModel

/// A target the language has but topoc does not build yet (`libvirt`, `kubevirt`). `topoc plan` writes the
/// files every target shares (cloud-init seeds, core and RAN configurations, `resolved.yaml`) with a warning;
/// `diff` and `apply` refuse the lab. Both point at the `target:` that chose it.
public struct UnbuiltBackend: TargetBackend {
    public var target: Target

    public init(target: Target) {
        self.target = target
    }

    public var isBuilt: Bool { false }
    public var emitter: any TargetEmitter { SharedArtifactsOnly() }

    public func unbuilt(in topology: Topology, _ request: BackendRequest) -> [Diagnostic] {
        let chosen = request.fromCommandLine ? "`--target \(target.rawValue)`" : "target `\(target.rawValue)`"
        let location = topology.origin[TopLevelKey.target]
        if request.forApply {
            return [
                .error(
                    "target.not-built",
                    "\(chosen) is not built yet: `topoc diff` and `topoc apply` drive `qemu` labs only",
                    at: location,
                    help: "build it with `target: qemu`, or use `topoc plan` for the files every target shares")
            ]
        }
        return [
            .warning(
                "target.not-built",
                "\(chosen) is not built yet: only the files every target shares are written (cloud-init, core and RAN configurations, resolved.yaml)",
                at: location, help: "`topoc apply` builds `target: qemu` labs")
        ]
    }

    /// No drivers yet.
    public func drivers<Catalog: DriverCatalog>(from catalog: Catalog) -> Catalog.Drivers? { nil }

    public func desiredResources(from artifacts: [Artifact]) throws(DesiredResourceFailure) -> [DesiredResource] {
        throw DesiredResourceFailure(description: "target `\(target.rawValue)` is not built yet")
    }
}
