// State/ owns the lab's files under `.topoc/<lab>/`: `state.json` (what apply created, written after every
// step so a crash leaves an exact record) and `lock` (one apply or destroy at a time).
import Foundation
import TopocPlan

/// Reads and writes `state.json`. A save is atomic: a reader (or a crash) sees the old file or the new one,
/// never part of one. Saves are serialised, so the store can be shared by concurrent steps.
public final class StateStore: Sendable {
    /// The state file.
    public let file: URL
    private let lock = NSLock()

    public init(file: URL) {
        self.file = file
    }

    /// The store for a lab folder (`.topoc/<lab>`): its `state.json`.
    public convenience init(directory: URL) {
        self.init(file: directory.appendingPathComponent("state.json"))
    }

    /// The recorded state, or nil when nothing was applied yet.
    public func load() throws(ExecutionError) -> LabState? {
        lock.lock()
        defer { lock.unlock() }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            if !FileManager.default.fileExists(atPath: file.path) { return nil }
            throw ExecutionError("cannot read \(file.path): \(error.localizedDescription)")
        }
        let state: LabState
        do {
            state = try JSONDecoder().decode(LabState.self, from: data)
        } catch {
            throw ExecutionError("\(file.path) is not a topoc state file: \(error)")
        }
        guard state.version == LabState.currentVersion else {
            throw ExecutionError(
                "\(file.path) has state version \(state.version); this topoc reads version \(LabState.currentVersion)")
        }
        return state
    }

    /// Writes the state: a temporary file in the same folder (mode 0600), flushed, renamed over the old one,
    /// then the folder flushed so the rename itself survives a crash.
    public func save(_ state: LabState) throws(ExecutionError) {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            data = try encoder.encode(state) + Data("\n".utf8)
        } catch {
            throw ExecutionError("cannot encode the state of lab \(state.lab): \(error)")
        }
        lock.lock()
        defer { lock.unlock() }
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ExecutionError("cannot create \(folder.path): \(error.localizedDescription)")
        }
        try AtomicFile.replace(file.path, with: data)
    }
}
