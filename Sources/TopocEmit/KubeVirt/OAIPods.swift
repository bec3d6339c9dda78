import TopocModel

/// OAI CN5G v2 NFs as pods, the way OAI's own Compose and Helm files run them: each image reads
/// `/openair-<kind>/etc/config.yaml` (the NF's `core/oai/.../config.yaml`), the UDR's database password comes
/// from the environment (`OAI_DB_PASSWORD`, which the configuration names), and MySQL is the stock image.
enum OAIPods {
    /// The images used when an NF says no `pod.image`, one table for every kind.
    static let defaultImages: [NFKind: String] = Dictionary(
        uniqueKeysWithValues: [NFKind.nrf, .amf, .smf, .upf, .ausf, .udm, .udr, .nssf, .pcf].map {
            ($0, "oaisoftwarealliance/oai-\($0.rawValue):v2.1.0")
        } + [(.mysql, "mysql:8.0")])

    /// The Secret (created by the user, never by topoc: no password is written in the lab's files) and its
    /// key holding the database password.
    static let databaseSecret = ("oai-db", "password")

    static func workload(_ nf: ResolvedNF, pod: Pod, configPaths: Set<String>) -> PodWorkload {
        var workload = PodWorkload(
            name: nf.name, component: nf.kind.rawValue,
            image: pod.image ?? defaultImages[nf.kind] ?? "oaisoftwarealliance/oai-\(nf.kind.rawValue):v2.1.0",
            node: pod.node, ports: ports(nf))
        let (secret, key) = databaseSecret
        if nf.kind == .mysql {
            workload.environment = [
                ("MYSQL_DATABASE", "oai_db"), ("MYSQL_USER", "oai"), ("MYSQL_RANDOM_ROOT_PASSWORD", "yes"),
            ]
            workload.secretEnvironment = [("MYSQL_PASSWORD", secret, key)]
            return workload
        }
        let own = "core/oai/\(nf.name)/config.yaml"
        let file = configPaths.contains(own) ? own : "core/oai/config.yaml"
        workload.configFiles = [.init(artifact: file, mountPath: "/openair-\(nf.kind.rawValue)/etc/config.yaml")]
        // Only the UDR opens the database; the other NFs get no password.
        if nf.kind == .udr { workload.secretEnvironment = [("OAI_DB_PASSWORD", secret, key)] }
        if nf.kind == .upf {
            workload.capabilities = ["NET_ADMIN"]
            workload.tun = true
        }
        return workload
    }

    /// The NF's endpoints with their transports, in interface order.
    static func ports(_ nf: ResolvedNF) -> [PodWorkload.Port] {
        nf.endpoints.keys.sorted().compactMap { interface in
            guard let endpoint = nf.endpoints[interface] else { return nil }
            return PodWorkload.Port(name: interface.rawValue, port: endpoint.port, transport: transport(interface))
        }
    }

    static func transport(_ interface: NFInterface) -> String {
        switch interface {
        case .pfcp, .gtpu, .gtpc: "UDP"
        case .ngap, .s1ap: "SCTP"
        case .sbi, .diameter, .metrics, .database: "TCP"
        }
    }
}
