// Drivers/DiskDriver owns a VM's files: the qcow2 overlay on its base image (`qemu-img`), the NoCloud
// seed ISO (`genisoimage`, else `xorriso -as genisoimage`) built from the cloud-init artifacts, and their
// removal with the runtime files QEMU leaves.
import Foundation
import TopocEmit
import TopocPlan

#if canImport(Glibc)
    import Glibc
#endif

extension HostDrivers {
    public func createDisk(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        let spec = try lab.vmSpec(vm)
        let base = lab.path(spec.image.base)
        let disk = lab.path(spec.disk.path)
        guard Files.exists(base) else {
            throw ExecutionError("\(vm.id): its base image \(base) does not exist (image \(spec.image.name))")
        }
        try Files.makeParent(of: disk)
        try Files.remove(disk)
        var argv = ["qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", spec.image.format, disk]
        if let size = spec.disk.size { argv.append(String(size)) }
        try await runner.check(tool(argv), doing: "creating the disk of \(vm.id)")
        var attributes = ["disk": spec.disk.path, "backing": base]
        attributes["size"] = spec.disk.size.map(String.init)
        return attributes
    }

    public func buildSeed(_ vm: DesiredResource, lab: LabContext) async throws(ExecutionError) -> [String: String] {
        let spec = try lab.vmSpec(vm)
        let seed = lab.path(spec.seed.path)
        try Files.makeParent(of: seed)
        // A private folder beside the seed: the files may hold a password hash, and the finished ISO is
        // renamed into place (same file system) only once it is complete and 0600.
        let scratch = try Self.privateFolder(near: seed)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var names: [String] = []
        for path in spec.seed.files {
            let name = (path as NSString).lastPathComponent
            try Self.write(try seedFile(path, lab: lab, vm: vm.id), to: scratch + "/" + name)
            names.append(name)
        }
        let output = scratch + "/seed.iso"
        let options = ["-quiet", "-output", output, "-volid", "cidata", "-joliet", "-rock"] + names
        let argv: [String]
        if CommandRunner.locate("genisoimage") != nil || CommandRunner.locate("xorriso") == nil {
            argv = ["genisoimage"] + options
        } else {
            argv = ["xorriso", "-as", "genisoimage"] + options
        }
        try await runner.check(tool(argv, in: scratch), doing: "building the seed of \(vm.id)")
        guard chmod(output, 0o600) == 0, rename(output, seed) == 0 else {
            throw ExecutionError(
                "\(vm.id): cannot move the seed into place at \(seed): \(String(cString: strerror(errno)))")
        }
        return ["seed": spec.seed.path]
    }

    public func removeVMFiles(_ vm: RecordedResource, lab: LabContext) async throws(ExecutionError) {
        for key in ["disk", "seed", "pidfile", "qmp", "serial"] {
            guard let path = vm.attributes[key], !path.isEmpty else { continue }
            try Files.remove(lab.path(path))
        }
    }

    /// A cloud-init file's contents: the artifact the compiler produced, else the file the CLI wrote.
    private func seedFile(_ path: String, lab: LabContext, vm: ResourceID) throws(ExecutionError) -> Data {
        if let artifact = lab.artifacts[path] { return Data(artifact.contents.utf8) }
        if let data = FileManager.default.contents(atPath: lab.path(path)) { return data }
        throw ExecutionError("\(vm): its cloud-init file \(path) is neither among the artifacts nor on disk")
    }

    static func privateFolder(near path: String) throws(ExecutionError) -> String {
        try TemporaryFiles.folder(prefix: (path as NSString).deletingLastPathComponent + "/.topoc-tmp-")
    }

    static func write(_ data: Data, to path: String) throws(ExecutionError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ExecutionError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw ExecutionError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
