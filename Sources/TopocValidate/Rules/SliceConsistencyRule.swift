import TopocBind
import TopocDiagnostics
import TopocModel

/// Slices fan out to the AMF, NSSF, SMF, UPF, gNB and UE; these checks keep every copy in agreement, and
/// refuse what Open5GS cannot do (its SMF picks a UPF by DNN, never by S-NSSAI).
struct SliceConsistencyRule: ValidationRule {
    static let ids = [
        "slice.no-smf", "slice.shared-dnn-upf", "ue.slice-unsupported", "ue.dnn-not-in-slice", "ran.not-5g",
    ]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        return check(core, topology, bound)
    }

    private func check(_ core: Core, _ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found = smfChoice(topology, core) + dnnUPFConflicts(topology, core)
        for ue in topology.ran.ues {
            found += ueChecks(ue, topology, bound)
        }
        for gnb in topology.ran.gnbs where gnb.software.isUERANSIM && bound.kinds.contains(.mme) {
            let amf = gnb.amf ?? core.functions.first { $0.kind == .amf || $0.kind == .mme }?.name
            if let amf, bound.functions[amf]?.kind == .mme {
                found.append(
                    .error(
                        "ran.not-5g", "`\(gnb.origin.path)` is a UERANSIM gNB (5G only), but `\(amf)` is an MME",
                        at: gnb.origin[GNBKey.amf], help: "connect it to an AMF"))
            }
        }
        return found
    }

    private func smfChoice(_ topology: Topology, _ core: Core) -> [Diagnostic] {
        guard !topology.slices.isEmpty, core.functions.count(where: { $0.kind == .smf }) > 1 else { return [] }
        let smfs = core.functions.filter { $0.kind == .smf }
        return topology.slices.filter { $0.smf == nil }.map { slice in
            .error(
                "slice.no-smf", "slice `\(slice.name)` names no `smf`, and the core has \(smfs.count) SMFs",
                at: slice.origin.location, help: "add `smf: \(smfs[0].name)` (or another SMF)")
        }
    }

    /// Two slices carrying one DNN through one SMF but wanting different UPFs: the SMF would pick by DNN and
    /// silently send one slice's sessions to the other's UPF.
    private func dnnUPFConflicts(_ topology: Topology, _ core: Core) -> [Diagnostic] {
        guard !topology.slices.isEmpty else { return [] }
        var found: [Diagnostic] = []
        var seen: [String: Slice] = [:]
        let onlySMF = core.functions.count(where: { $0.kind == .smf }) == 1 ? "the SMF" : nil
        for slice in topology.slices {
            guard let upf = slice.upf else { continue }
            for dnn in slice.dnns {
                let key = "\(slice.smf ?? onlySMF ?? "")/\(dnn)"
                if let first = seen[key], let otherUPF = first.upf, otherUPF != upf {
                    found.append(
                        .error(
                            "slice.shared-dnn-upf",
                            "slices `\(first.name)` and `\(slice.name)` carry DNN `\(dnn)` through the same SMF but want UPFs `\(otherUPF)` and `\(upf)`; Open5GS's SMF picks a UPF by DNN only",
                            at: slice.origin[SliceKey.upf],
                            notes: [DiagnosticNote("`\(first.name)` is declared here", at: first.origin.location)],
                            help: "give each slice its own DNN, or its own SMF (`smf:`)"))
                } else if seen[key] == nil {
                    seen[key] = slice
                }
            }
        }
        return found
    }

    private func ueChecks(_ ue: UEGroup, _ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let gnbName = ue.gnb ?? (topology.ran.gnbs.count == 1 ? topology.ran.gnbs[0].name : nil)
        let gnbSlices = gnbName.flatMap { bound.gnbs[$0] }.map { $0.slices ?? topology.slices.map(\.name) }
        let ueSlices = ue.slices ?? topology.slices.map(\.name)
        for (position, slice) in ueSlices.enumerated() {
            if let gnbSlices, !gnbSlices.contains(slice), bound.slices.contains(slice), let gnbName {
                found.append(
                    .error(
                        "ue.slice-unsupported",
                        "`\(ue.origin.path)` asks for slice `\(slice)`, which gNB `\(gnbName)` does not support",
                        at: ue.origin[UEKey.slices, item: position],
                        notes: [
                            DiagnosticNote("`\(gnbName)` is declared here", at: bound.gnbs[gnbName]?.origin.location)
                        ]))
            }
        }
        if let dnn = ue.dnn, bound.dnns.contains(dnn) {
            let carried = topology.slices.filter { ueSlices.contains($0.name) }.flatMap(\.dnns)
            if !topology.slices.isEmpty, !carried.contains(dnn) {
                found.append(
                    .error(
                        "ue.dnn-not-in-slice",
                        "`\(ue.origin.path)` opens DNN `\(dnn)`, which none of its slices carries",
                        at: ue.origin[UEKey.dnn]))
            }
        }
        return found
    }
}
