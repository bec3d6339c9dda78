// state.json: written atomically (nothing but the file left in its folder), mode 0600, read back equal;
// a missing file is "nothing applied yet", a broken one a clear error.
import Foundation
import TopocExecute
import TopocPlan
import XCTest

final class StateStoreTests: XCTestCase {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-state-\(UUID().uuidString)")

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    var labFolder: URL { folder.appendingPathComponent(".topoc/demo") }

    func sample(pid: String = "4242") -> LabState {
        LabState(
            lab: "demo", directory: "/srv/labs/demo",
            resources: [
                ResourceID(.vm, "vm1"): RecordedResource(
                    id: ResourceID(.vm, "vm1"), digests: [.disk: "d", .seed: "s", .machine: "m"],
                    attributes: ["pid": pid, "disk": "vms/vm1/disk.qcow2"]),
                ResourceID(.bridge, "br0"): RecordedResource(id: ResourceID(.bridge, "br0"), digests: [.link: "l"]),
            ])
    }

    func testNothingSavedYetLoadsAsNil() throws {
        XCTAssertNil(try StateStore(directory: labFolder).load())
    }

    func testRoundTripCreatesTheFolderAndLeavesOnlyTheFileWithMode0600() throws {
        let store = StateStore(directory: labFolder)
        try store.save(sample())
        XCTAssertEqual(try store.load(), sample())
        try store.save(sample(pid: "4343"))
        XCTAssertEqual(try store.load(), sample(pid: "4343"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: labFolder.path), ["state.json"])
        let attributes = try FileManager.default.attributesOfItem(atPath: store.file.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let text = try String(contentsOf: store.file, encoding: .utf8)
        XCTAssertTrue(text.contains("\"vms/vm1/disk.qcow2\""), "readable JSON, slashes unescaped:\n\(text)")
        XCTAssertLessThan(
            try XCTUnwrap(text.range(of: "bridge:br0")).lowerBound, try XCTUnwrap(text.range(of: "vm:vm1")).lowerBound)
    }

    func testConcurrentSavesEachLeaveAWholeFile() async throws {
        let store = StateStore(directory: labFolder)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { try? store.save(Self.numbered(index)) }
            }
        }
        let loaded = try XCTUnwrap(try store.load())
        XCTAssertEqual(loaded.resources.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: labFolder.path), ["state.json"])
    }

    static func numbered(_ pid: Int) -> LabState {
        LabState(
            lab: "demo", directory: "/srv/labs/demo",
            resources: [
                ResourceID(.vm, "vm1"): RecordedResource(
                    id: ResourceID(.vm, "vm1"), digests: [.machine: "m"], attributes: ["pid": String(pid)]),
                ResourceID(.bridge, "br0"): RecordedResource(id: ResourceID(.bridge, "br0"), digests: [.link: "l"]),
            ])
    }

    func testABrokenOrNewerFileIsAClearError() throws {
        let store = StateStore(directory: labFolder)
        try FileManager.default.createDirectory(at: labFolder, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: store.file)
        XCTAssertThrowsError(try store.load()) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(store.file.path) is not a topoc state file"), "\(error)")
        }
        let newer = #"{"version": 99, "lab": "demo", "directory": "/x", "resources": []}"#
        try Data(newer.utf8).write(to: store.file)
        XCTAssertThrowsError(try store.load()) { error in
            XCTAssertEqual("\(error)", "\(store.file.path) has state version 99; this topoc reads version 1")
        }
    }

    func testASaveThatCannotRenameThrowsAndLeavesNoTemporaryFile() throws {
        let store = StateStore(directory: labFolder)
        // A folder where the file should be: renaming a file over it fails, even for root.
        try FileManager.default.createDirectory(
            at: store.file.appendingPathComponent("blocker"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try store.save(sample())) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot rename \(labFolder.path)/.state.json."), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: labFolder.path), ["state.json"])
    }
}
