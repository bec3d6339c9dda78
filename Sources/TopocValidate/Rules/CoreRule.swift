import TopocDiagnostics
import TopocModel

/// The checks of the core that need no emitter: DNNs have a UPF, and slices carry at least one DNN.
/// Cross-NF consistency (TACs, S-NSSAIs, N2/N3/N4 reachability) belongs to the mobile-core rules.
struct CoreRule: ValidationRule {
    static let ids = ["dnn.no-upf", "slice.no-dnn"]

    func check(_ topology: Topology, _ index: TopologyIndex) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        var found: [Diagnostic] = []
        let upfs = core.functions.filter { $0.kind == .upf }
        for dnn in core.dnns where dnn.upf == nil && upfs.count != 1 {
            let why = upfs.isEmpty ? "the core has no UPF" : "the core has \(upfs.count) UPFs"
            found.append(
                .error(
                    "dnn.no-upf", "DNN `\(dnn.name)` names no `upf` and \(why)", at: dnn.origin.location,
                    help: upfs.isEmpty ? "add a function of `kind: upf`" : "add `upf: \(upfs[0].name)` (or another UPF)"
                ))
        }
        for slice in topology.slices where slice.dnns.isEmpty {
            found.append(
                .error("slice.no-dnn", "slice `\(slice.name)` carries no DNN", at: slice.origin[field: "dnns"]))
        }
        return found
    }
}
