// UERANSIM/UERANSIMConfigs owns which UERANSIM processes a lab runs and where: one `nr-gnb` per UERANSIM gNB,
// one `nr-ue -n` per UE group (or per 512 UEs of it: nr-ue refuses more in one process). The guest integration
// asks for a VM's files (contents, guest path, argv); the emitter writes the same files under `ran/`.
import TopocModel
import TopocYAML

/// One UERANSIM config file in a guest, and the command that runs it.
public struct RANFile: Equatable, Sendable {
    /// `gnb-<gNB>` or `ue-<group>` (`ue-<group>-2`, ... for the further batches of a large group).
    public var name: String
    /// `/etc/ueransim/<name>.yaml`.
    public var guestPath: String
    public var contents: String
    /// The argv that runs it: `["nr-gnb", "-c", path]` or `["nr-ue", "-c", path, "-n", count]`.
    public var command: [String]
    /// A UE file carries K and OPc: write it 0600.
    public var isSecret: Bool
    /// The simulator and version that reads it (what `ran.install: source` builds).
    public var software: RANSoftware?
    /// A gNB's AMF (or MME) endpoint: its unit starts when that answers.
    public var amf: NFEndpoint?
    /// A UE group's gNBs (their file names, `gnb-<gNB>`): its unit starts when their cells are up.
    public var gnbs: [String]

    public init(
        name: String, guestPath: String, contents: String, command: [String], isSecret: Bool,
        software: RANSoftware? = nil, amf: NFEndpoint? = nil, gnbs: [String] = []
    ) {
        self.name = name
        self.guestPath = guestPath
        self.contents = contents
        self.command = command
        self.isSecret = isSecret
        self.software = software
        self.amf = amf
        self.gnbs = gnbs
    }
}

/// The UERANSIM files of a lab.
public enum UERANSIMConfigs {
    /// Where the files go in a guest.
    public static let directory = "/etc/ueransim"
    /// `nr-ue -n` accepts at most this many UEs (src/ue.cpp: "Number of UEs is too big").
    public static let maxUEsPerProcess = 512

    /// The files (and commands) of the UERANSIM gNBs and UE groups that run in `vm`, gNBs first. A UE group
    /// without a placement runs beside its gNB.
    public static func files(for vm: String, in topology: ResolvedTopology) throws -> [RANFile] {
        try all(topology).filter { $0.vm == vm }.map(\.file)
    }

    // MARK: - Every file of the lab

    /// A file with where it runs (nil: in a pod) and the artifact it is written as.
    struct Placed {
        var file: RANFile
        var vm: String?
        var artifactPath: String
    }

    static func all(_ topology: ResolvedTopology) throws -> [Placed] {
        guard let core = topology.mobileCore else { return [] }
        var placed: [Placed] = []
        for gnb in core.gnbs where gnb.software.isUERANSIM {
            guard let bind = bindAddress(gnb) else { continue }
            let name = "gnb-\(gnb.name)"
            let path = guestPath(name)
            let contents = try YAMLWriter.render(
                UERANSIMDocuments.gnb(gnb, bind: bind, core: core),
                header: comment([
                    "UERANSIM gNB `\(gnb.name)` of lab `\(topology.name)` (written by topoc).",
                    "Run: nr-gnb -c \(path)",
                ]))
            placed.append(
                Placed(
                    file: RANFile(
                        name: name, guestPath: path, contents: contents, command: ["nr-gnb", "-c", path],
                        isSecret: false, software: gnb.software,
                        amf: gnb.amf.flatMap(core.function(named:))?.endpoint(.ngap)),
                    vm: vm(gnb.placement), artifactPath: "ran/\(gnb.name)/gnb.yaml"))
        }
        for ue in core.ues where ue.software.isUERANSIM {
            guard let subscriber = SubscriberPlan.group(of: ue, in: core) else { continue }
            let gnbs = servingGNBs(ue, core: core)
            let addresses = gnbs.compactMap(\.address)
            guard !addresses.isEmpty else { continue }
            let home = vm(ue.placement) ?? gnbs.lazy.compactMap { vm($0.placement) }.first
            for (index, batch) in batches(ue).enumerated() {
                let suffix = index == 0 ? "" : "-\(index + 1)"
                let name = "ue-\(ue.name)\(suffix)"
                let path = guestPath(name)
                let command = ["nr-ue", "-c", path, "-n", String(batch.count)]
                let last = SubscriberPlan.imsi(batch.firstIMSI, plus: batch.count - 1)
                let contents = try YAMLWriter.render(
                    UERANSIMDocuments.ue(subscriber, batch: batch, gnbAddresses: addresses, core: core),
                    header: comment([
                        "UERANSIM UE group `\(ue.name)` of lab `\(topology.name)` (written by topoc).",
                        "\(batch.count) UE(s), IMSIs \(batch.firstIMSI) to \(last): run them all with",
                        "  " + command.joined(separator: " "),
                        "nr-ue -n starts COUNT UEs from `supi`, adding 1 to the IMSI, IMEI and IMEISV of each.",
                    ]))
                placed.append(
                    Placed(
                        file: RANFile(
                            name: name, guestPath: path, contents: contents, command: command, isSecret: true,
                            software: ue.software, gnbs: gnbs.map { "gnb-\($0.name)" }),
                        vm: home, artifactPath: "ran/\(ue.name)/ue\(suffix).yaml"))
            }
        }
        return placed
    }

    static func guestPath(_ name: String) -> String { "\(directory)/\(name).yaml" }

    static func vm(_ placement: Placement?) -> String? {
        if case .vm(let vm)? = placement { return vm }
        return nil
    }

    /// The gNB's own address: on a VM its address on the network that reaches its AMF, in a pod its Multus
    /// address (Resolve falls back to its Service name only where no Multus network reaches the AMF). Never an
    /// interface name: UERANSIM 3.2.6 and later resolve the value as a host name first and reject `eth0`.
    static func bindAddress(_ gnb: ResolvedGNB) -> String? {
        gnb.placement == nil ? nil : gnb.address
    }

    /// The UE group's gNB; without one, every UERANSIM gNB (the UE picks the first it hears).
    static func servingGNBs(_ ue: ResolvedUEGroup, core: ResolvedCore) -> [ResolvedGNB] {
        let ueransim = core.gnbs.filter(\.software.isUERANSIM)
        if let name = ue.gnb { return ueransim.filter { $0.name == name } }
        return ueransim
    }

    /// The group split into runs of at most `maxUEsPerProcess` UEs.
    static func batches(_ ue: ResolvedUEGroup) -> [UERANSIMDocuments.UEBatch] {
        stride(from: 0, to: max(ue.count, 1), by: maxUEsPerProcess).map { offset in
            UERANSIMDocuments.UEBatch(
                firstIMSI: SubscriberPlan.imsi(ue.imsi, plus: offset),
                count: min(maxUEsPerProcess, max(ue.count, 1) - offset))
        }
    }

    /// Comment lines; a line break in a value cannot end the comment early.
    static func comment(_ lines: [String]) -> [String] {
        lines.map { "# " + $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
    }
}
