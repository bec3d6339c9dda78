import ArgumentParser
import Foundation
import TopocExecute
import TopocPlan

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Build the lab on this machine, changing only what differs.",
        discussion: """
            Compiles the lab, writes its artifacts, computes the changes (as `topoc diff` shows them) and \
            carries them out: base images checked or downloaded, bridges and taps, overlay disks, seed ISOs, \
            QEMU processes. Independent steps run in parallel. Every finished step is recorded in \
            `state.json` at once, so after a failure the next apply resumes where this one stopped. A second \
            apply or destroy of the same lab while one runs is refused.
            """)

    @Argument(help: "The topology file.")
    var file: String

    @Option(help: "The lab folder (default: .topoc/<topology>/ next to the file).")
    var out: String?

    @Flag(help: "Do not ask for confirmation.")
    var autoApprove = false

    @Flag(help: "Show the changes and stop.")
    var dryRun = false

    @Option(help: "text, or json for machines: the changes and what was done, as one object on stdout.")
    var format: OutputFormat = .text

    @Option(help: "How many steps may run at once.")
    var parallelism = 4

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        let session = try LabSession(file: file, out: out)
        let lock = try acquireLock(session)
        defer { lock.release() }
        let changes = try session.changes()
        if format == .text {
            print(ChangeRenderer(color: Terminal.colorsOn(STDOUT_FILENO)).render(changes), terminator: "")
        }
        guard changes.hasChanges, !dryRun else {
            if !dryRun { try writeArtifacts(session) }
            if format == .json { print(JSONOutput.encode(ApplyReport(changes: changes, result: nil))) }
            return
        }
        // In JSON mode stdout carries the report only; the question goes where the progress goes.
        try Confirmation.ask("Apply these changes?", autoApprove: autoApprove, onStandardError: format == .json)
        try writeArtifacts(session)
        let hook = ConsoleHook(color: Terminal.colorsOn(STDERR_FILENO))
        let applier = Applier(drivers: session.drivers, hook: hook, parallelism: parallelism)
        let result = await applier.apply(changes, lab: session.context, store: session.store)
        if format == .json {
            print(JSONOutput.encode(ApplyReport(changes: changes, result: result)))
            if result.failed != nil { throw ExitCode(1) }
            return
        }
        try report(result, lab: session.resolved.name)
    }

    private func acquireLock(_ session: LabSession) throws -> LabLock {
        do {
            try FileManager.default.createDirectory(at: session.context.directory, withIntermediateDirectories: true)
            return try LabLock(lab: session.resolved.name, directory: session.context.directory)
        } catch let error as ExecutionError {
            throw CLIError(error.description)
        }
    }

    private func writeArtifacts(_ session: LabSession) throws {
        let writer = ArtifactWriter(folder: session.folder, topologyFolder: session.topologyFolder)
        try writer.write(session.artifacts, changes: writer.changes(for: session.artifacts))
    }

    private func report(_ result: ApplyResult, lab: String) throws {
        guard let failure = result.failed else {
            print("Applied: lab \(lab) is up (\(result.succeeded.count) steps).")
            return
        }
        let skipped = result.notRun.isEmpty ? "" : "; \(result.notRun.count) steps not run"
        throw CLIError(
            "step \(failure.step) failed\(skipped). The state records what exists; run apply again to resume.\n"
                + failure.error.description)
    }
}

/// `topoc apply --format json`: the changes as `topoc diff --format json` prints them, and what the apply did
/// (absent on a dry run or when nothing changes).
struct ApplyReport: Encodable {
    struct Outcome: Encodable {
        struct Failure: Encodable {
            var step: String
            var message: String
        }

        var complete: Bool
        /// Steps in the order they finished.
        var succeeded: [String]
        var failed: [Failure]
        var notRun: [String]
    }

    var lab: String
    var changes: ChangeSet
    var applied: Outcome?

    init(changes: ChangeSet, result: ApplyResult?) {
        lab = changes.lab
        self.changes = changes
        applied = result.map { result in
            Outcome(
                complete: result.isComplete, succeeded: result.succeeded,
                failed: result.failures.map { Outcome.Failure(step: $0.step, message: $0.error.description) },
                notRun: result.notRun)
        }
    }
}
