import ArgumentParser
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocResolve

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compile a lab, print the plan and write its artifacts.",
        discussion: """
            Artifacts (QEMU command lines, cloud-init seeds, host network steps, the resolved topology) are \
            written to the output folder, by default `.topoc/<topology>/` next to the file. Only files whose \
            bytes change are rewritten, each atomically; files an earlier plan wrote and this one does not are \
            removed. Nothing is written when the lab has errors.
            """)

    enum Show: String, ExpressibleByArgument, CaseIterable {
        case summary, resolved, artifacts
    }

    @Argument(help: "The topology file.")
    var file: String

    @Option(help: "Override the lab's target: \(Target.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: String?

    @Option(help: "The output folder (default: .topoc/<topology>/ next to the file).")
    var out: String?

    @Option(help: "What to print: summary, resolved (every derived value, as YAML) or artifacts (their paths).")
    var show: Show = .summary

    @Option(help: "text, or json for machines.")
    var format: OutputFormat = .text

    @Flag(help: "Print the plan without writing anything.")
    var dryRun = false

    func run() async throws {
        let input = try LabInput(path: file)
        var options = CompileOptions()
        if let target {
            guard let parsed = Target(rawValue: target) else {
                throw ValidationError(
                    "--target must be one of \(Target.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.target = parsed
        }
        let labDirectory = LabDirectory(file: file, out: out)
        let result = Compiler.compile(bytes: input.bytes, file: file, options: options)
        let hasErrors = input.report(
            result.diagnostics.filter { $0.severity != .note },
            format: format == .json && result.succeeded ? .text : format)
        guard !hasErrors, let resolved = result.resolved else { throw ExitCode(1) }
        let folder = labDirectory.path(for: resolved.name)
        let writer = ArtifactWriter(folder: folder, topologyFolder: labDirectory.topologyFolder)
        let changes = writer.changes(for: result.artifacts)
        if !dryRun {
            try writer.write(result.artifacts, changes: changes)
        }
        print(render(resolved, result.artifacts, changes, folder: folder), terminator: "")
    }

    private func render(_ lab: ResolvedTopology, _ artifacts: [Artifact], _ changes: [ArtifactChange], folder: String)
        -> String
    {
        switch (show, format) {
        case (.resolved, _):
            return artifacts.first { $0.kind == .resolvedTopology }?.contents ?? ""
        case (.artifacts, .text):
            return artifacts.map { "\(folder)/\($0.path)\n" }.joined()
        case (_, .json):
            return JSONOutput.encode(PlanReport(lab: lab, changes: changes, folder: folder)) + "\n"
        case (.summary, .text):
            return PlanSummary.render(lab, changes: changes)
                + (dryRun ? "(dry run: nothing written)\n" : "written to \(folder)\n")
        }
    }
}

struct PlanReport: Encodable {
    struct Change: Encodable {
        var path: String
        var action: String
    }

    var lab: String
    var folder: String
    var vms: [String]
    var networks: [String]
    var changes: [Change]

    init(lab: ResolvedTopology, changes: [ArtifactChange], folder: String) {
        self.lab = lab.name
        self.folder = folder
        vms = lab.vms.map(\.name)
        networks = lab.networks.map(\.name)
        self.changes = changes.map { Change(path: $0.path, action: $0.action.rawValue) }
    }
}
