import TopocDiagnostics

/// Every key of the language, by the path of the mapping that holds it. The decoder reads only these
/// (anything else is an unknown-key error), and a test checks that `schemas/topology.schema.json` declares
/// exactly the same keys, so the schema, the reference and the parser cannot drift apart.
///
/// Paths use `*` for a user-chosen name: `vms.*.networks.*` is one interface of one VM. The decoder reads
/// them as the typed keys below (`VMKey.memory`), so a misspelt key in the decoder does not compile.
public enum LanguageKeys {
    public static let topLevel = TopLevelKey.names
    public static let host = HostKey.names
    public static let image = ImageKey.names
    public static let defaults = DefaultsKey.names
    public static let vmSettings = VMKey.settings.names
    public static let login = LoginKey.names
    public static let network = NetworkKey.names
    public static let vm = VMKey.names
    public static let interface = InterfaceKey.names
    public static let forward = ForwardKey.names
    public static let cloudInit = CloudInitKey.names
    public static let writeFile = WriteFileKey.names
    public static let core = CoreKey.names
    public static let install = InstallKey.names
    public static let function = FunctionKey.names
    public static let pod = PodKey.names
    public static let dnn = DNNKey.names
    public static let slice = SliceKey.names
    public static let ran = RANKey.names
    public static let gnb = GNBKey.names
    public static let ue = UEKey.names
    public static let app = AppKey.names
    public static let migration = MigrationKey.names

    /// Mapping path -> its keys. Free-form mappings (`hosts.*.labels`, `core.functions.*.config`,
    /// `apps.*.ports`) are not listed: their keys are the user's.
    public static let byPath: [String: [String]] = [
        "": topLevel,
        "hosts.*": host,
        "images.*": image,
        "defaults": defaults,
        "defaults.vm": vmSettings,
        "defaults.login": login,
        "networks.*": network,
        "vms.*": vm,
        "vms.*.networks.*": interface,
        "vms.*.forward.*": forward,
        "vms.*.cloud-init": cloudInit,
        "vms.*.cloud-init.write-files.*": writeFile,
        "core": core,
        "core.install": install,
        "core.functions.*": function,
        "core.functions.*.pod": pod,
        "core.dnns.*": dnn,
        "slices.*": slice,
        "ran": ran,
        "ran.gnbs.*": gnb,
        "ran.gnbs.*.pod": pod,
        "ran.ues.*": ue,
        "ran.ues.*.pod": pod,
        "apps.*": app,
        "apps.*.pod": pod,
        "migration": migration,
    ]
}

/// The keys of one mapping of the language, in the order the reference lists them. A key is its position
/// (`rawValue`), so a reader finds a key's value by indexing, with no table or string in the way; the names
/// as written are in `table`, in the same order (a test checks each name against its case).
public protocol LanguageKey: RawRepresentable, CaseIterable, FieldKey, Equatable
where RawValue == Int, AllCases == [Self] {
    /// Every key of this kind of mapping with its name.
    static var table: KeyTable<Self> { get }
}

extension LanguageKey {
    /// The keys as written, in order.
    public static var names: [String] { table.names }

    /// The key as written (`cpu-model`).
    public var name: String { Self.table.names[rawValue] }
}

/// The top level of a lab file.
public enum TopLevelKey: Int, LanguageKey {
    case topology, target, hosts, images, defaults, networks, vms, core, slices, ran, apps, migration
    public static let table = KeyTable<Self>(names: [
        "topology", "target", "hosts", "images", "defaults", "networks", "vms", "core", "slices", "ran",
        "apps", "migration",
    ])
}

/// `hosts.*`
public enum HostKey: Int, LanguageKey {
    case address, libvirtUri, labels, cpus, memory
    public static let table = KeyTable<Self>(names: ["address", "libvirt-uri", "labels", "cpus", "memory"])
}

/// `images.*`
public enum ImageKey: Int, LanguageKey {
    case url, path, sha256, format, kernel, initrd, cmdline
    public static let table = KeyTable<Self>(
        names: ["url", "path", "sha256", "format", "kernel", "initrd", "cmdline"])
}

/// `defaults`
public enum DefaultsKey: Int, LanguageKey {
    case vm, login
    public static let table = KeyTable<Self>(names: ["vm", "login"])
}

/// `vms.*`; `defaults.vm` takes the settings only (`VMKey.settings`).
public enum VMKey: Int, LanguageKey {
    case image, cpus, memory, disk, host, accel, cpuModel, machine, diskBus, networks, forward, migratable
    case cloudInit
    public static let table = KeyTable<Self>(names: [
        "image", "cpus", "memory", "disk", "host", "accel", "cpu-model", "machine", "disk-bus", "networks",
        "forward", "migratable", "cloud-init",
    ])
    /// What a VM shares with `defaults.vm`.
    public static let settings = KeyTable<Self>(
        only: [.image, .cpus, .memory, .disk, .host, .accel, .cpuModel, .machine, .diskBus])
}

