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
        var diagnostics: [Diagnostic] = []
        let topology = decode(bytes: bytes, file: file, streaming: streaming, diagnostics: &diagnostics)
        return Result(topology: topology, diagnostics: diagnostics)
    }

    /// The same, with the diagnostics added to `diagnostics`: the topology is returned as is, where taking it
    /// out of a `Result` across modules copied it (retaining every array and string it holds).
    public static func decode(bytes: [UInt8], file: String, streaming: Bool? = nil, diagnostics: inout [Diagnostic])
        -> Topology?
    {
        let stream = streaming ?? StreamedDecoding.pays(forBytes: bytes.count)
        let streamed = stream ? StreamedDecoding(bytes: bytes.count) : nil
        streamed?.start()
        let parsed = YAMLParser.parse(bytes: bytes, file: file, stream: streamed?.stream)
        guard let root: YAMLNode = parsed.root, !root.isNull else {
            streamed?.discard()
            diagnostics += parsed.diagnostics
            if !parsed.diagnostics.hasErrors {
                diagnostics.append(
                    .error(
                        "schema.empty", "the file holds no lab", at: .start(of: file),
                        help: "a lab starts with `topology: <name>`"))
            }
            return nil
        }
        var context = DecodeContext(diagnostics: parsed.diagnostics)
        // Borrowing views: `root` keeps the document alive for the whole decode.
        let topology = withExtendedLifetime(root) { decode(root.cursor, context: &context, streamed: streamed) }
        diagnostics += context.diagnostics
        return topology
    }

    /// The top-level sections, each decoded on its own (so the stream's worker can decode them too):
    /// from where its key was written and its value.
    static let sections: [String: @Sendable (SourceLocation, YAMLCursor, inout DecodeContext) -> any Sendable] = [
        "hosts": { InfraDecoder.hosts($1, context: &$2) },
        "images": { InfraDecoder.images($1, context: &$2) },
        "defaults": { InfraDecoder.defaults($1, at: $0, context: &$2) },
        "networks": { InfraDecoder.networks($1, context: &$2) },
        "core": { CoreDecoder.core($1, at: $0, context: &$2) },
        "slices": { CoreDecoder.slices($1, context: &$2) },
        "ran": { RANDecoder.ran($1, at: $0, context: &$2) },
        "apps": { RANDecoder.apps($1, context: &$2) },
        "migration": { RANDecoder.migration($1, at: $0, context: &$2) },
    ]

    static func decode(_ root: YAMLCursor, context: inout DecodeContext, streamed: StreamedDecoding? = nil)
        -> Topology?
    {
        guard let reader = MappingReader<TopLevelKey>(root, path: "", context: &context) else {
            streamed?.discard()
            return nil
        }
        let nameNode = reader.require(.topology, context: &context)
        let name = nameNode.flatMap { decodeLabName($0, context: &context) }
        let target = reader[.target].map { context.choice($0, path: "target", as: Target.self) ?? .qemu }
        /// Section `key` as the worker decoded it from this very node, else decoded here by `decode` (the
        /// function `sections` lists for the worker, called directly: through the table, every section was
        /// boxed as `any Sendable` and cast back).
        func section<T>(_ key: TopLevelKey, _ decode: (SourceLocation, YAMLCursor, inout DecodeContext) -> T) -> T? {
            guard let node = reader[key] else { return nil }
            if let streamed, let section = streamed.section(key.name, from: node), let value = section.decoded as? T {
                context.diagnostics += section.diagnostics
                return value
            }
            return decode(reader.keyLocation(key), node, &context)
        }
        // Every section into a local and the topology made once at the end: assigning the sections to a
        // topology made first copied it whole on the way out.
        let hosts = section(.hosts) { InfraDecoder.hosts($1, context: &$2) }
        let images = section(.images) { InfraDecoder.images($1, context: &$2) }
        let defaults = section(.defaults) { InfraDecoder.defaults($1, at: $0, context: &$2) }
        let networks = section(.networks) { InfraDecoder.networks($1, context: &$2) }
        var vms: [VM] = []
        if let result = streamed?.vms(for: reader[.vms]) {
            vms = result.vms
            context.diagnostics += result.diagnostics
        } else if let node = reader[.vms] {
            vms = VMDecoder.vms(node, context: &context)
        }
        let core = section(.core) { CoreDecoder.core($1, at: $0, context: &$2) }
        let slices = section(.slices) { CoreDecoder.slices($1, context: &$2) }
        let ran = section(.ran) { RANDecoder.ran($1, at: $0, context: &$2) }
        let apps = section(.apps) { RANDecoder.apps($1, context: &$2) }
        let migration = section(.migration) { RANDecoder.migration($1, at: $0, context: &$2) }
        streamed?.discard()
        guard let name else { return nil }
        return Topology(
            name: name, target: target ?? .qemu, hosts: hosts ?? [], images: images ?? [],
            defaults: defaults ?? Defaults(), networks: networks ?? [], vms: vms, core: core ?? nil,
            slices: slices ?? [], ran: ran ?? RAN(), apps: apps ?? [], migration: migration ?? nil,
            origin: reader.origin)
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
