import TopocModel
import TopocParallel

/// What one target adds to the artifacts every target shares: the files only its drivers read (for `qemu`,
/// the command lines, `vm.json` and the host network steps). One conforming type per target, in the
/// target's folder; TopocPlan's `TargetBackends` is the one place that picks it.
public protocol TargetEmitter: Sendable {
    /// The target's lab-wide artifacts, one job each, so they run beside the per-VM work.
    func labJobs(_ topology: ResolvedTopology) -> [Parallel.Job<Artifact>]
    /// The target's own artifacts for one VM.
    func artifacts(for vm: ResolvedVM, in topology: ResolvedTopology) throws -> [Artifact]
}

/// A target whose backend is not built yet adds nothing: its labs get the shared artifacts only (and the
/// compiler says so, located at `target:`).
public struct SharedArtifactsOnly: TargetEmitter {
    public init() {}

    public func labJobs(_ topology: ResolvedTopology) -> [Parallel.Job<Artifact>] { [] }

    public func artifacts(for vm: ResolvedVM, in topology: ResolvedTopology) throws -> [Artifact] { [] }
}
