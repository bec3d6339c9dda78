// Smoke/SmokeRunner owns running a lab's smoke scripts in its guests: for each VM with a `smoke.sh`, one
// guest-agent session that runs `sh -s` with the script on stdin, its JSON lines added to the report. VMs
// run one after another: a check takes seconds, and one at a time keeps the guests' load (and the report's
// order) predictable.
import Foundation
import TopocEmit
import TopocModel

/// One VM's smoke script and where its guest agent listens.
public struct SmokeTarget: Equatable, Sendable {
    public var vm: String
    public var script: String
    /// The absolute path of the VM's guest agent socket.
    public var agentSocket: String

    public init(vm: String, script: String, agentSocket: String) {
        self.vm = vm
        self.script = script
        self.agentSocket = agentSocket
    }

    /// The VMs of a compiled lab that have a smoke script, in VM order, with their sockets in `directory`
    /// (the lab folder).
    public static func all(_ topology: ResolvedTopology, artifacts: [Artifact], directory: URL) -> [SmokeTarget] {
        let scripts = Dictionary(
            artifacts.filter { $0.kind == .smokeTest }.map { ($0.path, $0.contents) }, uniquingKeysWith: { $1 })
        return topology.vms.compactMap { vm in
            scripts[SmokeScriptEmitter.path(vm: vm.name)].map { script in
                SmokeTarget(
                    vm: vm.name, script: script,
                    agentSocket: directory.appendingPathComponent(vm.paths.guestAgent).path)
            }
        }
    }
}

public struct SmokeRunner {
    /// How long to wait for a guest agent to answer (a guest that is still booting starts it late).
    public var agentTimeout: Double
    /// How long one VM's script may run.
    public var scriptTimeout: Double

    public init(agentTimeout: Double = 60, scriptTimeout: Double = 300) {
        self.agentTimeout = agentTimeout
        self.scriptTimeout = scriptTimeout
    }

    public func run(_ targets: [SmokeTarget]) -> SmokeReport {
        var report = SmokeReport()
        for target in targets {
            guard FileManager.default.fileExists(atPath: target.agentSocket) else {
                report.problems.append(
                    "\(target.vm): no guest agent socket at \(target.agentSocket): is the lab applied and the VM running?"
                )
                continue
            }
            do {
                let agent = try GuestAgentClient(path: target.agentSocket, timeout: agentTimeout)
                let ended = try agent.run(["sh", "-s"], input: target.script, timeout: scriptTimeout)
                report.add(vm: target.vm, stdout: ended.stdout, exitCode: ended.exitCode, stderr: ended.stderr)
            } catch {
                report.problems.append("\(target.vm): \(error.description)")
            }
        }
        return report
    }
}
