import TopocDiagnostics
import TopocYAML

/// VMs and the settings they share with `defaults.vm`. Every field is decoded even when another one is
/// wrong, so one pass reports all of an entry's mistakes.
enum VMDecoder {
    static func settings(_ reader: MappingReader<VMKey>, context: inout DecodeContext) -> VMSettings {
        let image = reader[.image].flatMap { context.string($0, path: reader.path(.image)) }
        let cpus = reader[.cpus].flatMap { context.int($0, path: reader.path(.cpus)) }
        let memory = reader[.memory].flatMap { context.size($0, path: reader.path(.memory)) }
        let disk = reader[.disk].flatMap { context.size($0, path: reader.path(.disk)) }
        let host = reader[.host].flatMap { context.string($0, path: reader.path(.host)) }
        let accel = reader[.accel].flatMap { context.choice($0, path: reader.path(.accel), as: Accel.self) }
        let cpuModel = reader[.cpuModel].flatMap { context.string($0, path: reader.path(.cpuModel)) }
        let machine = reader[.machine].flatMap {
            context.choice($0, path: reader.path(.machine), as: MachineType.self)
        }
        let diskBus = reader[.diskBus].flatMap { context.choice($0, path: reader.path(.diskBus), as: DiskBus.self) }
        return VMSettings(
            image: image, cpus: cpus, memory: memory, disk: disk, host: host, accel: accel, cpuModel: cpuModel,
            machine: machine, diskBus: diskBus, origin: reader.origin)
    }

    static func vms(_ node: YAMLNode, context: inout DecodeContext) -> [VM] {
        context.namedMap(node, path: "vms", element: vm)
    }

    /// One entry of `vms:`, its name already checked.
    static func vm(_ context: inout DecodeContext, name: String, key: YAMLNode, value: YAMLNode) -> VM? {
        let path = "vms.\(name)"
        if value.isNull {
            return VM(name: name, origin: Origin(location: key.location, path: path))
        }
        guard
            let reader = MappingReader<VMKey>(value, path: path, at: key.location, context: &context)
        else { return nil }
        let settings = Self.settings(reader, context: &context)
        let nics = reader[.networks].map { Self.interfaces($0, of: name, context: &context) }
        let ports = reader[.forward].map { Self.forwards($0, of: name, context: &context) }
        let migratable = reader[.migratable].flatMap { context.bool($0, path: reader.path(.migratable)) }
        let extras = reader[.cloudInit].map { Self.cloudInit($0, path: reader.path(.cloudInit), context: &context) }
        return VM(
            name: name, settings: settings, interfaces: nics ?? [], forwards: ports ?? [],
            migratable: migratable ?? false, cloudInit: extras ?? CloudInitExtras(), origin: reader.origin)
    }

    /// The NICs of VM `vm`.
    static func interfaces(_ node: YAMLNode, of vm: String, context: inout DecodeContext) -> [Interface] {
        let path = "vms.\(vm).networks"
        guard let pairs = node.mapping else {
            context.typeError("a mapping of network names", at: node, path: path)
            return []
        }
        return pairs.compactMap { pair in
            guard let network = context.string(pair.key, path: path) else { return nil }
            return interface(network, pair, path: "\(path).\(network)", context: &context)
        }
    }

    /// One NIC: `lan: {}` (nothing pinned) or what it pins.
    private static func interface(_ network: String, _ pair: YAMLPair, path: String, context: inout DecodeContext)
        -> Interface?
    {
        if pair.value.isNull || pair.value.mapping?.isEmpty == true {
            return Interface(network: network, origin: Origin(location: pair.key.location, path: path))
        }
        guard
            let reader = MappingReader<InterfaceKey>(pair.value, path: path, at: pair.key.location, context: &context)
        else { return nil }
        let ip = reader[.ip].flatMap { context.ipv4($0, path: reader.path(.ip)) }
        let ip6 = reader[.ip6].flatMap { context.ipv6($0, path: reader.path(.ip6)) }
        let mac = reader[.mac].flatMap { context.mac($0, path: reader.path(.mac)) }
        let name = reader[.name].flatMap { context.string($0, path: reader.path(.name)) }
        return Interface(network: network, ip: ip, ip6: ip6, mac: mac, name: name, origin: reader.origin)
    }

