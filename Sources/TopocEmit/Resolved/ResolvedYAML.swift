// Resolved/ResolvedYAML owns `resolved.yaml`: the whole resolved topology as YAML, with everything the
// compiler derived spelled out. It is what `topoc plan --show resolved` prints. Keys follow the language's
// spelling; names stay in declaration order. No secrets: the password hash and UE keys are left out.
import TopocModel
import TopocYAML

enum ResolvedYAML {
    static let path = "resolved.yaml"

    static func artifact(_ topology: ResolvedTopology) throws -> Artifact {
        let text = try YAMLWriter.render(
            document(topology), header: ["# The resolved topology \(topology.name): everything topoc derived."])
        return Artifact(path: path, contents: text, kind: .resolvedTopology)
    }

    static func document(_ topology: ResolvedTopology) -> YAMLValue {
        compact([
            ("topology", .string(topology.name)),
            ("target", .string(topology.target.rawValue)),
            ("lab-id", .string(topology.labID)),
            ("hosts", .mapping(topology.hosts.map { ($0.name, host($0)) })),
            ("login", login(topology.login)),
            ("networks", .mapping(topology.networks.map { ($0.name, network($0)) })),
            ("vms", .mapping(topology.vms.map { ($0.name, ResolvedVMYAML.vm($0)) })),
            ("core", topology.core.map { ResolvedWorkloadsYAML.core($0, resolved: topology.mobileCore) }),
            ("slices", nonEmpty(topology.slices.map { ($0.name, ResolvedWorkloadsYAML.slice($0)) })),
            ("ran", ResolvedWorkloadsYAML.ran(topology.ran)),
            ("apps", nonEmpty(topology.apps.map { ($0.name, ResolvedWorkloadsYAML.app($0)) })),
            ("migration", topology.migration.map(ResolvedWorkloadsYAML.migration)),
            ("notes", topology.notes.isEmpty ? nil : .strings(topology.notes)),
        ])
    }

    static func host(_ host: ResolvedHost) -> YAMLValue {
        compact([
            ("address", host.address.map(YAMLValue.string)),
            ("libvirt-uri", .string(host.libvirtURI)),
            ("labels", host.labels.isEmpty ? nil : .sorted(host.labels.mapValues(YAMLValue.string))),
        ])
    }

    /// The hash itself stays out of this file (printed, and written world-readable): only whether one is set.
    static func login(_ login: Login) -> YAMLValue {
        compact([
            ("user", .string(login.user)),
            ("ssh-keys", .strings(login.sshKeys)),
            ("password-hash", login.passwordHash == nil ? nil : .string("(set, not shown)")),
        ])
    }

    static func network(_ network: ResolvedNetwork) -> YAMLValue {
        compact([
            ("mode", .string(network.mode.rawValue)),
            ("subnet", network.subnet.map { .string($0.description) }),
            ("subnet6", network.subnet6.map { .string($0.description) }),
            ("mtu", .int(network.mtu)),
            ("bridge", network.bridge.map(YAMLValue.string)),
            ("host-address", network.hostAddress.map { .string($0.description) }),
            ("gateway", network.gateway.map { .string($0.description) }),
            ("vlan", network.vlan.map(YAMLValue.int)),
            ("vale", network.vale.map(YAMLValue.string)),
            ("transport", network.socketTransport.map(transport)),
            ("members", .strings(network.members)),
        ])
    }

    static func transport(_ transport: SocketTransport) -> YAMLValue {
        switch transport {
        case .stream(let path, let server):
            .mapping([("kind", .string("stream")), ("path", .string(path)), ("server", .string(server))])
        case .multicast(let group, let port):
            .mapping([("kind", .string("multicast")), ("group", .string(group.description)), ("port", .int(port))])
        }
    }

    /// A mapping of the entries that have a value, in the order given.
    static func compact(_ entries: [(String, YAMLValue?)]) -> YAMLValue {
        .mapping(entries.compactMap { key, value in value.map { (key, $0) } })
    }

    static func nonEmpty(_ entries: [(String, YAMLValue)]) -> YAMLValue? {
        entries.isEmpty ? nil : .mapping(entries)
    }
}
