// HostNet/HostStep owns the vocabulary of host network changes: each step is one `ip` command, kept as an
// argv array (never a shell string), with the step that undoes it.

/// One change to the host's networking, as an `ip` command.
public enum HostStep: Equatable, Sendable, Codable {
    /// `ip link add name NAME mtu MTU type bridge`: the MTU is set at creation, so the bridge keeps it as
    /// ports join.
    case createBridge(name: String, mtu: Int)
    /// `ip tuntap add dev NAME mode tap`: QEMU opens the existing tap by name (`script=no`).
    case createTap(name: String)
    case setMTU(device: String, mtu: Int)
    /// `ip addr replace`, not `add`, so running the steps again is harmless.
    case addAddress(device: String, cidr: String)
    case attach(tap: String, bridge: String)
    case setUp(device: String)
    case deleteLink(name: String)

    /// The command, argv[0] being `ip`.
    public var argv: [String] {
        switch self {
        case .createBridge(let name, let mtu):
            ["ip", "link", "add", "name", name, "mtu", String(mtu), "type", "bridge"]
        case .createTap(let name): ["ip", "tuntap", "add", "dev", name, "mode", "tap"]
        case .setMTU(let device, let mtu): ["ip", "link", "set", "dev", device, "mtu", String(mtu)]
        case .addAddress(let device, let cidr): ["ip", "addr", "replace", cidr, "dev", device]
        case .attach(let tap, let bridge): ["ip", "link", "set", "dev", tap, "master", bridge]
        case .setUp(let device): ["ip", "link", "set", "dev", device, "up"]
        case .deleteLink(let name): ["ip", "link", "del", "dev", name]
        }
    }

    /// The device this step creates, if any: creation is skipped when it already exists.
    public var createdDevice: String? {
        switch self {
        case .createBridge(let name, _), .createTap(let name): name
        default: nil
        }
    }

    /// The step that undoes this one. Only creations have one: deleting a link also drops its addresses,
    /// its bridge membership and its state, so the other steps need no undoing of their own.
    public var reverse: HostStep? {
        createdDevice.map { .deleteLink(name: $0) }
    }

    /// The teardown of `steps`: their reverses, last created first (taps before their bridge).
    public static func teardown(_ steps: [HostStep]) -> [HostStep] {
        steps.reversed().compactMap(\.reverse)
    }
}
