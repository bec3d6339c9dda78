// The kubevirt lab's kubectl flows: the argv of apply (server-side, field manager topoc, ApplySet prune),
// diff, destroy and the waits; how exit codes and timeouts are read. With a fake runner: no cluster needed.
// One test drives a real cluster when KUBECONFIG names one, and says it was skipped otherwise.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

@testable import TopocExecute

final class KubectlDriverTests: XCTestCase {
    static let lab = """
        topology: kube-lab
        target: kubevirt
        hosts:
          node-a: { labels: { zone: a } }
        images:
          jammy: { url: https://cloud-images.example/jammy.img, sha256: 0c6a7e4b2d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c }
        defaults:
          vm: { image: jammy, cpus: 1, memory: 1GiB, disk: 4GiB }
          login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForTopocFixtures me@laptop"] }
        networks:
          cp: { subnet: 10.9.0.0/24, mode: multus, bridge: br0 }
        vms:
          vm1: { host: node-a, networks: { cp: {} }, migratable: true }
        apps:
          web: { pod: { image: "nginx:1.27" }, ports: { http: 80 } }
        kubernetes: { namespace: labs }
        """

    static func kubeLab(_ text: String = lab) throws -> KubeVirtLab {
        let result = Compiler.compile(text: text, file: "kube-lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try KubeVirtLab.of(try XCTUnwrap(result.resolved))
    }

    func commands() throws -> KubectlCommands {
        KubectlCommands(
            lab: try Self.kubeLab(), target: KubectlTarget(kubeconfig: "/k/config", context: "edge"),
            folder: "/labs/kube-lab")
    }

    func testApplyIsServerSideIntoTheLabsApplySetWithPrune() throws {
        let commands = try commands()
        XCTAssertEqual(
            commands.apply,
            [
                "env", "KUBECTL_APPLYSET=true", "kubectl", "--kubeconfig", "/k/config", "--context", "edge", "apply",
                "--server-side", "--field-manager=topoc", "--prune", "--applyset=secrets/topoc-applyset-kube-lab",
                "--namespace", "labs", "--filename", "/labs/kube-lab/kubevirt/objects",
            ])
        XCTAssertEqual(
            commands.diff,
            [
                "kubectl", "--kubeconfig", "/k/config", "--context", "edge", "diff", "--server-side",
                "--field-manager=topoc", "--namespace", "labs", "--filename", "/labs/kube-lab/kubevirt/objects",
            ])
    }

    func testDestroyDeletesTheApplySetsMembersByLabelThenItsParent() throws {
        let commands = try commands()
        let lab = commands.lab
        XCTAssertEqual(
            lab.memberGroupKinds,
            [
                "Deployment.apps", "MigrationPolicy.migrations.kubevirt.io",
                "NetworkAttachmentDefinition.k8s.cni.cncf.io",
                "Secret", "Service", "VirtualMachine.kubevirt.io",
            ])
        XCTAssertEqual(commands.destroy.count, 2)
        XCTAssertEqual(
            Array(commands.destroy[0].prefix(7)),
            [
                "kubectl", "--kubeconfig", "/k/config", "--context", "edge", "delete",
                lab.memberGroupKinds.joined(separator: ","),
            ])
        XCTAssertTrue(commands.destroy[0].contains("applyset.kubernetes.io/part-of=\(lab.applySetID)"))
        XCTAssertEqual(
            Array(commands.destroy[1].suffix(6)),
            ["delete", "secret", "topoc-applyset-kube-lab", "--namespace", "labs", "--ignore-not-found"])
    }

    func testApplyWaitsForVMIsAndDeploymentsAndNamesWhatIsNotReady() async throws {
        let runner = FakeKubectl { argv in
            guard argv.contains("wait"), argv.contains("deployments.apps") else { return (0, "") }
            return (1, "error: timed out waiting for the condition on deployments/web\n")
        }
        let driver = KubectlDriver(commands: try commands(), runner: runner, readyTimeout: 5)
        do {
            try await driver.apply()
            XCTFail("the wait timed out")
        } catch {
            XCTAssertEqual(error.message, "not ready after 5 s: deployments/web")
        }
        let calls = runner.calls
        XCTAssertEqual(calls.count, 3, "apply, the VMI wait, the Deployment wait")
        XCTAssertTrue(
            calls[1].contains("virtualmachineinstances.kubevirt.io") && calls[1].contains("--for=condition=Ready"))
        XCTAssertTrue(calls[2].contains("--timeout=5s") && calls[2].contains("app.kubernetes.io/part-of=kube-lab"))
    }

    func testDiffReadsKubectlsExitCodes() async throws {
        for (status, differs) in [(Int32(0), false), (1, true)] {
            let driver = KubectlDriver(commands: try commands(), runner: FakeKubectl { _ in (status, "diff text") })
            let result = try await driver.diff()
            XCTAssertEqual(result.differs, differs)
        }
        let broken = KubectlDriver(commands: try commands(), runner: FakeKubectl { _ in (2, "") })
        do {
            _ = try await broken.diff()
            XCTFail("exit 2 is a failure")
        } catch {
            XCTAssertTrue(error.message.hasPrefix("kubectl failed"), error.message)
        }
    }

    /// Applies a pods-only lab (no KubeVirt needed) into a scratch namespace of the cluster KUBECONFIG names,
    /// then destroys it. kubectl 1.27 or later (ApplySet) must be on PATH.
    func testAPodsOnlyLabAppliesAndDestroysOnARealCluster() async throws {
        guard let kubeconfig = ProcessInfo.processInfo.environment["KUBECONFIG"], !kubeconfig.isEmpty else {
            throw XCTSkip("skipped: KUBECONFIG does not name a cluster")
        }
        // Not in scripts/install-deps.sh: Debian's kubernetes-client is 1.20, older than ApplySet (1.27).
        guard CommandRunner.locate("kubectl") != nil else {
            throw XCTSkip("skipped: no kubectl (1.27 or later) on PATH")
        }
        let namespace = "topoc-test-\(UUID().uuidString.prefix(6).lowercased())"
        let text = """
            topology: kube-pods
            target: kubevirt
            apps:
              web: { pod: { image: "nginx:1.27" }, ports: { http: 80 } }
            kubernetes: { namespace: \(namespace) }
            """
        let compiled = Compiler.compile(text: text, file: "kube-pods.yaml")
        let resolved = try XCTUnwrap(compiled.resolved, "\(compiled.diagnostics)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(namespace)
        defer { try? FileManager.default.removeItem(at: folder) }
        for artifact in compiled.artifacts where artifact.path.hasPrefix("kubevirt/objects/") {
            let url = folder.appendingPathComponent(artifact.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(artifact.contents.utf8).write(to: url)
        }
        let runner = CommandRunner()
        let target = KubectlTarget(kubeconfig: kubeconfig)
        _ = try await runner.run(
            HostCommand(["kubectl", "--kubeconfig", kubeconfig, "create", "namespace", namespace]))
        defer {
            _ = try? runner.runBlocking(
                HostCommand(["kubectl", "--kubeconfig", kubeconfig, "delete", "namespace", namespace, "--wait=false"]))
        }
        let driver = KubectlDriver(
            commands: KubectlCommands(lab: try KubeVirtLab.of(resolved), target: target, folder: folder.path),
            runner: runner, readyTimeout: 180)
        try await driver.apply()
        let unchanged = try await driver.diff()
        XCTAssertFalse(unchanged.differs, unchanged.text)
        try await driver.destroy()
    }
}

/// Records each argv and answers with the status and stderr `respond` gives.
final class FakeKubectl: KubectlRunning, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[String]] = []
    let respond: @Sendable ([String]) -> (Int32, String)

    init(_ respond: @escaping @Sendable ([String]) -> (Int32, String)) {
        self.respond = respond
    }

    var calls: [[String]] { lock.withLock { recorded } }

    func run(_ command: HostCommand) async throws(ExecutionError) -> CommandOutput {
        lock.withLock { recorded.append(command.argv) }
        let (status, text) = respond(command.argv)
        return CommandOutput(
            command: command.argv, program: command.argv.first ?? "", termination: .exited(status), stdout: text,
            stderr: text)
    }
}
