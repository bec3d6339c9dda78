import Foundation
import TopocPlan
import XCTest

@testable import TopocExecute

/// Overlay disks with the real qemu-img, seed ISOs with the real genisoimage, and their removal.
final class DriversDiskTests: XCTestCase {
    func testCreatesAnOverlayOnTheAbsoluteBaseAndReplacesAnOldOne() async throws {
        try DriverTools.require("qemu-img")
        let lab = try DriverLab()
        try lab.addVM("d1", argv: DriverLab.tinyArgv("d1"), diskSize: 64 << 20)
        try lab.makeBaseImage()
        let vm = try lab.resource(.vm, "d1")
        let drivers = HostDrivers()

        let attributes = try await drivers.createDisk(vm, lab: lab.context)
        XCTAssertEqual(attributes["disk"], "vms/d1/disk.qcow2")
        XCTAssertEqual(attributes["backing"], lab.path("images/base.qcow2"))
        let info = try diskInfo(lab.path("vms/d1/disk.qcow2"))
        XCTAssertEqual(info["backing-filename"] as? String, lab.path("images/base.qcow2"))
        XCTAssertEqual(info["backing-filename-format"] as? String, "qcow2")
        XCTAssertEqual(info["virtual-size"] as? Int, 64 << 20)

        // Again: the old disk is replaced by a fresh overlay (its contents are gone).
        try DriverTools.check(["qemu-io", "-c", "write -P 0xab 0 64k", lab.path("vms/d1/disk.qcow2")])
        let before = try diskInfo(lab.path("vms/d1/disk.qcow2"))["actual-size"] as? Int ?? 0
        _ = try await drivers.createDisk(vm, lab: lab.context)
        let after = try diskInfo(lab.path("vms/d1/disk.qcow2"))["actual-size"] as? Int ?? 0
        XCTAssertLessThan(after, before)
    }

    func testAMissingBaseImageIsNamed() async throws {
        let lab = try DriverLab()
        try lab.addVM("d2", argv: DriverLab.tinyArgv("d2"))
        let vm = try lab.resource(.vm, "d2")
        do {
            _ = try await HostDrivers().createDisk(vm, lab: lab.context)
            XCTFail("a disk was made without its base image")
        } catch {
            XCTAssertTrue(
                error.message.contains("base image \(lab.path("images/base.qcow2")) does not exist"), error.message)
        }
    }

    func testBuildsAPrivateCidataSeedFromTheArtifacts() async throws {
        try DriverTools.require("genisoimage", "isoinfo")
        let lab = try DriverLab()
        try lab.addVM("s1", argv: DriverLab.tinyArgv("s1"))
        let vm = try lab.resource(.vm, "s1")
        let attributes = try await HostDrivers().buildSeed(vm, lab: lab.context)
        XCTAssertEqual(attributes, ["seed": "vms/s1/seed.iso"])
        let seed = lab.path("vms/s1/seed.iso")
        let mode = try FileManager.default.attributesOfItem(atPath: seed)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let description = try DriverTools.check(["isoinfo", "-d", "-i", seed]).stdout
        XCTAssertTrue(description.contains("Volume id: cidata"), description)
        XCTAssertTrue(description.contains("Joliet"), description)
        XCTAssertTrue(description.contains("Rock Ridge"), description)
        let userData = try DriverTools.check(["isoinfo", "-i", seed, "-J", "-x", "/user-data"]).stdout
        XCTAssertEqual(userData, "#cloud-config\npassword: not-a-real-hash\n")
        let listing = try DriverTools.check(["isoinfo", "-i", seed, "-J", "-f"]).stdout
        XCTAssertEqual(Set(listing.split(separator: "\n")), ["/meta-data", "/user-data", "/network-config"])
        // No scratch folder is left beside the seed.
        let entries = try FileManager.default.contentsOfDirectory(atPath: lab.path("vms/s1"))
        XCTAssertEqual(entries.sorted(), ["seed.iso"])
    }

    func testRemovesTheVMsFilesAndToleratesTheirAbsence() async throws {
        let lab = try DriverLab()
        try lab.addVM("r1", argv: DriverLab.tinyArgv("r1"))
        let vm = try lab.resource(.vm, "r1")
        let names = ["disk.qcow2", "seed.iso", "qemu.pid", "qmp.sock", "serial.log"]
        try FileManager.default.createDirectory(atPath: lab.path("vms/r1"), withIntermediateDirectories: true)
        for name in names { _ = FileManager.default.createFile(atPath: lab.path("vms/r1/\(name)"), contents: Data()) }
        _ = FileManager.default.createFile(atPath: lab.path("vms/r1/keep.txt"), contents: Data())
        try await HostDrivers().removeVMFiles(vm.recorded(), lab: lab.context)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: lab.path("vms/r1")), ["keep.txt"])
        try await HostDrivers().removeVMFiles(vm.recorded(), lab: lab.context)
    }

    private func diskInfo(_ path: String) throws -> [String: Any] {
        let output = try DriverTools.check(["qemu-img", "info", "-U", "--output=json", path]).stdout
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }
}
