// CloudInit/RANSetup owns what a VM's first boot does for its RAN simulators: install UERANSIM (`ran.install`),
// write each gNB's and UE group's config, and a systemd unit per simulator process whose dependencies make the
// start-up converge whatever order the lab's VMs come up in:
// - a gNB unit waits (ExecStartPre=, bounded) until its AMF's NGAP endpoint accepts an SCTP association, runs
//   nr-gnb under a watcher that tells systemd it is ready once NG Setup succeeded (Type=notify) and exits when NG
//   Setup fails or the association drops (nr-gnb itself keeps running with a barred cell), so `Restart=` fires;
// - a UE unit is ordered after its gNB's unit and requires it: it starts once the cell is up, and the gNB's
//   unit restarts it (ExecStartPost=, without blocking) each time its cell is up again, since systemd's own
//   restarts of the gNB pull in no other unit.
// No loop spins: systemd restarts the units, the AMF probe sleeps between tries and gives up after a timeout.
// The units start without blocking cloud-init (`--no-block`): a RAN VM may come up long before its core.
import TopocModel

enum RANSetup {
    static let helperPath = "/usr/local/sbin/topoc-ran"
    static let installPath = "/usr/local/sbin/topoc-install-ueransim"
    /// How long one start waits for the AMF before systemd retries the unit (`RestartSec=` later).
    static let amfWaitSeconds = 120
    /// A start (AMF wait, then NG Setup) that takes longer than this is failed and retried.
    static let startTimeoutSeconds = 240

    /// The public release each UERANSIM line builds with `ran.install: source`: its tag, and the commit that
    /// tag named when topoc was written (checked after the clone, so a moved tag is refused).
    static func release(_ software: RANSoftware) -> (tag: String, commit: String)? {
        switch software {
        case .ueransim33: ("v3.3.0", "6bf5a1a96aaef6ae8778b9d8b477ac6e2bbf8156")
        case .ueransim32: ("v3.2.8", "ca1a66fffe282767bb08618af9f848e3b68ea47b")
        case .oai: nil
        }
    }

    /// Writes the RAN files, the helper and a unit per simulator process; returns the commands that install
    /// UERANSIM and start the units (after the core's own set-up).
    static func parts(_ files: [RANGuestFile], install: RANInstallMethod, parts: inout CoreSetupParts) -> [Command] {
        guard !files.isEmpty else { return [] }
        let units = unitNames(files)
        for file in files {
            parts.writeFiles.append(
                WriteFile(path: file.path, content: file.contents, permissions: file.isSecret ? "0600" : "0644"))
        }
        let running = files.filter { !$0.command.isEmpty }
        guard !running.isEmpty else { return [] }
        parts.writeFiles.append(CoreSetup.script(helperPath, RANSetupScripts.helper))
        for file in running {
            guard let unit = units[file.name] else { continue }
            let content: String
            if file.name.hasPrefix("gnb-") {
                let ues = running.filter { $0.gnbs.contains(file.name) }.compactMap { units[$0.name] }
                content = RANSetupScripts.gnbUnitFile(node: file.name, command: file.command, amf: file.amf, ues: ues)
            } else {
                let gnbs = file.gnbs.compactMap { units[$0] }
                content = RANSetupScripts.ueUnitFile(node: file.name, command: file.command, gnbs: gnbs)
            }
            parts.writeFiles.append(WriteFile(path: "\(CoreSetupScripts.unitDirectory)/\(unit)", content: content))
        }
        let started = running.compactMap { units[$0.name] }
        return installCommands(install, files: running, parts: &parts) + [
            .argv(["systemctl", "daemon-reload"]),
            .argv(["systemctl", "enable"] + started),
            .argv(["systemctl", "start", "--no-block"] + started),
        ]
    }

    /// `topoc-gnb-<gNB>.service`, `topoc-ue-<group>.service`, by file name; a name that maps onto another's
    /// unit gets `-2`, `-3`, ...
    static func unitNames(_ files: [RANGuestFile]) -> [String: String] {
        var units: [String: String] = [:]
        var taken: Set<String> = []
        for file in files where !file.command.isEmpty {
            let base = "topoc-" + CoreSetup.unitName(file.name)
            var unit = base + ".service"
            var suffix = 2
            while taken.contains(unit) {
                unit = "\(base)-\(suffix).service"
                suffix += 1
            }
            taken.insert(unit)
            units[file.name] = unit
        }
        return units
    }

    /// `source`: the pinned release of each UERANSIM line the VM runs; `none`: nothing; `command`: the user's.
    static func installCommands(_ method: RANInstallMethod, files: [RANGuestFile], parts: inout CoreSetupParts)
        -> [Command]
    {
        switch method {
        case .none:
            return []
        case .command(let command):
            return [command]
        case .source:
            var releases: [(tag: String, commit: String)] = []
            for software in RANSoftware.allCases.reversed() where files.contains(where: { $0.software == software }) {
                if let release = release(software) { releases.append(release) }
            }
            guard !releases.isEmpty else { return [] }
            parts.writeFiles.append(CoreSetup.script(installPath, RANSetupScripts.installFromSource))
            return releases.map { .argv([installPath, $0.tag, $0.commit]) }
        }
    }
}
