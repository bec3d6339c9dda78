// CloudInit/CoreSetupSources owns the seam between a VM's core set-up and the emitters that write the NF and
// RAN config files (Open5GS/, OAI/, UERANSIM/). The set-up takes from them each file's guest path and bytes, the
// unit that runs it and what its guest must provide; which NFs a VM hosts, which packages it installs and which
// tun devices it needs, it reads from the resolved topology itself. Tests substitute their own sources.
import TopocModel

/// An NF's config file in a guest, and what running it needs there.
struct CoreGuestFile: Equatable, Sendable {
    var kind: NFKind
    var path: String
    var contents: String
    /// The systemd unit that reads it: `open5gs-amfd.service`, or a template instance
    /// (`open5gs-upfd@upf-a.service`) when two NFs of one kind share the VM.
    var service: String
    /// The NF reads MongoDB on its own VM.
    var usesDatabase: Bool = false
    /// The NF listens on SCTP (S1AP, NGAP, Diameter).
    var needsSCTP: Bool = false
    /// The unit to write, when no package ships it (OAI).
    var unitFile: String? = nil
}

/// A RAN node's config file and, when a simulator process reads it, that process's argv.
struct RANGuestFile: Equatable, Sendable {
    /// `gnb-<gNB>`, `ue-<group>`: names the process's unit.
    var name: String
    var path: String
    var contents: String
    /// Empty for a file no process is started for.
    var command: [String]
    /// Carries keys (a UE's K and OPc): written 0600.
    var isSecret: Bool = false
    /// The simulator and version (UERANSIM's decides what `ran.install: source` builds).
    var software: RANSoftware? = nil
    /// A gNB's AMF endpoint, which must answer before the gNB starts.
    var amf: NFEndpoint? = nil
    /// A UE group's gNB nodes (`gnb-<gNB>`), whose cells must be up before its UEs start.
    var gnbs: [String] = []
}

/// Where the set-up gets the config files of one VM.
struct CoreSetupSources {
    var coreFiles: (_ vm: String, _ topology: ResolvedTopology) throws -> [CoreGuestFile]
    var ranFiles: (_ vm: String, _ topology: ResolvedTopology) throws -> [RANGuestFile]

    /// The real config emitters.
    static var standard: CoreSetupSources {
        CoreSetupSources(
            coreFiles: { vm, topology in
                try Open5GSConfigs.files(for: vm, in: topology).map { file in
                    CoreGuestFile(
                        kind: file.kind, path: file.guestPath, contents: file.contents,
                        service: CoreSetup.unit(file.service), usesDatabase: file.database != nil,
                        needsSCTP: file.needsSCTP)
                } + OAIGuestFiles.files(for: vm, in: topology)
            },
            ranFiles: { vm, topology in
                (try UERANSIMConfigs.files(for: vm, in: topology) + OAIUEConfigs.files(for: vm, in: topology)).map {
                    file in
                    RANGuestFile(
                        name: file.name, path: file.guestPath, contents: file.contents, command: file.command,
                        isSecret: file.isSecret, software: file.software, amf: file.amf, gnbs: file.gnbs)
                }
            })
    }
}
