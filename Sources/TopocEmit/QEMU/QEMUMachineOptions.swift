// QEMU/QEMUMachineOptions owns the identity, machine, accelerator, CPU and memory options of a VM, and the
// housekeeping options (serial log, QMP socket, pidfile, daemonizing) that the executor relies on.
import TopocModel

enum QEMUMachineOptions {
    static func groups(_ vm: ResolvedVM) -> [[String]] {
        var groups: [[String]] = [
            ["-name", QEMUOption.pairs([("guest", vm.name), ("debug-threads", "on")])],
            ["-uuid", vm.uuid],
            ["-machine", vm.machine.rawValue],
        ]
        groups += accelerators(vm.accel).map { ["-accel", $0] }
        groups += [
            // `cpu-model` is QEMU's -cpu argument as the user wrote it: a model name, optionally followed by
            // features (`host,+vmx`), so its commas are QEMU syntax and are not escaped.
            ["-cpu", vm.cpuModel],
            ["-smp", String(vm.cpus)],
            ["-m", "\(vm.memory.mebibytes)M"],
            ["-nodefaults"],
            ["-no-user-config"],
            ["-display", "none"],
        ]
        return groups
    }

    /// `auto` lists both and QEMU uses the first that initialises. The fallback covers only a failed start
    /// of KVM (no /dev/kvm, no permission), not a KVM that starts and then fails (e.g. rejects an MSR).
    static func accelerators(_ accel: Accel) -> [String] {
        switch accel {
        case .kvm: ["kvm"]
        case .tcg: ["tcg"]
        case .auto: ["kvm", "tcg"]
        }
    }

    /// The serial console goes to a file, QMP listens on a UNIX socket, and QEMU forks once it is set up.
    /// `-serial file:` takes the rest of its argument as the path verbatim; `-qmp unix:` parses options after
    /// the path, so that path is escaped.
    static func housekeeping(_ vm: ResolvedVM) -> [[String]] {
        [
            ["-serial", "file:" + vm.paths.serialLog],
            ["-qmp", "unix:" + QEMUOption.escape(vm.paths.qmp) + ",server=on,wait=off"],
            ["-pidfile", vm.paths.pidfile],
            ["-daemonize"],
            ["-device", "virtio-rng-pci"],
        ] + guestAgent(vm)
    }

    /// The guest agent's channel: a `virtio-serial` port named `org.qemu.guest_agent.0` (the name
    /// qemu-guest-agent's unit waits for) backed by a UNIX socket in the VM's folder, for `topoc smoke`.
    static func guestAgent(_ vm: ResolvedVM) -> [[String]] {
        [
            [
                "-chardev",
                QEMUOption.typed("socket", [("id", "qga0"), ("path", vm.paths.guestAgent)]) + ",server=on,wait=off",
            ],
            ["-device", "virtio-serial-pci,id=qga-serial0"],
            ["-device", "virtserialport,bus=qga-serial0.0,chardev=qga0,name=org.qemu.guest_agent.0"],
        ]
    }
}
