// TopocEmit owns the emitters: pure functions from a `ResolvedTopology` to artifacts (file paths and bytes).
// A folder per backend (QEMU, CloudInit, HostNet, Resolved), a file per artifact kind; emitters build
// structures and the renderers in Render/ write text. Nothing here does I/O: the CLI writes the files.
import TopocModel
import TopocParallel

/// What an artifact is, so later stages (plan, execute) can act on kinds rather than on path patterns.
public enum ArtifactKind: String, Sendable, Codable, CaseIterable {
    case qemuArgv
    case qemuScript
    case vmSpec
    case cloudInitMetaData
    case cloudInitUserData
    case cloudInitNetworkConfig
    case hostNetworkSteps
    case hostNetworkScript
    case resolvedTopology
    /// `ran/<gNB>/gnb.yaml`: a UERANSIM gNB.
    case ueransimGNB
    /// `ran/<group>/ue.yaml`: a UERANSIM UE group (K and OPc, 0600).
    case ueransimUE
    /// `core/oai/config.yaml`: OAI CN5G v2's shared NF configuration.
    case oaiConfig
    /// `core/oai/subscribers.sql`: OAI's MySQL subscriber rows (0600).
    case oaiSubscribers
    /// `core/open5gs/subscribers.sh`: `open5gs-dbctl` calls (0600).
    case open5gsSubscriberScript
    /// `core/open5gs/subscribers.json`: MongoDB subscriber documents for `mongoimport` (0600).
    case open5gsSubscriberDocuments
    /// `vms/<vm>/open5gs/<nf>.yaml`: an Open5GS NF's config, as the guest gets it.
    case open5gsConfig
}

/// One file to write.
public struct Artifact: Equatable, Sendable {
    /// Relative to the lab directory (`.topoc/<lab>/`), e.g. `vms/vm1/cloud-init/user-data`.
    public var path: String
    public var contents: String
    /// Permission bits: 0o644 by default, 0o600 for anything carrying secrets, keys or hashes, 0o755 for
    /// scripts.
    public var mode: UInt16
    public var kind: ArtifactKind

    public static let publicMode: UInt16 = 0o644
    public static let secretMode: UInt16 = 0o600
    public static let scriptMode: UInt16 = 0o755

    public init(path: String, contents: String, mode: UInt16 = Artifact.publicMode, kind: ArtifactKind) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.kind = kind
    }
}

/// The entry point of the emit stage.
public enum Emitters {
    /// Every artifact of the lab, sorted by path. Deterministic: the same topology gives the same bytes.
    ///
    /// `resolved.yaml` and the cloud-init seeds are emitted for every target. The QEMU command lines and the
    /// host network steps belong to the `qemu` target; the libvirt and KubeVirt emitters come later.
    public static func emitAll(_ topology: ResolvedTopology) throws -> [Artifact] {
        let qemu = topology.target == .qemu
        // The big single artifacts first, so they start while the per-VM chunks fill the other cores.
        var jobs: [Parallel.Job<Artifact>] = [
            { [try ResolvedYAML.artifact(topology)] },
            {
                try UERANSIMEmitter.artifacts(topology) + OAIEmitter.artifacts(topology)
                    + Open5GSSubscribers.artifacts(topology) + Open5GSConfigs.artifacts(topology)
            },
        ]
        if qemu {
            jobs += topology.hosts.map { host in { try HostNetworkEmitter.artifacts(host: host.name, in: topology) } }
        }
        jobs += Parallel.chunks(of: topology.vms) { vm in
            var made = try CloudInitEmitter.artifacts(vm, in: topology)
            if qemu {
                made += try QEMUEmitter.artifacts(vm, in: topology)
                made.append(try VMSpecEmitter.artifact(vm, in: topology))
            }
            return made
        }
        let artifacts = try Parallel.run(jobs)
        return artifacts.sorted { $0.path < $1.path }
    }
}
