// OAI/OAIUEConfigs owns the config of an `oai` UE group: `ran/<group>/ue.conf`, the libconfig file
// nr-uesoftmodem reads with `-O`, holding the SIM (`uicc0`: IMSI, K, OPc) and the PDU session it asks for
// (DNN and S-NSSAI), in the field names of OAI's own `targets/PROJECTS/GENERIC-NR-5GC/CONF/ue.conf`. One
// process is one UE: the group's further UEs run the same file with `--uicc0.imsi`, which the header lists.
// The radio options (`-r`, `--numerology`, `--band`, `-C`) are the gNB's, which topoc does not emit for OAI.
import TopocModel

enum OAIUEConfigs {
    static let directory = "/etc/oai"

    /// A UE group's file, where it runs (nil: in a pod) and its artifact path.
    struct Placed {
        var file: RANFile
        var vm: String?
        var artifactPath: String
    }

    static func artifacts(_ topology: ResolvedTopology) -> [Artifact] {
        all(topology).map { placed in
            Artifact(
                path: placed.artifactPath, contents: placed.file.contents, mode: Artifact.secretMode, kind: .oaiUE)
        }
    }

    /// The files of the `oai` UE groups that run in `vm`.
    static func files(for vm: String, in topology: ResolvedTopology) -> [RANFile] {
        all(topology).filter { $0.vm == vm }.map(\.file)
    }

    static func all(_ topology: ResolvedTopology) -> [Placed] {
        guard let core = topology.mobileCore else { return [] }
        return core.ues.filter { $0.software == .oai }.map { ue in
            // Without a named gNB, the first OAI one: nr-uesoftmodem connects to one rfsimulator server.
            let gnb = core.gnbs.first { $0.name == ue.gnb } ?? core.gnbs.first { $0.software == .oai }
            let path = "\(directory)/ue-\(ue.name).conf"
            let home = vm(ue.placement) ?? gnb.flatMap { vm($0.placement) }
            let contents = render(ue, gnbAddress: gnb?.address, lab: topology.name, path: path)
            let file = RANFile(name: "ue-\(ue.name)", guestPath: path, contents: contents, command: [], isSecret: true)
            return Placed(file: file, vm: home, artifactPath: "ran/\(ue.name)/ue.conf")
        }
    }

    static func vm(_ placement: Placement?) -> String? {
        if case .vm(let vm)? = placement { return vm }
        return nil
    }

    static func render(_ ue: ResolvedUEGroup, gnbAddress: String?, lab: String, path: String) -> String {
        let last = SubscriberPlan.imsi(ue.imsi, plus: ue.count - 1)
        var run = ["nr-uesoftmodem", "-O", path, "--sa", "--rfsim"]
        if let gnbAddress { run += ["--rfsimulator.serveraddr", gnbAddress] }
        var lines = [
            "# OAI nr-uesoftmodem UE group `\(ue.name)` of lab `\(lab)` (written by topoc).",
            "# Keep it private: it holds K and OPc.",
            "# Run: " + run.joined(separator: " "),
            "#   plus the gNB's radio options (-r, --numerology, --band, -C).",
        ]
        if ue.count > 1 {
            lines.append("# \(ue.count) UEs, IMSIs \(ue.imsi) to \(last): one process each,")
            lines.append("# the others with --uicc0.imsi <IMSI>.")
        }
        lines += ["uicc0 = {", "  imsi = \"\(ue.imsi)\";", "  key = \"\(ue.key)\";", "  opc = \"\(ue.opc)\";"]
        if let dnn = ue.dnn { lines.append("  dnn = \"\(dnn)\";") }
        if let slice = ue.slices.first {
            lines.append("  nssai_sst = \(slice.sst);")
            if let sd = slice.sd { lines.append("  nssai_sd = 0x\(sd);") }
        }
        lines.append("};")
        return lines.joined(separator: "\n") + "\n"
    }
}
