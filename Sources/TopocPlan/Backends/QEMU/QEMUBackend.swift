import TopocDiagnostics
import TopocEmit
import TopocModel

/// The `qemu` target: QEMU processes on this machine, Linux bridges and taps or QEMU socket links.
public struct QEMUBackend: TargetBackend {
    /// The network modes the QEMU emitter and drivers build; `netmap` (VALE + ptnet) is in the language but not
    /// built yet.
    static let builtModes: [NetworkMode] = [.bridge, .socket]

    public init() {}

    public var target: Target { .qemu }
    public var isBuilt: Bool { true }
    public var emitter: any TargetEmitter { QEMUTargetEmitter() }

    /// A network mode this target accepts but does not build would lose its NICs from the command line while
    /// cloud-init still configures them: refused where the network says `mode:`. (Modes the target can never
    /// build, such as `multus`, are Validate's `mode.unsupported`.)
    public func unbuilt(in topology: Topology, _ request: BackendRequest) -> [Diagnostic] {
        let built = Self.builtModes.map { "`\($0.rawValue)`" }.joined(separator: " and ")
        let modes = topology.networks.filter { !Self.builtModes.contains($0.mode) }.map { network in
            Diagnostic.error(
                "mode.not-built",
                "network `\(network.name)` is `\(network.mode.rawValue)`, which topoc does not build yet on target `qemu`",
                at: network.origin[NetworkKey.mode], help: "the qemu target builds \(built) networks")
        }
        return modes + (request.forApply ? remoteVMs(topology) : [])
    }

    /// The QEMU drivers start VMs on this machine only; a lab spread over several hosts can be planned (each
    /// host gets its network steps) but not applied.
    func remoteVMs(_ topology: Topology) -> [Diagnostic] {
        guard topology.hosts.count > 1 else { return [] }
        return topology.vms.compactMap { vm in
            let host = vm.settings.host ?? topology.defaults.vm.host ?? "local"
            guard host != "local" else { return nil }
            return .error(
                "host.remote-not-built",
                "VM `\(vm.name)` is placed on host `\(host)`: the qemu drivers start VMs on this machine only",
                at: vm.origin[VMKey.host], help: "`topoc plan` writes each host's files; apply them there")
        }
    }

    public func drivers<Catalog: DriverCatalog>(from catalog: Catalog) -> Catalog.Drivers? {
        catalog.drivers(for: self)
    }

    public func desiredResources(from artifacts: [Artifact]) throws(DesiredResourceFailure) -> [DesiredResource] {
        try QEMUResources.from(artifacts)
    }
}
