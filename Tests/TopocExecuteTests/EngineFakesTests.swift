// The fakes the Engine tests share (kept in a file named like the tests it serves): drivers that record each
// call with its start and end, keep a pretend machine (links, running VMs, real disk and seed files in the
// lab folder), and fail or wait where told; and a progress hook that keeps the events.
import Foundation
import TopocExecute
import TopocPlan
import XCTest

final class FakeDrivers: LabDrivers, @unchecked Sendable {  // every stored property is guarded by `lock`
    struct Call: Sendable, Equatable {
        var name: String
        var resource: String
        var started: ContinuousClock.Instant
        var ended: ContinuousClock.Instant
        var text: String { "\(name) \(resource)" }
    }

    private let lock = NSLock()
    private var _calls: [Call] = []
    private var _failures: [String: ExecutionError] = [:]
    private var delays: [String: Duration] = [:]
    private var live: Set<ResourceID> = []
    private var running = 0
    private var _mostRunning = 0
    private var nextPid = 4000

    /// Fails `"startVM vm:server"` (a call's text) with `error`.
    func fail(_ call: String, _ error: ExecutionError = ExecutionError("boom")) { locked { _failures[call] = error } }
    func clearFailures() { locked { _failures = [:] } }
    /// Delays the call with this text, or every call with "*".
    func delay(_ call: String, _ duration: Duration) { locked { delays[call] = duration } }
    /// Pretends a resource vanished behind topoc's back (drift).
    func vanish(_ id: ResourceID) { locked { _ = live.remove(id) } }

    var calls: [Call] { locked { _calls } }
    var texts: [String] { calls.map(\.text) }
    var mostRunning: Int { locked { _mostRunning } }

    func call(_ text: String) -> Call? { calls.first { $0.text == text } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Records the call, waits, fails if told to, else changes the pretend machine.
    private func perform(_ name: String, _ id: ResourceID, effect: () -> Void = {}) async throws(ExecutionError) {
        let text = "\(name) \(id)"
        let (started, delay) = locked { () -> (ContinuousClock.Instant, Duration) in
            running += 1
            _mostRunning = max(_mostRunning, running)
            return (.now, delays[text] ?? delays["*"] ?? .zero)
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let failure = locked { () -> ExecutionError? in
            running -= 1
            _calls.append(Call(name: name, resource: id.description, started: started, ended: .now))
            return _failures[text]
        }
        if let failure { throw failure }
        locked(effect)
    }

    private func touch(_ resource: DesiredResource, _ key: String, lab: LabContext) {
        guard let path = resource.attributes[key].map(lab.path) else { return }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(key.utf8))
    }

    func ensureImage(_ image: DesiredResource, lab: LabContext, hook: any ProgressHook) async throws(ExecutionError)
        -> [String: String]
    {
        try await perform("ensureImage", image.id) { live.insert(image.id) }
        return ["cached": "yes"]
    }

    func createBridge(_ bridge: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        try await perform("createBridge", bridge.id) { live.insert(bridge.id) }
        return [:]
    }

    func createTap(_ tap: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        try await perform("createTap", tap.id) { live.insert(tap.id) }
        return [:]
    }

    func deleteLink(_ link: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        try await perform("deleteLink", link.id) { live.remove(link.id) }
    }

    func createDisk(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        try await perform("createDisk", vm.id) { touch(vm, "disk", lab: lab) }
        return [:]
    }

    func buildSeed(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        try await perform("buildSeed", vm.id) { touch(vm, "seed", lab: lab) }
        return [:]
    }

    func startVM(_ vm: DesiredResource, lab: LabContext, hook: any ProgressHook) async throws(ExecutionError)
        -> [String: String]
    {
        var pid = 0
        try await perform("startVM", vm.id) {
            live.insert(vm.id)
            nextPid += 1
            pid = nextPid
        }
        return ["pid": String(pid)]
    }

    func stopVM(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        try await perform("stopVM", vm.id) { live.remove(vm.id) }
    }

    func removeVMFiles(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        try await perform("removeVMFiles", vm.id) {
            for path in ["disk", "seed"].compactMap({ vm.attributes[$0] }) {
                try? FileManager.default.removeItem(atPath: lab.path(path))
            }
        }
    }

    func status(of resource: RecordedResource, lab: LabContext) -> LiveStatus {
        locked { live.contains(resource.id) ? .present : .missing("\(resource.id) is gone") }
    }

    func checkPrivileges(for changes: ChangeSet) throws(ExecutionError) {
        if let refusal = locked({ _failures["checkPrivileges"] }) { throw refusal }
    }
}

/// Keeps every event.
final class EventLog: ProgressHook, @unchecked Sendable {  // `events` is guarded by `lock`
    private let lock = NSLock()
    private var list: [ExecutionEvent] = []

