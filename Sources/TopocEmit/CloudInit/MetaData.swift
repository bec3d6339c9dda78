// CloudInit/MetaData owns the NoCloud meta-data of a VM and its instance-id.
import TopocModel
import TopocYAML

enum MetaData {
    static func document(_ vm: ResolvedVM, instanceID: String) -> YAMLValue {
        .mapping([("instance-id", .string(instanceID)), ("local-hostname", .string(vm.name))])
    }

    /// `<uuid>-<digest>`: the VM's stable uuid, then 16 hex digits of the SHA-256 of the user-data and
    /// network-config text.
    /// cloud-init runs its once-per-instance modules (users, write_files, runcmd, network) again only when
    /// the instance-id changes, so folding the configuration into it makes an edited topology take effect
    /// on the next boot of an existing disk, while an unchanged one keeps the same id and is left alone.
    static func instanceID(uuid: String, userData: String, networkConfig: String) -> String {
        let digest = Digest.hex(of: userData + "\u{0}" + networkConfig)
        return "\(uuid)-\(digest.prefix(16))"
    }
}
