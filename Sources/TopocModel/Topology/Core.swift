import TopocDiagnostics
import TopocYAML

/// Which mobile-core implementation, and which version of its config format.
public enum CoreSoftware: String, Sendable, Codable, CaseIterable {
    case open5gs27 = "open5gs@2.7"
    case open5gs26 = "open5gs@2.6"
    case oai2 = "oai@2"
}

public enum NFKind: String, Sendable, Codable, CaseIterable {
    case nrf, scp, amf, smf, upf, ausf, udm, udr, pcf, nssf, bsf
    case mme, sgwc, sgwu, hss, pcrf
    case mysql
}

/// Where a workload runs: in a VM of the lab, or as a pod (KubeVirt targets).
public enum Placement: Equatable, Sendable {
    case vm(String)
    case pod(Pod)
}

public struct Pod: Equatable, Sendable {
    public var image: String?
    public var node: String?

    public init(image: String? = nil, node: String? = nil) {
        self.image = image
        self.node = node
    }
}

/// How the NFs get into their guests.
public enum InstallMethod: Equatable, Sendable {
    /// From the implementation's package repository (Open5GS: its Ubuntu PPA), by cloud-init.
    case package
    /// Already in the image: nothing is installed.
    case none
    /// The user's command, run by cloud-init before the NFs are configured and started.
    case command(Command)
}

public struct Core: Equatable, Sendable {
    public var software: CoreSoftware
    public var install: InstallMethod = .package
    public var plmn: PLMN
    public var tacs: [Int]
    public var functions: [NetworkFunction]
    public var dnns: [DNN]
    public var origin: Origin

    public init(
        software: CoreSoftware, plmn: PLMN, tacs: [Int] = [1], functions: [NetworkFunction] = [],
        dnns: [DNN] = [], origin: Origin = .synthesized
    ) {
        self.software = software
        self.plmn = plmn
        self.tacs = tacs
        self.functions = functions
        self.dnns = dnns
        self.origin = origin
    }
}

public struct NetworkFunction: Equatable, Sendable {
    public var name: String
    public var kind: NFKind
    public var placement: Placement
    /// Merged last into the emitted config, for what topoc does not model.
    public var config: YAMLValue?
    public var origin: Origin

    public init(
        name: String, kind: NFKind, placement: Placement, config: YAMLValue? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.kind = kind
        self.placement = placement
        self.config = config
        self.origin = origin
    }
}

/// A UE address pool: IPv4 or IPv6.
public enum UESubnet: Equatable, Sendable, CustomStringConvertible {
    case v4(IPv4Subnet)
    case v6(IPv6Subnet)

    public var description: String {
        switch self {
        case .v4(let subnet): subnet.description
        case .v6(let subnet): subnet.description
        }
    }
}

public struct DNN: Equatable, Sendable {
    public var name: String
    public var subnet: UESubnet
    public var upf: String?
    public var gateway: String?
    public var mtu: Int?
    public var origin: Origin

    public init(
        name: String, subnet: UESubnet, upf: String? = nil, gateway: String? = nil, mtu: Int? = nil,
        origin: Origin = .synthesized
    ) {
        self.name = name
        self.subnet = subnet
        self.upf = upf
        self.gateway = gateway
        self.mtu = mtu
        self.origin = origin
    }
}
