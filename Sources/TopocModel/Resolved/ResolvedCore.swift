import TopocDiagnostics
import TopocYAML

/// The interfaces an NF serves, each on one address and port. Co-located NFs never share an address:
/// the first NF on a VM uses the VM's own address, each further one gets its own address on the same
/// network (added to the VM's NIC), so every NF keeps its protocol's standard port.
public enum NFInterface: String, Sendable, Codable, CaseIterable, Comparable {
    case sbi, pfcp, gtpu, gtpc, ngap, s1ap, diameter, metrics, database

    public var defaultPort: Int {
        switch self {
        case .sbi: 7777
        case .pfcp: 8805
        case .gtpu: 2152
        case .gtpc: 2123
        case .ngap: 38412
        case .s1ap: 36412
        case .diameter: 3868
        case .metrics: 9090
        case .database: 3306
        }
    }

    public static func < (lhs: NFInterface, rhs: NFInterface) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Where an NF serves one interface.
public struct NFEndpoint: Equatable, Sendable {
    /// An IP address (VMs) or a host name (pods: the NF's Service).
    public var address: String
    public var port: Int
    /// The lab network the address is on (VMs only).
    public var network: String?

    public init(address: String, port: Int, network: String? = nil) {
        self.address = address
        self.port = port
        self.network = network
    }

    /// `http://10.0.0.10:7777`.
    public var uri: String { "http://\(address):\(port)" }
}

/// An S-NSSAI: SST and optional SD (six upper-case hex digits).
public struct SNSSAI: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var sst: Int
    public var sd: String?

    public init(sst: Int, sd: String? = nil) {
        self.sst = sst
        self.sd = sd
    }

    public static func < (lhs: SNSSAI, rhs: SNSSAI) -> Bool { (lhs.sst, lhs.sd ?? "") < (rhs.sst, rhs.sd ?? "") }
    public var description: String { "\(sst)" + (sd.map { "/\($0)" } ?? "") }
}

public struct ResolvedNF: Equatable, Sendable {
    public var name: String
    public var kind: NFKind
    public var placement: Placement
    public var endpoints: [NFInterface: NFEndpoint]
    /// The user's `config:`, merged last by the emitter.
    public var config: YAMLValue?

    public init(
        name: String, kind: NFKind, placement: Placement, endpoints: [NFInterface: NFEndpoint] = [:],
        config: YAMLValue? = nil
    ) {
        self.name = name
        self.kind = kind
        self.placement = placement
        self.endpoints = endpoints
        self.config = config
    }

    public var vm: String? {
        if case .vm(let vm) = placement { return vm }
        return nil
    }

    public func endpoint(_ interface: NFInterface) -> NFEndpoint? { endpoints[interface] }
}

/// A data network with its pool, gateway, UPF and tun device, and the slices that carry it.
public struct ResolvedDNN: Equatable, Sendable {
    public var name: String
    public var subnet: UESubnet
    public var gateway: String
    public var upf: String
    /// The UPF's tun device for this pool (≤ 15 bytes): `ogstun`, `ogstun2`, ...
    public var tunDevice: String
    public var mtu: Int
    public var slices: [SNSSAI]
    /// The SMFs that serve it (Bind's pairing).
    public var smfs: [String] = []

    public init(
        name: String, subnet: UESubnet, gateway: String, upf: String, tunDevice: String, mtu: Int, slices: [SNSSAI]
    ) {
        self.name = name
        self.subnet = subnet
        self.gateway = gateway
        self.upf = upf
        self.tunDevice = tunDevice
        self.mtu = mtu
        self.slices = slices
    }
}

public struct ResolvedSlice: Equatable, Sendable {
    public var name: String
    public var snssai: SNSSAI
    public var dnns: [String]
    public var smf: String?
    public var upf: String?
    public var nrf: String?

    public init(name: String, snssai: SNSSAI, dnns: [String], smf: String?, upf: String?, nrf: String?) {
        self.name = name
        self.snssai = snssai
        self.dnns = dnns
        self.smf = smf
        self.upf = upf
        self.nrf = nrf
    }
}

