// Resolved/ResolvedVMYAML owns the `vms` section of `resolved.yaml`: each VM with its derived values
// (placement, sizes, image, interfaces with MAC/addresses/tap, forwards marked when derived, runtime paths).
import TopocModel
import TopocYAML

enum ResolvedVMYAML {
    static func vm(_ vm: ResolvedVM) -> YAMLValue {
        ResolvedYAML.compact([
            ("host", .string(vm.host)),
            ("uuid", .string(vm.uuid)),
            ("image", image(vm.image)),
            ("cpus", .int(vm.cpus)),
            ("memory", .string(vm.memory.description)),
            ("disk", vm.disk.map { .string($0.description) }),
            ("accel", .string(vm.accel.rawValue)),
            ("cpu-model", .string(vm.cpuModel)),
            ("machine", .string(vm.machine.rawValue)),
            ("disk-bus", .string(vm.diskBus.rawValue)),
            ("migratable", .bool(vm.migratable)),
            ("networks", .mapping(vm.interfaces.map { ($0.network, interface($0)) })),
            ("management", management(vm.management)),
            ("cloud-init", vm.cloudInit.isEmpty ? nil : cloudInit(vm.cloudInit)),
            ("paths", paths(vm.paths)),
        ])
    }

    static func image(_ image: ResolvedImage) -> YAMLValue {
        ResolvedYAML.compact([
            ("name", .string(image.name)),
            ("url", image.url.map(YAMLValue.string)),
            ("path", image.path.map(YAMLValue.string)),
            ("sha256", image.sha256.map(YAMLValue.string)),
            ("format", .string(image.format.rawValue)),
            ("kernel", image.kernel.map(YAMLValue.string)),
            ("initrd", image.initrd.map(YAMLValue.string)),
            ("cmdline", image.cmdline.map(YAMLValue.string)),
            ("base-path", .string(image.basePath)),
        ])
    }

    static func interface(_ nic: ResolvedInterface) -> YAMLValue {
        ResolvedYAML.compact([
            ("name", .string(nic.guestName)),
            ("mac", .string(nic.mac.description)),
            ("ip", cidr(nic.ipv4?.description, nic.prefix)),
            ("ip6", cidr(nic.ipv6?.description, nic.prefix6)),
            ("gateway", nic.gateway.map { .string($0.description) }),
            ("mtu", .int(nic.mtu)),
            ("tap", nic.tap.map(YAMLValue.string)),
            ("netdev", .string(nic.netdevID)),
        ])
    }

    static func cidr(_ address: String?, _ prefix: Int?) -> YAMLValue? {
        guard let address else { return nil }
        return .string(prefix.map { "\(address)/\($0)" } ?? address)
    }

    static func management(_ nic: ManagementNIC) -> YAMLValue {
        let forwards = nic.forwards.map { forward -> (String, YAMLValue) in
            let value: YAMLValue = .mapping([
                ("host", .string("\(forward.hostAddress):\(forward.hostPort)")),
                ("guest", .int(forward.guestPort)),
                ("protocol", .string(forward.transport.rawValue)),
                ("derived", .bool(forward.derived)),
            ])
            return (forward.service, value)
        }
        return .mapping([
            ("name", .string(ManagementNIC.guestName)), ("mac", .string(nic.mac.description)),
            ("forward", .mapping(forwards)),
        ])
    }

    /// File contents are not repeated here: they are in the user-data.
    static func cloudInit(_ extras: CloudInitExtras) -> YAMLValue {
        ResolvedYAML.compact([
            ("packages", extras.packages.isEmpty ? nil : .strings(extras.packages)),
            ("runcmd", extras.runcmd.isEmpty ? nil : .sequence(extras.runcmd.map(UserData.command))),
            ("write-files", extras.writeFiles.isEmpty ? nil : .strings(extras.writeFiles.map(\.path))),
        ])
    }

    static func paths(_ paths: VMPaths) -> YAMLValue {
        .mapping([
            ("directory", .string(paths.directory)), ("disk", .string(paths.disk)), ("seed", .string(paths.seed)),
            ("pidfile", .string(paths.pidfile)), ("qmp", .string(paths.qmp)),
            ("guest-agent", .string(paths.guestAgent)),
            ("serial-log", .string(paths.serialLog)),
        ])
    }
}
