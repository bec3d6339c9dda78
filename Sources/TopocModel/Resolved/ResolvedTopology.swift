import TopocDiagnostics

/// The lab with everything derived: what emitters read. Every value here is final; emitters only format.
public struct ResolvedTopology: Equatable, Sendable {
    /// The link in the lab folder to the topology file's folder (made by the CLI when it writes the folder,
    /// never an artifact): relative paths the user wrote (local images, kernels) are reached through it, so
    /// they mean the same wherever `--out` puts the lab.
    public static let topologyLink = "topology"

    public var name: String
    public var target: Target
    /// A short, stable hash of the lab's name that prefixes host-side objects (taps, bridges), so two labs
    /// on one host never collide and names fit Linux's 15-byte limit.
    public var labID: String
    public var hosts: [ResolvedHost]
    public var networks: [ResolvedNetwork]
    public var vms: [ResolvedVM]
    public var login: Login
    /// The mobile core, resolved: NF endpoints, DNNs, slices, RAN.
    public var mobileCore: ResolvedCore?
    /// The sections as written (kept for the emitters that come later).
    public var core: Core?
    public var slices: [Slice]
    public var ran: RAN
    public var apps: [App]
    public var migration: Migration?
    /// Where the lab's Kubernetes objects go (`kubevirt` target).
    public var kubernetes = ResolvedKubernetes(namespace: "default")
    /// Things the compiler decided that a user may want to know (e.g. "accel auto: KVM, else TCG").
    public var notes: [String]

    public init(
        name: String, target: Target, labID: String, hosts: [ResolvedHost], networks: [ResolvedNetwork],
        vms: [ResolvedVM], login: Login, core: Core? = nil, slices: [Slice] = [], ran: RAN = RAN(),
        apps: [App] = [], migration: Migration? = nil, notes: [String] = []
    ) {
        self.name = name
        self.target = target
        self.labID = labID
        self.hosts = hosts
        self.networks = networks
        self.vms = vms
        self.login = login
        self.core = core
        self.slices = slices
        self.ran = ran
        self.apps = apps
        self.migration = migration
        self.notes = notes
    }

    public func network(named name: String) -> ResolvedNetwork? { networks.first { $0.name == name } }
    public func vms(on host: String) -> [ResolvedVM] { vms.filter { $0.host == host } }
}

/// The `kubernetes` section with its defaults applied.
public struct ResolvedKubernetes: Equatable, Sendable {
    public var namespace: String
    /// nil: the cluster's default StorageClass.
    public var storageClass: String?

    public init(namespace: String, storageClass: String? = nil) {
        self.namespace = namespace
        self.storageClass = storageClass
    }
}

public struct ResolvedHost: Equatable, Sendable {
    public var name: String
    public var address: String?
    public var libvirtURI: String
    public var labels: [String: String]

    public init(name: String, address: String? = nil, libvirtURI: String, labels: [String: String] = [:]) {
        self.name = name
        self.address = address
        self.libvirtURI = libvirtURI
        self.labels = labels
    }
}

/// How the members of a `socket` network are linked without privileges.
public enum SocketTransport: Equatable, Sendable {
    /// Two members: a UNIX stream socket; the first VM listens, the second connects.
    case stream(path: String, server: String)
    /// More than two: a UDP multicast group on the loopback interface acts as a hub.
    case multicast(group: IPv4Address, port: Int)
}

public struct ResolvedNetwork: Equatable, Sendable {
    public var name: String
    public var index: Int
    public var mode: NetworkMode
    public var subnet: IPv4Subnet?
    public var subnet6: IPv6Subnet?
    public var mtu: Int
    /// The Linux bridge (`bridge` and `multus` modes).
    public var bridge: String?
    public var hostAddress: IPv4Address?
    public var gateway: IPv4Address?
    public var vlan: Int?
    public var vale: String?
    /// `socket` mode only.
    public var socketTransport: SocketTransport?
    /// VM names with a NIC on this network, in declaration order.
    public var members: [String]

    public init(
        name: String, index: Int, mode: NetworkMode, subnet: IPv4Subnet? = nil, subnet6: IPv6Subnet? = nil,
        mtu: Int = 1500, bridge: String? = nil, hostAddress: IPv4Address? = nil, gateway: IPv4Address? = nil,
        vlan: Int? = nil, vale: String? = nil, socketTransport: SocketTransport? = nil, members: [String] = []
    ) {
        self.name = name
        self.index = index
        self.mode = mode
        self.subnet = subnet
        self.subnet6 = subnet6
        self.mtu = mtu
        self.bridge = bridge
        self.hostAddress = hostAddress
        self.gateway = gateway
        self.vlan = vlan
        self.vale = vale
        self.socketTransport = socketTransport
        self.members = members
    }
}
