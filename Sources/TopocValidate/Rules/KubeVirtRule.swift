import TopocBind
import TopocDiagnostics
import TopocModel

/// What a `kubevirt` lab must hold before its manifests can work in a cluster: CDI imports root disks over
/// HTTP into volumes of a given size; a multus network names a bridge that exists on the nodes; a migratable
/// VM can land on another node and keeps its addresses there; and every object name topoc derives stays within
/// Kubernetes' 63 characters. (Network modes the target cannot build are `NetworkModeRule`'s.)
struct KubeVirtRule: ValidationRule {
    static let ids = [
        "kubevirt.image-url", "kubevirt.disk-size", "kubevirt.multus-bridge", "kubevirt.migratable-pinned",
        "kubevirt.migratable-address", "kubevirt.name-too-long",
    ]

    /// DNS-1123 labels, and the label values KubeVirt and CDI copy object names into.
    static let nameLimit = 63

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard topology.target == .kubevirt else { return [] }
        var found = topology.networks.compactMap(bridgeMissing)
        for vm in topology.vms {
            found += disk(vm, in: topology) + migration(vm, in: topology) + derivedNames(vm)
        }
        return found
    }

    /// CDI imports the image from its URL: a local `path` has nothing to import from, and the volume needs a
    /// size (CDI does not read it from the image before creating the volume).
    func disk(_ vm: VM, in topology: Topology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let imageName = vm.settings.image ?? topology.defaults.vm.image
        if let image = topology.images.first(where: { $0.name == imageName }), image.url == nil {
            found.append(
                .error(
                    "kubevirt.image-url",
                    "VM `\(vm.name)` boots image `\(image.name)`, which has no `url`: on target kubevirt, CDI imports root disks over HTTP",
                    at: image.origin[ImageKey.path], help: "give the image a `url` (with its `sha256`)"))
        }
        if vm.settings.disk == nil, topology.defaults.vm.disk == nil {
            found.append(
                .error(
                    "kubevirt.disk-size",
                    "VM `\(vm.name)` has no `disk` size: on target kubevirt, its root disk is a volume CDI must size before importing",
                    at: vm.origin.location,
                    help: "set `disk:` on the VM or `defaults.vm.disk`, at least the image's virtual size"))
        }
        return found
    }

    /// A derived bridge name exists on no node: the network must name the nodes' bridge.
    func bridgeMissing(_ network: Network) -> Diagnostic? {
        guard network.mode == .multus, network.bridge == nil else { return nil }
        return .error(
            "kubevirt.multus-bridge",
            "multus network `\(network.name)` names no `bridge`: its attachments plug into a Linux bridge that must exist on every node",
            at: network.origin[NetworkKey.mode], help: "add `bridge:` with the nodes' bridge (e.g. `bridge: br0`)")
    }

    /// A migratable VM must be able to run on another node, and keep its addresses there: static IPAM needs
    /// an address on each of its multus NICs.
    func migration(_ vm: VM, in topology: Topology) -> [Diagnostic] {
        guard vm.migratable else { return [] }
        var found: [Diagnostic] = []
        let hostName = vm.settings.host ?? topology.defaults.vm.host
        if let host = topology.hosts.first(where: { $0.name == hostName }), host.labels.isEmpty {
            found.append(
                .error(
                    "kubevirt.migratable-pinned",
                    "VM `\(vm.name)` is migratable but placed on host `\(host.name)` by name: no other node matches its `kubernetes.io/hostname` selector",
                    at: vm.origin[VMKey.host],
                    notes: [DiagnosticNote("migratable here", at: vm.origin[VMKey.migratable])],
                    help: "give host `\(host.name)` `labels:` that the nodes it may move to share"))
        }
        for interface in vm.interfaces {
            guard let network = topology.networks.first(where: { $0.name == interface.network }),
                network.mode == .multus, network.subnet == nil, interface.ip == nil
            else { continue }
            found.append(
                .error(
                    "kubevirt.migratable-address",
                    "migratable VM `\(vm.name)` has no address on multus network `\(network.name)`: its attachment would have no static IPAM to keep across the move",
                    at: interface.origin.location,
                    help: "give network `\(network.name)` a `subnet:`, or pin `ip:` here"))
        }
        return found
    }

    /// The names the kubevirt emitters derive from the VM's: its root volume, its cloud-init Secret and one
    /// NetworkAttachmentDefinition per multus NIC.
    func derivedNames(_ vm: VM) -> [Diagnostic] {
        let names = ["\(vm.name)-root", "\(vm.name)-cloud-init"] + vm.interfaces.map { "\(vm.name)-\($0.network)" }
        guard let longest = names.max(by: { $0.utf8.count < $1.utf8.count }), longest.utf8.count > Self.nameLimit
        else { return [] }
        return [
            .error(
                "kubevirt.name-too-long",
                "VM `\(vm.name)` gives object `\(longest)` a name of \(longest.utf8.count) characters; Kubernetes allows \(Self.nameLimit)",
                at: vm.origin.location, help: "shorten the VM's name (or its networks' names)")
        ]
    }
}
