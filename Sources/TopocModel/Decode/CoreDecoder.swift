import TopocDiagnostics
import TopocYAML

/// The mobile core: software, PLMN, TACs, network functions, DNNs; and slices. Every field is decoded even
/// when another one is wrong, so one pass reports all of an entry's mistakes.
enum CoreDecoder {
    static func core(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext) -> Core? {
        guard let reader = MappingReader<CoreKey>(node, path: "core", at: location, context: &context)
        else { return nil }
        let software = reader.require(.software, context: &context).flatMap {
            context.choice($0, path: "core.software", as: CoreSoftware.self)
        }
        let plmn = reader.require(.plmn, context: &context).flatMap { context.plmn($0, path: "core.plmn") }
        var tacs = [1]
        if let node = reader[.tacs] {
            tacs = intList(node, path: "core.tacs", range: 0...0xFF_FFFF, context: &context)
        }
        var functions: [NetworkFunction] = []
        if let node = reader.require(.functions, context: &context) {
            functions = context.namedMap(node, path: "core.functions") { context, name, key, value in
                function(name: name, key: key, value: value, context: &context)
            }
        }
        var dnns: [DNN] = []
        if let node = reader[.dnns] {
            dnns = context.namedMap(node, path: "core.dnns") { context, name, key, value in
                dnn(name: name, key: key, value: value, context: &context)
            }
        }
        let install = reader[.install].flatMap { installMethod($0, context: &context) }
        guard let software, let plmn else { return nil }
        var core = Core(
            software: software, plmn: plmn, tacs: tacs, functions: functions, dnns: dnns, origin: reader.origin)
        core.install = install ?? .package
        return core
    }

    /// `package` (default), `none`, or `{ command: <shell line or argv list> }`.
    static func installMethod(_ node: YAMLNode, context: inout DecodeContext) -> InstallMethod? {
        if let text = node.scalar?.text, node.scalar?.isNull == false {
            switch text {
            case "package": return .package
            case "none": return InstallMethod.none
            default:
                context.error(
                    "schema.enum",
                    "`core.install` must be `package`, `none` or `{ command: ... }`, found \(quoted: text)",
                    at: node)
                return nil
            }
        }
        guard let reader = MappingReader<InstallKey>(node, path: "core.install", context: &context),
            let command = reader.require(.command, context: &context)
        else { return nil }
        return VMDecoder.command(command, path: "core.install.command[]", context: &context).map(InstallMethod.command)
    }

    static func intList(_ node: YAMLNode, path: String, range: ClosedRange<Int>, context: inout DecodeContext)
        -> [Int]
    {
        guard let items = node.sequence else {
            context.typeError("a list of integers", at: node, path: path)
            return []
        }
        return items.compactMap { context.int($0, path: path + "[]", range: range) }
    }

    static func function(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext)
        -> NetworkFunction?
    {
        let path = "core.functions.\(name)"
        guard
            let reader = MappingReader<FunctionKey>(
                value, path: path, at: key.location, context: &context)
        else { return nil }
        var kind = NFKind(rawValue: name)
        if let node = reader[.kind] {
            kind = context.choice(node, path: reader.path(.kind), as: NFKind.self)
        } else if kind == nil {
            let suggestion = Suggestion.closest(to: name, in: NFKind.allCases.map(\.rawValue))
            context.error(
                "schema.required", "`\(path)` needs `kind`: `\(name)` is not an NF kind", at: key,
                help: suggestion.map { "did you mean `\($0)`, or add `kind: \($0)`?" } ?? "add `kind: <nf kind>`")
        }
        let placement = Placements.decode(reader, context: &context)
        let config = reader[.config].flatMap { FreeForm.mapping($0, path: reader.path(.config), context: &context) }
        guard let kind, let placement else { return nil }
        return NetworkFunction(name: name, kind: kind, placement: placement, config: config, origin: reader.origin)
    }

