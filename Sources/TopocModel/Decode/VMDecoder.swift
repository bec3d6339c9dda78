import TopocDiagnostics
import TopocYAML

/// VMs and the settings they share with `defaults.vm`.
enum VMDecoder {
    static func settings(_ reader: MappingReader, context: inout DecodeContext) -> VMSettings {
        var settings = VMSettings(origin: reader.origin)
        if let node = reader["image"] { settings.image = context.string(node, path: reader.path("image")) }
        if let node = reader["cpus"] { settings.cpus = context.int(node, path: reader.path("cpus")) }
        if let node = reader["memory"] { settings.memory = context.size(node, path: reader.path("memory")) }
        if let node = reader["disk"] { settings.disk = context.size(node, path: reader.path("disk")) }
        if let node = reader["host"] { settings.host = context.string(node, path: reader.path("host")) }
        if let node = reader["accel"] {
            settings.accel = context.choice(node, path: reader.path("accel"), as: Accel.self)
        }
        if let node = reader["cpu-model"] { settings.cpuModel = context.string(node, path: reader.path("cpu-model")) }
        if let node = reader["machine"] {
            settings.machine = context.choice(node, path: reader.path("machine"), as: MachineType.self)
        }
        if let node = reader["disk-bus"] {
            settings.diskBus = context.choice(node, path: reader.path("disk-bus"), as: DiskBus.self)
        }
        return settings
    }

    static func vms(_ node: YAMLCursor, context: inout DecodeContext) -> [VM] {
        context.namedMap(node, path: "vms", element: vm)
    }

    /// One entry of `vms:`, its name already checked (also run by `StreamedDecoding`'s worker).
    static func vm(_ context: inout DecodeContext, name: String, key: YAMLCursor, value: YAMLCursor) -> VM? {
        let path = "vms.\(name)"
        if value.scalar?.isNull == true {
            return VM(name: name, origin: Origin(location: key.location, path: path))
        }
        guard
            let reader = MappingReader(value, path: path, keys: LanguageKeys.vm, at: key.location, context: &context)
        else { return nil }
        var vm = VM(name: name, settings: settings(reader, context: &context), origin: reader.origin)
        if let node = reader["networks"] {
            vm.interfaces = interfaces(node, path: reader.path("networks"), context: &context)
        }
        if let node = reader["forward"] {
            vm.forwards = forwards(node, path: reader.path("forward"), context: &context)
        }
        if let node = reader["migratable"] {
            vm.migratable = context.bool(node, path: reader.path("migratable")) ?? false
        }
        if let node = reader["cloud-init"] {
            vm.cloudInit = cloudInit(node, path: reader.path("cloud-init"), context: &context)
        }
        return vm
    }

    static func interfaces(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> [Interface] {
        guard let pairs = node.mapping else {
            context.typeError("a mapping of network names", at: node, path: path)
            return []
        }
        var result: [Interface] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let network = context.string(pair.key, path: path) else { continue }
            let nicPath = path + "." + network
            var interface = Interface(network: network, origin: Origin(location: pair.key.location, path: nicPath))
            // `lan: {}` is the common case and has nothing to read.
            if pair.value.scalar?.isNull == true || pair.value.mapping?.isEmpty == true {
                result.append(interface)
                continue
            }
            guard
                let reader = MappingReader(
                    pair.value, path: nicPath, keys: LanguageKeys.interface, at: pair.key.location, context: &context)
            else { continue }
            interface.origin = reader.origin
            if let node = reader["ip"] { interface.ip = context.ipv4(node, path: reader.path("ip")) }
            if let node = reader["ip6"] { interface.ip6 = context.ipv6(node, path: reader.path("ip6")) }
            if let node = reader["mac"] { interface.mac = context.mac(node, path: reader.path("mac")) }
            if let node = reader["name"] { interface.name = context.string(node, path: reader.path("name")) }
            result.append(interface)
        }
        return result
    }

