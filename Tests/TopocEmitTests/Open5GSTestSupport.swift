// The labs the Open5GS tests compile from YAML text, and readers for what they emit: key paths, and a
// format-neutral view of each file's servers and peers, so one set of wiring assertions covers 2.6 and 2.7.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

enum Open5GSLabs {
    /// Seed 000's lab: a CUPS EPC with the control plane on vm1 and an SGW-U/UPF pair on each of vm2 and vm3,
    /// the seed's addresses and DNN → UPF mapping. `sharedUPFs` moves upf-b (and its pool) onto vm2 beside
    /// upf-a; `dualStack` adds an IPv6 pool to upf-a. The guest-setup tests use it too.
    static func epc(
        _ software: String = "open5gs@2.7", install: String = "package", sharedUPFs: Bool = false,
        dualStack: Bool = false
    ) -> String {
        """
        topology: seed-epc
        images:
          focal: { path: /var/lib/topoc/focal.qcow2 }
        defaults:
          vm: { image: focal }
        networks:
          cp: { subnet: 192.168.0.0/24 }
        vms:
          vm1: { networks: { cp: { ip: 192.168.0.111 } } }
          vm2: { networks: { cp: { ip: 192.168.0.112 } } }
          vm3: { networks: { cp: { ip: 192.168.0.113 } } }
        core:
          software: \(software)
          install: \(install)
          plmn: 001-01
          tacs: [1]
          functions:
            nrf: { on: vm1 }
            mme: { on: vm1 }
            sgwc: { on: vm1 }
            smf: { on: vm1 }
            hss: { on: vm1 }
            pcrf: { on: vm1 }
            sgwu-a: { kind: sgwu, on: vm2 }
            upf-a: { kind: upf, on: vm2 }
            sgwu-b: { kind: sgwu, on: vm3 }
            upf-b: { kind: upf, on: \(sharedUPFs ? "vm2" : "vm3") }
          dnns:
            internet: { subnet: 10.45.0.0/16, upf: upf-a }
            internet2: { subnet: 10.46.0.0/16, upf: upf-a }
            ims: { subnet: 10.47.0.0/16, upf: upf-b }
        \(dualStack ? "    v6: { subnet: \"2001:db8:cafe::/48\", upf: upf-a }" : "")
        """
    }

    /// A 5G SA core with two slices, each with its own SMF (both on `core`) and its own UPF on its own VM, an
    /// SCP, two TACs, and a gNB. `extra` is spliced under `smf-embb` (e.g. a `config:`).
    static func sa(_ software: String = "open5gs@2.7", smfExtra: String = "") -> String {
        """
        topology: sa-lab
        images:
          img: { path: /var/lib/topoc/debian.qcow2 }
        defaults:
          vm: { image: img }
        networks:
          cp: { subnet: 10.20.0.0/24 }
          n3: { subnet: 10.20.3.0/24 }
        vms:
          core: { networks: { cp: {} } }
          upf1: { networks: { cp: {}, n3: {} } }
          upf2: { networks: { cp: {}, n3: {} } }
          ran: { networks: { cp: {}, n3: {} } }
        core:
          software: \(software)
          plmn: 999-70
          tacs: [1, 2]
          functions:
            nrf: { on: core }
            scp: { on: core }
            amf: { on: core }
            smf-embb:
              kind: smf
              on: core
        \(smfExtra)
            smf-urllc: { kind: smf, on: core }
            ausf: { on: core }
            udm: { on: core }
            udr: { on: core }
            pcf: { on: core }
            nssf: { on: core }
            bsf: { on: core }
            upf-embb: { kind: upf, on: upf1 }
            upf-urllc: { kind: upf, on: upf2 }
          dnns:
            internet: { subnet: 10.45.0.0/16, upf: upf-embb }
            urllc: { subnet: 10.46.0.0/16, upf: upf-urllc, mtu: 1300 }
        slices:
          embb: { sst: 1, sd: "000001", dnns: [internet], smf: smf-embb }
          urllc: { sst: 2, sd: "00000A", dnns: [urllc], smf: smf-urllc }
        ran:
          gnbs:
            gnb1: { on: ran }
        """
    }

    /// Both labs in both formats.
    static var all: [(name: String, text: String)] {
        ["open5gs@2.7", "open5gs@2.6"].flatMap { software in
            [("epc \(software)", epc(software)), ("sa \(software)", sa(software))]
        }
    }

    static func compile(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Compiled {
        let result = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)", file: file, line: line)
        let resolved = try XCTUnwrap(result.resolved, file: file, line: line)
        return Compiled(topology: resolved, artifacts: result.artifacts)
    }
}

struct Compiled {
    var topology: ResolvedTopology
    var artifacts: [Artifact]

    var core: ResolvedCore {
        get throws { try XCTUnwrap(topology.mobileCore) }
    }

    /// Every Open5GS file of the lab, with its VM and parsed tree.
    func files() throws -> [(vm: String, file: Open5GSFile, root: YAMLNode)] {
        try topology.vms.flatMap { vm in
            try Open5GSConfigs.files(for: vm.name, in: topology).map { file in
                (vm.name, file, try YAMLNode.parse(file.contents, file: file.nf))
            }
        }
    }

    func file(_ nf: String) throws -> (vm: String, file: Open5GSFile, root: YAMLNode) {
        try XCTUnwrap(try files().first { $0.file.nf == nf }, "no file for \(nf)")
    }
}

