import TopocDiagnostics
import TopocYAML

/// Hosts, images, defaults, networks and the cluster settings.
enum InfraDecoder {
    /// `kubernetes`: the namespace is a DNS-1123 label like every name of the language.
    static func kubernetes(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext)
        -> KubernetesSettings?
    {
        guard
            let reader = MappingReader<KubernetesKey>(node, path: "kubernetes", at: location, context: &context)
        else { return nil }
        var settings = KubernetesSettings(origin: reader.origin)
        if let node = reader[.namespace], let namespace = context.string(node, path: reader.path(.namespace)) {
            if Names.isValid(namespace) {
                settings.namespace = namespace
            } else {
                context.error(
                    "name.invalid",
                    "\(quoted: namespace) is not a valid namespace: use lower-case letters, digits and `-`, starting with a letter, at most 63",
                    at: node, help: Names.suggestion(for: namespace).map { "did you mean `\($0)`?" })
            }
        }
        settings.storageClass = reader[.storageClass].flatMap { context.string($0, path: reader.path(.storageClass)) }
        return settings
    }

    static func hosts(_ node: YAMLNode, context: inout DecodeContext) -> [Host] {
        context.namedMap(node, path: "hosts") { context, name, key, value in
            let path = "hosts.\(name)"
            var host = Host(name: name, origin: Origin(location: key.location, path: path))
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

    static func images(_ node: YAMLNode, context: inout DecodeContext) -> [Image] {
        context.namedMap(node, path: "images") { context, name, key, value in
            guard
                let reader = MappingReader<ImageKey>(
                    value, path: "images.\(name)", at: key.location, context: &context)
            else { return nil }
            return image(name, reader, at: key, context: &context)
        }
    }

    /// One image, read into locals and made once (see `VMDecoder`).
    private static func image(
        _ name: String, _ reader: MappingReader<ImageKey>, at key: YAMLNode, context: inout DecodeContext
    ) -> Image {
        let url = reader[.url].flatMap { context.url($0, path: reader.path(.url)) }
        let path = reader[.path].flatMap { context.string($0, path: reader.path(.path)) }
        let sha256 = reader[.sha256].flatMap {
            context.hex($0, path: reader.path(.sha256), digits: 64, what: "a SHA-256 checksum")
                .map { $0.lowercased() }
        }
        let format = reader[.format].flatMap { context.choice($0, path: reader.path(.format), as: DiskFormat.self) }
        let kernel = reader[.kernel].flatMap { context.string($0, path: reader.path(.kernel)) }
        let initrd = reader[.initrd].flatMap { context.string($0, path: reader.path(.initrd)) }
        let cmdline = reader[.cmdline].flatMap { context.string($0, path: reader.path(.cmdline)) }
        if reader[.url] != nil, reader[.path] != nil {
            context.diagnostics.append(
                .error(
                    "schema.exclusive", "`\(reader.path)` has both `url` and `path`; write one",
                    at: reader.valueLocation(.path)))
        } else if reader[.url] == nil, reader[.path] == nil {
            context.diagnostics.append(
                .error("schema.required", "`\(reader.path)` needs `url` or `path`", at: key.location))
        }
        return Image(
            name: name, url: url, path: path, sha256: sha256, format: format ?? .qcow2, kernel: kernel,
            initrd: initrd, cmdline: cmdline, origin: reader.origin)
    }

    static func defaults(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext) -> Defaults {
        guard
            let reader = MappingReader<DefaultsKey>(
                node, path: "defaults", at: location, context: &context)
        else {
            return Defaults()
        }
        var defaults = Defaults()
        if let node = reader[.vm],
            let vm = MappingReader<VMKey>(
                node, path: "defaults.vm", allowed: VMKey.settings, at: reader.keyLocation(.vm), context: &context)
        {
            defaults.vm = VMDecoder.settings(vm, context: &context)
        }
        if let node = reader[.login] {
            defaults.login = login(node, at: reader.keyLocation(.login), context: &context)
        }
        return defaults
    }

    static func login(_ node: YAMLNode, at location: SourceLocation, context: inout DecodeContext) -> Login {
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
                    "value.user", "`defaults.login.user`: \(quoted: user) is not a valid user name", at: node,
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

    static func networks(_ node: YAMLNode, context: inout DecodeContext) -> [Network] {
        context.namedMap(node, path: "networks") { context, name, key, value in
            let path = "networks.\(name)"
            if value.isNull { return Network(name: name, origin: Origin(location: key.location, path: path)) }
            guard
                let reader = MappingReader<NetworkKey>(
                    value, path: path, at: key.location, context: &context)
            else { return nil }
            return network(name, reader, context: &context)
        }
    }

    /// One network, read into locals and made once (see `VMDecoder`).
    private static func network(_ name: String, _ reader: MappingReader<NetworkKey>, context: inout DecodeContext)
        -> Network
    {
        let subnet = reader[.subnet].flatMap { context.subnet4($0, path: reader.path(.subnet)) }
        let subnet6 = reader[.subnet6].flatMap { context.subnet6($0, path: reader.path(.subnet6)) }
        let mode = reader[.mode].flatMap { context.choice($0, path: reader.path(.mode), as: NetworkMode.self) }
        let bridge = reader[.bridge].flatMap { context.string($0, path: reader.path(.bridge)) }
        let hostAddress = reader[.hostAddress].flatMap { context.ipv4($0, path: reader.path(.hostAddress)) }
        let gateway = reader[.gateway].flatMap { context.ipv4($0, path: reader.path(.gateway)) }
        let mtu = reader[.mtu].flatMap { context.int($0, path: reader.path(.mtu), range: 576...65535) }
        let vlan = reader[.vlan].flatMap { context.int($0, path: reader.path(.vlan), range: 1...4094) }
        let vale = reader[.vale].flatMap { context.string($0, path: reader.path(.vale)) }
        return Network(
            name: name, subnet: subnet, subnet6: subnet6, mode: mode ?? .bridge, bridge: bridge,
            hostAddress: hostAddress, gateway: gateway, mtu: mtu, vlan: vlan, vale: vale, origin: reader.origin)
    }
}
