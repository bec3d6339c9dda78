import TopocDiagnostics
import TopocYAML

/// Hosts, images, defaults and networks.
enum InfraDecoder {
    static func hosts(_ node: YAMLCursor, context: inout DecodeContext) -> [Host] {
        context.namedMap(node, path: "hosts") { context, name, key, value in
            let path = Trail("hosts", name)
            var host = Host(name: name, origin: Origin(location: key.location, trail: path))
            if value.isNull { return host }
            guard
                let reader = MappingReader<HostKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            host.origin = reader.origin
            if let node = reader[.address] { host.address = context.address(node, path: reader.path(.address)) }
            if let node = reader[.libvirtUri] {
                host.libvirtURI = context.string(node, path: reader.path(.libvirtUri))
            }
            if let node = reader[.labels] { host.labels = context.stringMap(node, path: reader.path(.labels)) }
            if let node = reader[.cpus] { host.cpus = context.int(node, path: reader.path(.cpus), range: 1...4096) }
            if let node = reader[.memory] { host.memory = context.size(node, path: reader.path(.memory)) }
            return host
        }
    }

    static func images(_ node: YAMLCursor, context: inout DecodeContext) -> [Image] {
        context.namedMap(node, path: "images") { context, name, key, value in
            let path = Trail("images", name)
            guard
                let reader = MappingReader<ImageKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            var image = Image(name: name, origin: reader.origin)
            if let node = reader[.url] { image.url = context.url(node, path: reader.path(.url)) }
            if let node = reader[.path] { image.path = context.string(node, path: reader.path(.path)) }
            if let node = reader[.sha256] {
                image.sha256 = context.hex(node, path: reader.path(.sha256), digits: 64, what: "a SHA-256 checksum")
                    .map { DecodeContext.hexCase($0, upper: false) }
            }
            if let node = reader[.format] {
                image.format = context.choice(node, path: reader.path(.format), as: DiskFormat.self) ?? .qcow2
            }
            if let node = reader[.kernel] { image.kernel = context.string(node, path: reader.path(.kernel)) }
            if let node = reader[.initrd] { image.initrd = context.string(node, path: reader.path(.initrd)) }
            if let node = reader[.cmdline] { image.cmdline = context.string(node, path: reader.path(.cmdline)) }
            if reader[.url] != nil, reader[.path] != nil {
                context.diagnostics.append(
                    .error(
                        "schema.exclusive", "`\(path)` has both `url` and `path`; write one",
                        at: reader.valueLocation(.path)))
            } else if reader[.url] == nil, reader[.path] == nil {
                context.diagnostics.append(
                    .error("schema.required", "`\(path)` needs `url` or `path`", at: key.location))
            }
            return image
        }
    }

    static func defaults(_ node: YAMLCursor, at location: SourceLocation, context: inout DecodeContext) -> Defaults {
        guard
            let reader = MappingReader<DefaultsKey>(
                node, path: "defaults", at: location, context: &context)
        else {
            return Defaults()
        }
        var defaults = Defaults()
        if let node = reader[.vm],
            let vm = MappingReader<VMKey>(
                node, path: "defaults.vm", keys: VMKey.settings, at: reader.keyLocation(.vm), context: &context)
        {
            defaults.vm = VMDecoder.settings(vm, context: &context)
        }
        if let node = reader[.login] {
            defaults.login = login(node, at: reader.keyLocation(.login), context: &context)
        }
        return defaults
    }

    static func login(_ node: YAMLCursor, at location: SourceLocation, context: inout DecodeContext) -> Login {
        guard
            let reader = MappingReader<LoginKey>(
                node, path: "defaults.login", at: location, context: &context)
        else {
            return Login()
        }
        var keys: [String] = []
        if let node = reader[.sshKeys], let located = context.located(node, path: "defaults.login.ssh-keys") {
            keys = located.map(\.value)
        }
        var login = Login(sshKeys: keys, origin: reader.origin)
        if let node = reader[.user], let user = context.string(node, path: "defaults.login.user") {
            if Self.isPOSIXUserName(user) {
                login.user = user
            } else {
                context.error(
                    "value.user", "`defaults.login.user`: `\(user)` is not a valid user name", at: node,
                    help: "use lower-case letters, digits, `_` and `-`, starting with a letter (at most 32)")
            }
        }
        if let node = reader[.passwordHash] {
            login.passwordHash = context.string(node, path: "defaults.login.password-hash")
        }
        // The password itself is dropped here: only the fact that one was written survives, for validation.
        login.plaintextPasswordWritten = reader[.password] != nil
        return login
    }

    static func isPOSIXUserName(_ name: String) -> Bool {
        guard (1...32).contains(name.count), let first = name.unicodeScalars.first,
            ("a"..."z").contains(first) || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    static func networks(_ node: YAMLCursor, context: inout DecodeContext) -> [Network] {
        context.namedMap(node, path: "networks") { context, name, key, value in
            let path = Trail("networks", name)
            var network = Network(name: name, origin: Origin(location: key.location, trail: path))
            if value.isNull { return network }
            guard
                let reader = MappingReader<NetworkKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            network.origin = reader.origin
            if let node = reader[.subnet] { network.subnet = context.subnet4(node, path: reader.path(.subnet)) }
            if let node = reader[.subnet6] { network.subnet6 = context.subnet6(node, path: reader.path(.subnet6)) }
            if let node = reader[.mode] {
                network.mode = context.choice(node, path: reader.path(.mode), as: NetworkMode.self) ?? .bridge
            }
            if let node = reader[.bridge] { network.bridge = context.string(node, path: reader.path(.bridge)) }
            if let node = reader[.hostAddress] {
                network.hostAddress = context.ipv4(node, path: reader.path(.hostAddress))
            }
            if let node = reader[.gateway] { network.gateway = context.ipv4(node, path: reader.path(.gateway)) }
            if let node = reader[.mtu] {
                network.mtu = context.int(node, path: reader.path(.mtu), range: 576...65535)
            }
            if let node = reader[.vlan] {
                network.vlan = context.int(node, path: reader.path(.vlan), range: 1...4094)
            }
            if let node = reader[.vale] { network.vale = context.string(node, path: reader.path(.vale)) }
            return network
        }
    }
}
