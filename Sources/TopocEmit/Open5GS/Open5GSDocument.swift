// Open5GS/Open5GSDocument owns the shape of an Open5GS config file in each format version. The NF emitters say
// what to set (a server, the peers of an interface, a timer); this builder decides where it goes:
//   2.7+  servers `<nf>.<iface>.server: [{address, port}]`, peers `<nf>.<iface>.client.<peer>: [{address}]`,
//         SBI peers `<nf>.sbi.client.{nrf,scp}: [{uri}]`, `global.max`, timers under the NF, `logger.file.path`;
//   ≤2.6  servers `<nf>.<iface>: [{addr, port}]`, peers as top-level sections `<peer>.<iface>: [{addr}]`, SBI
//         peers `{nrf,scp}.sbi: [{addr, port}]`, top-level `max` and `time`, `logger.file: PATH`, and a
//         top-level `sbi` block turning TLS off (2.6 defaults to TLS and refuses to start without keys).
// Fragments are deep-merged into one tree, so insertion order is the file's order and nothing is concatenated.
import TopocModel
import TopocYAML

/// The config format of an Open5GS version.
enum Open5GSFormat: Sendable, Equatable {
    /// 2.7.x and 2.8.x.
    case current
    /// 2.1–2.6.
    case legacy

    init?(_ software: CoreSoftware) {
        switch software {
        case .open5gs27: self = .current
        case .open5gs26: self = .legacy
        case .oai2: return nil
        }
    }

    var addressKey: String { self == .current ? "address" : "addr" }
    /// The UE pools, on the SMF and the UPF.
    var sessionKey: String { self == .current ? "session" : "subnet" }
    var label: String { self == .current ? "Open5GS 2.7 format" : "Open5GS 2.6 format" }
}

/// One peer entry of a client list: its address, its port when not the protocol's standard one, and any
/// selection keys (`dnn`, `apn`).
struct Open5GSPeer {
    var address: String
    var port: Int?
    var keys: [(String, YAMLValue)]

    /// `nf`'s server on `interface` as a peer entry.
    init(_ nf: ResolvedNF, _ interface: NFInterface, keys: [(String, YAMLValue)] = []) throws {
        guard let endpoint = nf.endpoint(interface) else { throw Open5GSError.missing(interface, of: nf) }
        address = endpoint.address
        port = endpoint.port == interface.defaultPort ? nil : endpoint.port
        self.keys = keys
    }
}

struct Open5GSDocument {
    let format: Open5GSFormat
    /// The NF's own section: `amf`, `smf`, ...
    let section: String
    private(set) var root: YAMLValue = .mapping([])

    init(format: Open5GSFormat, section: String) {
        self.format = format
        self.section = section
    }

    /// Sets `value` at `path` from the document's root, merging with what is there.
    mutating func put(_ path: [String], _ value: YAMLValue) {
        root = Open5GSMerge.merge(root, Open5GSMerge.nested(path, value))
    }

    /// Sets `value` at `path` inside the NF's own section.
    mutating func own(_ path: String..., value: YAMLValue) {
        put([section] + path, value)
    }

    /// The user's `config:`, last.
    mutating func merge(_ overrides: YAMLValue) {
        root = Open5GSMerge.merge(root, overrides)
    }

    // MARK: - Common top-level keys

    /// The log file (named after the NF, so co-located NFs of one kind keep theirs apart) and the UE limit.
    mutating func common(_ name: String) {
        let path = "/var/log/open5gs/\(name).log"
        switch format {
        case .current: put(["logger", "file", "path"], .string(path))
        case .legacy: put(["logger", "file"], .string(path))
        }
        put(format == .current ? ["global", "max", "ue"] : ["max", "ue"], .int(1024))
    }

    /// 2.6 only: SBI over plain HTTP, as the 2.7 URIs say (`http://`).
    mutating func plainSBI() {
        guard format == .legacy else { return }
        put(["sbi"], .mapping([("server", Self.noTLS), ("client", Self.noTLS)]))
    }

