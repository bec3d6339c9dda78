import TopocDiagnostics

/// A guest as written.
public struct VM: Equatable, Sendable {
    public var name: String
    public var settings: VMSettings
    public var interfaces: [Interface]
    public var forwards: [Forward]
    public var migratable: Bool
    public var cloudInit: CloudInitExtras
    public var origin: Origin

    public init(
        name: String, settings: VMSettings = VMSettings(), interfaces: [Interface] = [],
        forwards: [Forward] = [], migratable: Bool = false, cloudInit: CloudInitExtras = CloudInitExtras(),
        origin: Origin = .synthesized
    ) {
        self.name = name
        self.settings = settings
        self.interfaces = interfaces
        self.forwards = forwards
        self.migratable = migratable
        self.cloudInit = cloudInit
        self.origin = origin
    }
}

/// A NIC on a network, with whatever the user pinned.
public struct Interface: Equatable, Sendable {
    public var network: String
    public var ip: IPv4Address?
    public var ip6: IPv6Address?
    public var mac: MACAddress?
    public var name: String?
    public var origin: Origin

    public init(
        network: String, ip: IPv4Address? = nil, ip6: IPv6Address? = nil, mac: MACAddress? = nil,
        name: String? = nil, origin: Origin = .synthesized
    ) {
        self.network = network
        self.ip = ip
        self.ip6 = ip6
        self.mac = mac
        self.name = name
        self.origin = origin
    }
}

public enum TransportProtocol: String, Sendable, Codable, CaseIterable {
    case tcp, udp
}

/// A management port forward from the host (127.0.0.1) into the guest.
public struct Forward: Equatable, Sendable {
    /// Guest ports of the services people forward most, so `ssh: 2021` is enough.
    public static let wellKnownPorts: [String: Int] = ["ssh": 22, "http": 80, "https": 443]

    public var service: String
    public var hostPort: Int
    public var guestPort: Int?
    public var transport: TransportProtocol
    public var origin: Origin

    public init(
        service: String, hostPort: Int, guestPort: Int? = nil, transport: TransportProtocol = .tcp,
        origin: Origin = .synthesized
    ) {
        self.service = service
        self.hostPort = hostPort
        self.guestPort = guestPort
        self.transport = transport
        self.origin = origin
    }
}

/// Extra guest set-up merged into the VM's cloud-init.
public struct CloudInitExtras: Equatable, Sendable {
    public var packages: [String]
    public var runcmd: [Command]
    public var writeFiles: [WriteFile]

    public init(packages: [String] = [], runcmd: [Command] = [], writeFiles: [WriteFile] = []) {
        self.packages = packages
        self.runcmd = runcmd
        self.writeFiles = writeFiles
    }

    public var isEmpty: Bool { packages.isEmpty && runcmd.isEmpty && writeFiles.isEmpty }
}

/// A command for the guest: an argv list (run without a shell) or a shell line the user wrote.
public enum Command: Equatable, Sendable {
    case argv([String])
    case shell(String)
}

public struct WriteFile: Equatable, Sendable {
    public var path: String
    public var content: String
    public var permissions: String
    public var owner: String

    public init(path: String, content: String, permissions: String = "0644", owner: String = "root:root") {
        self.path = path
        self.content = content
        self.permissions = permissions
        self.owner = owner
    }
}
