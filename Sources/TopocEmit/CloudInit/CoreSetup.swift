// CloudInit/CoreSetup owns what a VM's first boot does for the mobile core, and calls RANSetup for the RAN:
// install the software (`core.install`), write each NF's config file, set up the UPF host side (tun devices with
// exactly their gateway addresses, forwarding, NAT) at every boot before the UPF starts, mask every Open5GS
// daemon and networkd file the VM does not use, and start exactly the daemons it hosts, in dependency order.
// The order within the boot is the point (SystemdUnits says when each cloud-init module runs): what must not
// apply is neutralised in the init stage (a hold in bootcmd, masks and drop-ins in write_files), before any
// package is installed and before the final stage's runcmd starts our units. UserData puts these files and
// commands before the user's own. Every command is an argv list; what needs a shell is one of the fixed
// scripts of CoreSetupScripts, which get the lab's values as arguments.
import TopocModel

/// A VM's share of the core set-up, merged into its user-data.
struct CoreSetupParts: Equatable, Sendable {
    var bootcmd: [Command] = []
    var writeFiles: [WriteFile] = []
    var runcmd: [Command] = []

    var isEmpty: Bool { bootcmd.isEmpty && writeFiles.isEmpty && runcmd.isEmpty }
}

/// One UE pool of a UPF on this VM, as topoc-upf-setup takes it.
struct UPFTunnel: Equatable, Sendable {
    var device: String
    /// The gateway with the pool's prefix length: `10.45.0.1/16`.
    var gateway: String
    var subnet: String

    var arguments: [String] { [device, gateway, subnet] }
}

enum CoreSetup {
    static let ppa = "ppa:open5gs/latest"

    /// The order a VM starts its Open5GS daemons in. NRF, then SCP: the order verified with real daemons
    /// (ARTIFACTS 11); every other NF registers with them. Then the NFs in front of the databases (HSS, UDR)
    /// and those that query them, so they answer when asked; then the user plane, before the control plane
    /// that associates with it over PFCP (the SMF and SGW-C start the association, so it succeeds at once
    /// instead of on a retry); the RAN-facing MME and AMF last, so a RAN node finds a core that is up. NFs on
    /// other VMs come up on their own time: every Open5GS NF retries registration, PFCP and Diameter.
    static let startOrder: [NFKind] = [
        .nrf, .scp, .hss, .udr, .pcrf, .udm, .ausf, .pcf, .bsf, .nssf, .upf, .sgwu, .smf, .sgwc, .amf, .mme,
    ]

    /// Every daemon the Open5GS packages ship; the `open5gs` metapackage installs and enables them all, as an
    /// image built with it does. SEPP is no NF kind of topoc's, so it is never placed, only stopped.
    static let open5GSDaemons = [
        "nrf", "scp", "sepp", "amf", "smf", "upf", "ausf", "udm", "udr", "pcf", "nssf", "bsf",
        "mme", "sgwc", "sgwu", "hss", "pcrf",
    ]

    /// The networkd files `open5gs-upf` installs (conffiles in /etc/systemd/network), which create `ogstun` with
    /// the upstream sample addresses wherever the package is, including VMs that host no UPF when an image or a
    /// user command installs every package. Emptied on every VM of an Open5GS lab, in the init stage: networkd
    /// skips empty files (systemd.network(5)), dpkg keeps them (`--force-confold`) when the package comes later,
    /// and topoc-upf-setup owns the tun devices, with the lab's addresses, on the UPFs' VMs only.
    static let networkdFiles = ["/etc/systemd/network/99-open5gs.netdev", "/etc/systemd/network/99-open5gs.network"]

    /// The tun devices the packaged networkd files create: removed wherever the lab declares no such device,
    /// since an image that already carries the package has them applied before any user-data runs.
    static let packagedTunDevices = ["ogstun"]

