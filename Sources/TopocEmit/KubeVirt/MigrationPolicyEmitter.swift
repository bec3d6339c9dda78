import TopocModel
import TopocYAML

/// Live migration: a `MigrationPolicy` (migrations.kubevirt.io/v1alpha1) for the lab's migratable VMs, and
/// the cluster-wide knobs a policy cannot hold (`parallel-per-cluster`, `parallel-outbound-per-node`,
/// `progress-timeout`) as a merge patch for the KubeVirt CR, its own artifact: it changes every lab in the
/// cluster, so topoc never applies it on its own.
enum MigrationPolicyEmitter {
    /// The language's defaults (docs/language.md, `migration`).
    static let defaultBandwidth: UInt64 = 64 << 20
    static let defaultCompletionTimeoutPerGiB = 800
    static let defaultProgressTimeout = 150
    static let defaultParallelPerCluster = 5
    static let defaultParallelOutboundPerNode = 2

    /// The VMs the policy covers: the migratable ones, limited to `migration.workloads` when it is written.
    static func migratableVMs(_ topology: ResolvedTopology) -> [ResolvedVM] {
        topology.vms.filter { vm in
            vm.migratable && (topology.migration?.workloads.map { $0.contains(vm.name) } ?? true)
        }
    }

    /// Cluster-scoped, so named after the lab; it selects the lab's VMIs in the lab's namespace only.
    static func object(_ topology: ResolvedTopology) -> KubeObject? {
        guard !migratableVMs(topology).isEmpty else { return nil }
        let migration = topology.migration
        let selectors: YAMLValue = .mapping([
            ("namespaceSelector", .sorted(["kubernetes.io/metadata.name": .string(topology.kubernetes.namespace)])),
            (
                "virtualMachineInstanceSelector",
                .sorted([
                    LabLabels.partOf: .string(topology.name), VirtualMachineEmitter.migratableLabel: .string("true"),
                ])
            ),
        ])
        let bandwidth = migration?.bandwidthBytesPerSecond ?? defaultBandwidth
        let spec: YAMLValue = .mapping([
            ("allowAutoConverge", .bool(migration?.autoConverge ?? false)),
            ("allowPostCopy", .bool(migration?.postCopy ?? false)),
            ("bandwidthPerMigration", .string(Quantity.of(bytesPerSecond: bandwidth))),
            ("completionTimeoutPerGiB", .int(migration?.completionTimeoutPerGiB ?? defaultCompletionTimeoutPerGiB)),
            ("selectors", selectors),
        ])
        return KubeObject(
            apiVersion: "migrations.kubevirt.io/v1alpha1", kind: "MigrationPolicy", name: "topoc-\(topology.name)",
            namespace: nil, labels: LabLabels.of(topology), body: [("spec", spec)])
    }

    /// `kubectl patch kubevirt kubevirt -n kubevirt --type merge --patch-file <this file>`.
    static func clusterPatch(_ topology: ResolvedTopology) throws -> Artifact? {
        guard !migratableVMs(topology).isEmpty else { return nil }
        let migration = topology.migration
        let migrations: YAMLValue = .mapping([
            ("parallelMigrationsPerCluster", .int(migration?.parallelPerCluster ?? defaultParallelPerCluster)),
            (
                "parallelOutboundMigrationsPerNode",
                .int(migration?.parallelOutboundPerNode ?? defaultParallelOutboundPerNode)
            ),
            ("progressTimeout", .int(migration?.progressTimeoutSeconds ?? defaultProgressTimeout)),
        ])
        let patch: YAMLValue = .mapping([
            ("spec", .mapping([("configuration", .mapping([("migrations", migrations)]))]))
        ])
        let header = [
            "# Cluster-wide live-migration settings of lab \(topology.name): a merge patch for the KubeVirt CR,",
            "# never applied by topoc (it changes every lab in the cluster). Apply it once with:",
            "#   kubectl patch kubevirt kubevirt -n kubevirt --type merge --patch-file \(KubeVirtPaths.kubeVirtPatch)",
        ]
        return Artifact(
            path: KubeVirtPaths.kubeVirtPatch, contents: try YAMLWriter.render(patch, header: header),
            kind: .kubeVirtPatch)
    }
}
