// A temporary lab directory laid out like `.topoc/<lab>/`: the emitted artifacts written with their modes,
// plus what the executor would add before starting QEMU (overlay disks, seed ISOs, socket directories, and
// for direct kernel boot a stub kernel and initrd).
import Foundation
import TopocEmit
import TopocModel

final class LabDirectory {
    let url: URL
    let artifacts: [Artifact]

    init(_ artifacts: [Artifact]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-emit-\(UUID().uuidString.prefix(8))")
        self.artifacts = artifacts
        for artifact in artifacts {
            let file = self.file(artifact.path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(artifact.contents.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: Int(artifact.mode)], ofItemAtPath: file.path)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func file(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// The argv the executor will run, read back from `qemu.json`.
    func argv(of vm: String) throws -> [String] {
        let data = try Data(contentsOf: file("vms/\(vm)/qemu.json"))
        guard let argv = try JSONSerialization.jsonObject(with: data) as? [String] else {
            throw ToolFailure(description: "vms/\(vm)/qemu.json is not an array of strings")
        }
        return argv
    }

    /// Overlay disk, seed ISO from the emitted cloud-init files, stub kernel, socket directories.
    func prepare(_ vm: ResolvedVM, in topology: ResolvedTopology) throws {
        try HostTools.check(["qemu-img", "create", "-q", "-f", "qcow2", vm.paths.disk, "64M"], in: url)
        try HostTools.check(
            [
                "genisoimage", "-quiet", "-output", "../seed.iso", "-volid", "cidata", "-joliet", "-rock", "user-data",
                "meta-data", "network-config",
            ], in: file("\(vm.paths.directory)/cloud-init"))
        if let kernel = vm.image.kernel { try write(Self.stubKernel(), to: kernel) }
        if let initrd = vm.image.initrd { try write(Data(count: 4096), to: initrd) }
        for network in topology.networks {
            guard case .stream(let path, _) = network.socketTransport else { continue }
            try FileManager.default.createDirectory(
                at: file(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
    }

    private func write(_ data: Data, to relative: String) throws {
        let target = file(relative)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
    }

    /// Just enough of a Linux boot-protocol header (2.12) for QEMU's x86 loader to accept it. The tests start
    /// QEMU paused (-S), so it is loaded, never run. There is no kernel on the test machines to use instead.
    static func stubKernel() -> Data {
        var bytes = [UInt8](repeating: 0, count: 16384)
        func put(_ value: UInt32, at offset: Int, size: Int) {
            for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        bytes[0x1f1] = 4  // setup sectors
        put(0xaa55, at: 0x1fe, size: 2)
        put(0x5372_6448, at: 0x202, size: 4)  // "HdrS"
        put(0x020c, at: 0x206, size: 2)  // protocol version
        bytes[0x211] = 0x01  // loaded high
        put(0x7fff_ffff, at: 0x22c, size: 4)  // highest initrd address
        put(2048, at: 0x238, size: 4)  // command line size
        return Data(bytes)
    }
}
