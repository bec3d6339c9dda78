import ArgumentParser
import TopocPlan

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and check a lab; report every error at once.",
        discussion: """
            Exit status: 0 when the lab is valid (warnings allowed), 1 when it has errors. Errors read \
            `lab.yaml:12:7: error[addr.outside-subnet]: ...`, followed by the source line and notes.
            """)

    @Argument(help: "The topology file.")
    var file: String

    @Option(help: "How to print diagnostics: text (stderr) or json (stdout).")
    var format: OutputFormat = .text

    func run() async throws {
        let input = try LabInput(path: file)
        let result = Compiler.check(bytes: input.bytes, file: file)
        if input.report(result.diagnostics, format: format) {
            throw ExitCode(1)
        }
        if format == .text, let topology = result.topology {
            print(
                "\(file): lab `\(topology.name)` is valid (\(topology.vms.count) VMs, \(topology.networks.count) networks)"
            )
        }
    }
}
