import TopocDiagnostics
import TopocModel
import TopocPlan
import XCTest

/// One backend per target, picked in one place; what a target does not build yet is said where the lab
/// chose it.
final class TargetBackendTests: XCTestCase {
    private let lab = """
        topology: seam
        target: qemu
        images:
          focal: { path: images/focal.img }
        defaults:
          vm: { image: focal, cpus: 1, memory: 1GiB }
          login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForTopocFixtures me@laptop"] }
        networks:
          cp: { subnet: 192.168.0.0/24 }
        vms:
          vm1: { networks: { cp: {} } }
        """

    func testEachTargetHasItsBackendAndOnlyQEMUIsBuilt() {
        for target in Target.allCases {
            let backend = TargetBackends.backend(for: target)
            XCTAssertEqual(backend.target, target)
            XCTAssertEqual(backend.isBuilt, target == .qemu, "\(target)")
        }
    }

    func testPlanningForAnUnbuiltTargetWarnsAtTheFilesTargetAndNamesTheOverride() throws {
        let result = Compiler.compile(text: lab, file: "seam.yaml", options: CompileOptions(target: .libvirt))
        XCTAssertFalse(result.diagnostics.hasErrors)
        let warning = try XCTUnwrap(result.diagnostics.first { $0.id == "target.not-built" })
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.location.line, 2, "the file's `target:` line")
        XCTAssertTrue(warning.message.hasPrefix("`--target libvirt`"), warning.message)
        XCTAssertFalse(result.artifacts.contains { $0.kind == .qemuArgv }, "no QEMU files for a libvirt lab")
        XCTAssertTrue(result.artifacts.contains { $0.kind == .cloudInitUserData }, "the shared files are written")
    }

    func testApplyingAnUnbuiltTargetIsALocatedError() throws {
        let text = lab.replacingOccurrences(of: "target: qemu", with: "target: kubevirt")
            .replacingOccurrences(
                of: "{ subnet: 192.168.0.0/24 }", with: "{ subnet: 192.168.0.0/24, mode: multus, bridge: br0 }"
            )
            // What the kubevirt pre-flight rules ask: an image CDI can import, and a disk size.
            .replacingOccurrences(
                of: "{ path: images/focal.img }",
                with: "{ url: https://example.org/focal.img, sha256: \(String(repeating: "a", count: 64)) }"
            )
            .replacingOccurrences(of: "memory: 1GiB }", with: "memory: 1GiB, disk: 4GiB }")
        let result = Compiler.compile(text: text, file: "seam.yaml", options: CompileOptions(forApply: true))
        let error = try XCTUnwrap(result.diagnostics.first { $0.id == "target.not-built" })
        XCTAssertEqual(error.severity, .error)
        XCTAssertEqual(error.location.line, 2)
        XCTAssertTrue(result.artifacts.isEmpty)
    }

    func testAVMOnAnotherHostIsRefusedForApplyOnlyAtItsHost() throws {
        let text = lab.replacingOccurrences(
            of: "images:", with: "hosts:\n  a: { address: 10.0.0.1 }\n  b: { address: 10.0.0.2 }\nimages:"
        ).replacingOccurrences(of: "vm1: { networks", with: "vm1: { host: b, networks")
        XCTAssertFalse(Compiler.compile(text: text, file: "seam.yaml").diagnostics.hasErrors, "it can be planned")
        let result = Compiler.compile(text: text, file: "seam.yaml", options: CompileOptions(forApply: true))
        let error = try XCTUnwrap(result.diagnostics.first { $0.id == "host.remote-not-built" })
        XCTAssertEqual(error.location.line, 14, "at `host: b`")
    }
}
