// OAI/OAIEmitter writes an `oai@2` core's artifacts: `core/oai/config.yaml` (the shared configuration, seen
// from the first NF of each kind), `core/oai/<nf>/config.yaml` for each further NF of a kind that has several
// (an SMF per slice, say: `nfs.<kind>` must describe the NF reading the file), and `core/oai/subscribers.sql`.
import TopocModel

enum OAIEmitter {
    static func artifacts(_ topology: ResolvedTopology) throws -> [Artifact] {
        guard let core = topology.mobileCore, core.software == .oai2 else { return [] }
        var first: [NFKind: ResolvedNF] = [:]
        for nf in core.functions where first[nf.kind] == nil { first[nf.kind] = nf }
        let shared = OAIConfig.View(topology: topology, core: core, focus: first)
        var artifacts = [
            Artifact(path: "core/oai/config.yaml", contents: try OAIConfig.render(shared), kind: .oaiConfig)
        ]
        for nf in core.functions where first[nf.kind] != nf && OAIConfig.nfKinds.contains(nf.kind) {
            var view = shared
            view.focus[nf.kind] = nf
            // The peers a further SMF or UPF works with are those of its own slices.
            if nf.kind == .smf, let upf = OAIConfig.upfs(of: nf, view).first {
                view.focus[.upf] = upf
            }
            artifacts.append(
                Artifact(
                    path: "core/oai/\(nf.name)/config.yaml", contents: try OAIConfig.render(view), kind: .oaiConfig))
        }
        if !core.ues.isEmpty {
            artifacts.append(
                Artifact(
                    path: "core/oai/subscribers.sql", contents: try OAISubscribers.render(core, lab: topology.name),
                    mode: Artifact.secretMode, kind: .oaiSubscribers))
        }
        return artifacts
    }
}
