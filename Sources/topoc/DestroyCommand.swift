import ArgumentParser
import Foundation
import TopocExecute
import TopocPlan

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove everything apply created for a lab, and nothing else.",
        discussion: """
            Stops the VMs, removes their disks and seeds, deletes the taps and bridges — exactly what the \
            lab's state records, in reverse order. Works when the topology has changed or is gone: give the \
            state file with --state. Downloaded base images stay in the cache.
            """)

    @Argument(help: "The topology file (optional with --state).")
    var file: String?

    @Option(help: "The lab folder (default: .topoc/<topology>/ next to the file).")
    var out: String?

    @Option(help: "The state file to destroy from (e.g. .topoc/<lab>/state.json), instead of the topology.")
    var state: String?

    @Flag(help: "Do not ask for confirmation.")
    var autoApprove = false

    @Option(help: "How many steps may run at once.")
    var parallelism = 4

    func validate() throws {
        guard file != nil || state != nil else { throw ValidationError("give the topology file or --state") }
    }

    func run() async throws {
        let stateFile = try locateState()
        let store = StateStore(file: stateFile)
        let directory = stateFile.deletingLastPathComponent()
        let recorded: LabState
        do {
            guard let loaded = try store.load() else {
                print("Nothing to destroy: \(stateFile.path) does not exist.")
                return
            }
            recorded = loaded
        } catch {
            throw CLIError("cannot read \(stateFile.path): \(error)")
        }
        let lock: LabLock
        do {
            lock = try LabLock(lab: recorded.lab, directory: directory)
        } catch {
            throw CLIError(error.description)
        }
        defer { lock.release() }
        print("Destroy lab \(recorded.lab): \(recorded.resources.count) resources.")
        try Confirmation.ask("Destroy it?", autoApprove: autoApprove)
        let context = LabContext(
            lab: recorded.lab, target: recorded.target, directory: URL(fileURLWithPath: recorded.directory),
            artifacts: [])
        let drivers: any LabDrivers
        do {
            drivers = try LabDriverCatalog().drivers(of: TargetBackends.backend(for: recorded.target))
        } catch {
            throw CLIError(error.description)
        }
        let hook = ConsoleHook(color: Terminal.colorsOn(STDERR_FILENO))
        let applier = Applier(drivers: drivers, hook: hook, parallelism: parallelism)
        let result = await applier.destroy(state: recorded, lab: context, store: store)
        if let failure = result.failed {
            throw CLIError("step \(failure.step) failed; the state keeps what is left.\n" + failure.error.description)
        }
        try? FileManager.default.removeItem(at: stateFile)
        print("Destroyed: lab \(recorded.lab) is gone.")
    }

    private func locateState() throws -> URL {
        if let state { return URL(fileURLWithPath: state).standardizedFileURL }
        guard let file else { throw CLIError("give the topology file or --state") }
        let session = try LabSession(file: file, out: out)
        return session.store.file
    }

}
