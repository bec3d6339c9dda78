import ArgumentParser
import Foundation
import TopocEmit
import TopocExecute
import TopocModel
import TopocPlan

/// One compiled lab and everything `diff` and `apply` need about it: artifacts, folder, state, drivers.
struct LabSession {
    let input: LabInput
    let resolved: ResolvedTopology
    let artifacts: [Artifact]
    let folder: String
    /// The topology file's folder, absolute (the lab folder's `topology` link points there).
    let topologyFolder: String
    let context: LabContext
    let store: StateStore
    let backend: any TargetBackend
    let drivers: any LabDrivers

    /// Compiles the lab to be applied; reports diagnostics (a target without drivers among them) and exits 1
    /// when it has errors.
    init(file: String, out: String?) throws {
        input = try LabInput(path: file)
        let labDirectory = LabDirectory(file: file, out: out)
        let result = Compiler.compile(bytes: input.bytes, file: file, options: CompileOptions(forApply: true))
        guard !input.report(result.diagnostics, format: .text), let resolved = result.resolved else {
            throw ExitCode(1)
        }
        self.resolved = resolved
        artifacts = result.artifacts
        folder = labDirectory.path(for: resolved.name)
        topologyFolder = labDirectory.topologyFolder
        let directory = URL(fileURLWithPath: folder).standardizedFileURL
        context = LabContext(lab: resolved.name, target: resolved.target, directory: directory, artifacts: artifacts)
        store = StateStore(directory: directory)
        backend = TargetBackends.backend(for: resolved.target)
        do {
            drivers = try LabDriverCatalog().drivers(of: backend)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Desired resources against the recorded state and what is live on the machine.
    func changes() throws -> ChangeSet {
        let desired: [DesiredResource]
        do {
            desired = try QEMUBackend().desiredResources(from: artifacts)
        } catch {
            throw CLIError("cannot plan \(resolved.name): \(error)")
        }
        let state = try loadState()
        if resolved.target != .qemu {
            throw CLIError(
                "`topoc apply` drives `target: qemu` labs; `\(resolved.target.rawValue)` is not supported yet")
        }
        let remote = resolved.vms.filter { $0.host != "local" && resolved.hosts.count > 1 }
        if !remote.isEmpty {
            throw CLIError(
                "the QEMU driver runs VMs on this machine only; \(remote.map(\.name)) are placed on other hosts")
        }
        return Differ.diff(lab: resolved.name, desired: desired, state: state) { recorded in
            drivers.status(of: recorded, lab: context)
        }
    }

    func loadState() throws -> LabState? {
        do {
            return try store.load()
        } catch {
            throw CLIError("cannot read the state of \(resolved.name): \(error)")
        }
    }
}

/// Progress on stderr, one line per step event; nothing is printed from below the CLI.
struct ConsoleHook: ProgressHook {
    let color: Bool

    func event(_ event: ExecutionEvent) {
        let line: String
        switch event {
        case .started(let step): line = "  … \(step)"
        case .succeeded(let step, let seconds): line = paint("  ✓ \(step) (\(String(format: "%.1f", seconds)) s)", "32")
        case .failed(let step, let message): line = paint("  ✗ \(step): \(message)", "31")
        case .progress(let step, let fraction, let detail):
            line = "  … \(step): \(Int(fraction * 100))% \(detail)"
        case .note(let note): line = "  note: \(note)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

enum Terminal {
    /// Colors on a terminal, unless NO_COLOR is set (no-color.org).
    static func colorsOn(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// Asking before changing the machine: on a terminal, only "yes" goes ahead; without one, topoc refuses to
/// guess unless --auto-approve was given.
enum Confirmation {
    static func ask(
        _ question: String, autoApprove: Bool, flag: String = "--auto-approve", onStandardError: Bool = false
    ) throws {
        guard !autoApprove else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("not on a terminal: pass \(flag) to go ahead without confirmation")
        }
        let prompt = "\(question) Only 'yes' is accepted: "
        if onStandardError {
            FileHandle.standardError.write(Data(prompt.utf8))
        } else {
            print(prompt, terminator: "")
        }
        guard readLine() == "yes" else { throw CLIError("cancelled: nothing was changed") }
    }
}
