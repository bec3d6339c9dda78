import TopocDiagnostics

/// A guest with every value final.
public struct ResolvedVM: Equatable, Sendable {
    public var name: String
    public var index: Int
    public var host: String
    /// Derived from the lab and VM names: stable across runs and machines.
    public var uuid: String
    public var image: ResolvedImage
    public var cpus: Int
    public var memory: ByteSize
    /// The overlay's virtual size; nil keeps the image's size.
    public var disk: ByteSize?
    public var accel: Accel
    public var cpuModel: String
    public var machine: MachineType
    public var diskBus: DiskBus
    public var interfaces: [ResolvedInterface]
    public var management: ManagementNIC
    public var migratable: Bool
    public var cloudInit: CloudInitExtras
    public var paths: VMPaths

    public init(
        name: String, index: Int, host: String, uuid: String, image: ResolvedImage, cpus: Int, memory: ByteSize,
        disk: ByteSize?, accel: Accel, cpuModel: String, machine: MachineType, diskBus: DiskBus,
        interfaces: [ResolvedInterface], management: ManagementNIC, migratable: Bool, cloudInit: CloudInitExtras,
        paths: VMPaths
    ) {
        self.name = name
        self.index = index
        self.host = host
        self.uuid = uuid
        self.image = image
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.accel = accel
        self.cpuModel = cpuModel
        self.machine = machine
        self.diskBus = diskBus
        self.interfaces = interfaces
        self.management = management
        self.migratable = migratable
        self.cloudInit = cloudInit
        self.paths = paths
    }
}

/// The base image, and where the executor keeps its verified copy.
public struct ResolvedImage: Equatable, Sendable {
    public var name: String
    public var url: String?
    /// A local image, as the path QEMU tools should open (relative paths are relative to the lab directory).
    public var path: String?
    public var sha256: String?
    public var format: DiskFormat
    public var kernel: String?
    public var initrd: String?
    public var cmdline: String?
    /// Where the base image lives for overlays: the local `path`, or the download cache entry.
    public var basePath: String

    public init(
        name: String, url: String? = nil, path: String? = nil, sha256: String? = nil, format: DiskFormat,
        kernel: String? = nil, initrd: String? = nil, cmdline: String? = nil, basePath: String
    ) {
        self.name = name
        self.url = url
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.kernel = kernel
        self.initrd = initrd
        self.cmdline = cmdline
        self.basePath = basePath
    }
}

/// A NIC on a lab network, with its derived names and addresses.
public struct ResolvedInterface: Equatable, Sendable {
    public var network: String
    public var mode: NetworkMode
    /// Position among the VM's lab NICs, from 0.
    public var index: Int
    /// QEMU's `-netdev` id.
    public var netdevID: String
    /// The interface name inside the guest (set by cloud-init, matched by MAC).
    public var guestName: String
    public var mac: MACAddress
    public var ipv4: IPv4Address?
    /// Further addresses on this NIC: one per network function co-located on the VM beyond the first.
    public var secondaryIPv4: [IPv4Address] = []
    public var prefix: Int?
    public var ipv6: IPv6Address?
    public var prefix6: Int?
    public var gateway: IPv4Address?
    public var mtu: Int
    /// The host tap (`bridge` mode).
    public var tap: String?

    public init(
        network: String, mode: NetworkMode, index: Int, netdevID: String, guestName: String, mac: MACAddress,
        ipv4: IPv4Address? = nil, prefix: Int? = nil, ipv6: IPv6Address? = nil, prefix6: Int? = nil,
        gateway: IPv4Address? = nil, mtu: Int = 1500, tap: String? = nil
    ) {
        self.network = network
        self.mode = mode
        self.index = index
        self.netdevID = netdevID
        self.guestName = guestName
        self.mac = mac
        self.ipv4 = ipv4
        self.prefix = prefix
        self.ipv6 = ipv6
        self.prefix6 = prefix6
        self.gateway = gateway
        self.mtu = mtu
        self.tap = tap
    }
}

/// The management NIC: QEMU user networking (no privileges) carrying the port forwards; DHCP in the guest.
public struct ManagementNIC: Equatable, Sendable {
    public static let guestName = "mgmt0"

    public var mac: MACAddress
    public var forwards: [ResolvedForward]

    public init(mac: MACAddress, forwards: [ResolvedForward]) {
        self.mac = mac
        self.forwards = forwards
    }
}

public struct ResolvedForward: Equatable, Sendable {
    public var service: String
    public var transport: TransportProtocol
    public var hostAddress: String
    public var hostPort: Int
    public var guestPort: Int
    /// Chosen by the compiler rather than written.
    public var derived: Bool

    public init(
        service: String, transport: TransportProtocol = .tcp, hostAddress: String = "127.0.0.1", hostPort: Int,
        guestPort: Int, derived: Bool = false
    ) {
        self.service = service
        self.transport = transport
        self.hostAddress = hostAddress
        self.hostPort = hostPort
        self.guestPort = guestPort
        self.derived = derived
    }
}

/// Where a VM's runtime files live, relative to the lab directory (`.topoc/<lab>/`), so emitted command
/// lines are the same on every machine and UNIX socket paths stay short. The executor runs QEMU there.
public struct VMPaths: Equatable, Sendable {
    public var directory: String
    public var disk: String
    public var seed: String
    public var pidfile: String
    public var qmp: String
    /// The QEMU guest agent's socket (`virtio-serial` port `org.qemu.guest_agent.0`).
    public var guestAgent: String
    public var serialLog: String

    public init(vm: String) {
        directory = "vms/\(vm)"
        disk = "\(directory)/disk.qcow2"
        seed = "\(directory)/seed.iso"
        pidfile = "\(directory)/qemu.pid"
        qmp = "\(directory)/qmp.sock"
        guestAgent = "\(directory)/qga.sock"
        serialLog = "\(directory)/serial.log"
    }
}
