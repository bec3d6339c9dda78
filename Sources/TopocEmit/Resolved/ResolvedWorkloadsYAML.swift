// Resolved/ResolvedWorkloadsYAML owns the mobile-core sections of `resolved.yaml` (core, slices, ran, apps,
// migration). Their emitters come later, so they are shown as carried through, in the language's keys.
// UE keys (K, OPc) are secrets and are left out.
import TopocModel
import TopocYAML

enum ResolvedWorkloadsYAML {
    static func core(_ core: Core) -> YAMLValue {
        .mapping([
            ("software", .string(core.software.rawValue)),
            ("plmn", .string(core.plmn.description)),
            ("tacs", .sequence(core.tacs.map(YAMLValue.int))),
            ("functions", .mapping(core.functions.map { ($0.name, function($0)) })),
            ("dnns", .mapping(core.dnns.map { ($0.name, dnn($0)) })),
        ])
    }

    static func function(_ function: NetworkFunction) -> YAMLValue {
        var entries: [(String, YAMLValue)] = [("kind", .string(function.kind.rawValue))]
        entries += placement(function.placement)
        if let config = function.config { entries.append(("config", config)) }
        return .mapping(entries)
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

    static func dnn(_ dnn: DNN) -> YAMLValue {
        ResolvedYAML.compact([
            ("subnet", .string(dnn.subnet.description)), ("upf", dnn.upf.map(YAMLValue.string)),
            ("gateway", dnn.gateway.map(YAMLValue.string)), ("mtu", dnn.mtu.map(YAMLValue.int)),
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
