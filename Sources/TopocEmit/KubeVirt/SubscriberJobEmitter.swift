import TopocModel
import TopocYAML

/// OAI subscriber provisioning as a `Job`: the lab's `core/oai/subscribers.sql` (K and OPc, so in a Secret)
/// loaded into the `mysql` pod's `oai_db` by the MySQL client of the same image, retried until the database
/// answers. Written only when MySQL runs as a pod and the lab declares UEs.
enum SubscriberJobEmitter {
    static let name = "oai-subscribers"
    static let file = "subscribers.sql"

    static func objects(_ topology: ResolvedTopology, workloads: [PodWorkload], oai: [Artifact]) -> [KubeObject] {
        guard let mysql = workloads.first(where: { $0.component == NFKind.mysql.rawValue }),
            let rows = oai.first(where: { $0.kind == .oaiSubscribers })
        else { return [] }
        let namespace = topology.kubernetes.namespace
        let secret = KubeObject(
            apiVersion: "v1", kind: "Secret", name: name, namespace: namespace, labels: LabLabels.of(topology),
            body: [("type", .string("Opaque")), ("stringData", .mapping([(file, .string(rows.contents))]))])
        let (passwordSecret, passwordKey) = OAIPods.databaseSecret
        // The client reads its password from MYSQL_PWD, so it never appears on a command line.
        let password: YAMLValue = .mapping([
            ("name", .string("MYSQL_PWD")),
            (
                "valueFrom",
                .mapping([
                    ("secretKeyRef", .mapping([("name", .string(passwordSecret)), ("key", .string(passwordKey))]))
                ])
            ),
        ])
        let command = "mysql --host=\(mysql.name) --user=oai oai_db < /subscribers/\(file)"
        let container: YAMLValue = .mapping([
            ("name", .string("load")), ("image", .string(mysql.image)),
            ("command", .strings(["sh", "-c", command])), ("env", .sequence([password])),
            (
                "volumeMounts",
                .sequence([
                    .mapping([
                        ("name", .string("rows")), ("mountPath", .string("/subscribers")), ("readOnly", .bool(true)),
                    ])
                ])
            ),
        ])
        let podSpec: YAMLValue = .mapping([
            ("restartPolicy", .string("OnFailure")), ("containers", .sequence([container])),
            (
                "volumes",
                .sequence([
                    .mapping([("name", .string("rows")), ("secret", .mapping([("secretName", .string(name))]))])
                ])
            ),
        ])
        let job = KubeObject(
            apiVersion: "batch/v1", kind: "Job", name: name, namespace: namespace, labels: LabLabels.of(topology),
            body: [("spec", .mapping([("backoffLimit", .int(20)), ("template", .mapping([("spec", podSpec)]))]))])
        return [secret, job]
    }
}
