import TopocDiagnostics
import TopocModel

/// The per-VM derivations. Every derived value comes from the names of the objects it belongs to (the
/// address plan, `HashedSlots`, SHA-256 of names), never from positions in the file, so adding, removing or
/// reordering other VMs or networks leaves it alone.
struct Derivation {
    let topology: Topology
    let labID: String
    let networks: [String: ResolvedNetwork]
    let plan: AddressPlan
    private var macs = MACAllocator()
    /// The derived SSH port of each VM that forwards none, by host and VM name.
    private let sshPorts: [String: [String: Int]]
    /// The tag of each VM's taps (six hex digits), by VM name.
    private let tapTags: [String: String]

    init(topology: Topology, labID: String, networks: [ResolvedNetwork], plan: AddressPlan) {
        self.topology = topology
        self.labID = labID
        self.plan = plan
        self.networks = Dictionary(networks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        macs.reserve(topology.vms.flatMap(\.interfaces).compactMap(\.mac))
        var forwarded: [String: Set<Int>] = [:]
        var unforwarded: [String: [String]] = [:]
        for vm in topology.vms {
            let host = vm.settings.host ?? topology.defaults.vm.host ?? "local"
            forwarded[host, default: []].formUnion(vm.forwards.map(\.hostPort))
            if !vm.forwards.contains(where: { $0.service == "ssh" }) { unforwarded[host, default: []].append(vm.name) }
        }
        sshPorts = Dictionary(
            uniqueKeysWithValues: unforwarded.map { host, vms in
                (host, SSHPorts.assign(vms, forwarded: forwarded[host] ?? []))
            })
        tapTags = HashedSlots.assign(topology.vms.map(\.name), count: 1 << 24, salt: "topoc-tap").mapValues {
            InterfaceNames.hex($0, digits: 6)
        }
    }

    mutating func resolveVM(_ vm: VM, index: Int) -> ResolvedVM {
        let settings = vm.settings.inheriting(from: topology.defaults.vm)
        let accel = settings.accel ?? .auto
        let host = settings.host ?? "local"
        var ordinals: [String: Int] = [:]
        var interfaces: [ResolvedInterface] = []
        for (position, nic) in vm.interfaces.enumerated() {
            let ordinal = ordinals[nic.network, default: 0]
            ordinals[nic.network] = ordinal + 1
            interfaces.append(
                resolveInterface(nic, vm: vm, nicIndex: position, owner: AddressPlan.vm(vm.name, nic: ordinal)))
        }
        let management = ManagementNIC(
            mac: macs.derive(from: "\(topology.name)/\(vm.name)/@management"),
            forwards: resolveForwards(vm, host: host))
        return ResolvedVM(
            name: vm.name, index: index, host: host, uuid: Self.uuid(lab: topology.name, vm: vm.name),
            image: resolveImage(settings.image), cpus: settings.cpus ?? 1, memory: settings.memory ?? .gibibytes(1),
            disk: settings.disk, accel: accel, cpuModel: settings.cpuModel ?? (accel == .kvm ? "host" : "max"),
            machine: settings.machine ?? .q35, diskBus: settings.diskBus ?? .virtio, interfaces: interfaces,
            management: management, migratable: vm.migratable, cloudInit: vm.cloudInit, paths: VMPaths(vm: vm.name))
    }

    /// `owner`: the NIC's claim in the address plan.
    private mutating func resolveInterface(_ nic: Interface, vm: VM, nicIndex: Int, owner: String)
        -> ResolvedInterface
    {
        let network = networks[nic.network]
        let mode = network?.mode ?? .bridge
        var resolved = ResolvedInterface(
            network: nic.network, mode: mode, index: nicIndex, netdevID: "net\(nicIndex)",
            guestName: nic.name ?? InterfaceNames.guestName(forNetwork: nic.network),
            mac: nic.mac ?? macs.derive(from: "\(topology.name)/\(vm.name)/\(nic.network)"),
            gateway: network?.gateway, mtu: network?.mtu ?? 1500)
        if let subnet = network?.subnet {
            resolved.ipv4 = nic.ip ?? plan.ipv4(of: owner, on: nic.network)
            resolved.prefix = subnet.prefix
        }
        if let subnet6 = network?.subnet6 {
            resolved.ipv6 = nic.ip6 ?? plan.ipv6(of: owner, on: nic.network)
            resolved.prefix6 = subnet6.prefix
        }
        if mode == .bridge {
            resolved.tap = InterfaceNames.tap(labID: labID, vmTag: tapTags[vm.name] ?? "", nicIndex: nicIndex)
        }
        return resolved
    }

    /// Written forwards, plus a derived SSH forward when the VM forwards none: every VM is reachable.
    private func resolveForwards(_ vm: VM, host: String) -> [ResolvedForward] {
        var forwards = vm.forwards.map {
            ResolvedForward(
                service: $0.service, transport: $0.transport, hostPort: $0.hostPort,
                guestPort: $0.guestPort ?? Forward.wellKnownPorts[$0.service] ?? $0.hostPort)
        }
        if !vm.forwards.contains(where: { $0.service == "ssh" }) {
            let port = sshPorts[host]?[vm.name] ?? SSHPorts.first
            forwards.append(ResolvedForward(service: "ssh", hostPort: port, guestPort: 22, derived: true))
        }
        return forwards
    }

    private func resolveImage(_ name: String?) -> ResolvedImage {
        guard let image = topology.images.first(where: { $0.name == name }) else {
            return ResolvedImage(name: name ?? "", format: .qcow2, basePath: "")
        }
        let local = image.path.map(userPath)
        let cached = "images/\(image.name)-\((image.sha256 ?? "unverified").prefix(12)).\(image.format.rawValue)"
        return ResolvedImage(
            name: image.name, url: image.url, path: image.path, sha256: image.sha256, format: image.format,
            kernel: image.kernel.map(userPath), initrd: image.initrd.map(userPath),
            cmdline: image.cmdline ?? (image.kernel == nil ? nil : "console=ttyS0"), basePath: local ?? cached)
    }

    /// A path as written, seen from the lab directory: through the lab folder's link to the topology file's
    /// folder when relative, so no artifact holds a machine path the user did not write and `--out` changes
    /// nothing but where the files go. `topology/../x` is not folded: the link is followed first.
    private func userPath(_ path: String) -> String {
        path.hasPrefix("/") ? Self.normalized(path) : "\(ResolvedTopology.topologyLink)/\(path)"
    }

    static func normalized(_ absolute: String) -> String {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A UUID from SHA-256 of the lab and VM names, with the RFC 9562 version 8 (custom) and variant bits.
    static func uuid(lab: String, vm: String) -> String {
        var bytes = Array(Digest.bytes(of: "topoc-uuid/\(lab)/\(vm)").prefix(16))
        bytes[6] = bytes[6] & 0x0f | 0x80
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
            separator: "-")
    }
}
