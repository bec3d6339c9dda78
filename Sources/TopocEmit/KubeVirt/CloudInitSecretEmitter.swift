import TopocModel

/// A `Secret` per VM holding its cloud-init user-data (SSH keys, the password hash, NF configs with their
/// keys), which the VirtualMachine names through `cloudInitNoCloud.secretRef`, so no secret sits inline in a
/// VirtualMachine that anyone allowed to read VMs can read. The user-data is the same file every target writes.
enum CloudInitSecretEmitter {
    /// The key KubeVirt reads the user-data from.
    static let userDataKey = "userdata"

    static func name(vm: String) -> String { "\(vm)-cloud-init" }

    static func object(_ vm: ResolvedVM, userData: String, in topology: ResolvedTopology) -> KubeObject {
        KubeObject(
            apiVersion: "v1", kind: "Secret", name: name(vm: vm.name), namespace: topology.kubernetes.namespace,
            labels: LabLabels.of(topology),
            body: [("type", .string("Opaque")), ("stringData", .mapping([(userDataKey, .string(userData))]))])
    }
}
