// Resolved/ResolvedWorkloadsYAML owns the mobile-core sections of `resolved.yaml` (core, slices, ran, apps,
// migration), in the language's keys. The core shows what was derived for it: each NF's endpoints
// (`interface: address:port`) and each DNN's gateway, tun device, UPF and MTU; the rest is carried through.
// UE keys (K, OPc) are secrets and are left out.
import TopocModel
import TopocYAML

enum ResolvedWorkloadsYAML {
    static func core(_ core: Core, resolved: ResolvedCore? = nil) -> YAMLValue {
        .mapping([
            ("software", .string(core.software.rawValue)),
            ("plmn", .string(core.plmn.description)),
            ("tacs", .sequence(core.tacs.map(YAMLValue.int))),
            (
                "functions",
                .mapping(core.functions.map { ($0.name, function($0, resolved: resolved?.function(named: $0.name))) })
            ),
            (
                "dnns",
                .mapping(
                    core.dnns.map { dnn in
                        (dnn.name, self.dnn(dnn, resolved: resolved?.dnns.first { $0.name == dnn.name }))
                    })
            ),
        ])
    }

    static func function(_ function: NetworkFunction, resolved: ResolvedNF? = nil) -> YAMLValue {
        var entries: [(String, YAMLValue)] = [("kind", .string(function.kind.rawValue))]
        entries += placement(function.placement)
        if let endpoints = resolved?.endpoints, !endpoints.isEmpty {
            let sorted = endpoints.sorted { $0.key < $1.key }
            entries.append(("endpoints", .mapping(sorted.map { ($0.key.rawValue, .string(hostPort($0.value))) })))
        }
        if let config = function.config { entries.append(("config", config)) }
        return .mapping(entries)
    }

    /// `10.0.0.5:7777`, `[fd00::5]:7777`.
    static func hostPort(_ endpoint: NFEndpoint) -> String {
        endpoint.address.contains(":")
            ? "[\(endpoint.address)]:\(endpoint.port)" : "\(endpoint.address):\(endpoint.port)"
    }

    static func placement(_ placement: Placement?) -> [(String, YAMLValue)] {
        switch placement {
        case .vm(let name): [("on", .string(name))]
        case .pod(let pod):
            [
                (
                    "pod",
                    ResolvedYAML.compact([
                        ("image", pod.image.map(YAMLValue.string)), ("node", pod.node.map(YAMLValue.string)),
                    ])
                )
            ]
        case nil: []
        }
    }

    static func dnn(_ dnn: DNN, resolved: ResolvedDNN? = nil) -> YAMLValue {
        guard let resolved else {
            return ResolvedYAML.compact([
                ("subnet", .string(dnn.subnet.description)), ("upf", dnn.upf.map(YAMLValue.string)),
                ("gateway", dnn.gateway.map(YAMLValue.string)), ("mtu", dnn.mtu.map(YAMLValue.int)),
            ])
        }
        return ResolvedYAML.compact([
            ("subnet", .string(resolved.subnet.description)),
            ("upf", resolved.upf.isEmpty ? nil : .string(resolved.upf)),
            ("gateway", .string(resolved.gateway)), ("tun", .string(resolved.tunDevice)), ("mtu", .int(resolved.mtu)),
        ])
    }

    static func slice(_ slice: Slice) -> YAMLValue {
        ResolvedYAML.compact([
            ("sst", .int(slice.sst)), ("sd", slice.sd.map(YAMLValue.string)), ("dnns", .strings(slice.dnns)),
            ("smf", slice.smf.map(YAMLValue.string)), ("upf", slice.upf.map(YAMLValue.string)),
            ("nrf", slice.nrf.map(YAMLValue.string)),
        ])
    }

    static func ran(_ ran: RAN) -> YAMLValue? {
        if ran.gnbs.isEmpty && ran.ues.isEmpty { return nil }
        return .mapping([
            ("gnbs", .mapping(ran.gnbs.map { ($0.name, gnb($0)) })),
            ("ues", .mapping(ran.ues.map { ($0.name, ue($0)) })),
        ])
    }

    static func gnb(_ gnb: GNB) -> YAMLValue {
        ResolvedYAML.compact(
            [("software", .string(gnb.software.rawValue))] + placement(gnb.placement) + [
                ("tac", gnb.tac.map(YAMLValue.int)), ("nci", gnb.nci.map { .string(String($0)) }),
                ("slices", gnb.slices.map(YAMLValue.strings)), ("amf", gnb.amf.map(YAMLValue.string)),
            ])
    }

    static func ue(_ ue: UEGroup) -> YAMLValue {
        ResolvedYAML.compact(
            [("software", .string(ue.software.rawValue))] + placement(ue.placement) + [
                ("gnb", ue.gnb.map(YAMLValue.string)), ("imsi", .string(ue.imsi)), ("count", .int(ue.count)),
                ("slices", ue.slices.map(YAMLValue.strings)), ("dnn", ue.dnn.map(YAMLValue.string)),
            ])
    }

    static func app(_ app: App) -> YAMLValue {
        ResolvedYAML.compact(
            placement(app.placement) + [
                ("image", app.image.map(YAMLValue.string)),
                ("ports", .mapping(app.ports.map { ($0.name, .int($0.port)) })),
                ("migratable", .bool(app.migratable)),
            ])
    }

    static func migration(_ migration: Migration) -> YAMLValue {
        ResolvedYAML.compact([
            ("bandwidth", migration.bandwidthBytesPerSecond.map { .string(String($0)) }),
            ("completion-timeout-per-gib", migration.completionTimeoutPerGiB.map(YAMLValue.int)),
            ("progress-timeout", migration.progressTimeoutSeconds.map { .string("\($0)s") }),
            ("parallel-per-cluster", migration.parallelPerCluster.map(YAMLValue.int)),
            ("parallel-outbound-per-node", migration.parallelOutboundPerNode.map(YAMLValue.int)),
            ("post-copy", migration.postCopy.map(YAMLValue.bool)),
            ("auto-converge", migration.autoConverge.map(YAMLValue.bool)),
            ("workloads", migration.workloads.map(YAMLValue.strings)),
        ])
    }
}
