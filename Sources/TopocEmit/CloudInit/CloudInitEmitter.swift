// CloudInit/CloudInitEmitter owns a VM's NoCloud seed files: `meta-data`, `user-data` and `network-config`
// under `vms/<vm>/cloud-init/`, which the executor packs into the seed ISO (volume label `cidata`).
import TopocModel
import TopocYAML

enum CloudInitEmitter {
    static func artifacts(_ vm: ResolvedVM, in topology: ResolvedTopology) throws -> [Artifact] {
        let directory = "\(vm.paths.directory)/cloud-init"
        let userData = try YAMLWriter.render(try UserData.document(vm, in: topology), header: [UserData.header])
        let networkConfig = try YAMLWriter.render(NetworkConfig.document(vm))
        let instanceID = MetaData.instanceID(uuid: vm.uuid, userData: userData, networkConfig: networkConfig)
        let metaData = try YAMLWriter.render(MetaData.document(vm, instanceID: instanceID))
        return [
            Artifact(path: "\(directory)/meta-data", contents: metaData, kind: .cloudInitMetaData),
            // SSH keys and the password hash: readable by the owner only.
            Artifact(
                path: "\(directory)/user-data", contents: userData, mode: Artifact.secretMode,
                kind: .cloudInitUserData),
            Artifact(path: "\(directory)/network-config", contents: networkConfig, kind: .cloudInitNetworkConfig),
        ]
    }
}
