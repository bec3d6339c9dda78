// Small constructors that keep Fixture readable. Unparsable literals are test bugs: they fail loudly.
import TopocEmit
import TopocModel

extension Fixture {
    static func ip(_ text: String) -> IPv4Address {
        guard let address = IPv4Address(parsing: text) else { fatalError("bad fixture address \(text)") }
        return address
    }

    static func subnet(_ text: String) -> IPv4Subnet {
        guard case .success(let subnet) = IPv4Subnet.parse(text) else { fatalError("bad fixture subnet \(text)") }
        return subnet
    }

    static func subnet6(_ text: String) -> IPv6Subnet {
        guard case .success(let subnet) = IPv6Subnet.parse(text) else { fatalError("bad fixture subnet \(text)") }
        return subnet
    }

    static func mac(_ last: UInt8) -> MACAddress { MACAddress(octets: [0x52, 0x54, 0x00, 0xab, 0x12, last]) }

    static func nic(
        _ network: String, _ mode: NetworkMode, _ index: Int, mac last: UInt8, ip: String? = nil, ip6: String? = nil,
        gw: String? = nil, mtu: Int = 1500
    ) -> ResolvedInterface {
        ResolvedInterface(
            network: network, mode: mode, index: index, netdevID: "net\(index)", guestName: network, mac: mac(last),
            ipv4: ip.map(Fixture.ip), prefix: ip == nil ? nil : 24, ipv6: ip6.flatMap(IPv6Address.init(parsing:)),
            prefix6: ip6 == nil ? nil : 64, gateway: gw.map(Fixture.ip), mtu: mtu,
            tap: mode == .bridge ? "tab12-\(mac(last).octets[5] >> 4)-\(index)" : nil)
    }

    static func vm(
        _ name: String, index: Int, diskBus: DiskBus, machine: MachineType, forwards: [ResolvedForward],
        interfaces: [ResolvedInterface], cloudInit: CloudInitExtras = CloudInitExtras()
    ) -> ResolvedVM {
        let number = String(index + 1)
        return ResolvedVM(
            name: name, index: index, host: "local", uuid: "5a0f3c2e-0000-4000-8000-00000000000\(number)",
            image: ResolvedImage(
                name: "base", path: "images/base.qcow2", format: .qcow2, basePath: "images/base.qcow2"),
            cpus: index + 1, memory: .mebibytes(256), disk: .gibibytes(4), accel: .tcg, cpuModel: "qemu64",
            machine: machine, diskBus: diskBus, interfaces: interfaces,
            management: ManagementNIC(
                mac: MACAddress(octets: [0x52, 0x54, 0x00, 0xcd, 0x00, UInt8(index)]), forwards: forwards),
            migratable: false, cloudInit: cloudInit, paths: VMPaths(vm: name))
    }
}
