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

    /// The top-level sections, each decoded on its own (so the stream's worker can decode them too): from
    /// where its key was written and its value. Typed for `decode`; erased, by key, for the worker.
    enum Sections {
        static let hosts = SectionDecoder(.hosts) { InfraDecoder.hosts($1, context: &$2) }
        static let images = SectionDecoder(.images) { InfraDecoder.images($1, context: &$2) }
        static let defaults = SectionDecoder(.defaults) { InfraDecoder.defaults($1, at: $0, context: &$2) }
        static let networks = SectionDecoder(.networks) { InfraDecoder.networks($1, context: &$2) }
        static let core = SectionDecoder(.core) { CoreDecoder.core($1, at: $0, context: &$2) }
        static let slices = SectionDecoder(.slices) { CoreDecoder.slices($1, context: &$2) }
        static let ran = SectionDecoder(.ran) { RANDecoder.ran($1, at: $0, context: &$2) }
        static let apps = SectionDecoder(.apps) { RANDecoder.apps($1, context: &$2) }
        static let migration = SectionDecoder(.migration) { RANDecoder.migration($1, at: $0, context: &$2) }

        /// Every section's decoder by key, its result as `any Sendable`: for the worker.
        static let byKey = Dictionary(
            uniqueKeysWithValues: [
                hosts.erased, images.erased, defaults.erased, networks.erased, core.erased, slices.erased,
                ran.erased, apps.erased, migration.erased,
            ])
    }

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
        /// The section as the worker decoded it from this very node, else decoded here, typed (through the
        /// worker's table every section was boxed as `any Sendable` and cast back).
        func section<T>(_ section: SectionDecoder<T>) -> T? {
            guard let node = reader[section.key] else { return nil }
            if let streamed, let decoded = streamed.section(section.key.name, from: node),
                let value = decoded.decoded as? T
            {
                context.diagnostics += decoded.diagnostics
                return value
            }
            return section.decode(reader.keyLocation(section.key), node, &context)
        }
        // Every section into a local and the topology made once at the end: assigning the sections to a
        // topology made first copied it whole on the way out.
        let hosts = section(Sections.hosts)
        let images = section(Sections.images)
        let defaults = section(Sections.defaults)
        let networks = section(Sections.networks)
        var vms: [VM] = []
        if let result = streamed?.vms(for: reader[.vms]) {
            vms = result.vms
            context.diagnostics += result.diagnostics
        } else if let node = reader[.vms] {
            vms = VMDecoder.vms(node, context: &context)
        }
        let core = section(Sections.core)
        let slices = section(Sections.slices)
        let ran = section(Sections.ran)
        let apps = section(Sections.apps)
        let migration = section(Sections.migration)
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

/// How one top-level section is decoded: from where its key was written and its value.
struct SectionDecoder<Value: Sendable>: Sendable {
    typealias Decode = @Sendable (SourceLocation, YAMLCursor, inout DecodeContext) -> Value

    let key: TopLevelKey
    let decode: Decode

    init(_ key: TopLevelKey, _ decode: @escaping Decode) {
        (self.key, self.decode) = (key, decode)
    }

    /// The key's name and the decoder with its result as `any Sendable`, for a table of every section.
    var erased: (String, @Sendable (SourceLocation, YAMLCursor, inout DecodeContext) -> any Sendable) {
        let decode = decode
        return (key.name, { decode($0, $1, &$2) })
    }
}
