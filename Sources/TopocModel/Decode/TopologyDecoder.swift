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

    /// `streaming`: whether a large lab's VMs are decoded on another core while libyaml reads the rest of
    /// the file; by default when the file is large enough to gain from it. Either way the result is the same.
    public static func decode(bytes: [UInt8], file: String, streaming: Bool? = nil) -> Result {
        let stream = streaming ?? (bytes.count >= StreamedVMs.minimumBytes)
        let streamed = stream ? StreamedVMs(bytes: bytes.count) : nil
        streamed?.start()
        let parsed = YAMLParser.parse(bytes: bytes, file: file, stream: streamed?.stream)
        guard let root: YAMLNode = parsed.root, root.scalar?.isNull != true else {
            streamed?.discard()
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
        // Borrowing views: `root` keeps the document alive for the whole decode.
        let topology = root.withCursor { decode($0, context: &context, streamed: streamed) }
        return Result(topology: topology, diagnostics: context.diagnostics)
    }

    static func decode(_ root: YAMLCursor, context: inout DecodeContext, streamed: StreamedVMs? = nil) -> Topology? {
        guard let reader = MappingReader(root, path: "", keys: LanguageKeys.topLevel, context: &context) else {
            streamed?.discard()
            return nil
        }
        let nameNode = reader.require("topology", context: &context)
        let name = nameNode.flatMap { decodeLabName($0, context: &context) }
        var topology = Topology(name: name ?? "", origin: reader.origin)
        if let node = reader["target"] {
            topology.target = context.choice(node, path: "target", as: Target.self) ?? .qemu
        }
        if let node = reader["hosts"] { topology.hosts = InfraDecoder.hosts(node, context: &context) }
        if let node = reader["images"] { topology.images = InfraDecoder.images(node, context: &context) }
        if let node = reader["defaults"] {
            topology.defaults = InfraDecoder.defaults(node, at: reader.keyLocation("defaults"), context: &context)
        }
        if let node = reader["networks"] { topology.networks = InfraDecoder.networks(node, context: &context) }
        if let result = streamed?.result(for: reader["vms"]) {
            topology.vms = result.vms
            context.diagnostics += result.diagnostics
        } else if let node = reader["vms"] {
            topology.vms = VMDecoder.vms(node, context: &context)
        }
        if let node = reader["core"] {
            topology.core = CoreDecoder.core(node, at: reader.keyLocation("core"), context: &context)
        }
        if let node = reader["slices"] { topology.slices = CoreDecoder.slices(node, context: &context) }
        if let node = reader["ran"] {
            topology.ran = RANDecoder.ran(node, at: reader.keyLocation("ran"), context: &context)
        }
        if let node = reader["apps"] { topology.apps = RANDecoder.apps(node, context: &context) }
        if let node = reader["migration"] {
            topology.migration = RANDecoder.migration(node, at: reader.keyLocation("migration"), context: &context)
        }
        return name == nil ? nil : topology
    }

    private static func decodeLabName(_ node: YAMLCursor, context: inout DecodeContext) -> String? {
        guard let name = context.string(node, path: "topology") else { return nil }
        guard Names.isValid(name) else {
            context.error(
                "name.invalid",
                "`\(name)` is not a valid lab name: use lower-case letters, digits and `-`, starting with a letter",
                at: node, help: Names.suggestion(for: name).map { "did you mean `\($0)`?" })
            return nil
        }
        return name
    }
}
