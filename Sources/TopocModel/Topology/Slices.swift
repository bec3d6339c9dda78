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

/// Which RAN simulator, and for UERANSIM which release line: the accepted config keys and value forms differ
/// between them (docs/language.md, "UERANSIM versions"), and `ran.install: source` builds that line's release.
public enum RANSoftware: String, Sendable, Codable, CaseIterable {
    /// Listed first: the default, and the version a bare `ueransim` is pointed to.
    case ueransim33 = "ueransim@3.3"
    case ueransim32 = "ueransim@3.2"
    case oai

    /// What a gNB or UE group without `software` runs.
    public static let `default` = RANSoftware.ueransim33

    public var isUERANSIM: Bool { self != .oai }
}

/// How UERANSIM gets into the guests that run it (it has no Debian or Ubuntu package).
public enum RANInstallMethod: Equatable, Sendable {
    /// Built in the guest from the pinned release of the version in `software` (git tag checked against its
    /// commit), with the distribution's compiler, CMake and SCTP headers.
    case source
    /// Already in the image (`nr-gnb`, `nr-ue`, `nr-cli` on the PATH).
    case none
    /// The user's command, run before the RAN units start.
    case command(Command)
}

public struct RAN: Equatable, Sendable {
    public var gnbs: [GNB]
    public var ues: [UEGroup]
    public var install: RANInstallMethod
    public var origin: Origin

    public init(
        gnbs: [GNB] = [], ues: [UEGroup] = [], install: RANInstallMethod = .source, origin: Origin = .synthesized
    ) {
        self.gnbs = gnbs
        self.ues = ues
        self.install = install
        self.origin = origin
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
        name: String, software: RANSoftware = .default, placement: Placement? = nil, tac: Int? = nil,
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

extension GNB {
    public var isInPod: Bool {
        if case .pod? = placement { return true }
        return false
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
        name: String, software: RANSoftware = .default, placement: Placement? = nil, gnb: String? = nil,
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
