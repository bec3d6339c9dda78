import Foundation
import XCTest

@testable import TopocExecute

/// The `topoc` command as a user runs it: `--out` moves files and changes nothing else, `apply --format json`,
/// targets not built yet refused where the file chose them, completions mentioned in `--help`.
final class CLITests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A copy of an example in the temp folder, so the default lab folder is made there too.
    private func example(_ name: String) throws -> String {
        let source = EndToEnd.repository.appendingPathComponent("examples/\(name).yaml")
        let copy = folder.appendingPathComponent("input/\(name).yaml")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: copy)
        return copy.path
    }

    private func files(in lab: URL) throws -> [String: String] {
        let manifest = try String(contentsOf: lab.appendingPathComponent("manifest.txt"), encoding: .utf8)
        var files: [String: String] = [:]
        for path in manifest.split(separator: "\n").map(String.init) {
            files[path] = try String(contentsOf: lab.appendingPathComponent(path), encoding: .utf8)
        }
        return files
    }

    func testOutChangesWhereTheFilesGoAndNothingElse() throws {
        let file = try example("rootless-socket")
        let elsewhere = folder.appendingPathComponent("elsewhere/lab")
        try EndToEnd.topoc(["plan", file], netns: nil)
        try EndToEnd.topoc(["plan", file, "--out", elsewhere.path], netns: nil)
        let byDefault = try files(in: folder.appendingPathComponent("input/.topoc/rootless"))
        let moved = try files(in: elsewhere)
        XCTAssertGreaterThan(byDefault.count, 5)
        XCTAssertEqual(moved, byDefault, "the same bytes wherever the lab folder is")
        for (path, contents) in moved {
            XCTAssertFalse(contents.contains(folder.path), "\(path) holds a machine path the user did not write")
        }
        let spec = try XCTUnwrap(moved["vms/alpha/vm.json"])
        XCTAssertTrue(spec.contains("\"path\" : \"images/debian-12-genericcloud-amd64.qcow2\""), spec)
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: elsewhere.appendingPathComponent("topology").path)
        XCTAssertEqual(link, folder.appendingPathComponent("input").standardizedFileURL.path)
    }

    func testApplyFormatJSONPrintsTheChangesAsOneObject() throws {
        let file = try example("rootless-socket")
        let output = try EndToEnd.topoc(
            ["apply", file, "--out", folder.appendingPathComponent("lab").path, "--dry-run", "--format", "json"],
            netns: nil)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["lab"] as? String, "rootless")
        let changes = try XCTUnwrap((object["changes"] as? [String: Any])?["changes"] as? [[String: Any]])
        XCTAssertTrue(changes.contains { ($0["id"] as? String) == "vm:alpha" && ($0["action"] as? String) == "create" })
        XCTAssertNil(object["applied"], "a dry run applies nothing")
    }

    func testAKubeVirtLabIsPlannedWithPodWarningsAndRefusedByApplyAtItsTargetLine() throws {
        let file = try example("follow-me-5g")
        let lab = folder.appendingPathComponent("lab").path
        let plan = try EndToEnd.topoc(["plan", file, "--out", lab], netns: nil)
        XCTAssertTrue(plan.stderr.contains("follow-me-5g.yaml:63:50: warning[kubevirt.pod-not-built]"), plan.stderr)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: "\(lab)/kubevirt/objects/virtualmachine-amf-vm.yaml"), "manifests")
        let apply = try EndToEnd.topoc(["apply", file, "--out", lab, "--dry-run"], netns: nil, expect: 1)
        XCTAssertTrue(apply.stderr.contains("follow-me-5g.yaml:7:9: error[target.not-built]"), apply.stderr)
    }

    func testHelpMentionsShellCompletions() throws {
        let help = try EndToEnd.topoc(["--help"], netns: nil)
        XCTAssertTrue(help.stdout.contains("--generate-completion-script"), help.stdout)
    }
}
