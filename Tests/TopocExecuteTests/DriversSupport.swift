// Support for the driver tests: the missing-tool policy (skip on a developer machine, fail in CI), a
// private network namespace per test, a temporary lab folder with hand-made artifacts (vm.json, qemu.json,
// cloud-init files, network.json) turned into resources by the real planner, and a hook that records events.
import Foundation
import TopocEmit
import TopocPlan
import TopocTestSupport
import XCTest

@testable import TopocExecute

struct DriverTestFailure: Error, CustomStringConvertible {
    var description: String
}

enum DriverTools {
    static var inCI: Bool { InstallTable.inCI }

    /// Skips when `reason` holds, unless in CI (CI=true), where it fails instead.
    static func unavailable(_ reason: String) throws -> Never {
        try InstallTable.unavailable(reason)
    }

    static func require(_ names: String...) throws {
        for name in names {
            try InstallTable.checkListed([name])
            if CommandRunner.locate(name) == nil { try unavailable("\(name) is not installed") }
        }
    }

    static func requireRoot(_ why: String) throws {
        if geteuid() != 0 { try unavailable("needs root: \(why)") }
    }

    /// Runs `argv` (outside any namespace) and fails unless it exits 0.
    @discardableResult
    static func check(_ argv: [String], in directory: String? = nil, timeout: Double = 60) throws -> CommandOutput {
        try InstallTable.checkListed(argv)
        let result = try CommandRunner().runBlocking(HostCommand(argv, in: directory, timeout: timeout))
        guard result.succeeded else { throw CommandRunner.failure(result, doing: nil) }
        return result
    }
}

/// A network namespace for one test, deleted (with everything in it) at the end.
final class NetworkNamespace {
    let name = "topoc-drv-" + String(UUID().uuidString.prefix(8)).lowercased()

    init() throws {
        try DriverTools.check(["ip", "netns", "add", name])
        try DriverTools.check(["ip", "-n", name, "link", "set", "lo", "up"])
    }

    deinit { _ = try? DriverTools.check(["ip", "netns", "delete", name]) }

    var prefix: [String] { ["ip", "netns", "exec", name] }

    /// `ip -j -d link show dev NAME` inside the namespace, nil when there is no such link.
    func link(_ device: String) throws -> [String: Any]? {
        let result = try CommandRunner().runBlocking(
            HostCommand(["ip", "-n", name, "-j", "-d", "link", "show", "dev", device]))
        guard result.succeeded else { return nil }
        let links = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return links?.first
    }

    /// The IPv4 addresses of `device`, `a.b.c.d/len`.
    func addresses(_ device: String) throws -> [String] {
        let result = try DriverTools.check(["ip", "-n", name, "-j", "-4", "addr", "show", "dev", device])
        let links = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let infos = links?.first?["addr_info"] as? [[String: Any]] ?? []
        return infos.compactMap { info in
            guard let local = info["local"] as? String, let prefix = info["prefixlen"] as? Int else { return nil }
            return "\(local)/\(prefix)"
        }
    }
}

/// A temporary lab folder and the artifacts of its VMs and host network.
///
/// The lab folder sits one level inside the test's own temporary root, so a test may use paths that climb
/// out of the lab (`../shared/local.img`, as users write them) and still stay inside its own folder.
final class DriverLab {
    /// The test's own temporary folder; removed with everything in it.
    let root: URL
    let directory: URL
    private(set) var artifacts: [Artifact] = []

    init(name: String = "lab") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-drv-\(name)-\(UUID().uuidString.prefix(8))")
        directory = root.appendingPathComponent("lab")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var context: LabContext { LabContext(lab: "drvlab", directory: directory, artifacts: artifacts) }

    func path(_ relative: String) -> String { context.path(relative) }

    func resources() throws -> [DesiredResource] { try QEMUBackend().desiredResources(from: artifacts) }

    func resource(_ kind: ResourceID.Kind, _ name: String) throws -> DesiredResource {
        guard let resource = try resources().first(where: { $0.id == ResourceID(kind, name) }) else {
            throw DriverTestFailure(description: "no resource \(kind.rawValue):\(name)")
        }
        return resource
    }

