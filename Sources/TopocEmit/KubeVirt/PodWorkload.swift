import TopocModel

/// A workload the lab runs as a pod, in the terms its Deployment, Service and ConfigMap need: built from an
/// NF of an `oai@2` core or an app placed with `pod:`. (gNBs, UEs and Open5GS NFs in pods are not built yet:
/// `KubeVirtPods.builds` says which, and the backend warns at the others.)
struct PodWorkload {
    struct Port {
        var name: String
        var port: Int
        var transport: String
    }

    /// A file the container reads, from the lab's artifacts.
    struct ConfigFile {
        /// The artifact holding it.
        var artifact: String
        var mountPath: String
    }

    var name: String
    /// `app.kubernetes.io/component`: the NF kind, or `app`.
    var component: String
    var image: String
    var node: String?
    var ports: [Port]
    var configFiles: [ConfigFile] = []
    /// Capabilities added to the container (nothing else is granted).
    var capabilities: [String] = []
    /// Needs the host's `/dev/net/tun` (a UPF's tun devices).
    var tun = false
    /// Environment from Secrets the user creates: variable -> (secret, key).
    var secretEnvironment: [(String, String, String)] = []
    var environment: [(String, String)] = []
}

/// Which `pod:` placements the kubevirt target builds (apps always): the only public part, for the backend's
/// warnings.
public enum KubeVirtPods {
    /// NFs of an `oai@2` core (their configuration is one file per NF) and apps.
    public static func builds(nfOf software: CoreSoftware) -> Bool { software == .oai2 }
    public static let buildsRAN = false
}

extension PodWorkload {
    /// Every pod workload the target builds, NFs first, each in the order written.
    static func all(_ topology: ResolvedTopology, artifacts oai: [Artifact]) -> [PodWorkload] {
        var workloads: [PodWorkload] = []
        if let core = topology.mobileCore, KubeVirtPods.builds(nfOf: core.software) {
            let paths = Set(oai.map(\.path))
            for nf in core.functions {
                guard case .pod(let pod) = nf.placement else { continue }
                workloads.append(OAIPods.workload(nf, pod: pod, configPaths: paths))
            }
        }
        for app in topology.apps {
            guard case .pod(let pod) = app.placement else { continue }
            let ports = app.ports.map { Port(name: $0.name, port: $0.port, transport: "TCP") }
            workloads.append(
                PodWorkload(
                    name: app.name, component: "app", image: pod.image ?? app.image ?? app.name, node: pod.node,
                    ports: ports))
        }
        return workloads
    }
}
