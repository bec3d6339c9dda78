// QEMU/QEMUNetworkOptions owns the NICs of a VM: the management NIC (user networking with the port forwards)
// and one virtio-net NIC per lab interface, with the backend its network's mode calls for.
import TopocModel

enum QEMUNetworkOptions {
    static let managementID = "mgmt"

    /// QEMU user networking: no privileges; each forward binds on the host side only.
    static func management(_ nic: ManagementNIC) -> [[String]] {
        var netdev: [(String, String)] = [("id", managementID)]
        for forward in nic.forwards {
            let rule = "\(forward.transport.rawValue):\(forward.hostAddress):\(forward.hostPort)-:\(forward.guestPort)"
            netdev.append(("hostfwd", rule))
        }
        return [
            ["-netdev", QEMUOption.typed("user", netdev)],
            ["-device", device(netdev: managementID, mac: nic.mac, mtu: 1500)],
        ]
    }

    /// A lab NIC, or nothing for modes the QEMU backend does not drive (`netmap`, `multus`): the compiler refuses
    /// those before emitting (`mode.not-built`, `mode.unsupported`), so a lab never loses a NIC here.
    static func lab(_ interface: ResolvedInterface, vm: String, in topology: ResolvedTopology) throws -> [[String]] {
        let backend: String
        switch interface.mode {
        case .bridge:
            guard let tap = interface.tap else {
                throw EmitError("vm '\(vm)': bridge-mode interface on '\(interface.network)' has no tap")
            }
            backend = QEMUOption.typed(
                "tap", [("id", interface.netdevID), ("ifname", tap), ("script", "no"), ("downscript", "no")])
        case .socket:
            guard let transport = topology.network(named: interface.network)?.socketTransport else {
                throw EmitError("vm '\(vm)': socket network '\(interface.network)' has no transport")
            }
            backend = socket(transport, id: interface.netdevID, vm: vm)
        case .netmap, .multus:
            return []
        }
        return [
            ["-netdev", backend],
            ["-device", device(netdev: interface.netdevID, mac: interface.mac, mtu: interface.mtu)],
        ]
    }

    /// Unprivileged links. QEMU 7.2 (Debian 12) has no `reconnect` for `-netdev stream` (it came in 8.0, and
    /// `reconnect-ms` in 9.2), so the connecting side must start after the listening one. The multicast hub
    /// needs `local` on 127.0.0.1: without it QEMU joins the group on the default-route interface and the
    /// lab's frames leave the machine. QEMU 7.2 insists on `local.port` but ignores it for multicast.
    static func socket(_ transport: SocketTransport, id: String, vm: String) -> String {
        switch transport {
        case .stream(let path, let server):
            let role = server == vm ? "on" : "off"
            return QEMUOption.typed(
                "stream", [("id", id), ("server", role), ("addr.type", "unix"), ("addr.path", path)])
        case .multicast(let group, let port):
            return QEMUOption.typed(
                "dgram",
                [
                    ("id", id), ("remote.type", "inet"), ("remote.host", group.description),
                    ("remote.port", String(port)), ("local.type", "inet"), ("local.host", "127.0.0.1"),
                    ("local.port", "0"),
                ])
        }
    }

    /// virtio-net; `host_mtu` tells the guest driver the link MTU when it is not Ethernet's default.
    static func device(netdev: String, mac: MACAddress, mtu: Int) -> String {
        var pairs = [("netdev", netdev), ("mac", mac.description)]
        if mtu != 1500 { pairs.append(("host_mtu", String(mtu))) }
        return QEMUOption.typed("virtio-net-pci", pairs)
    }
}