    /// The argv of a small VM: TCG, no disk, no devices, daemonized with pidfile, QMP and serial log.
    static func tinyArgv(
        _ name: String, accel: [String] = ["-accel", "tcg"], paused: Bool = true, extra: [String] = []
    )
        -> [String]
    {
        [
            "qemu-system-x86_64", "-name", "guest=\(name),debug-threads=on", "-uuid",
            "5a0f3c2e-0000-4000-8000-0000000000aa",
        ]
            + ["-machine", "q35"] + accel
            + ["-cpu", "max", "-m", "64M", "-nodefaults", "-no-user-config", "-display", "none"]
            + ["-serial", "file:vms/\(name)/serial.log", "-qmp", "unix:vms/\(name)/qmp.sock,server=on,wait=off"]
            + ["-pidfile", "vms/\(name)/qemu.pid", "-daemonize"] + (paused ? ["-S"] : []) + extra
    }

    /// Adds a VM's vm.json, qemu.json and cloud-init files.
    func addVM(
        _ name: String, argv: [String], image: [String: Any] = [:], diskSize: UInt64? = nil, directories: [String] = [],
        taps: [String] = []
    ) throws {
        let folder = "vms/\(name)"
        var imageSource: [String: Any] = ["name": "base", "format": "qcow2", "base": "images/base.qcow2"]
        imageSource.merge(image) { _, new in new }
        var disk: [String: Any] = ["path": "\(folder)/disk.qcow2"]
        if let diskSize { disk["size"] = diskSize }
        let cloudInit = ["meta-data", "user-data", "network-config"].map { "\(folder)/cloud-init/\($0)" }
        let spec: [String: Any] = [
            "name": name, "host": "local", "accel": "tcg", "image": imageSource, "disk": disk,
            "seed": ["path": "\(folder)/seed.iso", "files": cloudInit],
            "runtime": [
                "pidfile": "\(folder)/qemu.pid", "qmp": "\(folder)/qmp.sock", "serialLog": "\(folder)/serial.log",
                "directories": directories,
            ],
            "startAfter": [String](), "taps": taps,
        ]
        add("\(folder)/vm.json", try json(spec), kind: .vmSpec)
        add("\(folder)/qemu.json", try json(argv), kind: .qemuArgv)
        add(cloudInit[0], "instance-id: \(name)\nlocal-hostname: \(name)\n", kind: .cloudInitMetaData)
        add(cloudInit[1], "#cloud-config\npassword: not-a-real-hash\n", kind: .cloudInitUserData, mode: 0o600)
        add(cloudInit[2], "version: 2\nethernets: {}\n", kind: .cloudInitNetworkConfig)
    }

    /// Adds a host network plan: a bridge with an address and its taps.
    func addNetwork(bridge: String, mtu: Int, address: String?, taps: [String]) throws {
        var steps: [HostStep] = [.createBridge(name: bridge, mtu: mtu)]
        if let address { steps.append(.addAddress(device: bridge, cidr: address)) }
        steps.append(.setUp(device: bridge))
        for tap in taps {
            steps += [.createTap(name: tap), .setMTU(device: tap, mtu: mtu), .attach(tap: tap, bridge: bridge)]
            steps.append(.setUp(device: tap))
        }
        let data = try JSONEncoder().encode(HostNetworkPlan(host: "local", up: steps))
        add("hosts/local/network.json", String(decoding: data, as: UTF8.self), kind: .hostNetworkSteps)
    }

    func add(_ path: String, _ contents: String, kind: ArtifactKind, mode: UInt16 = Artifact.publicMode) {
        artifacts.removeAll { $0.path == path }
        artifacts.append(Artifact(path: path, contents: contents, mode: mode, kind: kind))
    }

    /// A small qcow2 base image at `relative`.
    func makeBaseImage(_ relative: String = "images/base.qcow2", size: String = "16M") throws {
        let target = path(relative)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try DriverTools.check(["qemu-img", "create", "-q", "-f", "qcow2", target, size])
    }

    private func json(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

/// What the drivers reported.
final class RecordingHook: ProgressHook, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [ExecutionEvent] = []

    func event(_ event: ExecutionEvent) { lock.withLock { recorded.append(event) } }

    var events: [ExecutionEvent] { lock.withLock { recorded } }

    var notes: [String] {
        events.compactMap { event in
            if case .note(let text) = event { return text }
            return nil
        }
    }

    var progressSteps: Set<String> {
        Set(
            events.compactMap { event in
                if case .progress(let step, _, _) = event { return step }
                return nil
            })
    }

    var progress: [(fraction: Double, detail: String)] {
        events.compactMap { event in
            if case .progress(_, let fraction, let detail) = event { return (fraction, detail) }
            return nil
        }
    }
}

extension DesiredResource {
    /// What the engine records once a driver returned `attributes`: the desired ones merged with them.
    func recorded(with attributes: [String: String] = [:]) -> RecordedResource {
        RecordedResource(id: id, digests: digests, attributes: self.attributes.merging(attributes) { _, new in new })
    }
}
