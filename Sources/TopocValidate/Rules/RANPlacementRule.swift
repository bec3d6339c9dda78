import TopocBind
import TopocDiagnostics
import TopocModel

/// A gNB or UE group with neither `on` nor `pod` runs beside its AMF (a gNB: Bind places it) or its gNB (a
/// UE group), as the language reference says; when there is no VM to run beside, it is refused here instead
/// of vanishing from the plan.
struct RANPlacementRule: ValidationRule {
    static let ids = ["placement.none"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard topology.core != nil else { return [] }
        let gnbs = topology.ran.gnbs
        var found: [Diagnostic] = []
        for (position, gnb) in gnbs.enumerated() where gnb.placement == nil && bound.gnbVMs[position] == nil {
            found.append(
                .error(
                    "placement.none",
                    "`\(gnb.origin.path)` has neither `on` nor `pod`, and its AMF runs in no VM to place it beside",
                    at: gnb.origin.location, help: "say where it runs with `on: <vm>`"))
        }
        for ue in topology.ran.ues where ue.placement == nil {
            let serving = gnbs.indices.filter { ue.gnb == nil || gnbs[$0].name == ue.gnb }
            guard !serving.contains(where: { bound.gnbVMs[$0] != nil }) else { continue }
            found.append(
                .error(
                    "placement.none",
                    "`\(ue.origin.path)` has neither `on` nor `pod`, and no gNB it camps on runs in a VM to place it beside",
                    at: ue.origin.location, help: "say where it runs with `on: <vm>`"))
        }
        return found
    }
}