    func event(_ event: ExecutionEvent) {
        lock.lock()
        list.append(event)
        lock.unlock()
    }

    var events: [ExecutionEvent] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }

    var started: [String] {
        events.compactMap { if case .started(let step) = $0 { step } else { nil } }
    }
}

/// A lab in a temporary folder: an image, a bridge with two taps, a stream server VM and its client.
struct TestLab {
    let directory: URL
    let context: LabContext
    let store: StateStore
    let drivers = FakeDrivers()
    let events = EventLog()
    var desired: [DesiredResource]

    init(_ desired: [DesiredResource] = TestLab.standard) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        context = LabContext(lab: "test", directory: directory, artifacts: [])
        store = StateStore(directory: directory.appendingPathComponent(".topoc/test"))
        self.desired = desired
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func applier(_ parallelism: Int) -> Applier { Applier(drivers: drivers, hook: events, parallelism: parallelism) }

    /// What `topoc diff` would say now: desired resources against the saved state and the pretend machine.
    func plan() throws -> ChangeSet {
        let drivers = drivers
        let context = context
        return Differ.diff(lab: "test", desired: desired, state: try store.load()) {
            drivers.status(of: $0, lab: context)
        }
    }

    func apply(parallelism: Int = 4) async throws -> ApplyResult {
        await applier(parallelism).apply(try plan(), lab: context, store: store)
    }

    mutating func set(_ id: ResourceID, _ facet: Facet, _ digest: String, attribute: (String, String)? = nil) {
        guard let index = desired.firstIndex(where: { $0.id == id }) else { return XCTFail("no \(id)") }
        desired[index].digests[facet] = digest
        if let (key, value) = attribute { desired[index].attributes[key] = value }
    }

    static let standard = [
        DesiredResource(
            id: ResourceID(.image, "debian"), digests: [.source: "s1"], attributes: ["base": "cache/debian"]),
        DesiredResource(id: ResourceID(.bridge, "br0"), digests: [.link: "l1"], attributes: ["mtu": "1500"]),
        tap("t-client"), tap("t-server"),
        vm("server", dependencies: [ResourceID(.tap, "t-server")]),
        vm("client", dependencies: [ResourceID(.tap, "t-client"), ResourceID(.vm, "server")]),
    ]

    static func tap(_ name: String) -> DesiredResource {
        DesiredResource(
            id: ResourceID(.tap, name), digests: [.link: "l1"], attributes: ["bridge": "br0", "mtu": "1500"],
            dependencies: [ResourceID(.bridge, "br0")])
    }

    static func vm(_ name: String, dependencies: [ResourceID] = []) -> DesiredResource {
        let folder = "vms/\(name)"
        return DesiredResource(
            id: ResourceID(.vm, name), digests: [.disk: "d1", .machine: "m1", .seed: "c1"],
            attributes: [
                "disk": "\(folder)/disk.qcow2", "seed": "\(folder)/seed.iso", "pidfile": "\(folder)/qemu.pid",
                "command": "qemu-system-x86_64 -name \(name) -m 512M",
            ],
            dependencies: [ResourceID(.image, "debian")] + dependencies)
    }
}
