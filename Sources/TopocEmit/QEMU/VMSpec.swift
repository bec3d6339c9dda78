// QEMU/VMSpec owns `vms/<vm>/vm.json`: what the executor needs to build and run a VM besides its argv —
// the base image to fetch or check, the overlay disk to create, the seed to build from which files, the
// runtime files QEMU writes, and which VMs must start first. The plan reads it; it never parses argv.
import TopocModel

/// The executor's view of one VM. Paths are relative to the lab directory.
public struct VMSpec: Codable, Equatable, Sendable {
    public struct ImageSource: Codable, Equatable, Sendable {
        public var name: String
        public var url: String?
        public var path: String?
        public var sha256: String?
        public var format: String
        /// Where the overlay's backing file is: the local path, or the download cache entry.
        public var base: String
        public var kernel: String?
        public var initrd: String?
    }

    public struct Disk: Codable, Equatable, Sendable {
        public var path: String
        /// Virtual size in bytes; nil keeps the image's.
        public var size: UInt64?
    }

    public struct Seed: Codable, Equatable, Sendable {
        public var path: String
        /// The NoCloud files, in the order they go on the ISO.
        public var files: [String]
    }

    public struct Runtime: Codable, Equatable, Sendable {
        public var pidfile: String
        public var qmp: String
        public var serialLog: String
        /// Folders QEMU needs but does not create (UNIX socket links).
        public var directories: [String]
    }

    public var name: String
    public var host: String
    public var accel: String
    public var image: ImageSource
    public var disk: Disk
    public var seed: Seed
    public var runtime: Runtime
    /// VMs whose QEMU must be running before this one starts: the listening side of its stream links.
    public var startAfter: [String]
    /// Taps this VM's QEMU opens (bridge mode): they must exist first.
    public var taps: [String]
}

enum VMSpecEmitter {
    static func artifact(_ vm: ResolvedVM, in topology: ResolvedTopology) throws -> Artifact {
        Artifact(
            path: "\(vm.paths.directory)/vm.json", contents: try JSONRendering.render(spec(vm, in: topology)),
            kind: .vmSpec)
    }

    static func spec(_ vm: ResolvedVM, in topology: ResolvedTopology) -> VMSpec {
        let image = vm.image
        let cloudInit = "\(vm.paths.directory)/cloud-init"
        var servers: [String] = []
        var directories: Set<String> = []
        for nic in vm.interfaces where nic.mode == .socket {
            if case .stream(let path, let server)? = topology.network(named: nic.network)?.socketTransport {
                if server != vm.name { servers.append(server) }
                let folder = path.split(separator: "/").dropLast().joined(separator: "/")
                if !folder.isEmpty { directories.insert(folder) }
            }
        }
        return VMSpec(
            name: vm.name, host: vm.host, accel: vm.accel.rawValue,
            image: VMSpec.ImageSource(
                name: image.name, url: image.url, path: image.path, sha256: image.sha256, format: image.format.rawValue,
                base: image.basePath, kernel: image.kernel, initrd: image.initrd),
            disk: VMSpec.Disk(path: vm.paths.disk, size: vm.disk?.bytes),
            seed: VMSpec.Seed(
                path: vm.paths.seed, files: ["meta-data", "user-data", "network-config"].map { "\(cloudInit)/\($0)" }),
            runtime: VMSpec.Runtime(
                pidfile: vm.paths.pidfile, qmp: vm.paths.qmp, serialLog: vm.paths.serialLog,
                directories: directories.sorted()),
            startAfter: servers.sorted(), taps: vm.interfaces.compactMap(\.tap))
    }
}
