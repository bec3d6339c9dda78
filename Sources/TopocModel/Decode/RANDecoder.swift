import TopocDiagnostics
import TopocYAML

/// gNBs, UE groups, apps and migration settings.
enum RANDecoder {
    static func ran(_ node: YAMLNode, context: inout DecodeContext) -> RAN {
        guard let reader = MappingReader(node, path: "ran", keys: LanguageKeys.ran, context: &context) else {
            return RAN()
        }
        var ran = RAN()
        if let node = reader["gnbs"] {
            ran.gnbs = context.namedMap(node, path: "ran.gnbs") { context, name, key, value in
                gnb(name: name, key: key, value: value, context: &context)
            }
        }
        if let node = reader["ues"] {
            ran.ues = context.namedMap(node, path: "ran.ues") { context, name, key, value in
                ue(name: name, key: key, value: value, context: &context)
            }
        }
        return ran
    }

    static func gnb(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext) -> GNB? {
        let path = "ran.gnbs.\(name)"
        guard let reader = MappingReader(value, path: path, keys: LanguageKeys.gnb, at: key.location, context: &context)
        else { return nil }
        var gnb = GNB(name: name, origin: reader.origin)
        if let node = reader["software"] {
            gnb.software = context.choice(node, path: reader.path("software"), as: RANSoftware.self) ?? .ueransim
        }
        gnb.placement = Placements.decode(reader, required: false, context: &context)
        if let node = reader["tac"] { gnb.tac = context.int(node, path: reader.path("tac"), range: 0...0xFF_FFFF) }
        if let node = reader["nci"], let nci = context.int(node, path: reader.path("nci"), range: 0...0xF_FFFF_FFFF) {
            gnb.nci = UInt64(nci)
        }
        if let node = reader["slices"] { gnb.slices = context.stringList(node, path: reader.path("slices")) }
        if let node = reader["amf"] { gnb.amf = context.string(node, path: reader.path("amf")) }
        return gnb
    }

    static func ue(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodeContext) -> UEGroup? {
        let path = "ran.ues.\(name)"
        guard let reader = MappingReader(value, path: path, keys: LanguageKeys.ue, at: key.location, context: &context)
        else { return nil }
        let imsi = reader.require("imsi", context: &context).flatMap {
            decodeIMSI($0, path: reader.path("imsi"), context: &context)
        }
        let k = reader.require("key", context: &context).flatMap {
            context.hex($0, path: reader.path("key"), digits: 32, what: "K")
        }
        let opc = reader.require("opc", context: &context).flatMap {
            context.hex($0, path: reader.path("opc"), digits: 32, what: "OPc")
        }
        var count = 1
        if let node = reader["count"] { count = context.int(node, path: reader.path("count"), range: 1...100_000) ?? 1 }
        let placement = Placements.decode(reader, required: false, context: &context)
        guard let imsi, let k, let opc else { return nil }
        var group = UEGroup(
            name: name, placement: placement, imsi: imsi, count: count, key: k.uppercased(), opc: opc.uppercased(),
            origin: reader.origin)
        if let node = reader["software"] {
            group.software = context.choice(node, path: reader.path("software"), as: RANSoftware.self) ?? .ueransim
        }
        if let node = reader["gnb"] { group.gnb = context.string(node, path: reader.path("gnb")) }
        if let node = reader["slices"] { group.slices = context.stringList(node, path: reader.path("slices")) }
        if let node = reader["dnn"] { group.dnn = context.string(node, path: reader.path("dnn")) }
        return group
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
                let reader = MappingReader(
                    value, path: path, keys: LanguageKeys.app, at: key.location, context: &context)
            else { return nil }
            var app = App(name: name, origin: reader.origin)
            app.placement = Placements.decode(reader, required: false, context: &context)
            if let node = reader["image"] { app.image = context.string(node, path: reader.path("image")) }
            if let node = reader["migratable"] {
                app.migratable = context.bool(node, path: reader.path("migratable")) ?? false
            }
            if let node = reader["ports"], let pairs = node.mapping {
                app.ports = pairs.compactMap { pair in
                    guard let portName = context.string(pair.key, path: reader.path("ports")),
                        let port = context.port(pair.value, path: reader.path("ports") + ".\(portName)")
                    else { return nil }
                    return NamedPort(name: portName, port: port)
                }
            } else if let node = reader["ports"] {
                context.typeError("a mapping of port names to ports", at: node, path: reader.path("ports"))
            }
            return app
        }
    }

    static func migration(_ node: YAMLNode, context: inout DecodeContext) -> Migration? {
        guard let reader = MappingReader(node, path: "migration", keys: LanguageKeys.migration, context: &context)
        else {
            return nil
        }
        var migration = Migration(origin: reader.origin)
        if let node = reader["bandwidth"] {
            migration.bandwidthBytesPerSecond = Quantities.bandwidth(node, context: &context)
        }
        if let node = reader["completion-timeout-per-gib"] {
            migration.completionTimeoutPerGiB = context.int(
                node, path: "migration.completion-timeout-per-gib", range: 1...86400)
        }
        if let node = reader["progress-timeout"] {
            migration.progressTimeoutSeconds = Quantities.duration(node, context: &context)
        }
        if let node = reader["parallel-per-cluster"] {
            migration.parallelPerCluster = context.int(node, path: "migration.parallel-per-cluster", range: 1...1000)
        }
        if let node = reader["parallel-outbound-per-node"] {
            migration.parallelOutboundPerNode = context.int(
                node, path: "migration.parallel-outbound-per-node", range: 1...1000)
        }
        if let node = reader["post-copy"] { migration.postCopy = context.bool(node, path: "migration.post-copy") }
        if let node = reader["auto-converge"] {
            migration.autoConverge = context.bool(node, path: "migration.auto-converge")
        }
        if let node = reader["workloads"] {
            migration.workloads = context.stringList(node, path: "migration.workloads")
        }
        return migration
    }
}

/// Kubernetes-style quantities: `64Mi` bandwidth, `150s` durations.
enum Quantities {
    static func bandwidth(_ node: YAMLNode, context: inout DecodeContext) -> UInt64? {
        guard let text = context.string(node, path: "migration.bandwidth") else { return nil }
        let units: [(String, UInt64)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = UInt64(text.dropLast(2)), value.multipliedReportingOverflow(by: factor).overflow == false {
                return value * factor
            }
        }
        if let value = UInt64(text) { return value }
        context.error(
            "value.quantity", "`migration.bandwidth`: `\(text)` is not a bandwidth", at: node,
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
                "value.duration", "`migration.progress-timeout`: `\(text)` is not a duration", at: node,
                help: "write it like `150s` or `5m`")
            return nil
        }
        return value * factor
    }
}