extension YAMLNode {
    /// Every mapping key's path from the root: `amf.sbi.server[].address`; a list item adds `[]`.
    var keyPaths: Set<String> {
        var paths: Set<String> = []
        var work: [(YAMLNode, String)] = [(self, "")]
        while let (node, prefix) = work.popLast() {
            if let pairs = node.mapping {
                for pair in pairs {
                    let path = prefix.isEmpty ? (pair.key.text ?? "") : "\(prefix).\(pair.key.text ?? "")"
                    paths.insert(path)
                    work.append((pair.value, path))
                }
            } else if let items = node.sequence {
                for item in items { work.append((item, prefix + "[]")) }
            }
        }
        return paths
    }

    /// A node's scalar text, or its items' texts when it is a list (`dnn: internet` and `dnn: [internet]`).
    var texts: [String] {
        if let text { return [text] }
        return items.compactMap(\.text)
    }

    /// Descends a dotted path of mapping keys.
    func at(_ path: String) -> YAMLNode? {
        path.split(separator: ".").reduce(Optional(self)) { node, key in node?[String(key)] }
    }
}

/// The key-path lists under `Open5GSKeys/<version>/<nf>.txt`, with every path's prefixes.
enum Open5GSKeyLists {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Open5GSKeys")

    static func paths(version: String, kind: NFKind) throws -> Set<String> {
        let url = directory.appendingPathComponent(version).appendingPathComponent("\(kind.rawValue).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var paths: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let path = line.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { continue }
            var prefix = ""
            for part in path.split(separator: ".") {
                prefix = prefix.isEmpty ? String(part) : "\(prefix).\(part)"
                paths.insert(prefix)
                if prefix.hasSuffix("[]") { paths.insert(String(prefix.dropLast(2))) }
            }
        }
        return paths
    }
}

/// What one file says about the network, read back in either format: the servers the NF opens and the peers
/// it names, each with protocol, address and port (the code's default port when the file gives none).
struct Open5GSWiringView {
    struct Endpoint: Hashable, CustomStringConvertible {
        var interface: String
        var address: String
        var port: Int
        var description: String { "\(interface) \(address):\(port)" }
    }

    struct Peer {
        /// `nrf`, `scp`, `upf`, `sgwu`, `sgwc`, `smf`, or the Diameter identity.
        var target: String
        var endpoint: Endpoint
        var entry: YAMLNode
    }

    static let defaultPorts = [
        "pfcp": 8805, "gtpu": 2152, "gtpc": 2123, "ngap": 38412, "s1ap": 36412, "diameter": 3868,
    ]

    var servers: [Endpoint] = []
    var peers: [Peer] = []

    init(_ root: YAMLNode, kind: NFKind, file: StaticString = #filePath, line: UInt = #line) {
        let legacy = root["sbi"]?["server"]?["no_tls"] != nil || root["logger"]?["file"]?.text != nil
        let addressKey = legacy ? "addr" : "address"
        guard let section = root[kind.rawValue] else {
            XCTFail("no `\(kind.rawValue)` section", file: file, line: line)
            return
        }
        func endpoint(_ interface: String, _ node: YAMLNode, key: String) -> Endpoint? {
            guard let address = node[key]?.text else { return nil }
            let port = node["port"]?.text.flatMap { Int($0) } ?? Self.defaultPorts[interface]
            if port == nil { XCTFail("\(kind) \(interface) \(address) has no port", file: file, line: line) }
            return Endpoint(interface: interface, address: address, port: port ?? 0)
        }
        for interface in ["sbi", "pfcp", "gtpu", "gtpc", "ngap", "s1ap", "metrics"] {
            let list = legacy ? section[interface] : section[interface]?["server"]
            servers += (list?.items ?? []).compactMap { endpoint(interface, $0, key: addressKey) }
        }
        // Peers: 2.7 under `<nf>.<iface>.client.<peer>`, 2.6 as other top-level sections `<peer>.<iface>`.
        let peerKinds = [
            ("sbi", "nrf"), ("sbi", "scp"), ("pfcp", "upf"), ("pfcp", "sgwu"), ("gtpc", "sgwc"),
            ("gtpc", "smf"),
        ]
        for (interface, target) in peerKinds where target != kind.rawValue {
            let list = legacy ? root[target]?[interface] : section[interface]?["client"]?[target]
            for entry in list?.items ?? [] {
                if let uri = entry["uri"]?.text, let parsed = Self.parse(uri) {
                    peers.append(
                        Peer(
                            target: target, endpoint: Endpoint(interface: interface, address: parsed.0, port: parsed.1),
                            entry: entry))
                } else if let found = endpoint(interface, entry, key: addressKey) {
                    peers.append(Peer(target: target, endpoint: found, entry: entry))
                }
            }
        }
        let nsi = legacy ? section["nsi"] : section["sbi"]?["client"]?["nsi"]
        for entry in nsi?.items ?? [] {
            if let uri = entry["uri"]?.text, let parsed = Self.parse(uri) {
                peers.append(
                    Peer(
                        target: "nrf", endpoint: Endpoint(interface: "sbi", address: parsed.0, port: parsed.1),
                        entry: entry))
            } else if let found = endpoint("sbi", entry, key: "addr") {
                peers.append(Peer(target: "nrf", endpoint: found, entry: entry))
            }
        }
        if let diameter = section["freeDiameter"] {
            if let own = endpoint("diameter", diameter, key: "listen_on") { servers.append(own) }
            for entry in diameter["connect"]?.items ?? [] {
                if let identity = entry["identity"]?.text, let found = endpoint("diameter", entry, key: addressKey) {
                    peers.append(Peer(target: identity, endpoint: found, entry: entry))
                }
            }
        }
    }

    /// `http://10.0.0.1:7777` → (`10.0.0.1`, 7777).
    static func parse(_ uri: String) -> (String, Int)? {
        guard uri.hasPrefix("http://") else { return nil }
        let rest = uri.dropFirst("http://".count)
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else { return nil }
        return (String(rest[..<colon]), port)
    }
}