    static func parts(
        for vm: ResolvedVM, in topology: ResolvedTopology, sources: CoreSetupSources = .standard
    ) throws -> CoreSetupParts {
        guard let core = topology.mobileCore else { return CoreSetupParts() }
        let open5GS = isOpen5GS(core.software)
        let nfs = core.functions(on: vm.name)
        let configs = nfs.isEmpty ? [] : try ordered(sources.coreFiles(vm.name, topology))
        let ranFiles = try sources.ranFiles(vm.name, topology)
        guard open5GS || !configs.isEmpty || !ranFiles.isEmpty else { return CoreSetupParts() }

        var parts = CoreSetupParts()
        let daemons = unique(configs.map(\.service))
        let others = open5GS ? open5GSDaemons.map { "open5gs-\($0)d.service" }.filter { !daemons.contains($0) } : []
        if open5GS {
            parts.bootcmd.append(SystemdUnits.holdOnFirstBoot(open5GSDaemons.map { "open5gs-\($0)d.service" }))
        }
        parts.writeFiles += configs.map { WriteFile(path: $0.path, content: $0.contents) }
        if open5GS { parts.writeFiles += networkdFiles.map { WriteFile(path: $0, content: "") } }
        parts.writeFiles += others.map(SystemdUnits.mask)
        // Units no package ships (OAI's), and OAI's template renderer.
        let ownUnits = configs.compactMap { config in
            config.unitFile.map { WriteFile(path: "\(CoreSetupScripts.unitDirectory)/\(config.service)", content: $0) }
        }
        parts.writeFiles += ownUnits
        if !open5GS && !ownUnits.isEmpty {
            parts.writeFiles.append(script(OAIGuestFiles.renderScriptPath, OAIGuestFiles.renderScript))
        }
        let templates = startOrder.filter { kind in configs.contains { $0.kind == kind && $0.service.contains("@") } }
        parts.writeFiles += templates.map { kind in
            WriteFile(
                path: "\(CoreSetupScripts.unitDirectory)/open5gs-\(kind.rawValue)d@.service",
                content: CoreSetupScripts.templateUnitFile(
                    kind: kind, database: Open5GSConfigs.databaseKinds.contains(kind)))
        }
        let sctp = configs.contains(where: \.needsSCTP)
        if sctp { parts.writeFiles.append(WriteFile(path: sctpModulesFile, content: "sctp\n")) }
        let tunnels = Open5GSConfigs.tunnels(for: vm.name, in: topology).map { tunnel in
            UPFTunnel(device: tunnel.device, gateway: "\(tunnel.gateway)/\(tunnel.prefix)", subnet: tunnel.subnet)
        }
        let strays = open5GS ? packagedTunDevices.filter { device in !tunnels.contains { $0.device == device } } : []
        let tunArguments = strays.flatMap { ["--remove", $0] } + tunnels.flatMap(\.arguments)
        if !tunArguments.isEmpty {
            parts.writeFiles.append(script(CoreSetupScripts.upfSetupPath, CoreSetupScripts.upfSetup))
        }
        if !tunnels.isEmpty {
            parts.writeFiles.append(
                WriteFile(
                    path: "\(CoreSetupScripts.unitDirectory)/\(CoreSetupScripts.upfUnit)",
                    content: CoreSetupScripts.upfUnitFile(arguments: tunArguments)))
        }
        if open5GS { parts.writeFiles += startOrderDropIns(configs, tunnels: !tunnels.isEmpty) }
        let ranCommands = RANSetup.parts(ranFiles, install: topology.ran.install, parts: &parts)

        if !nfs.isEmpty {
            parts.runcmd += install(
                topology.core?.install ?? .package, nfs: open5GS ? nfs : [], configs: configs, parts: &parts)
        }
        // systemd-modules-load reads the file above at every later boot; on this one it ran before the file existed.
        if sctp { parts.runcmd.append(.argv(["modprobe", "sctp"])) }
        // A VM without a UPF has no unit that runs at every boot to remove the package's tun device: once is
        // enough, the emptied networkd files keep it from coming back.
        if tunnels.isEmpty && !strays.isEmpty {
            parts.runcmd.append(.argv([CoreSetupScripts.upfSetupPath] + tunArguments))
        }
        // One start for all of the VM's core units, in the order of the drop-ins above: UPF host side, NFs.
        let start = (tunnels.isEmpty ? [] : [CoreSetupScripts.upfUnit]) + daemons
        if !start.isEmpty {
            parts.runcmd.append(.argv([CoreSetupScripts.servicesPath, "start"] + start))
            parts.writeFiles.append(script(CoreSetupScripts.servicesPath, CoreSetupScripts.services))
        }
        if open5GS { try subscribers(core, nfs: nfs, parts: &parts) }
        // The RAN last (RANSetup): its units wait for their AMF themselves, without holding up cloud-init.
        parts.runcmd += ranCommands
        return parts
    }

    static let subscribersPath = "/etc/topoc/subscribers.json"

    /// The UEs' subscriber records go into the MongoDB of every VM whose HSS or UDR reads them (each uses
    /// its own `localhost` database), upserted by IMSI so a rerun changes nothing: UEs attach without hand
    /// edits. The file holds K and OPc, so it is 0600.
    static func subscribers(_ core: ResolvedCore, nfs: [ResolvedNF], parts: inout CoreSetupParts) throws {
        let groups = SubscriberPlan.groups(core)
        guard !groups.isEmpty, nfs.contains(where: { $0.kind == .udr || $0.kind == .hss }) else { return }
        parts.writeFiles.append(
            WriteFile(path: subscribersPath, content: try Open5GSSubscribers.documents(groups), permissions: "0600"))
        parts.runcmd.append(
            .argv([
                "mongoimport", "--uri", Open5GSConfigs.databaseURI, "--collection", "subscribers", "--mode", "upsert",
                "--upsertFields", "imsi", "--file", subscribersPath,
            ]))
    }

