import TopocDiagnostics
import TopocEmit
import TopocModel

/// The `kubevirt` target: KubeVirt VirtualMachines, Multus attachments and the lab's migration policy, as
/// manifests under `kubevirt/`, with OAI NFs and apps as pods. `topoc plan` writes them; the kubectl driver
/// (`apply`, `diff`, `destroy`) is not built yet, and neither are RAN and Open5GS pods: both are said where the
/// lab asks for them.
public struct KubeVirtBackend: TargetBackend {
    public init() {}

    public var target: Target { .kubevirt }
    /// No drivers yet: `topoc apply` refuses the lab.
    public var isBuilt: Bool { false }
    public var emitter: any TargetEmitter { KubeVirtTargetEmitter() }

    public func unbuilt(in topology: Topology, _ request: BackendRequest) -> [Diagnostic] {
        if request.forApply { return [driverMissing(topology, request)] }
        return PodPlacements.all(in: topology).map { pod in
            .warning(
                "kubevirt.pod-not-built",
                "\(pod.what) runs as a pod, which the kubevirt target does not build yet: no Deployment is written for it",
                at: pod.location, help: "`on: <vm>` runs it in a VM, whose manifests are written")
        }
    }

    func driverMissing(_ topology: Topology, _ request: BackendRequest) -> Diagnostic {
        let chosen = request.fromCommandLine ? "`--target kubevirt`" : "target `kubevirt`"
        return .error(
            "target.not-built",
            "\(chosen) has no driver yet: `topoc diff` and `topoc apply` drive `qemu` labs only",
            at: topology.origin[TopLevelKey.target],
            help:
                "`topoc plan` writes the manifests: `kubectl apply --server-side -f .topoc/\(topology.name)/kubevirt/objects`"
        )
    }

    /// No drivers yet.
    public func drivers<Catalog: DriverCatalog>(from catalog: Catalog) -> Catalog.Drivers? { nil }

    public func desiredResources(from artifacts: [Artifact]) throws(DesiredResourceFailure) -> [DesiredResource] {
        throw DesiredResourceFailure(description: "target `kubevirt` has no driver yet")
    }
}

/// The workloads the lab places with `pod:` that get no Deployment yet, each located at its `pod:` key.
enum PodPlacements {
    struct Entry {
        var what: String
        var location: SourceLocation
    }

    /// The `pod:` placements the kubevirt target does not build yet (`KubeVirtPods` says which it builds).
    static func all(in topology: Topology) -> [Entry] {
        var entries: [Entry] = []
        if let core = topology.core, !KubeVirtPods.builds(nfOf: core.software) {
            for function in core.functions where isPod(function.placement) {
                entries.append(Entry(what: "NF `\(function.name)`", location: function.origin[FunctionKey.pod]))
            }
        }
        if !KubeVirtPods.buildsRAN {
            for gnb in topology.ran.gnbs where isPod(gnb.placement) {
                entries.append(Entry(what: "gNB `\(gnb.name)`", location: gnb.origin[GNBKey.pod]))
            }
            for group in topology.ran.ues where isPod(group.placement) {
                entries.append(Entry(what: "UE group `\(group.name)`", location: group.origin[UEKey.pod]))
            }
        }
        return entries
    }

    static func isPod(_ placement: Placement?) -> Bool {
        if case .pod = placement { return true }
        return false
    }
}