public struct ResolvedGNB: Equatable, Sendable {
    public var name: String
    public var software: RANSoftware
    public var placement: Placement?
    /// The gNB's own address toward the core (link and NGAP).
    public var address: String?
    /// Its GTP-U (N3) address: on the network it shares with its UPFs, which may differ from NGAP's.
    public var gtpAddress: String?
    public var tac: Int
    public var nci: UInt64
    public var slices: [SNSSAI]
    /// The AMF (or MME) it connects to.
    public var amf: String?

    public init(
        name: String, software: RANSoftware, placement: Placement?, address: String?, tac: Int, nci: UInt64,
        slices: [SNSSAI], amf: String?
    ) {
        self.name = name
        self.software = software
        self.placement = placement
        self.address = address
        self.tac = tac
        self.nci = nci
        self.slices = slices
        self.amf = amf
    }
}

public struct ResolvedUEGroup: Equatable, Sendable {
    public var name: String
    public var software: RANSoftware
    public var placement: Placement?
    public var gnb: String?
    public var imsi: String
    public var count: Int
    public var key: String
    public var opc: String
    public var slices: [SNSSAI]
    public var dnn: String?

    public init(
        name: String, software: RANSoftware, placement: Placement?, gnb: String?, imsi: String, count: Int,
        key: String, opc: String, slices: [SNSSAI], dnn: String?
    ) {
        self.name = name
        self.software = software
        self.placement = placement
        self.gnb = gnb
        self.imsi = imsi
        self.count = count
        self.key = key
        self.opc = opc
        self.slices = slices
        self.dnn = dnn
    }

    /// The group's IMSIs, consecutive from the first.
    public var imsis: [String] {
        guard let first = UInt64(imsi) else { return [imsi] }
        return (0..<UInt64(count)).map { value in
            let text = String(first + value)
            return String(repeating: "0", count: max(0, imsi.count - text.count)) + text
        }
    }
}

/// An N4 association, as Bind paired it: the SMF, the UPF and the DNNs between them (declaration order).
public struct ResolvedSession: Equatable, Sendable {
    public var smf: String
    public var upf: String
    public var dnns: [String]

    public init(smf: String, upf: String, dnns: [String]) {
        self.smf = smf
        self.upf = upf
        self.dnns = dnns
    }
}

/// The mobile core with every address, port and relation final.
public struct ResolvedCore: Equatable, Sendable {
    public var software: CoreSoftware
    public var plmn: PLMN
    public var tacs: [Int]
    public var functions: [ResolvedNF]
    public var dnns: [ResolvedDNN]
    public var slices: [ResolvedSlice]
    public var gnbs: [ResolvedGNB]
    public var ues: [ResolvedUEGroup]
    /// Which SMF associates with which UPF: ordered by SMF, then UPF, in declaration order.
    public var sessions: [ResolvedSession] = []

    public init(
        software: CoreSoftware, plmn: PLMN, tacs: [Int], functions: [ResolvedNF], dnns: [ResolvedDNN],
        slices: [ResolvedSlice], gnbs: [ResolvedGNB], ues: [ResolvedUEGroup]
    ) {
        self.software = software
        self.plmn = plmn
        self.tacs = tacs
        self.functions = functions
        self.dnns = dnns
        self.slices = slices
        self.gnbs = gnbs
        self.ues = ues
    }

    public func functions(_ kind: NFKind) -> [ResolvedNF] { functions.filter { $0.kind == kind } }
    public func function(named name: String) -> ResolvedNF? { functions.first { $0.name == name } }
    public func functions(on vm: String) -> [ResolvedNF] { functions.filter { $0.vm == vm } }

    /// A 4G core has an MME; a 5G core an AMF. Both may be present.
    public var isEPC: Bool { functions.contains { $0.kind == .mme } }
    public var is5GC: Bool { functions.contains { $0.kind == .amf } }
}
