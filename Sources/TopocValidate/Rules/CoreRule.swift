import TopocBind
import TopocDiagnostics
import TopocModel

/// The core checks that need no emitter: DNNs have a UPF and a gateway inside their pool, slices carry a
/// DNN and are distinct, gNBs use a served TAC, UEs belong to the home PLMN.
struct CoreRule: ValidationRule {
    static let ids = [
        "dnn.no-upf", "dnn.gateway-outside", "slice.no-dnn", "slice.duplicate", "ran.tac-not-served",
        "ue.imsi-plmn",
    ]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        return check(core, topology)
    }

    private func check(_ core: Core, _ topology: Topology) -> [Diagnostic] {
        var found = dnns(core)
        found += slices(topology.slices)
        for gnb in topology.ran.gnbs {
            if let tac = gnb.tac, !core.tacs.contains(tac) {
                found.append(
                    .error(
                        "ran.tac-not-served",
                        "gNB `\(gnb.name)` is in TAC \(tac), which the core does not serve (it serves \(core.tacs.map(String.init).joined(separator: ", ")))",
                        at: gnb.origin[GNBKey.tac],
                        notes: [DiagnosticNote("`core.tacs` is declared here", at: core.origin[CoreKey.tacs])],
                        help:
                            "add \(tac) to `core.tacs`; UEs would otherwise be refused with \"Cannot find Served TAI\"")
                )
            }
        }
        let prefix = topology.ran.ues.isEmpty ? "" : core.plmn.mcc + core.plmn.mnc
        for ue in topology.ran.ues where !ue.imsi.hasPrefix(prefix) {
            found.append(
                .error(
                    "ue.imsi-plmn",
                    "IMSI \(ue.imsi) of `\(ue.origin.path)` does not start with the PLMN \(core.plmn) (\(prefix))",
                    at: ue.origin[UEKey.imsi],
                    notes: [DiagnosticNote("`core.plmn` is declared here", at: core.origin[CoreKey.plmn])]))
        }
        return found
    }

    private func dnns(_ core: Core) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let dnns = core.dnns
        for position in dnns.indices where dnns[position].upf == nil || dnns[position].gateway != nil {
            let dnn = dnns[position]
            if dnn.upf == nil, core.functions.count(where: { $0.kind == .upf }) != 1 {
                let upfs = core.functions.filter { $0.kind == .upf }
                let why = upfs.isEmpty ? "the core has no UPF" : "the core has \(upfs.count) UPFs"
                found.append(
                    .error(
                        "dnn.no-upf", "DNN `\(dnn.name)` names no `upf` and \(why)", at: dnn.origin.location,
                        help: upfs.isEmpty
                            ? "add a function of `kind: upf`" : "add `upf: \(upfs[0].name)` (or another UPF)"))
            }
            if let gateway = dnn.gateway, !contains(dnn.subnet, gateway) {
                found.append(
                    .error(
                        "dnn.gateway-outside",
                        "the gateway \(gateway) of DNN `\(dnn.name)` is outside its pool \(dnn.subnet)",
                        at: dnn.origin[DNNKey.gateway]))
            }
        }
        return found
    }

    private func contains(_ subnet: UESubnet, _ address: String) -> Bool {
        switch subnet {
        case .v4(let pool): IPv4Address(parsing: address).map(pool.contains) ?? false
        case .v6(let pool): IPv6Address(parsing: address).map(pool.contains) ?? false
        }
    }

    private func slices(_ slices: [Slice]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var seen: [String: Slice] = [:]
        for slice in slices {
            if slice.dnns.isEmpty {
                found.append(
                    .error("slice.no-dnn", "slice `\(slice.name)` carries no DNN", at: slice.origin[SliceKey.dnns]))
            }
            let snssai = "SST \(slice.sst)" + (slice.sd.map { ", SD \($0)" } ?? "")
            if let first = seen[snssai] {
                found.append(
                    .error(
                        "slice.duplicate", "slice `\(slice.name)` has the S-NSSAI of slice `\(first.name)` (\(snssai))",
                        at: slice.origin[slice.sd == nil ? SliceKey.sst : SliceKey.sd],
                        notes: [DiagnosticNote("`\(first.name)` is declared here", at: first.origin.location)]))
            } else {
                seen[snssai] = slice
            }
        }
        return found
    }
}