    static func dnn(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext) -> DNN? {
        let path = "core.dnns.\(name)"
        guard let reader = MappingReader<DNNKey>(value, path: path, at: key.location, context: &context)
        else { return nil }
        let subnet = reader.require(.subnet, context: &context).flatMap {
            context.ueSubnet($0, path: reader.path(.subnet))
        }
        let upf = reader[.upf].flatMap { context.string($0, path: reader.path(.upf)) }
        let gateway = reader[.gateway].flatMap { context.address($0, path: reader.path(.gateway)) }
        let mtu = reader[.mtu].flatMap { context.int($0, path: reader.path(.mtu), range: 576...65535) }
        guard let subnet else { return nil }
        return DNN(name: name, subnet: subnet, upf: upf, gateway: gateway, mtu: mtu, origin: reader.origin)
    }

    static func slices(_ node: YAMLNode, context: inout DecodeContext) -> [Slice] {
        context.namedMap(node, path: "slices") { context, name, key, value in
            let path = "slices.\(name)"
            guard
                let reader = MappingReader<SliceKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            let sst = reader.require(.sst, context: &context).flatMap {
                context.int($0, path: reader.path(.sst), range: 0...255)
            }
            let sd = reader[.sd].flatMap { sliceDifferentiator($0, path: reader.path(.sd), context: &context) }
            var dnns: [String] = []
            if let node = reader.require(.dnns, context: &context),
                let located = context.located(node, path: reader.path(.dnns))
            {
                dnns = located.map(\.value)
            }
            var slice = Slice(name: name, sst: sst ?? 0, sd: sd, dnns: dnns, origin: reader.origin)
            slice.smf = reader[.smf].flatMap { context.string($0, path: reader.path(.smf)) }
            slice.upf = reader[.upf].flatMap { context.string($0, path: reader.path(.upf)) }
            slice.nrf = reader[.nrf].flatMap { context.string($0, path: reader.path(.nrf)) }
            return sst == nil ? nil : slice
        }
    }
}

extension CoreDecoder {
    /// A slice differentiator: 6 hex digits, quoted (`"000080"`), or with UERANSIM's `0x` prefix
    /// (`0x000080`); upper-case, without the prefix.
    static func sliceDifferentiator(_ node: YAMLNode, path: String, context: inout DecodeContext) -> String? {
        let forms = "write 6 hex digits in quotes, like `\"000080\"`, or with `0x`, like `0x000080`"
        guard let scalar = node.scalar, !scalar.isNull else {
            context.typeError("a string", at: node, path: path)
            return nil
        }
        let digits = scalar.text.hasPrefix("0x") ? scalar.text.dropFirst(2) : Substring(scalar.text)
        if scalar.isPlain, !scalar.text.hasPrefix("0x"), scalar.text.allSatisfy(\.isASCIIDigit) {
            context.error(
                "schema.quote", "`\(path)`: \(quoted: scalar.text) must be quoted: unquoted, YAML reads it as a number",
                at: node, help: "write \(quoted: "\"\(scalar.text)\"")")
            return nil
        }
        guard digits.count == 6, digits.allSatisfy(\.isASCIIHexDigit) else {
            context.error(
                "value.hex", "`\(path)`: an SD must be 6 hexadecimal digits, found \(quoted: scalar.text)", at: node,
                help: forms)
            return nil
        }
        return digits.uppercased()
    }
}

/// `on: <vm>` or `pod: {image, node}`: exactly one, for NFs; at most one for RAN nodes and apps.
enum Placements {
    static func decode<Key: PlacementKey>(
        _ reader: MappingReader<Key>, required: Bool = true, context: inout DecodeContext
    ) -> Placement? {
        switch (reader[.on], reader[.pod]) {
        case (.some, .some):
            context.diagnostics.append(
                .error(
                    "schema.exclusive", "`\(reader.path)` has both `on` and `pod`; write one",
                    at: reader.valueLocation(.pod)))
            return nil
        case (.some(let node), nil):
            return context.string(node, path: reader.path(.on)).map(Placement.vm)
        case (nil, .some(let node)):
            guard let pod = MappingReader<PodKey>(node, path: reader.path(.pod), context: &context)
            else { return nil }
            var result = Pod()
            if let image = pod[.image] { result.image = context.string(image, path: pod.path(.image)) }
            if let host = pod[.node] {
                result.node = context.string(host, path: pod.path(.node))
            }
            return .pod(result)
        case (nil, nil):
            if required {
                context.diagnostics.append(
                    .error("schema.required", "`\(reader.path)` needs `on: <vm>` or `pod:`", at: reader.location)
                )
            }
            return nil
        }
    }
}
