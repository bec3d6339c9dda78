// OAI/OAIGuestFiles owns what a VM running OAI CN5G NFs gets from cloud-init: each NF's `config.yaml` (the
// same bytes as its artifact under `core/oai/`) as a template, rendered at every start by a fixed script that
// fills in the database password, and a unit that runs the NF the way OAI's images do
// (`/openair-<kind>/bin/oai_<kind> -c <config> -o`). OAI ships no packages: the image (or `install: command`)
// provides the binaries at those paths.
import TopocModel

enum OAIGuestFiles {
    static let directory = "/etc/oai"
    static let renderScriptPath = "/usr/local/sbin/topoc-oai-config"

    /// The config files of the OAI NFs placed on `vm`, in the lab's order.
    static func files(for vm: String, in topology: ResolvedTopology) throws -> [CoreGuestFile] {
        guard let core = topology.mobileCore, core.software == .oai2 else { return [] }
        let placed = core.functions(on: vm).filter { OAIConfig.nfKinds.contains($0.kind) }
        guard !placed.isEmpty else { return [] }
        let configs = Dictionary(
            try OAIEmitter.artifacts(topology).map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        var firstOfKind: [NFKind: String] = [:]
        for nf in core.functions where firstOfKind[nf.kind] == nil { firstOfKind[nf.kind] = nf.name }
        return placed.compactMap { nf in
            let artifact = firstOfKind[nf.kind] == nf.name ? "core/oai/config.yaml" : "core/oai/\(nf.name)/config.yaml"
            guard let contents = configs[artifact] else { return nil }
            let template = "\(directory)/\(nf.name).yaml.in"
            let config = "\(directory)/\(nf.name).yaml"
            let unit = "topoc-oai-\(CoreSetup.unitName(nf.name)).service"
            return CoreGuestFile(
                kind: nf.kind, path: template, contents: contents, service: unit,
                needsSCTP: nf.kind == .amf,
                unitFile: unitFile(nf, template: template, config: config))
        }
    }

    static func unitFile(_ nf: ResolvedNF, template: String, config: String) -> String {
        let kind = nf.kind.rawValue
        return """
            # Written by topoc: the OAI \(kind.uppercased()) \(nf.name).
            [Unit]
            Description=topoc: OAI \(kind.uppercased()) \(nf.name)
            Wants=network-online.target
            After=network-online.target

            [Service]
            ExecStartPre=\(CoreSetupScripts.execLine([renderScriptPath, template, config]))
            ExecStart=\(CoreSetupScripts.execLine(["/openair-\(kind)/bin/oai_\(kind)", "-c", config, "-o"]))
            Restart=always
            RestartSec=5

            [Install]
            WantedBy=multi-user.target

            """
    }

    /// Fills `${OAI_DB_PASSWORD}` in a template from the secret file (empty when there is none; only the NFs
    /// that read the database need it). Matched as plain text, so any character of the password is kept.
    static let renderScript = """
        #!/bin/sh
        # Written by topoc: renders an OAI config template ($1) to $2. OAI does not expand variables itself.
        set -eu
        umask 077
        password=""
        if [ -r \(OAIDatabase.passwordFile) ]; then password=$(cat \(OAIDatabase.passwordFile)); fi
        \(OAIDatabase.passwordVariable)="$password" awk -v key='\(OAIDatabase.passwordPlaceholder)' '{
            out = ""
            while ((at = index($0, key)) > 0) {
                out = out substr($0, 1, at - 1) ENVIRON["\(OAIDatabase.passwordVariable)"]
                $0 = substr($0, at + length(key))
            }
            print out $0
        }' "$1" > "$2.tmp"
        mv "$2.tmp" "$2"

        """
}
