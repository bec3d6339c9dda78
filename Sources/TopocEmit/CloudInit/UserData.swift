// CloudInit/UserData owns the `#cloud-config` user-data of a VM: hostname, the login user, extra files,
// packages, the core set-up's early commands (bootcmd) and first-boot commands. No plaintext password is ever
// written: only a crypt(3) hash, if given.
// The core set-up (CoreSetup) comes before the user's own files and commands, so those can override and
// build on it.
import TopocModel
import TopocYAML

enum UserData {
    /// cloud-init requires this exact first line.
    static let header = "#cloud-config"

    static func document(
        _ vm: ResolvedVM, in topology: ResolvedTopology, core sources: CoreSetupSources = .standard
    ) throws -> YAMLValue {
        var entries: [String: YAMLValue] = [
            "hostname": .string(vm.name),
            // Writes `127.0.1.1 <hostname>` so sudo and other tools can resolve the guest's own name.
            "manage_etc_hosts": .bool(true),
            "ssh_pwauth": .bool(false),
            "users": .sequence([user(topology.login)]),
        ]
        let extras = vm.cloudInit
        let core = try CoreSetup.parts(for: vm, in: topology, sources: sources)
        let files = core.writeFiles + extras.writeFiles
        let commands = core.runcmd + extras.runcmd
        // bootcmd runs in the init stage, before write_files; runcmd in the final stage (SystemdUnits).
        if !core.bootcmd.isEmpty { entries["bootcmd"] = .sequence(core.bootcmd.map(command)) }
        if !files.isEmpty { entries["write_files"] = .sequence(files.map(file)) }
        let packages = guestAgent(vm, in: topology) + extras.packages
        if !packages.isEmpty { entries["packages"] = .strings(packages) }
        if !commands.isEmpty { entries["runcmd"] = .sequence(commands.map(command)) }
        return .sorted(entries)
    }

    /// `topoc smoke` runs a RAN VM's smoke test through the QEMU guest agent. It is installed where UERANSIM
    /// is (`ran.install: source`, which builds it in the guest from packages); with `none` or a command, the
    /// image (or the command) must bring it, like UERANSIM itself.
    static func guestAgent(_ vm: ResolvedVM, in topology: ResolvedTopology) -> [String] {
        guard topology.ran.install == .source, SmokeChecks.hasChecks(vm: vm.name, in: topology) else { return [] }
        return ["qemu-guest-agent"]
    }

    /// The login user, with passwordless sudo. The password stays locked unless a hash enables console login.
    static func user(_ login: Login) -> YAMLValue {
        var entries: [String: YAMLValue] = [
            "name": .string(login.user),
            "sudo": .string("ALL=(ALL) NOPASSWD:ALL"),
            "shell": .string("/bin/bash"),
            "lock_passwd": .bool(login.passwordHash == nil),
        ]
        if let hash = login.passwordHash { entries["hashed_passwd"] = .string(hash) }
        if !login.sshKeys.isEmpty { entries["ssh_authorized_keys"] = .strings(login.sshKeys) }
        return .sorted(entries)
    }

    /// Permissions stay a string (`"0644"`): cloud-init's schema rejects an integer. Files owned by anyone but
    /// root are deferred to the final stage, after the users exist (and packages are installed) but before
    /// `runcmd`, since chown to a user that does not exist yet fails.
    static func file(_ file: WriteFile) -> YAMLValue {
        var entries: [String: YAMLValue] = [
            "path": .string(file.path),
            "content": .string(file.content),
            "permissions": .string(file.permissions),
            "owner": .string(file.owner),
        ]
        if !isRootOwned(file.owner) { entries["defer"] = .bool(true) }
        return .sorted(entries)
    }

    static func isRootOwned(_ owner: String) -> Bool {
        owner == "root" || owner == "root:root" || owner == "0" || owner == "0:0"
    }

    /// An argv list runs without a shell; a string is run by `sh -c`, as the user wrote it.
    static func command(_ command: Command) -> YAMLValue {
        switch command {
        case .argv(let words): .strings(words)
        case .shell(let line): .string(line)
        }
    }
}
