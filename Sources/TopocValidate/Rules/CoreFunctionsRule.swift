import TopocBind
import TopocDiagnostics
import TopocModel

/// The core has the NFs its generation needs, and only kinds its software implements: a 5GC without an NRF,
/// or an EPC without an HSS, never comes up; an OAI core has no MME.
struct CoreFunctionsRule: ValidationRule {
    static let ids = ["core.missing-nf", "core.kind-unsupported"]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        guard let core = topology.core else { return [] }
        return check(core, bound.kinds)
    }

    private func check(_ core: Core, _ kinds: Set<NFKind>) -> [Diagnostic] {
        let implemented = Self.implemented(by: core.software)
        var found: [Diagnostic] = []
        if !kinds.subtracting(implemented).isEmpty {
            for nf in core.functions where !implemented.contains(nf.kind) {
                found.append(
                    .error(
                        "core.kind-unsupported", "\(core.software.rawValue) has no `\(nf.kind.rawValue)`",
                        at: nf.origin[FunctionKey.kind]))
            }
        }
        // A core with an AMF (or MME) is meant to serve UEs, so it needs the whole set; without one it is a
        // deliberate fragment (a UPF under test, say) and is left alone.
        var required: Set<NFKind> = []
        if kinds.contains(.amf) {
            required = core.software == .oai2 ? Self.oai5GC : Self.open5GS5GC
        }
        if kinds.contains(.mme), implemented.contains(.mme) {
            required.formUnion(Self.epc)
        }
        let absent = required.subtracting(kinds)
        if !absent.isEmpty {
            let missing = absent.map(\.rawValue).sorted()
            let generation = kinds.contains(.mme) && !kinds.contains(.amf) ? "an EPC" : "a 5G core"
            found.append(
                .error(
                    "core.missing-nf",
                    "\(generation) with \(core.software.rawValue) needs \(missing.map { "`\($0)`" }.joined(separator: ", ")), which `core.functions` lacks",
                    at: core.origin[CoreKey.functions], help: "add them, e.g. `\(missing[0]): { on: <vm> }`"))
        }
        return found
    }

    static let open5GS5GC: Set<NFKind> = [.nrf, .smf, .upf, .ausf, .udm, .udr, .pcf]
    static let oai5GC: Set<NFKind> = [.nrf, .smf, .upf, .ausf, .udm, .udr, .mysql]
    static let epc: Set<NFKind> = [.hss, .sgwc, .sgwu, .smf, .upf, .pcrf]
    static let open5GS = Set(NFKind.allCases).subtracting([.mysql])
    static let oai: Set<NFKind> = [.nrf, .amf, .smf, .upf, .ausf, .udm, .udr, .nssf, .pcf, .mysql]

    static func implemented(by software: CoreSoftware) -> Set<NFKind> {
        switch software {
        case .open5gs27, .open5gs26: open5GS
        case .oai2: oai
        }
    }
}
