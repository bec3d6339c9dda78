import TopocModel
import TopocYAML

/// A `Deployment` (apps/v1) per pod workload: one replica, replaced rather than rolled (`Recreate`: two
/// copies of an NF would both register), its config files mounted read-only from its ConfigMap, only the
/// capabilities it needs, and its node from `pod.node`.
enum DeploymentEmitter {
    /// The labels a workload's pods carry and its Service selects.
    static func selector(_ workload: PodWorkload, in topology: ResolvedTopology) -> [String: String] {
        ["app.kubernetes.io/name": workload.name, LabLabels.partOf: topology.name]
    }

    static func object(_ workload: PodWorkload, in topology: ResolvedTopology) -> KubeObject {
        let selector = selector(workload, in: topology)
        var podLabels = selector
        podLabels[LabLabels.managedBy] = LabLabels.tool
        podLabels["app.kubernetes.io/component"] = workload.component
        var podSpec: [(String, YAMLValue)] = []
        if let nodes = NodePlacement.selector(workload.node, in: topology) { podSpec.append(("nodeSelector", nodes)) }
        podSpec.append(("containers", .sequence([container(workload)])))
        let volumes = volumes(workload)
        if !volumes.isEmpty { podSpec.append(("volumes", .sequence(volumes))) }
        let spec: [(String, YAMLValue)] = [
            ("replicas", .int(1)),
            ("strategy", .mapping([("type", .string("Recreate"))])),
            ("selector", .mapping([("matchLabels", .sorted(selector.mapValues { .string($0) }))])),
            (
                "template",
                .mapping([
                    ("metadata", .mapping([("labels", .sorted(podLabels.mapValues { .string($0) }))])),
                    ("spec", .mapping(podSpec)),
                ])
            ),
        ]
        var labels = LabLabels.of(topology)
        labels["app.kubernetes.io/component"] = workload.component
        return KubeObject(
            apiVersion: "apps/v1", kind: "Deployment", name: workload.name, namespace: topology.kubernetes.namespace,
            labels: labels, body: [("spec", .mapping(spec))])
    }

    static func container(_ workload: PodWorkload) -> YAMLValue {
        var fields: [(String, YAMLValue)] = [("name", .string(workload.component)), ("image", .string(workload.image))]
        let environment =
            workload.environment.map { name, value in
                YAMLValue.mapping([("name", .string(name)), ("value", .string(value))])
            }
            + workload.secretEnvironment.map { name, secret, key in
                let reference: YAMLValue = .mapping([("name", .string(secret)), ("key", .string(key))])
                return .mapping([
                    ("name", .string(name)), ("valueFrom", .mapping([("secretKeyRef", reference)])),
                ])
            }
        if !environment.isEmpty { fields.append(("env", .sequence(environment))) }
        if !workload.ports.isEmpty {
            fields.append(
                (
                    "ports",
                    .sequence(
                        workload.ports.map {
                            .mapping([
                                ("name", .string($0.name)), ("containerPort", .int($0.port)),
                                ("protocol", .string($0.transport)),
                            ])
                        })
                ))
        }
        if !workload.capabilities.isEmpty {
            let capabilities: YAMLValue = .mapping([("add", .strings(workload.capabilities))])
            fields.append(("securityContext", .mapping([("capabilities", capabilities)])))
        }
        let mounts = mounts(workload)
        if !mounts.isEmpty { fields.append(("volumeMounts", .sequence(mounts))) }
        return .mapping(fields)
    }

    /// Each config file by its own key of the ConfigMap (`subPath`), so the image's other files stay.
    static func mounts(_ workload: PodWorkload) -> [YAMLValue] {
        var mounts = workload.configFiles.enumerated().map { index, file in
            YAMLValue.mapping([
                ("name", .string("config")), ("mountPath", .string(file.mountPath)),
                ("subPath", .string(ConfigMapEmitter.key(index))), ("readOnly", .bool(true)),
            ])
        }
        if workload.tun {
            mounts.append(.mapping([("name", .string("tun")), ("mountPath", .string("/dev/net/tun"))]))
        }
        return mounts
    }

    static func volumes(_ workload: PodWorkload) -> [YAMLValue] {
        var volumes: [YAMLValue] = []
        if !workload.configFiles.isEmpty {
            let source: YAMLValue = .mapping([("name", .string(ConfigMapEmitter.name(workload)))])
            volumes.append(.mapping([("name", .string("config")), ("configMap", source)]))
        }
        if workload.tun {
            let path: YAMLValue = .mapping([("path", .string("/dev/net/tun")), ("type", .string("CharDevice"))])
            volumes.append(.mapping([("name", .string("tun")), ("hostPath", path)]))
        }
        return volumes
    }
}
