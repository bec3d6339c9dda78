import TopocModel
import TopocYAML

/// A `VirtualMachine` (kubevirt.io/v1) per VM: its root disk imported by CDI from the image's URL, cloud-init
/// NoCloud (network-config inline, user-data from the VM's Secret), the pod network with masquerade plus one
/// bridge NIC per multus network, each with the MAC every target derives, and placement from `host`.
enum VirtualMachineEmitter {
    static let apiVersion = "kubevirt.io/v1"
    static let kind = "VirtualMachine"
    /// The pod network's name in `interfaces` and `networks`.
    static let podNetwork = "default"
    /// Carried by the VMIs of migratable VMs; the lab's MigrationPolicy selects them by it.
    static let migratableLabel = "topoc.dev/migratable"

    static func rootVolume(vm: String) -> String { "\(vm)-root" }

    static func object(_ vm: ResolvedVM, networkData: String, in topology: ResolvedTopology) -> KubeObject {
        let spec: [(String, YAMLValue)] = [
            // Always: the VM runs, and is restarted wherever KubeVirt places it, like `topoc apply` starts it.
            ("runStrategy", .string("Always")),
            ("dataVolumeTemplates", .sequence([dataVolume(vm, in: topology)])),
            ("template", template(vm, networkData: networkData, in: topology)),
        ]
        return KubeObject(
            apiVersion: apiVersion, kind: kind, name: vm.name, namespace: topology.kubernetes.namespace,
            labels: LabLabels.of(topology), body: [("spec", .mapping(spec))])
    }

    /// CDI imports the image over HTTP into a volume of the VM's disk size. ReadWriteMany when the VM is
    /// migratable: KubeVirt live-migrates only VMs whose volumes both nodes can mount at once.
    static func dataVolume(_ vm: ResolvedVM, in topology: ResolvedTopology) -> YAMLValue {
        var storage: [(String, YAMLValue)] = [
            ("accessModes", .strings([vm.migratable ? "ReadWriteMany" : "ReadWriteOnce"]))
        ]
        if let disk = vm.disk {
            storage.append(("resources", .mapping([("requests", .mapping([("storage", .string(Quantity.of(disk)))]))])))
        }
        if let storageClass = topology.kubernetes.storageClass {
            storage.append(("storageClassName", .string(storageClass)))
        }
        let source: YAMLValue = .mapping([("http", .mapping([("url", .string(vm.image.url ?? ""))]))])
        return .mapping([
            // The lab's labels but not the ApplySet's: KubeVirt creates and owns the DataVolume, kubectl must not
            // prune it.
            (
                "metadata",
                .mapping([
                    ("name", .string(rootVolume(vm: vm.name))),
                    (
                        "labels",
                        .sorted([
                            LabLabels.managedBy: .string(LabLabels.tool), LabLabels.partOf: .string(topology.name),
                        ])
                    ),
                ])
            ),
            ("spec", .mapping([("source", source), ("storage", .mapping(storage))])),
        ])
    }

    static func template(_ vm: ResolvedVM, networkData: String, in topology: ResolvedTopology) -> YAMLValue {
        var labels = [LabLabels.managedBy: LabLabels.tool, LabLabels.partOf: topology.name]
        if vm.migratable { labels[migratableLabel] = "true" }
        var spec: [(String, YAMLValue)] = []
        if vm.migratable { spec.append(("evictionStrategy", .string("LiveMigrate"))) }
        if let selector = NodePlacement.selector(vm.host, in: topology) { spec.append(("nodeSelector", selector)) }
        spec += [
            ("domain", domain(vm)),
            ("networks", .sequence(networks(vm))),
            ("volumes", .sequence(volumes(vm, networkData: networkData))),
        ]
        return .mapping([
            ("metadata", .mapping([("labels", .sorted(labels.mapValues { .string($0) }))])), ("spec", .mapping(spec)),
        ])
    }

    /// KubeVirt adds the guest agent's virtio-serial channel (`org.qemu.guest_agent.0`) to every domain by
    /// itself: the API has no field for it.
    static func domain(_ vm: ResolvedVM) -> YAMLValue {
        let memory = Quantity.of(vm.memory)
        let disks: YAMLValue = .sequence(
            ["root", "cloudinit"].map {
                .mapping([("name", .string($0)), ("disk", .mapping([("bus", .string("virtio"))]))])
            })
        return .mapping([
            ("cpu", .mapping([("cores", .int(vm.cpus))])),
            ("memory", .mapping([("guest", .string(memory))])),
            ("resources", .mapping([("requests", .mapping([("memory", .string(memory))]))])),
            ("devices", .mapping([("disks", disks), ("interfaces", .sequence(interfaces(vm)))])),
        ])
    }

    /// The pod network carries the management NIC's MAC, so the network-config every target shares matches
    /// it as `mgmt0` (DHCP from KubeVirt's masquerade); each multus NIC is a bridge with its derived MAC.
    static func interfaces(_ vm: ResolvedVM) -> [YAMLValue] {
        let pod: YAMLValue = .mapping([
            ("name", .string(podNetwork)), ("masquerade", .mapping([])),
            ("macAddress", .string(vm.management.mac.description)),
        ])
        return [pod]
            + NetworkAttachmentEmitter.multusInterfaces(vm).map { interface in
                .mapping([
                    ("name", .string(interface.network)), ("bridge", .mapping([])),
                    ("macAddress", .string(interface.mac.description)),
                ])
            }
    }

    static func networks(_ vm: ResolvedVM) -> [YAMLValue] {
        let pod: YAMLValue = .mapping([("name", .string(podNetwork)), ("pod", .mapping([]))])
        return [pod]
            + NetworkAttachmentEmitter.multusInterfaces(vm).map { interface in
                let attachment = NetworkAttachmentEmitter.name(vm: vm.name, network: interface.network)
                return .mapping([
                    ("name", .string(interface.network)),
                    ("multus", .mapping([("networkName", .string(attachment))])),
                ])
            }
    }

    static func volumes(_ vm: ResolvedVM, networkData: String) -> [YAMLValue] {
        let cloudInit: YAMLValue = .mapping([
            ("secretRef", .mapping([("name", .string(CloudInitSecretEmitter.name(vm: vm.name)))])),
            ("networkData", .string(networkData)),
        ])
        return [
            .mapping([
                ("name", .string("root")), ("dataVolume", .mapping([("name", .string(rootVolume(vm: vm.name)))])),
            ]),
            .mapping([("name", .string("cloudinit")), ("cloudInitNoCloud", cloudInit)]),
        ]
    }
}

/// Kubernetes quantities: the largest binary unit that divides the size exactly.
enum Quantity {
    static func of(_ size: ByteSize) -> String {
        let units: [(String, UInt64)] = [("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        for (suffix, factor) in units where size.bytes >= factor && size.bytes % factor == 0 {
            return "\(size.bytes / factor)\(suffix)"
        }
        return String(size.bytes)
    }

    /// A bandwidth in bytes per second, the same way.
    static func of(bytesPerSecond: UInt64) -> String { of(ByteSize(bytes: bytesPerSecond)) }
}
