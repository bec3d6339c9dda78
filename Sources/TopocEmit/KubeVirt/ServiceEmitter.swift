import TopocModel
import TopocYAML

/// A `Service` per pod workload that serves ports, named as the workload: the name other NFs' configurations
/// reach it by (`nrf:7777`), so no pod needs hostAliases or another pod's address.
enum ServiceEmitter {
    static func object(_ workload: PodWorkload, in topology: ResolvedTopology) -> KubeObject? {
        guard !workload.ports.isEmpty else { return nil }
        let ports: [YAMLValue] = workload.ports.map {
            .mapping([
                ("name", .string($0.name)), ("port", .int($0.port)), ("targetPort", .int($0.port)),
                ("protocol", .string($0.transport)),
            ])
        }
        let selector = DeploymentEmitter.selector(workload, in: topology)
        let spec: YAMLValue = .mapping([
            ("selector", .sorted(selector.mapValues { .string($0) })), ("ports", .sequence(ports)),
        ])
        var labels = LabLabels.of(topology)
        labels["app.kubernetes.io/component"] = workload.component
        return KubeObject(
            apiVersion: "v1", kind: "Service", name: workload.name, namespace: topology.kubernetes.namespace,
            labels: labels, body: [("spec", spec)])
    }
}
