// The contracts between the engine (which decides what to run, in what order, and records state) and a
// target's drivers (which touch the machine). The engine speaks of the resources Plan knows (images,
// bridges, taps, VMs) and of the facets of a VM (disk, seed, machine); what each means on the machine is the
// drivers' business, chosen per target by the backend (Backends/). The engine is tested with fake drivers;
// the drivers with the real tools.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan

/// What happens during an apply or destroy, for the CLI to show. Nothing in TopocExecute prints.
public enum ExecutionEvent: Sendable, Equatable {
    case started(step: String)
    case succeeded(step: String, seconds: Double)
    case failed(step: String, message: String)
    /// Long steps (downloads) report how far they are, 0...1.
    case progress(step: String, fraction: Double, detail: String)
    /// Decisions worth knowing ("KVM does not work here: using TCG").
    case note(String)
}

public protocol ProgressHook: Sendable {
    func event(_ event: ExecutionEvent)
}

/// A failure with the command that failed and what it said.
public struct ExecutionError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    /// The command, when a host command failed.
    public var command: [String]?
    public var stderr: String?

    public init(_ message: String, command: [String]? = nil, stderr: String? = nil) {
        self.message = message
        self.command = command
        self.stderr = stderr
    }

    public var description: String {
        var text = message
        if let command { text += "\n  command: " + command.joined(separator: " ") }
        if let stderr, !stderr.isEmpty {
            text += "\n  stderr: " + stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return text
    }
}

/// The lab being worked on: its target, its folder (absolute) and its artifacts by path.
public struct LabContext: Sendable {
    public var lab: String
    public var target: Target
    public var directory: URL
    public var artifacts: [String: Artifact]

    public init(lab: String, target: Target = .qemu, directory: URL, artifacts: [Artifact]) {
        self.lab = lab
        self.target = target
        self.directory = directory
        self.artifacts = Dictionary(artifacts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// An absolute path for a path relative to the lab directory (absolute paths stay as they are).
    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : directory.appendingPathComponent(relative).standardizedFileURL.path
    }
}

/// Everything the engine asks of a target's machine. Each call does one thing, is safe to repeat after a
/// failure, and returns the attributes to record so a later destroy can find what it made. (For `qemu`,
/// `HostDrivers`: host tools and QEMU processes.)
public protocol LabDrivers: Sendable {
    /// Makes the base image available where the target's VMs are built from it (downloading and verifying, or
    /// checking a local file).
    func ensureImage(_ image: DesiredResource, lab: LabContext, hook: any ProgressHook) async throws(ExecutionError)
        -> [String: String]

    func createBridge(_ bridge: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String]
    /// Creates the tap if needed, sets its MTU and attaches it to its bridge (also re-attaches an existing one).
    func createTap(_ tap: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String]
    /// Deletes a bridge or tap; a link that is already gone is fine.
    func deleteLink(_ link: RecordedResource, lab: LabContext) async throws(ExecutionError)

    /// Creates the VM's writable disk on its base image (replacing an old one).
    func createDisk(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String]
    /// Builds the VM's cloud-init seed from the cloud-init artifacts.
    func buildSeed(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String]
    /// Starts the VM and returns once it runs; records what finds it again (a pid, a domain).
    func startVM(_ vm: DesiredResource, lab: LabContext, hook: any ProgressHook) async throws(ExecutionError)
        -> [String: String]
    /// Stops the VM; a VM that is not running is fine.
    func stopVM(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError)
    /// Removes the VM's disk, seed and runtime files.
    func removeVMFiles(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError)

    /// What is true on the machine now for a recorded resource (drift detection).
    func status(of resource: RecordedResource, lab: LabContext) -> LiveStatus
    /// Refuses early, with a clear message, when the changes need privileges this process lacks.
    func checkPrivileges(for changes: ChangeSet) throws(ExecutionError)
}
