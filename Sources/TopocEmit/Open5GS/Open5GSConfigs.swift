// Open5GS/Open5GSConfigs owns the Open5GS NF config files: one YAML document per NF, in the format of the
// version `core.software` names (`open5gs@2.7`, also valid for 2.8, or the pre-2.7 `open5gs@2.6`), wired
// entirely from the resolved core. This file is the public face: the files a VM's guest needs (for the
// cloud-init set-up), the UPF host side, and the artifacts under `vms/<vm>/open5gs/`.
import TopocModel
import TopocYAML

/// One NF's config file, where it goes in the guest and the daemon that reads it.
public struct Open5GSFile: Equatable, Sendable {
    /// The NF's name in the topology.
    public var nf: String
    public var kind: NFKind
    /// `/etc/open5gs/<kind>.yaml`, where the packaged unit reads it. When two NFs of one kind share a VM,
    /// `/etc/open5gs/<name>.yaml` for each.
    public var guestPath: String
    public var contents: String
    /// The systemd unit that runs it: the packaged `open5gs-amfd` when the file is at the packaged path, else
    /// an instance of a template unit, `open5gs-upfd@upf-a`, whose instance name is the file's base name
    /// (`ExecStart=/usr/bin/open5gs-upfd -c /etc/open5gs/%i.yaml`), which the guest set-up must provide.
    public var service: String
    /// The executable: `open5gs-amfd`.
    public var daemon: String
    /// The MongoDB URI the NF reads (HSS, PCRF, UDR, PCF): the guest needs MongoDB there. `nil` for the rest.
    public var database: String?
    /// The NF listens on SCTP (S1AP, NGAP, or Diameter: freeDiameter's inline config has no switch to turn
    /// SCTP off), so the guest kernel needs the `sctp` module.
    public var needsSCTP: Bool

    public init(
        nf: String, kind: NFKind, guestPath: String, contents: String, service: String, daemon: String,
        database: String? = nil, needsSCTP: Bool = false
    ) {
        self.nf = nf
        self.kind = kind
        self.guestPath = guestPath
        self.contents = contents
        self.service = service
        self.daemon = daemon
        self.database = database
        self.needsSCTP = needsSCTP
    }

    /// The packaged unit's config path uses the kind; the template unit's uses the instance name.
    public var usesPackagedUnit: Bool { !service.contains("@") }
}

/// Why a config cannot be written.
public struct Open5GSError: Error, Equatable, CustomStringConvertible {
    public var description: String

    static func missing(_ interface: NFInterface, of nf: ResolvedNF) -> Open5GSError {
        Open5GSError(
            description:
                "`\(nf.name)` (\(nf.kind.rawValue)) has no \(interface.rawValue) address: its VM shares no network "
                + "with the NFs it talks to")
    }
}

public enum Open5GSConfigs {
    /// Where every database-backed NF finds MongoDB: on its own VM. The guest set-up installs MongoDB on the
    /// VMs whose files carry it (`Open5GSFile.database`).
    public static let databaseURI = "mongodb://localhost/open5gs"

    /// The NF kinds that keep their data in MongoDB.
    public static let databaseKinds: Set<NFKind> = [.hss, .pcrf, .udr, .pcf]

    /// The config files of the Open5GS NFs placed on `vm`, in declaration order. Empty when the core is not
    /// Open5GS, and for NFs placed in pods.
    public static func files(for vm: String, in topology: ResolvedTopology) throws -> [Open5GSFile] {
        guard let core = topology.mobileCore, let format = Open5GSFormat(core.software) else { return [] }
        let lab = Open5GSLab(name: topology.name, core: core, format: format)
        let placed = core.functions(on: vm).filter { Open5GSLab.kinds.contains($0.kind) }
        var files: [Open5GSFile] = []
        for nf in placed {
            let shared = placed.filter { $0.kind == nf.kind }.count > 1
            let daemon = "open5gs-\(nf.kind.rawValue)d"
            let base = shared ? nf.name : nf.kind.rawValue
            let path = "/etc/open5gs/\(base).yaml"
            if let clash = files.first(where: { $0.guestPath == path }) {
                throw Open5GSError(
                    description: "`\(nf.name)` and `\(clash.nf)` on `\(vm)` would both be configured in \(path): "
                        + "rename one")
            }
            files.append(
                Open5GSFile(
                    nf: nf.name, kind: nf.kind, guestPath: path, contents: try document(nf, lab),
                    service: shared ? "\(daemon)@\(nf.name)" : daemon, daemon: daemon,
                    database: databaseKinds.contains(nf.kind) ? databaseURI : nil,
                    needsSCTP: needsSCTP(nf)))
        }
        return files
    }

    /// The UE pools of the UPFs on `vm`: the tun device to create, its address (the pool's gateway) with the
    /// pool's prefix length, and the pool to NAT (`iptables -t nat -A POSTROUTING -s <subnet> ! -o <device>
    /// -j MASQUERADE`). Open5GS opens the device but does not address it on Linux.
    public static func tunnels(
        for vm: String, in topology: ResolvedTopology
    ) -> [(device: String, gateway: String, prefix: Int, subnet: String)] {
        guard let core = topology.mobileCore, Open5GSFormat(core.software) != nil else { return [] }
        let upfs = Set(core.functions(on: vm).filter { $0.kind == .upf }.map(\.name))
        return core.dnns.filter { upfs.contains($0.upf) }.map { dnn in
            (
                device: dnn.tunDevice, gateway: dnn.gateway, prefix: Open5GSLab.prefix(of: dnn.subnet),
                subnet: dnn.subnet.description
            )
        }
    }

    /// `vms/<vm>/open5gs/<nf>.yaml` for every VM-placed NF: the same bytes the guest gets.
    static func artifacts(_ topology: ResolvedTopology) throws -> [Artifact] {
        try topology.vms.flatMap { vm in
            try files(for: vm.name, in: topology).map { file in
                Artifact(
                    path: "\(vm.paths.directory)/open5gs/\(file.nf).yaml", contents: file.contents,
                    kind: .open5gsConfig)
            }
        }
    }

    static func document(_ nf: ResolvedNF, _ lab: Open5GSLab) throws -> String {
        var document = Open5GSDocument(format: lab.format, section: nf.kind.rawValue)
        if databaseKinds.contains(nf.kind) { document.database() }
        document.common(nf.name)
        if nf.endpoint(.sbi) != nil { document.plainSBI() }
        switch nf.kind {
        case .nrf, .scp, .ausf, .udm, .udr, .pcf, .nssf, .bsf: try Open5GSServiceNFs.build(nf, lab, &document)
        case .amf: try Open5GSAMF.build(nf, lab, &document)
        case .mme: try Open5GSMME.build(nf, lab, &document)
        case .smf: try Open5GSSMF.build(nf, lab, &document)
        case .upf, .sgwc, .sgwu: try Open5GSUserPlane.build(nf, lab, &document)
        case .hss, .pcrf: try Open5GSDiameter.build(nf, lab, &document)
        case .mysql: break
        }
        if let config = nf.config { document.merge(config) }
        return try YAMLWriter.render(
            document.root,
            header: ["# \(nf.name) (\(nf.kind.rawValue)), \(lab.format.label): written by topoc from the topology."])
    }

    static func needsSCTP(_ nf: ResolvedNF) -> Bool {
        [.s1ap, .ngap, .diameter].contains { nf.endpoint($0) != nil }
    }
}
