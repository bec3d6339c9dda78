import Foundation
import XCTest

@testable import TopocExecute

/// `topoc plan` writing a lab folder for real: a new folder appears whole with exact modes whatever the
/// umask, a no-change re-plan touches nothing, and a re-plan repairs edited files and removes stale ones.
final class PlanWriteTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var out: URL { folder.appendingPathComponent("nested/lab") }
    private var example: String { EndToEnd.repository.appendingPathComponent("examples/open5gs-epc.yaml").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-plan-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func testANewFolderAppearsWholeWithExactModesUnderARestrictiveUmask() throws {
        let previous = umask(0o077)
        defer { umask(previous) }
        try EndToEnd.topoc(["plan", example, "--out", out.path], netns: nil)

        let files = try manifest()
        XCTAssertGreaterThan(files.count, 10)
        for path in files {
            // This lab's only secrets are the user-data files (password hashes); scripts are executable.
            let expected: mode_t = path.hasSuffix("user-data") ? 0o600 : path.hasSuffix(".sh") ? 0o755 : 0o644
            XCTAssertEqual(try mode(path), expected, path)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["lab"], "the hidden staging folder is renamed, not left behind")
    }

    func testANoChangeReplanTouchesNothingAndARePlanRepairsAndPrunes() throws {
        try EndToEnd.topoc(["plan", example, "--out", out.path], netns: nil)
        let files = try manifest()
        let before = try Dictionary(uniqueKeysWithValues: files.map { ($0, try identity($0)) })

        try EndToEnd.topoc(["plan", example, "--out", out.path], netns: nil)
        for path in files { XCTAssertEqual(try identity(path), before[path], "\(path) was rewritten") }

        let edited = try XCTUnwrap(files.first { $0.hasSuffix("network-config") })
        let widened = try XCTUnwrap(files.first { $0.hasSuffix("user-data") })
        let original = try String(contentsOf: out.appendingPathComponent(edited), encoding: .utf8)
        try "edited by hand\n".write(to: out.appendingPathComponent(edited), atomically: false, encoding: .utf8)
        chmod(out.appendingPathComponent(widened).path, 0o644)
        let stale = "vms/gone/qemu.json"
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("vms/gone"), withIntermediateDirectories: true)
        try "[]\n".write(to: out.appendingPathComponent(stale), atomically: false, encoding: .utf8)
        try (files + [stale]).sorted().map { $0 + "\n" }.joined()
            .write(to: out.appendingPathComponent("manifest.txt"), atomically: false, encoding: .utf8)

        try EndToEnd.topoc(["plan", example, "--out", out.path], netns: nil)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent(edited), encoding: .utf8), original)
        XCTAssertEqual(try mode(widened), 0o600, "a secret's mode is narrowed again")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(stale).path))
        XCTAssertEqual(try manifest(), files)
        for path in files where path != edited && path != widened {
            XCTAssertEqual(try identity(path), before[path], "\(path) was rewritten")
        }
    }

    private func manifest() throws -> [String] {
        try String(contentsOf: out.appendingPathComponent("manifest.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    private func mode(_ path: String) throws -> mode_t {
        var info = stat()
        guard stat(out.appendingPathComponent(path).path, &info) == 0 else {
            throw DriverTestFailure(description: "no \(path)")
        }
        return info.st_mode & 0o7777
    }

    /// Inode and modification time: a file rewritten (even with the same bytes) changes one of them.
    private func identity(_ path: String) throws -> [Int] {
        var info = stat()
        guard stat(out.appendingPathComponent(path).path, &info) == 0 else {
            throw DriverTestFailure(description: "no \(path)")
        }
        return [Int(info.st_ino), info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
    }
}
