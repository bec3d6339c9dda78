import TopocDiagnostics
import TopocYAML

/// The lab as written, after decoding: every section of the language, with nothing derived yet.
/// Collections keep declaration order, which is what derivation (addresses, ports) follows.
public struct Topology: Equatable, Sendable {
    public var name: String
    public var target: Target
    public var hosts: [Host]
    public var images: [Image]
    public var defaults: Defaults
    public var networks: [Network]
    public var vms: [VM]
    public var core: Core?
    public var slices: [Slice]
    public var ran: RAN
    public var apps: [App]
    public var migration: Migration?
    /// Where a `kubevirt` lab goes in its cluster (namespace, storage class).
    public var kubernetes: KubernetesSettings?
    public var origin: Origin

    public init(
        name: String, target: Target = .qemu, hosts: [Host] = [], images: [Image] = [],
        defaults: Defaults = Defaults(), networks: [Network] = [], vms: [VM] = [], core: Core? = nil,
        slices: [Slice] = [], ran: RAN = RAN(), apps: [App] = [], migration: Migration? = nil,
        kubernetes: KubernetesSettings? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.target = target
        self.hosts = hosts
        self.images = images
        self.defaults = defaults
        self.networks = networks
        self.vms = vms
        self.core = core
        self.slices = slices
        self.ran = ran
        self.apps = apps
        self.migration = migration
        self.kubernetes = kubernetes
        self.origin = origin
    }
}

/// The `kubernetes` section: what a `kubevirt` lab's manifests need that the rest of the lab does not say.
public struct KubernetesSettings: Equatable, Sendable {
    /// The namespace of every namespaced object; nil means the lab's name.
    public var namespace: String?
    /// The StorageClass of the VMs' root disks; nil leaves the cluster's default.
    public var storageClass: String?
    public var origin: Origin

    public init(namespace: String? = nil, storageClass: String? = nil, origin: Origin = .synthesized) {
        self.namespace = namespace
        self.storageClass = storageClass
        self.origin = origin
    }
}

public enum Target: String, Sendable, Codable, CaseIterable {
    case qemu, libvirt, kubevirt
}

/// A physical host or cluster node.
public struct Host: Equatable, Sendable {
    public var name: String
    public var address: String?
    public var libvirtURI: String?
    public var labels: [String: String]
    public var cpus: Int?
    public var memory: ByteSize?
    public var origin: Origin

    public init(
        name: String, address: String? = nil, libvirtURI: String? = nil, labels: [String: String] = [:],
        cpus: Int? = nil, memory: ByteSize? = nil, origin: Origin = .synthesized
    ) {
        self.name = name
        self.address = address
        self.libvirtURI = libvirtURI
        self.labels = labels
        self.cpus = cpus
        self.memory = memory
        self.origin = origin
    }
}

public enum DiskFormat: String, Sendable, Codable, CaseIterable {
    case qcow2, raw
}

/// A base image: downloaded from `url` (checked against `sha256`) or a local `path`.
public struct Image: Equatable, Sendable {
    public var name: String
    public var url: String?
    public var path: String?
    public var sha256: String?
    public var format: DiskFormat
    public var kernel: String?
    public var initrd: String?
    public var cmdline: String?
    public var origin: Origin

    public init(
        name: String, url: String? = nil, path: String? = nil, sha256: String? = nil,
        format: DiskFormat = .qcow2, kernel: String? = nil, initrd: String? = nil, cmdline: String? = nil,
        origin: Origin = .synthesized
    ) {
        self.name = name
        self.url = url
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.kernel = kernel
        self.initrd = initrd
        self.cmdline = cmdline
        self.origin = origin
    }
}
