// QEMU/QEMUCommandLine owns the structure of a VM's QEMU invocation: option groups in a fixed order, built
// from the resolved VM. Rendering to JSON or to a shell script happens elsewhere (QEMUEmitter).
import TopocModel

/// A QEMU command line as option groups (`["-smp", "2"]`, `["-nodefaults"]`), in the order QEMU gets them.
/// Every path in it is relative to the lab directory, where the executor (or `qemu.sh`) runs QEMU.
public struct QEMUCommandLine: Equatable, Sendable {
    public static let binary = "qemu-system-x86_64"

    public var groups: [[String]]

    public init(groups: [[String]]) {
        self.groups = groups
    }

    /// `argv[0]` is the binary; then every group, flattened.
    public var argv: [String] { [Self.binary] + groups.flatMap { $0 } }

    /// The command line of `vm`; `topology` supplies the networks its NICs attach to.
    public init(vm: ResolvedVM, in topology: ResolvedTopology) throws {
        var groups = QEMUMachineOptions.groups(vm)
        groups += QEMUDiskOptions.groups(vm)
        groups += QEMUMachineOptions.housekeeping(vm)
        groups += QEMUNetworkOptions.management(vm.management)
        for interface in vm.interfaces {
            groups += try QEMUNetworkOptions.lab(interface, vm: vm.name, in: topology)
        }
        self.groups = groups
    }
}

/// A resolved topology the emitters cannot format: a bug in the resolve stage, not a user error.
public struct EmitError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