    private static let noTLS: YAMLValue = .mapping([("no_tls", .bool(true))])

    mutating func database() {
        put(["db_uri"], .string(Open5GSConfigs.databaseURI))
    }

    /// A 3GPP timer in seconds: `<nf>.time.<name>.value` (2.7), top-level `time.<name>.value` (2.6).
    mutating func timer(_ name: String, seconds: Int) {
        put((format == .current ? [section, "time"] : ["time"]) + [name, "value"], .int(seconds))
    }

    // MARK: - Servers and peers

    /// The NF's server on `interface`, under `key` (`sbi`, `pfcp`, `gtpu`, ...). The port is written when
    /// `explicitPort` (SBI and metrics, whose code defaults are 80/443 and not the sample files' 7777/9090) or
    /// when it is not the protocol's standard one, which is the code default.
    mutating func server(
        _ key: String, _ interface: NFInterface, of nf: ResolvedNF, explicitPort: Bool = false
    ) throws {
        guard let endpoint = nf.endpoint(interface) else { throw Open5GSError.missing(interface, of: nf) }
        var entry: [(String, YAMLValue)] = [(format.addressKey, .string(endpoint.address))]
        if explicitPort || endpoint.port != interface.defaultPort { entry.append(("port", .int(endpoint.port))) }
        let list: YAMLValue = .sequence([.mapping(entry)])
        switch format {
        case .current: own(key, "server", value: list)
        case .legacy: own(key, value: list)
        }
    }

    /// The peers the NF connects to on `key`: `<nf>.<key>.client.<peer>` (2.7), top-level `<peer>.<key>` (2.6).
    mutating func clients(_ key: String, peer: String, _ peers: [Open5GSPeer]) {
        guard !peers.isEmpty else { return }
        let list: YAMLValue = .sequence(
            peers.map { peer in
                var entry: [(String, YAMLValue)] = [(format.addressKey, .string(peer.address))]
                if let port = peer.port { entry.append(("port", .int(port))) }
                return .mapping(entry + peer.keys)
            })
        switch format {
        case .current: own(key, "client", peer, value: list)
        case .legacy: put([peer, key], list)
        }
    }

    /// The NRF or SCP the NF talks SBI to: `<nf>.sbi.client.<kind>: [{uri}]` (2.7), top-level
    /// `<kind>.sbi: [{addr, port}]` (2.6).
    mutating func sbiClient(_ target: ResolvedNF) throws {
        guard let endpoint = target.endpoint(.sbi) else { throw Open5GSError.missing(.sbi, of: target) }
        let kind = target.kind.rawValue
        switch format {
        case .current:
            own("sbi", "client", kind, value: .sequence([.mapping([("uri", .string(endpoint.uri))])]))
        case .legacy:
            let entry: YAMLValue = .mapping([("addr", .string(endpoint.address)), ("port", .int(endpoint.port))])
            put([kind, "sbi"], .sequence([entry]))
        }
    }
}

/// Deep merge of documents: mappings merge key by key (new keys after the existing ones, in their order); a
/// null in the overlay removes the key; anything else, sequences included, replaces what was there.
enum Open5GSMerge {
    static func merge(_ base: YAMLValue, _ overlay: YAMLValue) -> YAMLValue {
        guard case .mapping(let updates) = overlay else { return overlay }
        guard case .mapping(var pairs) = base else { return merge(.mapping([]), overlay) }
        for (key, value) in updates {
            let index = pairs.firstIndex { $0.0 == key }
            switch (index, value) {
            case (let index?, .null): pairs.remove(at: index)
            case (nil, .null): continue
            case (let index?, _): pairs[index].1 = merge(pairs[index].1, value)
            case (nil, _): pairs.append((key, merge(.mapping([]), value)))
            }
        }
        return .mapping(pairs)
    }

    /// `value` nested under `path`: `["a", "b"]` gives `{a: {b: value}}`.
    static func nested(_ path: [String], _ value: YAMLValue) -> YAMLValue {
        path.reversed().reduce(value) { inner, key in .mapping([(key, inner)]) }
    }
}
