// HostNet/HostNetworkPlan owns which host network steps a host needs: a Linux bridge per bridge-mode network
// with members on the host, and a tap per bridge-mode NIC of the VMs placed there. Socket-mode networks need
// nothing on the host: QEMU links their members itself, without privileges.
import TopocModel

/// The steps that set up one host's networking, and those that tear it down.
public struct HostNetworkPlan: Equatable, Sendable, Codable {
    public var host: String
    public var up: [HostStep]
    public var down: [HostStep]

    public init(host: String, up: [HostStep]) {
        self.host = host
        self.up = up
        self.down = HostStep.teardown(up)
    }

    /// Networks in declaration order; each bridge is set up before the taps that join it.
    public init(host: String, in topology: ResolvedTopology) throws {
        let vms = topology.vms(on: host)
        var steps: [HostStep] = []
        var nicsByNetwork: [String: [(ResolvedVM, ResolvedInterface)]] = [:]
        for vm in vms {
            for nic in vm.interfaces { nicsByNetwork[nic.network, default: []].append((vm, nic)) }
        }
        for network in topology.networks where network.mode == .bridge {
            let nics = nicsByNetwork[network.name] ?? []
            guard !nics.isEmpty else { continue }
            guard let bridge = network.bridge else {
                throw EmitError("network '\(network.name)': bridge mode without a bridge name")
            }
            steps += Self.bridge(bridge, of: network)
            for (vm, nic) in nics {
                guard let tap = nic.tap else {
                    throw EmitError("vm '\(vm.name)': bridge-mode interface on '\(network.name)' has no tap")
                }
                steps += Self.tap(tap, mtu: nic.mtu, bridge: bridge)
            }
        }
        self.init(host: host, up: steps)
    }

    static func bridge(_ name: String, of network: ResolvedNetwork) -> [HostStep] {
        var steps: [HostStep] = [.createBridge(name: name, mtu: network.mtu)]
        if let address = network.hostAddress, let subnet = network.subnet {
            steps.append(.addAddress(device: name, cidr: "\(address)/\(subnet.prefix)"))
        }
        steps.append(.setUp(device: name))
        return steps
    }

    /// The tap takes the link MTU before joining, so the bridge's MTU never drops to a tap's default.
    static func tap(_ name: String, mtu: Int, bridge: String) -> [HostStep] {
        [
            .createTap(name: name), .setMTU(device: name, mtu: mtu), .attach(tap: name, bridge: bridge),
            .setUp(device: name),
        ]
    }
}
