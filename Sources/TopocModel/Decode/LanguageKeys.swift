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
    public static let kubernetes = KubernetesKey.names

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
        "ran.install": install,
        "ran.gnbs.*": gnb,
        "ran.gnbs.*.pod": pod,
        "ran.ues.*": ue,
        "ran.ues.*.pod": pod,
        "apps.*": app,
        "apps.*.pod": pod,
        "migration": migration,
        "kubernetes": kubernetes,
    ]
}

/// The keys of one mapping of the language, in the order the reference lists them, each spelt once as its
/// raw value (`case cpuModel = "cpu-model"`). The decoder reads these only; anything else is an unknown key,
/// with a did-you-mean among the cases.
public protocol LanguageKey: RawRepresentable<String>, CaseIterable, FieldKey, Hashable where AllCases == [Self] {}

extension LanguageKey {
    /// The keys as written, in order.
    public static var names: [String] { allCases.names }

    /// The key as written (`cpu-model`).
    public var name: String { rawValue }
}

extension Array where Element: LanguageKey {
    /// The keys as written, in order.
    public var names: [String] { map(\.rawValue) }
}

/// The top level of a lab file.
public enum TopLevelKey: String, LanguageKey {
    case topology, target, hosts, images, defaults, networks, vms, core, slices, ran, apps, migration, kubernetes
}

/// `hosts.*`
public enum HostKey: String, LanguageKey {
    case address
    case libvirtUri = "libvirt-uri"
    case labels, cpus, memory
}

/// `images.*`
public enum ImageKey: String, LanguageKey {
    case url, path, sha256, format, kernel, initrd, cmdline
}

/// `defaults`
public enum DefaultsKey: String, LanguageKey {
    case vm, login
}

/// `vms.*`; `defaults.vm` takes the settings only (`VMKey.settings`).
public enum VMKey: String, LanguageKey {
    case image, cpus, memory, disk, host, accel
    case cpuModel = "cpu-model"
    case machine
    case diskBus = "disk-bus"
    case networks, forward, migratable
    case cloudInit = "cloud-init"
    /// What a VM shares with `defaults.vm`.
    public static let settings: [Self] = [.image, .cpus, .memory, .disk, .host, .accel, .cpuModel, .machine, .diskBus]
}

/// `defaults.login`
public enum LoginKey: String, LanguageKey {
    case user
    case sshKeys = "ssh-keys"
    case passwordHash = "password-hash"
    case password
}

/// `networks.*`
public enum NetworkKey: String, LanguageKey {
    case subnet, subnet6, mode, bridge
    case hostAddress = "host-address"
    case gateway, mtu, vlan, vale
}

/// `vms.*.networks.*`
public enum InterfaceKey: String, LanguageKey {
    case ip, ip6, mac, name
}

/// `vms.*.forward.*`
public enum ForwardKey: String, LanguageKey {
    case host, guest, `protocol`
}

/// `vms.*.cloud-init`
public enum CloudInitKey: String, LanguageKey {
    case packages, runcmd
    case writeFiles = "write-files"
}

/// `vms.*.cloud-init.write-files.*`
public enum WriteFileKey: String, LanguageKey {
    case content, permissions, owner
}

/// `core`
public enum CoreKey: String, LanguageKey {
    case software, plmn, tacs, functions, dnns, install
}

/// `core.install`
public enum InstallKey: String, LanguageKey {
    case command
}

/// Where a workload runs: `on: <vm>` or `pod:` (NFs, gNBs, UEs, apps).
public protocol PlacementKey: LanguageKey {
    static var on: Self { get }
    static var pod: Self { get }
}

/// `core.functions.*`
public enum FunctionKey: String, PlacementKey {
    case kind, on, pod, config
}

/// `*.pod`
public enum PodKey: String, LanguageKey {
    case image, node
}

/// `core.dnns.*`
public enum DNNKey: String, LanguageKey {
    case subnet, upf, gateway, mtu
}

/// `slices.*`
public enum SliceKey: String, LanguageKey {
    case sst, sd, dnns, smf, upf, nrf
}

/// `ran`
public enum RANKey: String, LanguageKey {
    case gnbs, ues, install
}

/// A RAN node's list of slice names (gNBs, UEs).
public protocol SliceListKey: PlacementKey {
    static var slices: Self { get }
}

/// `ran.gnbs.*`
public enum GNBKey: String, SliceListKey {
    case software, on, pod, tac, nci, slices, amf
}

/// `ran.ues.*`
public enum UEKey: String, SliceListKey {
    case software, on, pod, gnb, imsi, count, key, opc, slices, dnn
}

/// `apps.*`
public enum AppKey: String, PlacementKey {
    case on, pod, image, ports, migratable
}

/// `migration`
public enum MigrationKey: String, LanguageKey {
    case bandwidth
    case completionTimeoutPerGib = "completion-timeout-per-gib"
    case progressTimeout = "progress-timeout"
    case parallelPerCluster = "parallel-per-cluster"
    case parallelOutboundPerNode = "parallel-outbound-per-node"
    case postCopy = "post-copy"
    case autoConverge = "auto-converge"
    case workloads
}

/// `kubernetes`
public enum KubernetesKey: String, LanguageKey {
    case namespace
    case storageClass = "storage-class"
}
