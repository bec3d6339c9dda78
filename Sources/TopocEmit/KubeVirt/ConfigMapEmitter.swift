import TopocModel
import TopocYAML

/// A `ConfigMap` per pod workload with config files: each file the lab's emitters wrote for it (the same bytes
/// a VM would get), under a key of its own.
enum ConfigMapEmitter {
    static func name(_ workload: PodWorkload) -> String { "\(workload.name)-config" }

    /// `config.yaml` for the first file, then `config-2.yaml`, ...
    static func key(_ index: Int) -> String { index == 0 ? "config.yaml" : "config-\(index + 1).yaml" }

    static func object(_ workload: PodWorkload, files: [String: Artifact], in topology: ResolvedTopology)
        -> KubeObject?
    {
        guard !workload.configFiles.isEmpty else { return nil }
        let data = workload.configFiles.enumerated().map { index, file in
            (key(index), YAMLValue.string(files[file.artifact]?.contents ?? ""))
        }
        return KubeObject(
            apiVersion: "v1", kind: "ConfigMap", name: name(workload), namespace: topology.kubernetes.namespace,
            labels: LabLabels.of(topology), body: [("data", .mapping(data))])
    }
}