    /// The port forwards of VM `vm`.
    static func forwards(_ node: YAMLNode, of vm: String, context: inout DecodeContext) -> [Forward] {
        let path = "vms.\(vm).forward"
        guard let pairs = node.mapping else {
            context.typeError("a mapping of services to ports", at: node, path: path)
            return []
        }
        var result: [Forward] = []
        for pair in pairs {
            guard let service = context.string(pair.key, path: path) else { continue }
            let forwardPath = "vms.\(vm).forward.\(service)"
            let origin = Origin(
                location: pair.key.location, path: forwardPath,
                fields: FieldLocations([(key: ForwardKey.host, location: pair.value.location)]))
            if pair.value.scalar != nil {
                guard let port = context.port(pair.value, path: String(forwardPath)) else { continue }
                result.append(Forward(service: service, hostPort: port, origin: origin))
                continue
            }
            guard
                let reader = MappingReader<ForwardKey>(
                    pair.value, path: forwardPath, at: pair.key.location, context: &context)
            else { continue }
            let host = reader.require(.host, context: &context).flatMap {
                context.port($0, path: reader.path(.host))
            }
            let guest = reader[.guest].flatMap { context.port($0, path: reader.path(.guest)) }
            let transport = reader[.protocol].flatMap {
                context.choice($0, path: reader.path(.protocol), as: TransportProtocol.self)
            }
            guard let host else { continue }
            let forward = Forward(
                service: service, hostPort: host, guestPort: guest, transport: transport ?? .tcp, origin: reader.origin)
            result.append(forward)
        }
        return result
    }

    static func cloudInit(_ node: YAMLNode, path: String, context: inout DecodeContext) -> CloudInitExtras {
        guard let reader = MappingReader<CloudInitKey>(node, path: path, context: &context) else {
            return CloudInitExtras()
        }
        var extras = CloudInitExtras()
        if let node = reader[.packages] {
            extras.packages = context.stringList(node, path: reader.path(.packages)) ?? []
        }
        if let node = reader[.runcmd] {
            extras.runcmd = commands(node, path: reader.path(.runcmd), context: &context)
        }
        if let node = reader[.writeFiles] {
            extras.writeFiles = writeFiles(node, path: reader.path(.writeFiles), context: &context)
        }
        return extras
    }

    /// A file mode: four octal digits as a quoted string (`"0644"`); unquoted, YAML 1.1 reads `0644` as 420.
    static func permissions(_ node: YAMLNode, path: String, context: inout DecodeContext) -> String? {
        let padded = { (text: String) in text.count == 3 ? "0" + text : text }
        guard let mode = context.digitString(node, path: path, example: padded) else { return nil }
        guard mode.count == 4, mode.hasPrefix("0"), mode.allSatisfy({ ("0"..."7").contains($0) }) else {
            context.error(
                "value.permissions", "`\(path)`: \(quoted: mode) is not a file mode", at: node,
                help: "write four octal digits in quotes, like `\"0644\"`")
            return nil
        }
        return mode
    }

    static func commands(_ node: YAMLNode, path: String, context: inout DecodeContext) -> [Command] {
        guard let items = node.sequence else {
            context.typeError("a list of commands", at: node, path: path)
            return []
        }
        return items.compactMap { command($0, path: path + "[]", context: &context) }
    }

    /// One command: a shell line, or an argv list.
    static func command(_ item: YAMLNode, path: String, context: inout DecodeContext) -> Command? {
        if item.sequence != nil {
            return context.stringList(item, path: path).map(Command.argv)
        }
        return context.string(item, path: path).map(Command.shell)
    }

    static func writeFiles(_ node: YAMLNode, path: String, context: inout DecodeContext) -> [WriteFile] {
        guard let pairs = node.mapping else {
            context.typeError("a mapping of absolute paths to files", at: node, path: path)
            return []
        }
        var result: [WriteFile] = []
        for pair in pairs {
            guard let filePath = context.string(pair.key, path: path) else { continue }
            guard filePath.hasPrefix("/"), !filePath.split(separator: "/").contains("..") else {
                context.error(
                    "value.path", "`\(path)`: \(quoted: filePath) must be an absolute path without `..`", at: pair.key)
                continue
            }
            let entryPath = "\(path).\(filePath)"
            guard
                let reader = MappingReader<WriteFileKey>(
                    pair.value, path: entryPath, at: pair.key.location, context: &context)
            else { continue }
            let content = reader.require(.content, context: &context).flatMap {
                context.string($0, path: reader.path(.content))
            }
            let mode = reader[.permissions].flatMap {
                permissions($0, path: reader.path(.permissions), context: &context)
            }
            let owner = reader[.owner].flatMap { context.string($0, path: reader.path(.owner)) }
            guard let content else { continue }
            let file = WriteFile(
                path: filePath, content: content, permissions: mode ?? "0644", owner: owner ?? "root:root")
            result.append(file)
        }
        return result
    }
}
