// Open5GS/Open5GSDiameter owns Diameter: the HSS and the PCRF (MongoDB, Diameter and metrics), and the inline
// `freeDiameter` block every Diameter NF carries (MME and HSS for S6a, SMF and PCRF for Gx). No freeDiameter
// .conf file is written.
import TopocModel
import TopocYAML

enum Open5GSDiameter {
    /// freeDiameter's dictionaries, as the packaged .conf files load them (without the debug dumper). Bare
    /// names: freeDiameter looks a relative name up in its extension directory (`<libdir>/freeDiameter`,
    /// where the packages install them), whatever the guest's architecture.
    static let dictionaries = [
        "dict_rfc5777.fdx", "dict_mip6i.fdx", "dict_nasreq.fdx", "dict_nas_mipv6.fdx", "dict_dcca.fdx",
        "dict_dcca_3gpp.fdx",
    ]

    /// The HSS and the PCRF (their `db_uri` is written for every database kind).
    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        try block(nf, lab, &document)
        // 2.6's HSS and PCRF have no metrics server.
        if nf.endpoint(.metrics) != nil, lab.format == .current {
            try document.server("metrics", .metrics, of: nf, explicitPort: true)
        }
    }

    /// The inline `freeDiameter` block: identity and realm, the Diameter endpoint to listen on, no relaying,
    /// the dictionaries, and a connection to each peer (both sides connect, as the packaged configs do; the
    /// connect entry's address key is `address` in 2.7, `addr` in 2.6). freeDiameter also listens on SCTP and
    /// the inline form has no key to stop it (`No_SCTP` exists only in .conf files): the guest needs SCTP.
    static func block(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        let own = try Open5GSPeer(nf, .diameter)
        var block: [(String, YAMLValue)] = [
            ("identity", .string(lab.identity(nf))), ("realm", .string(lab.realm)), ("listen_on", .string(own.address)),
        ]
        if let port = own.port { block.append(("port", .int(port))) }
        block.append(("no_fwd", .bool(true)))
        block.append(("load_extension", .sequence(dictionaries.map { .mapping([("module", .string($0))]) })))
        let peers: [YAMLValue] = try lab.diameterPeers(of: nf).map { peer in
            let remote = try Open5GSPeer(peer, .diameter)
            var entry: [(String, YAMLValue)] = [
                ("identity", .string(lab.identity(peer))), (lab.format.addressKey, .string(remote.address)),
            ]
            if let port = remote.port { entry.append(("port", .int(port))) }
            return .mapping(entry)
        }
        if !peers.isEmpty { block.append(("connect", .sequence(peers))) }
        document.own("freeDiameter", value: .mapping(block))
    }
}
