import TopocDiagnostics

public enum NetworkMode: String, Sendable, Codable, CaseIterable {
    /// Linux bridge + tap + virtio-net.
    case bridge
    /// Unprivileged QEMU stream/dgram links: no root, no tap.
    case socket
    /// VALE switch + netmap backend + ptnet.
    case netmap
    /// A Multus NetworkAttachmentDefinition (KubeVirt).
    case multus
}

/// An L2 segment.
public struct Network: Equatable, Sendable {
    public var name: String
    public var subnet: IPv4Subnet?
    public var subnet6: IPv6Subnet?
    public var mode: NetworkMode
    public var bridge: String?
    public var hostAddress: IPv4Address?
    public var gateway: IPv4Address?
    public var mtu: Int?
    public var vlan: Int?
    public var vale: String?
    public var origin: Origin

    public init(
        name: String, subnet: IPv4Subnet? = nil, subnet6: IPv6Subnet? = nil, mode: NetworkMode = .bridge,
        bridge: String? = nil, hostAddress: IPv4Address? = nil, gateway: IPv4Address? = nil, mtu: Int? = nil,
        vlan: Int? = nil, vale: String? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.subnet = subnet
        self.subnet6 = subnet6
        self.mode = mode
        self.bridge = bridge
        self.hostAddress = hostAddress
        self.gateway = gateway
        self.mtu = mtu
        self.vlan = vlan
        self.vale = vale
        self.origin = origin
    }
}
