import ArgumentParser
import Foundation
import TopocPlan

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what `apply` would change.",
        discussion: """
            Compares the lab as compiled now with the state `apply` recorded and with what is live on the \
            machine (is each QEMU running, does each bridge and tap exist), and prints create / update / \
            replace / delete per resource with the reason. A VM that died or a bridge deleted by hand shows up \
            as a change.
            """)

    @Argument(help: "The topology file.")
    var file: String

    @Option(help: "The lab folder (default: .topoc/<topology>/ next to the file).")
    var out: String?

    @Option(help: "text, or json for machines.")
    var format: OutputFormat = .text

    @Flag(help: "Exit 0 when there are no changes, 2 when there are some, 1 on errors.")
    var detailedExitcode = false

    @Flag(help: "Also list resources that do not change.")
    var all = false

    func run() async throws {
        let session = try LabSession(file: file, out: out)
        let changes = try session.changes()
        switch format {
        case .text:
            print(
                ChangeRenderer(color: Terminal.colorsOn(STDOUT_FILENO)).render(changes, showUnchanged: all),
                terminator: "")
        case .json:
            print(JSONOutput.encode(changes))
        }
        if detailedExitcode, changes.hasChanges { throw ExitCode(2) }
    }
}
