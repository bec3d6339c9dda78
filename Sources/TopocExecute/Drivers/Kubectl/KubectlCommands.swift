// Drivers/Kubectl owns the kubevirt target's commands: kubectl server-side apply into the lab's ApplySet
// (pruning what the lab no longer has), diff, destroy and the waits, as argv arrays. Not wired to
// `topoc apply` yet (the engine speaks of images, bridges, taps and VMs); the flows are tested with a fake
// runner, and against a cluster when KUBECONFIG names one.
import TopocEmit

/// Where kubectl talks to, spelt as kubectl spells it.
public struct KubectlTarget: Sendable, Equatable {
    public var kubeconfig: String?
    public var context: String?

    public init(kubeconfig: String? = nil, context: String? = nil) {
        self.kubeconfig = kubeconfig
        self.context = context
    }

    var flags: [String] {
        (kubeconfig.map { ["--kubeconfig", $0] } ?? []) + (context.map { ["--context", $0] } ?? [])
    }
}

/// The argv of each kubectl call, for one lab.
public struct KubectlCommands: Sendable {
    /// The field manager of every server-side apply, so the API server knows which fields topoc owns.
    public static let fieldManager = "topoc"

    public var lab: KubeVirtLab
    public var target: KubectlTarget
    /// The lab folder (absolute), where `lab.objectsDirectory` is.
    public var folder: String

    public init(lab: KubeVirtLab, target: KubectlTarget = KubectlTarget(), folder: String) {
        self.lab = lab
        self.target = target
        self.folder = folder
    }

    var kubectl: [String] { ["kubectl"] + target.flags }
    var objects: String { "\(folder)/\(lab.objectsDirectory)" }

    /// Server-side apply of every object into the ApplySet, pruning members the folder no longer has. ApplySet
    /// support is alpha in kubectl and needs `KUBECTL_APPLYSET=true`; kubectl keeps the parent up to date.
    public var apply: [String] {
        ["env", "KUBECTL_APPLYSET=true"] + kubectl + [
            "apply", "--server-side", "--field-manager=\(Self.fieldManager)", "--prune",
            "--applyset=secrets/\(lab.applySetParent)", "--namespace", lab.namespace, "--filename", objects,
        ]
    }

    /// What apply would change, as the API server computes it. Exit 0: nothing; 1: differences; more: failed.
    public var diff: [String] {
        kubectl + [
            "diff", "--server-side", "--field-manager=\(Self.fieldManager)", "--namespace", lab.namespace,
            "--filename", objects,
        ]
    }

    /// Deletes every member of the ApplySet by its label (cluster-scoped kinds ignore the namespace), then
    /// the parent.
    public var destroy: [[String]] {
        var commands: [[String]] = []
        if !lab.memberGroupKinds.isEmpty {
            commands.append(
                kubectl + [
                    "delete", lab.memberGroupKinds.joined(separator: ","),
                    "--selector", "applyset.kubernetes.io/part-of=\(lab.applySetID)", "--namespace", lab.namespace,
                    "--ignore-not-found", "--wait=true",
                ])
        }
        commands.append(
            kubectl + ["delete", "secret", lab.applySetParent, "--namespace", lab.namespace, "--ignore-not-found"])
        return commands
    }

    /// One wait per kind of workload the lab has: VMIs Ready, Deployments Available, Jobs Complete.
    public func waits(timeoutSeconds: Int) -> [[String]] {
        var targets: [(String, String)] = []
        if lab.hasVMs { targets.append(("virtualmachineinstances.kubevirt.io", "Ready")) }
        if lab.memberGroupKinds.contains("Deployment.apps") { targets.append(("deployments.apps", "Available")) }
        if lab.memberGroupKinds.contains("Job.batch") { targets.append(("jobs.batch", "Complete")) }
        return targets.map { resource, condition in
            kubectl + [
                "wait", "--for=condition=\(condition)", resource, "--selector",
                "app.kubernetes.io/part-of=\(lab.lab)", "--namespace", lab.namespace,
                "--timeout=\(timeoutSeconds)s",
            ]
        }
    }
}
