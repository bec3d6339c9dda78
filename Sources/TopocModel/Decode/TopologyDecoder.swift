import TopocDiagnostics
import TopocYAML

/// Decodes the syntax tree into a `Topology`, collecting every error in one pass.
public enum TopologyDecoder {
    public struct Result: Sendable {
        /// Nil when the file is unusable as a whole (empty, not a mapping, no `topology`).
        public var topology: Topology?
        public var diagnostics: [Diagnostic]
    }

    /// Parses YAML text and decodes it.
    public static func decode(text: String, file: String) -> Result {
        decode(bytes: Array(text.utf8), file: file)
    }

    public static func decode(bytes: [UInt8], file: String) -> Result {
        let parsed = YAMLParser.parse(bytes: bytes, file: file)
        guard let root = parsed.root, !root.isNull else {
            var diagnostics = parsed.diagnostics
            if !diagnostics.hasErrors {
                diagnostics.append(
                    .error(
                        "schema.empty", "the file holds no lab", at: .start(of: file),
                        help: "a lab starts with `topology: <name>`"))
            }
            return Result(topology: nil, diagnostics: diagnostics)
        }
        var context = DecodeContext(diagnostics: parsed.diagnostics)
        let topology = decode(root, context: &context)
        return Result(topology: topology, diagnostics: context.diagnostics)
    }

    static func decode(_ root: YAMLNode, context: inout DecodeContext) -> Topology? {
        guard let reader = MappingReader<TopLevelKey>(root, path: "", context: &context) else { return nil }
        let name = reader.require(.topology, context: &context).flatMap { decodeLabName($0, context: &context) }
        let target = reader[.target].flatMap { context.choice($0, path: "target", as: Target.self) }
        let hosts = reader[.hosts].map { InfraDecoder.hosts($0, context: &context) }
        let images = reader[.images].map { InfraDecoder.images($0, context: &context) }
        let defaults = reader[.defaults].map {
            InfraDecoder.defaults($0, at: reader.keyLocation(.defaults), context: &context)
        }
        let networks = reader[.networks].map { InfraDecoder.networks($0, context: &context) }
        let vms = reader[.vms].map { VMDecoder.vms($0, context: &context) }
        let core = reader[.core].flatMap { CoreDecoder.core($0, at: reader.keyLocation(.core), context: &context) }
        let slices = reader[.slices].map { CoreDecoder.slices($0, context: &context) }
        let ran = reader[.ran].map { RANDecoder.ran($0, at: reader.keyLocation(.ran), context: &context) }
        let apps = reader[.apps].map { RANDecoder.apps($0, context: &context) }
        let migration = reader[.migration].flatMap {
            RANDecoder.migration($0, at: reader.keyLocation(.migration), context: &context)
        }
        let kubernetes = reader[.kubernetes].flatMap {
            InfraDecoder.kubernetes($0, at: reader.keyLocation(.kubernetes), context: &context)
        }
        guard let name else { return nil }
        return Topology(
            name: name, target: target ?? .qemu, hosts: hosts ?? [], images: images ?? [],
            defaults: defaults ?? Defaults(), networks: networks ?? [], vms: vms ?? [], core: core,
            slices: slices ?? [], ran: ran ?? RAN(), apps: apps ?? [], migration: migration,
            kubernetes: kubernetes, origin: reader.origin)
    }

    private static func decodeLabName(_ node: YAMLNode, context: inout DecodeContext) -> String? {
        guard let name = context.string(node, path: "topology") else { return nil }
        guard Names.isValid(name) else {
            context.error(
                "name.invalid",
                "\(quoted: name) is not a valid lab name: use lower-case letters, digits and `-`, starting with a letter",
                at: node, help: Names.suggestion(for: name).map { "did you mean `\($0)`?" })
            return nil
        }
        return name
    }
}
