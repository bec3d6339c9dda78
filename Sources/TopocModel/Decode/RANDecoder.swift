import TopocDiagnostics
import TopocYAML

/// gNBs, UE groups, apps and migration settings. Every field is decoded even when another one is wrong.
enum RANDecoder {
    static func ran(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext) -> RAN {
        guard let reader = MappingReader<RANKey>(node, path: "ran", at: location, context: &context)
        else { return RAN() }
        var ran = RAN(origin: reader.origin)
        if let node = reader[.install], let install = installMethod(node, context: &context) {
            ran.install = install
        }
        if let node = reader[.gnbs] {
            ran.gnbs = context.namedMap(node, path: "ran.gnbs") { context, name, key, value in
                gnb(name: name, key: key, value: value, context: &context)
            }
        }
        if let node = reader[.ues] {
            ran.ues = context.namedMap(node, path: "ran.ues") { context, name, key, value in
                ue(name: name, key: key, value: value, context: &context)
            }
        }
        return ran
    }

    /// `source` (default), `none`, or `{ command: <shell line or argv list> }`.
    static func installMethod(_ node: YAMLNode, context: inout DecodeContext) -> RANInstallMethod? {
        if let text = node.scalar?.text, node.scalar?.isNull == false {
            switch text {
            case "source": return .source
            case "none": return RANInstallMethod.none
            default:
                context.error(
                    "schema.enum",
                    "`ran.install` must be `source`, `none` or `{ command: ... }`, found \(quoted: text)",
                    at: node, help: text == "package" ? "UERANSIM has no package: `source` builds it in the guest" : nil
                )
                return nil
            }
        }
        guard let reader = MappingReader<InstallKey>(node, path: "ran.install", context: &context),
            let command = reader.require(.command, context: &context)
        else { return nil }
        return VMDecoder.command(command, path: "ran.install.command[]", context: &context).map(
            RANInstallMethod.command)
    }

    /// A list of slice names (the reference checks find each item again by position: `origin.item`).
    static func sliceList<Key: SliceListKey>(_ reader: MappingReader<Key>, context: inout DecodeContext)
        -> [String]?
    {
        guard let node = reader[.slices], let located = context.located(node, path: reader.path(.slices)) else {
            return nil
        }
        return located.map(\.value)
    }

    static func gnb(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext) -> GNB? {
        let path = "ran.gnbs.\(name)"
        guard let reader = MappingReader<GNBKey>(value, path: path, at: key.location, context: &context)
        else { return nil }
        let software = reader[.software].flatMap { ranSoftware($0, path: reader.path(.software), context: &context) }
        let placement = Placements.decode(reader, required: false, context: &context)
        let tac = reader[.tac].flatMap { context.int($0, path: reader.path(.tac), range: 0...0xFF_FFFF) }
        let nci = reader[.nci].flatMap { context.int($0, path: reader.path(.nci), range: 0...0xF_FFFF_FFFF) }
        let sliceNames = sliceList(reader, context: &context)
        let amf = reader[.amf].flatMap { context.string($0, path: reader.path(.amf)) }
        return GNB(
            name: name, software: software ?? .default, placement: placement, tac: tac, nci: nci.map(UInt64.init),
            slices: sliceNames, amf: amf, origin: reader.origin)
    }

    static func ue(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext) -> UEGroup? {
        let path = "ran.ues.\(name)"
        guard let reader = MappingReader<UEKey>(value, path: path, at: key.location, context: &context)
        else { return nil }
        let imsi = reader.require(.imsi, context: &context).flatMap {
            decodeIMSI($0, path: reader.path(.imsi), context: &context)
        }
        let k = reader.require(.key, context: &context).flatMap {
            context.hex($0, path: reader.path(.key), digits: 32, what: "K")
        }
        let opc = reader.require(.opc, context: &context).flatMap {
            context.hex($0, path: reader.path(.opc), digits: 32, what: "OPc")
        }
        let count = reader[.count].flatMap { context.int($0, path: reader.path(.count), range: 1...100_000) }
        let placement = Placements.decode(reader, required: false, context: &context)
        let software = reader[.software].flatMap { ranSoftware($0, path: reader.path(.software), context: &context) }
        let gnb = reader[.gnb].flatMap { context.string($0, path: reader.path(.gnb)) }
        let sliceNames = sliceList(reader, context: &context)
        let dnn = reader[.dnn].flatMap { context.string($0, path: reader.path(.dnn)) }
        guard let imsi, let k, let opc else { return nil }
        return UEGroup(
            name: name, software: software ?? .default, placement: placement, gnb: gnb, imsi: imsi,
            count: count ?? 1, key: k.uppercased(), opc: opc.uppercased(),
            slices: sliceNames, dnn: dnn,
            origin: reader.origin)
    }