/// `defaults.login`
public enum LoginKey: Int, LanguageKey {
    case user, sshKeys, passwordHash, password
    public static let table = KeyTable<Self>(names: ["user", "ssh-keys", "password-hash", "password"])
}

/// `networks.*`
public enum NetworkKey: Int, LanguageKey {
    case subnet, subnet6, mode, bridge, hostAddress, gateway, mtu, vlan, vale
    public static let table = KeyTable<Self>(
        names: ["subnet", "subnet6", "mode", "bridge", "host-address", "gateway", "mtu", "vlan", "vale"])
}

/// `vms.*.networks.*`
public enum InterfaceKey: Int, LanguageKey {
    case ip, ip6, mac, name
    public static let table = KeyTable<Self>(names: ["ip", "ip6", "mac", "name"])
}

/// `vms.*.forward.*`
public enum ForwardKey: Int, LanguageKey {
    case host, guest, `protocol`
    public static let table = KeyTable<Self>(names: ["host", "guest", "protocol"])
}

/// `vms.*.cloud-init`
public enum CloudInitKey: Int, LanguageKey {
    case packages, runcmd, writeFiles
    public static let table = KeyTable<Self>(names: ["packages", "runcmd", "write-files"])
}

/// `vms.*.cloud-init.write-files.*`
public enum WriteFileKey: Int, LanguageKey {
    case content, permissions, owner
    public static let table = KeyTable<Self>(names: ["content", "permissions", "owner"])
}

/// `core`
public enum CoreKey: Int, LanguageKey {
    case software, plmn, tacs, functions, dnns, install
    public static let table = KeyTable<Self>(names: ["software", "plmn", "tacs", "functions", "dnns", "install"])
}

/// `core.install`
public enum InstallKey: Int, LanguageKey {
    case command
    public static let table = KeyTable<Self>(names: ["command"])
}

/// Where a workload runs: `on: <vm>` or `pod:` (NFs, gNBs, UEs, apps).
public protocol PlacementKey: LanguageKey {
    static var on: Self { get }
    static var pod: Self { get }
}

/// `core.functions.*`
public enum FunctionKey: Int, PlacementKey {
    case kind, on, pod, config
    public static let table = KeyTable<Self>(names: ["kind", "on", "pod", "config"])
}

/// `*.pod`
public enum PodKey: Int, LanguageKey {
    case image, node
    public static let table = KeyTable<Self>(names: ["image", "node"])
}

/// `core.dnns.*`
public enum DNNKey: Int, LanguageKey {
    case subnet, upf, gateway, mtu
    public static let table = KeyTable<Self>(names: ["subnet", "upf", "gateway", "mtu"])
}

/// `slices.*`
public enum SliceKey: Int, LanguageKey {
    case sst, sd, dnns, smf, upf, nrf
    public static let table = KeyTable<Self>(names: ["sst", "sd", "dnns", "smf", "upf", "nrf"])
}

/// `ran`
public enum RANKey: Int, LanguageKey {
    case gnbs, ues
    public static let table = KeyTable<Self>(names: ["gnbs", "ues"])
}

/// A RAN node's list of slice names (gNBs, UEs).
public protocol SliceListKey: PlacementKey {
    static var slices: Self { get }
}

/// `ran.gnbs.*`
public enum GNBKey: Int, SliceListKey {
    case software, on, pod, tac, nci, slices, amf
    public static let table = KeyTable<Self>(names: ["software", "on", "pod", "tac", "nci", "slices", "amf"])
}

/// `ran.ues.*`
public enum UEKey: Int, SliceListKey {
    case software, on, pod, gnb, imsi, count, key, opc, slices, dnn
    public static let table = KeyTable<Self>(
        names: ["software", "on", "pod", "gnb", "imsi", "count", "key", "opc", "slices", "dnn"])
}

/// `apps.*`
public enum AppKey: Int, PlacementKey {
    case on, pod, image, ports, migratable
    public static let table = KeyTable<Self>(names: ["on", "pod", "image", "ports", "migratable"])
}

/// `migration`
public enum MigrationKey: Int, LanguageKey {
    case bandwidth, completionTimeoutPerGib, progressTimeout, parallelPerCluster, parallelOutboundPerNode
    case postCopy, autoConverge, workloads
    public static let table = KeyTable<Self>(names: [
        "bandwidth", "completion-timeout-per-gib", "progress-timeout", "parallel-per-cluster",
        "parallel-outbound-per-node", "post-copy", "auto-converge", "workloads",
    ])
}