    static func forwards(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> [Forward] {
        guard let pairs = node.mapping else {
            context.typeError("a mapping of services to ports", at: node, path: path)
            return []
        }
        var result: [Forward] = []
        for pair in pairs {
            guard let service = context.string(pair.key, path: path) else { continue }
            let forwardPath = "\(path).\(service)"
            let origin = Origin(location: pair.key.location, path: forwardPath, fields: ["host": pair.value.location])
            if pair.value.scalar != nil {
                guard let port = context.port(pair.value, path: forwardPath) else { continue }
                result.append(Forward(service: service, hostPort: port, origin: origin))
                continue
            }
            guard
                let reader = MappingReader(
                    pair.value, path: forwardPath, keys: LanguageKeys.forward, at: pair.key.location, context: &context)
            else { continue }
            let host = reader.require("host", context: &context).flatMap {
                context.port($0, path: reader.path("host"))
            }
            let guest = reader["guest"].flatMap { context.port($0, path: reader.path("guest")) }
            let transport = reader["protocol"].flatMap {
                context.choice($0, path: reader.path("protocol"), as: TransportProtocol.self)
            }
            guard let host else { continue }
            let forward = Forward(
                service: service, hostPort: host, guestPort: guest, transport: transport ?? .tcp, origin: reader.origin)
            result.append(forward)
        }
        return result
    }

    static func cloudInit(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> CloudInitExtras {
        guard let reader = MappingReader(node, path: path, keys: LanguageKeys.cloudInit, context: &context) else {
            return CloudInitExtras()
        }
        var extras = CloudInitExtras()
        if let node = reader["packages"] {
            extras.packages = context.stringList(node, path: reader.path("packages")) ?? []
        }
        if let node = reader["runcmd"] {
            extras.runcmd = commands(node, path: reader.path("runcmd"), context: &context)
        }
        if let node = reader["write-files"] {
            extras.writeFiles = writeFiles(node, path: reader.path("write-files"), context: &context)
        }
        return extras
    }

    /// A file mode: four octal digits as a quoted string (`"0644"`); unquoted, YAML 1.1 reads `0644` as 420.
    static func permissions(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> String? {
        let padded = { (text: String) in text.count == 3 ? "0" + text : text }
        guard let mode = context.digitString(node, path: path, example: padded) else { return nil }
        guard mode.count == 4, mode.hasPrefix("0"), mode.allSatisfy({ ("0"..."7").contains($0) }) else {
            context.error(
                "value.permissions", "`\(path)`: `\(mode)` is not a file mode", at: node,
                help: "write four octal digits in quotes, like `\"0644\"`")
            return nil
        }
        return mode
    }

    static func commands(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> [Command] {
        guard let items = node.sequence else {
            context.typeError("a list of commands", at: node, path: path)
            return []
        }
        return items.compactMap { command($0, path: path + "[]", context: &context) }
    }

    /// One command: a shell line, or an argv list.
    static func command(_ item: YAMLCursor, path: String, context: inout DecodeContext) -> Command? {
        if item.sequence != nil {
            return context.stringList(item, path: path).map(Command.argv)
        }
        return context.string(item, path: path).map(Command.shell)
    }

    static func writeFiles(_ node: YAMLCursor, path: String, context: inout DecodeContext) -> [WriteFile] {
        guard let pairs = node.mapping else {
            context.typeError("a mapping of absolute paths to files", at: node, path: path)
            return []
        }
        var result: [WriteFile] = []
        for pair in pairs {
            guard let filePath = context.string(pair.key, path: path) else { continue }
            guard filePath.hasPrefix("/"), !filePath.split(separator: "/").contains("..") else {
                context.error(
                    "value.path", "`\(path)`: `\(filePath)` must be an absolute path without `..`", at: pair.key)
                continue
            }
            let entryPath = "\(path).\(filePath)"
            guard
                let reader = MappingReader(
                    pair.value, path: entryPath, keys: LanguageKeys.writeFile, at: pair.key.location, context: &context)
            else { continue }
            let content = reader.require("content", context: &context).flatMap {
                context.string($0, path: reader.path("content"))
            }
            let mode = reader["permissions"].flatMap {
                permissions($0, path: reader.path("permissions"), context: &context)
            }
            let owner = reader["owner"].flatMap { context.string($0, path: reader.path("owner")) }
            guard let content else { continue }
            let file = WriteFile(
                path: filePath, content: content, permissions: mode ?? "0644", owner: owner ?? "root:root")
            result.append(file)
        }
        return result
    }
}
