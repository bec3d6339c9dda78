/// Every key of the language, by the path of the mapping that holds it. The decoder reads only these
/// (anything else is an unknown-key error), and a test checks that `schemas/topology.schema.json` declares
/// exactly the same keys, so the schema, the reference and the parser cannot drift apart.
///
/// Paths use `*` for a user-chosen name: `vms.*.networks.*` is one interface of one VM.
public enum LanguageKeys {
    public static let topLevel = [
        "topology", "target", "hosts", "images", "defaults", "networks", "vms", "core", "slices", "ran", "apps",
        "migration",
    ]
    public static let host = ["address", "libvirt-uri", "labels", "cpus", "memory"]
    public static let image = ["url", "path", "sha256", "format", "kernel", "initrd", "cmdline"]
    public static let defaults = ["vm", "login"]
    public static let vmSettings = [
        "image", "cpus", "memory", "disk", "host", "accel", "cpu-model", "machine", "disk-bus",
    ]
    public static let login = ["user", "ssh-keys", "password-hash", "password"]
    public static let network = [
        "subnet", "subnet6", "mode", "bridge", "host-address", "gateway", "mtu", "vlan", "vale",
    ]
    public static let vm = vmSettings + ["networks", "forward", "migratable", "cloud-init"]
    public static let interface = ["ip", "ip6", "mac", "name"]
    public static let forward = ["host", "guest", "protocol"]
    public static let cloudInit = ["packages", "runcmd", "write-files"]
    public static let writeFile = ["content", "permissions", "owner"]
    public static let core = ["software", "plmn", "tacs", "functions", "dnns", "install"]
    public static let install = ["command"]
    public static let function = ["kind", "on", "pod", "config"]
    public static let pod = ["image", "node"]
    public static let dnn = ["subnet", "upf", "gateway", "mtu"]
    public static let slice = ["sst", "sd", "dnns", "smf", "upf", "nrf"]
    public static let ran = ["gnbs", "ues"]
    public static let gnb = ["software", "on", "pod", "tac", "nci", "slices", "amf"]
    public static let ue = ["software", "on", "pod", "gnb", "imsi", "count", "key", "opc", "slices", "dnn"]
    public static let app = ["on", "pod", "image", "ports", "migratable"]
    public static let migration = [
        "bandwidth", "completion-timeout-per-gib", "progress-timeout", "parallel-per-cluster",
        "parallel-outbound-per-node", "post-copy", "auto-converge", "workloads",
    ]

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
