// TopocEmit owns the emitters: pure functions from a `ResolvedTopology` to artifacts (file paths and bytes).
// A folder per kind of output (CloudInit, Open5GS, OAI, UERANSIM, Resolved) shared by every target, and a
// folder per target backend (QEMU, with HostNet) for what only that target needs; a file per artifact
// kind. Emitters build structures and the renderers in Render/ write text. Nothing here does I/O: the CLI
// writes the files.
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
    /// `ran/<group>/ue.conf`: an OAI nr-uesoftmodem UE group (K and OPc, 0600).
    case oaiUE
    /// `core/open5gs/subscribers.sh`: `open5gs-dbctl` calls (0600).
    case open5gsSubscriberScript
    /// `core/open5gs/subscribers.json`: MongoDB subscriber documents for `mongoimport` (0600).
    case open5gsSubscriberDocuments
    /// `vms/<vm>/open5gs/<nf>.yaml`: an Open5GS NF's config, as the guest gets it.
    case open5gsConfig
    /// `kubevirt/objects/<kind>-<name>.yaml`: one Kubernetes object of a `kubevirt` lab.
    case kubeObject
    /// `kubevirt/applyset.yaml`: the lab's ApplySet parent, which kubectl maintains.
    case kubeApplySetParent
    /// `kubevirt/kubevirt-cr-patch.yaml`: cluster-wide migration settings, a merge patch for the KubeVirt CR.
    case kubeVirtPatch
    /// `vms/<vm>/smoke.sh`: the smoke test of the UERANSIM gNBs and UEs in that VM (`topoc smoke`).
    case smokeTest
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
    /// `resolved.yaml`, the core and RAN configurations and the cloud-init seeds are the same on every
    /// target; `target` adds what only its target needs (for `qemu`: command lines, `vm.json`, host network
    /// steps). TopocPlan's `TargetBackends` picks the target emitter.
    public static func emitAll(_ topology: ResolvedTopology, target: any TargetEmitter) throws -> [Artifact] {
        // The big single artifacts first, so they start while the per-VM chunks fill the other cores.
        var jobs: [Parallel.Job<Artifact>] = [
            { [try ResolvedYAML.artifact(topology)] },
            {
                try UERANSIMEmitter.artifacts(topology) + OAIEmitter.artifacts(topology)
                    + OAIUEConfigs.artifacts(topology) + Open5GSSubscribers.artifacts(topology)
                    + Open5GSConfigs.artifacts(topology) + SmokeScriptEmitter.artifacts(topology)
            },
        ]
        jobs += target.labJobs(topology)
        jobs += Parallel.chunks(of: topology.vms) { vm in
            try CloudInitEmitter.artifacts(vm, in: topology) + target.artifacts(for: vm, in: topology)
        }
        let artifacts = try Parallel.run(jobs)
        return artifacts.sorted { $0.path < $1.path }
    }
}
