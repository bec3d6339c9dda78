// TopocResolve derives, deterministically, everything the user did not pin: addresses, MACs, interface
// names, UUIDs, forwarded ports, socket links. It runs on a validated topology; the same input gives the
// same output on every machine, and pinned values are never changed.
import TopocBind
import TopocDiagnostics
import TopocModel

public enum Resolver {
    /// Binds `topology` first: for callers that hold no binding.
    public static func resolve(_ topology: Topology) -> ResolvedTopology {
        resolve(Binder.bind(topology).bound)
    }

    public static func resolve(_ bound: BoundTopology) -> ResolvedTopology {
        let topology = bound.topology
        let labID = InterfaceNames.labID(topology.name)
        let networks = NetworkResolver.resolve(topology, labID: labID)
        let plan = AddressPlan(bound)
        var derivation = Derivation(topology: topology, labID: labID, networks: networks, plan: plan)
        var vms = topology.vms.enumerated().map { derivation.resolveVM($0.element, index: $0.offset) }
        var mobileCore: ResolvedCore?
        if let core = topology.core {
            var resolver = CoreResolver(bound: bound, core: core, vms: vms, plan: plan)
            mobileCore = resolver.resolve()
            vms = resolver.addressing.vms
        }
        var resolved = ResolvedTopology(
            name: topology.name, target: topology.target, labID: labID, hosts: hosts(topology), networks: networks,
            vms: vms, login: topology.defaults.login, core: topology.core, slices: topology.slices, ran: topology.ran,
            apps: topology.apps, migration: topology.migration,
            notes: notes(vms, target: topology.target) + kubeVirtNotes(vms, target: topology.target))
        resolved.mobileCore = mobileCore
        resolved.kubernetes = ResolvedKubernetes(
            namespace: topology.kubernetes?.namespace ?? topology.name,
            storageClass: topology.kubernetes?.storageClass)
        return resolved
    }

    static func hosts(_ topology: Topology) -> [ResolvedHost] {
        guard !topology.hosts.isEmpty else { return [ResolvedHost(name: "local", libvirtURI: "qemu:///system")] }
        return topology.hosts.map {
            ResolvedHost(
                name: $0.name, address: $0.address, libvirtURI: $0.libvirtURI ?? "qemu:///system", labels: $0.labels)
        }
    }

    /// The cluster-wide migration settings are written, but topoc never applies them (they change every lab
    /// in the cluster): said in the plan, so nobody expects `parallel-per-cluster` to take effect by itself.
    static func kubeVirtNotes(_ vms: [ResolvedVM], target: Target) -> [String] {
        guard target == .kubevirt, vms.contains(where: \.migratable) else { return [] }
        return [
            "migration: parallel-per-cluster, parallel-outbound-per-node and progress-timeout are cluster-wide: they are in kubevirt/kubevirt-cr-patch.yaml, which topoc does not apply (kubectl patch kubevirt kubevirt -n kubevirt --type merge --patch-file kubevirt/kubevirt-cr-patch.yaml)"
        ]
    }

    static func notes(_ vms: [ResolvedVM], target: Target) -> [String] {
        var notes: [String] = []
        let auto = vms.filter { $0.accel == .auto }.map(\.name)
        // KubeVirt chooses the accelerator itself: `accel` means nothing there.
        if !auto.isEmpty, target != .kubevirt {
            notes.append("accel auto (\(auto.count) VMs): QEMU uses KVM when /dev/kvm works, else TCG (much slower)")
        }
        return notes
    }
}