    /// `ueransim@3.3`, `ueransim@3.2` or `oai`. An unknown UERANSIM version names the ones topoc knows.
    static func ranSoftware(_ node: YAMLNode, path: String, context: inout DecodeContext) -> RANSoftware? {
        if let text = node.scalar?.text, text.hasPrefix("ueransim@"), RANSoftware(rawValue: text) == nil {
            let known = RANSoftware.allCases.filter(\.isUERANSIM).map { "`\($0.rawValue)`" }
            context.error(
                "value.ueransim-version", "`\(path)`: topoc does not know UERANSIM version \(quoted: text)", at: node,
                help: "use \(known.joined(separator: " or ")): the config format is the same within a release line")
            return nil
        }
        return context.choice(node, path: path, as: RANSoftware.self)
    }

    static func decodeIMSI(_ node: YAMLNode, path: String, context: inout DecodeContext) -> String? {
        guard let text = context.digitString(node, path: path) else { return nil }
        guard text.count == 15, text.allSatisfy(\.isASCIIDigit) else {
            context.error("value.imsi", "`\(path)`: an IMSI is 15 digits, found `\(text)`", at: node)
            return nil
        }
        return text
    }

    static func apps(_ node: YAMLNode, context: inout DecodeContext) -> [App] {
        context.namedMap(node, path: "apps") { context, name, key, value in
            let path = "apps.\(name)"
            guard
                let reader = MappingReader<AppKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            var app = App(name: name, placement: Placements.decode(reader, required: false, context: &context))
            app.origin = reader.origin
            app.image = reader[.image].flatMap { context.string($0, path: reader.path(.image)) }
            app.migratable = reader[.migratable].flatMap { context.bool($0, path: reader.path(.migratable)) } ?? false
            if let node = reader[.ports] { app.ports = ports(node, path: reader.path(.ports), context: &context) }
            return app
        }
    }

    static func ports(_ node: YAMLNode, path: String, context: inout DecodeContext) -> [NamedPort] {
        guard let pairs = node.mapping else {
            context.typeError("a mapping of port names to ports", at: node, path: path)
            return []
        }
        return pairs.compactMap { pair in
            guard let name = context.string(pair.key, path: path),
                let port = context.port(pair.value, path: "\(path).\(name)")
            else { return nil }
            return NamedPort(name: name, port: port)
        }
    }

    static func migration(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext) -> Migration? {
        guard
            let reader = MappingReader<MigrationKey>(
                node, path: "migration", at: location, context: &context)
        else { return nil }
        var workloads: [String]?
        if let node = reader[.workloads], let located = context.located(node, path: "migration.workloads") {
            workloads = located.map(\.value)
        }
        var migration = Migration(workloads: workloads, origin: reader.origin)
        migration.bandwidthBytesPerSecond = reader[.bandwidth].flatMap { Quantities.bandwidth($0, context: &context) }
        migration.completionTimeoutPerGiB = reader[.completionTimeoutPerGib].flatMap {
            context.int($0, path: "migration.completion-timeout-per-gib", range: 1...86400)
        }
        migration.progressTimeoutSeconds = reader[.progressTimeout].flatMap {
            Quantities.duration($0, context: &context)
        }
        migration.parallelPerCluster = reader[.parallelPerCluster].flatMap {
            context.int($0, path: "migration.parallel-per-cluster", range: 1...1000)
        }
        migration.parallelOutboundPerNode = reader[.parallelOutboundPerNode].flatMap {
            context.int($0, path: "migration.parallel-outbound-per-node", range: 1...1000)
        }
        migration.postCopy = reader[.postCopy].flatMap { context.bool($0, path: "migration.post-copy") }
        migration.autoConverge = reader[.autoConverge].flatMap { context.bool($0, path: "migration.auto-converge") }
        return migration
    }
}

/// Kubernetes-style quantities: `64Mi` bandwidth, `150s` durations.
enum Quantities {
    static func bandwidth(_ node: YAMLNode, context: inout DecodeContext) -> UInt64? {
        guard let text = context.string(node, path: "migration.bandwidth") else { return nil }
        let units: [(String, UInt64)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = UInt64(text.dropLast(2)), !value.multipliedReportingOverflow(by: factor).overflow {
                return value * factor
            }
        }
        if let value = UInt64(text) { return value }
        context.error(
            "value.quantity", "`migration.bandwidth`: \(quoted: text) is not a bandwidth", at: node,
            help: "write it like `64Mi`")
        return nil
    }

    static func duration(_ node: YAMLNode, context: inout DecodeContext) -> Int? {
        guard let text = context.string(node, path: "migration.progress-timeout") else { return nil }
        let factors: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var factor = 1
        if let last = text.last, let unit = factors[last] {
            digits = digits.dropLast()
            factor = unit
        }
        guard let value = Int(digits), value > 0, value <= 86400 * 7 / factor else {
            context.error(
                "value.duration", "`migration.progress-timeout`: \(quoted: text) is not a duration", at: node,
                help: "write it like `150s` or `5m`")
            return nil
        }
        return value * factor
    }
}