    static let sctpModulesFile = "/etc/modules-load.d/topoc-sctp.conf"

    /// A drop-in per Open5GS daemon of the VM ordering it after the daemons of earlier kinds on the same VM
    /// (`startOrder`), at every boot and when the set-up starts them all at once; the UPF also needs its tun
    /// devices (topoc-upf.service) and the SGW-U, beside it, starts after them too. Ordering only, between NFs:
    /// one that fails does not keep the others down. NFs on other VMs cannot be ordered by systemd; every Open5GS
    /// NF retries NRF registration, PFCP association and Diameter connections until its peer answers.
    static func startOrderDropIns(_ configs: [CoreGuestFile], tunnels: Bool) -> [WriteFile] {
        var earlier: [String] = []
        var dropIns: [WriteFile] = []
        for kind in startOrder {
            let units = unique(configs.filter { $0.kind == kind }.map(\.service))
            let needsTun = tunnels && (kind == .upf || kind == .sgwu)
            let after = (needsTun ? [CoreSetupScripts.upfUnit] : []) + earlier
            dropIns += units.map { unit in
                SystemdUnits.orderingDropIn(
                    for: unit, after: after, requires: needsTun && kind == .upf ? [CoreSetupScripts.upfUnit] : [])
            }
            earlier += units
        }
        return dropIns.filter { !$0.content.hasSuffix("[Unit]\n") }
    }

    /// The config files in start order (kinds by `startOrder`, the emitter's order within a kind).
    static func ordered(_ files: [CoreGuestFile]) -> [CoreGuestFile] {
        startOrder.flatMap { kind in files.filter { $0.kind == kind } }
            + files.filter { !startOrder.contains($0.kind) }
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// A unit name with its type: `open5gs-amfd` becomes `open5gs-amfd.service`.
    static func unit(_ name: String) -> String {
        name.hasSuffix(".service") ? name : name + ".service"
    }

    static func isOpen5GS(_ software: CoreSoftware) -> Bool {
        switch software {
        case .open5gs27, .open5gs26: true
        case .oai2: false
        }
    }

    /// `open5gs-upfd.service`.
    static func daemon(_ kind: NFKind) -> String { "open5gs-\(kind.rawValue)d.service" }

    /// The kinds placed on the VM, each once, in start order (`mysql` is OAI's and never placed with Open5GS).
    static func startKinds(_ nfs: [ResolvedNF]) -> [NFKind] {
        startOrder.filter { kind in nfs.contains { $0.kind == kind } }
    }

    // MARK: - Install

    /// `package`: the Open5GS PPA, then only the placed NFs' packages (so no other daemon is even installed),
    /// for Open5GS only (OAI ships container images, not packages: its NFs are passed in as none),
    /// MongoDB first where an NF needs it (so the packages' `Recommends: mongodb-org | mongodb` is met by it),
    /// and iptables for the UPF's NAT. Our config files are already in place (write_files runs before runcmd):
    /// dpkg keeps them (`--force-confold`) instead of asking. UERANSIM has no package: nothing is installed for
    /// a RAN node (`ran.install` does, RANSetup). `none`: nothing. `command`: the user's command, on every VM with NFs.
    static func install(
        _ method: InstallMethod, nfs: [ResolvedNF], configs: [CoreGuestFile], parts: inout CoreSetupParts
    ) -> [Command] {
        switch method {
        case .none:
            return []
        case .command(let command):
            return [command]
        case .package:
            let kinds = startKinds(nfs)
            guard !kinds.isEmpty else { return [] }
            var commands: [Command] = [
                .argv(["add-apt-repository", "-y", ppa]),
                .argv(["apt-get", "update"]),
            ]
            if configs.contains(where: \.usesDatabase) {
                parts.writeFiles.append(script(CoreSetupScripts.mongoDBPath, CoreSetupScripts.installMongoDB))
                commands.append(.argv([CoreSetupScripts.mongoDBPath]))
            }
            var packages = kinds.map { "open5gs-\($0.rawValue)" }
            if kinds.contains(.upf) { packages.append("iptables") }
            commands.append(
                .argv(
                    [
                        "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                        "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
                    ] + packages))
            return commands
        }
    }

    /// A name as a unit name's part: characters systemd does not take in a unit name become `-`.
    static func unitName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        let mapped = String(name.map { allowed.contains($0) ? $0 : "-" })
        return mapped.isEmpty ? "node" : mapped
    }

    static func script(_ path: String, _ text: String) -> WriteFile {
        WriteFile(path: path, content: text, permissions: "0755")
    }
}
