import TopocModel
import TopocYAML

/// A `NetworkAttachmentDefinition` (k8s.cni.cncf.io/v1) per VM NIC on a `multus` network, named
/// `<vm>-<network>`: the bridge CNI plugin on the network's `bridge`, `vlan` and `mtu`, with static IPAM
/// holding the NIC's addresses.
///
/// Why one per NIC rather than one per network: KubeVirt cannot pass addresses to the CNI for a VM (it
/// passes the MAC only), and static IPAM without addresses makes the bridge plugin fail ("IPAM plugin returned
/// missing IP config"). Writing the address into the NIC's own attachment keeps it the same across
/// restarts and live migration, which host-local IPAM does not. The guest sets the same addresses itself
/// (cloud-init `networkData`), as on every target. A network without a subnet gets layer-2 only (`ipam: {}`).
enum NetworkAttachmentEmitter {
    static let apiVersion = "k8s.cni.cncf.io/v1"
    static let kind = "NetworkAttachmentDefinition"

    static func name(vm: String, network: String) -> String { "\(vm)-\(network)" }

    /// The multus NICs of a VM, in the order written.
    static func multusInterfaces(_ vm: ResolvedVM) -> [ResolvedInterface] {
        vm.interfaces.filter { $0.mode == .multus }
    }

    static func objects(_ vm: ResolvedVM, in topology: ResolvedTopology) throws -> [KubeObject] {
        try multusInterfaces(vm).map { interface in
            let name = name(vm: vm.name, network: interface.network)
            let network = topology.network(named: interface.network)
            let config = CNIBridgeConfig(name: name, interface: interface, network: network)
            return KubeObject(
                apiVersion: apiVersion, kind: kind, name: name, namespace: topology.kubernetes.namespace,
                labels: LabLabels.of(topology),
                body: [("spec", .mapping([("config", .string(try JSONRendering.render(config)))]))])
        }
    }
}

/// The bridge plugin's network configuration (containernetworking/plugins `plugins/main/bridge`), with the
/// `static` IPAM plugin. Only fields those plugins define; nil ones are left out.
struct CNIBridgeConfig: Encodable {
    /// The version every maintained plugin release and Multus accept.
    var cniVersion = "0.3.1"
    var name: String
    var type = "bridge"
    var bridge: String?
    var vlan: Int?
    var mtu: Int
    /// Multus hands the VM's `macAddress` to plugins that declare the `mac` capability; the bridge plugin
    /// sets it on the pod end of the veth.
    var capabilities = ["mac": true]
    var ipam: IPAM

    struct IPAM: Encodable {
        var type: String?
        var addresses: [Address]?
    }

    struct Address: Encodable {
        var address: String
    }

    init(name: String, interface: ResolvedInterface, network: ResolvedNetwork?) {
        self.name = name
        bridge = network?.bridge
        vlan = network?.vlan
        mtu = interface.mtu
        var addresses: [Address] = []
        if let ip = interface.ipv4, let prefix = interface.prefix {
            addresses.append(Address(address: "\(ip)/\(prefix)"))
        }
        if let ip6 = interface.ipv6, let prefix6 = interface.prefix6 {
            addresses.append(Address(address: "\(ip6)/\(prefix6)"))
        }
        ipam = addresses.isEmpty ? IPAM() : IPAM(type: "static", addresses: addresses)
    }
}
