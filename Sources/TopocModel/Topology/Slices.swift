import TopocDiagnostics

/// An S-NSSAI and what serves it.
public struct Slice: Equatable, Sendable {
    public var name: String
    public var sst: Int
    /// Six upper-case hex digits, or nil for no SD.
    public var sd: String?
    public var dnns: [String]
    public var smf: String?
    public var upf: String?
    public var nrf: String?
    public var origin: Origin

    public init(
        name: String, sst: Int, sd: String? = nil, dnns: [String] = [], smf: String? = nil, upf: String? = nil,
        nrf: String? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.sst = sst
        self.sd = sd
        self.dnns = dnns
        self.smf = smf
        self.upf = upf
        self.nrf = nrf
        self.origin = origin
    }
}

public enum RANSoftware: String, Sendable, Codable, CaseIterable {
    case ueransim, oai
}

public struct RAN: Equatable, Sendable {
    public var gnbs: [GNB]
    public var ues: [UEGroup]

    public init(gnbs: [GNB] = [], ues: [UEGroup] = []) {
        self.gnbs = gnbs
        self.ues = ues
    }
}

public struct GNB: Equatable, Sendable {
    public var name: String
    public var software: RANSoftware
    public var placement: Placement?
    public var tac: Int?
    public var nci: UInt64?
    /// nil: all slices.
    public var slices: [String]?
    public var amf: String?
    public var origin: Origin

    public init(
        name: String, software: RANSoftware = .ueransim, placement: Placement? = nil, tac: Int? = nil,
        nci: UInt64? = nil, slices: [String]? = nil, amf: String? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.software = software
        self.placement = placement
        self.tac = tac
        self.nci = nci
        self.slices = slices
        self.amf = amf
        self.origin = origin
    }
}

/// Consecutive subscribers sharing K, OPc and slices.
public struct UEGroup: Equatable, Sendable {
    public var name: String
    public var software: RANSoftware
    public var placement: Placement?
    public var gnb: String?
    public var imsi: String
    public var count: Int
    public var key: String
    public var opc: String
    public var slices: [String]?
    public var dnn: String?
    public var origin: Origin

    public init(
        name: String, software: RANSoftware = .ueransim, placement: Placement? = nil, gnb: String? = nil,
        imsi: String, count: Int = 1, key: String, opc: String, slices: [String]? = nil, dnn: String? = nil,
        origin: Origin = .synthesized
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
        self.origin = origin
    }
}

public struct App: Equatable, Sendable {
    public var name: String
    public var placement: Placement?
    public var image: String?
    /// Port name and number, in the order written.
    public var ports: [NamedPort]
    public var migratable: Bool
    public var origin: Origin

    public init(
        name: String, placement: Placement? = nil, image: String? = nil, ports: [NamedPort] = [],
        migratable: Bool = false, origin: Origin = .synthesized
    ) {
        self.name = name
        self.placement = placement
        self.image = image
        self.ports = ports
        self.migratable = migratable
        self.origin = origin
    }
}

public struct NamedPort: Equatable, Sendable {
    public var name: String
    public var port: Int

    public init(name: String, port: Int) {
        self.name = name
        self.port = port
    }
}

/// KubeVirt live-migration knobs; nil fields take KubeVirt's defaults as documented in the language.
public struct Migration: Equatable, Sendable {
    public var bandwidthBytesPerSecond: UInt64?
    public var completionTimeoutPerGiB: Int?
    public var progressTimeoutSeconds: Int?
    public var parallelPerCluster: Int?
    public var parallelOutboundPerNode: Int?
    public var postCopy: Bool?
    public var autoConverge: Bool?
    public var workloads: [String]?
    public var origin: Origin

    public init(
        bandwidthBytesPerSecond: UInt64? = nil, completionTimeoutPerGiB: Int? = nil,
        progressTimeoutSeconds: Int? = nil, parallelPerCluster: Int? = nil, parallelOutboundPerNode: Int? = nil,
        postCopy: Bool? = nil, autoConverge: Bool? = nil, workloads: [String]? = nil, origin: Origin = .synthesized
    ) {
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.completionTimeoutPerGiB = completionTimeoutPerGiB
        self.progressTimeoutSeconds = progressTimeoutSeconds
        self.parallelPerCluster = parallelPerCluster
        self.parallelOutboundPerNode = parallelOutboundPerNode
        self.postCopy = postCopy
        self.autoConverge = autoConverge
        self.workloads = workloads
        self.origin = origin
    }
}
