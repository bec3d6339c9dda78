import ArgumentParser
import Foundation
import TopocExecute

struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Run the lab's generated smoke test in its running guests.",
        discussion: """
            For each VM that runs UERANSIM, runs its `vms/<vm>/smoke.sh` in the guest through the QEMU guest \
            agent: NG Setup of each gNB, registration of each UE, the PDU session each UE requests and a ping \
            through its uesimtun interface to the DNN's gateway on the UPF, all read from UERANSIM's nr-cli. \
            Prints a table per gNB and per UE and slice (or JSON with --format json). Exit status: 0 when every \
            check passed, 1 otherwise (a failed check, a guest that does not answer, nothing to check).
            """)

    @Argument(help: "The topology file of a lab `topoc apply` brought up.")
    var file: String

    @Option(help: "The lab folder (default: .topoc/<topology>/ next to the file).")
    var out: String?

    @Option(help: "How to print the report: text (a table) or json.")
    var format: OutputFormat = .text

    @Option(help: "Seconds to wait for each guest agent to answer.")
    var agentTimeout: Double = 60

    @Option(help: "Seconds one VM's smoke script may run.")
    var timeout: Double = 300

    func run() async throws {
        let session = try LabSession(file: file, out: out)
        let targets = SmokeTarget.all(
            session.resolved, artifacts: session.artifacts, directory: session.context.directory)
        guard !targets.isEmpty else {
            throw CLIError(
                "lab \(session.resolved.name) runs no UERANSIM gNB or UE in a VM: there is nothing to smoke-test")
        }
        let report = SmokeRunner(agentTimeout: agentTimeout, scriptTimeout: timeout).run(targets)
        switch format {
        case .text:
            print(SmokeTable.render(report), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if !report.passed { throw ExitCode(1) }
    }
}
