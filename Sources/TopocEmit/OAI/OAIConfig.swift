// OAI/OAIConfig owns the OAI CN5G v2 `config.yaml`: one file that every NF reads, each taking `nfs.<its kind>`
// as itself and the rest as peers (oai-cn5g-fed docker-compose/conf/basic_nrf_config.yaml has the shape).
// Hosts are the NFs' resolved endpoint addresses (pods: their Service names); an NF binds to the interface
// named beside them. SDs differ by reader: the AMF's `nssai` wants six hex digits (a string matched against
// `^[A-Fa-f0-9]{6}$`), the SMF's `local_subscription_infos` reads an integer through yaml-cpp, so gets `0x` hex.
// The database password is never written: `database.password` is a `${...}` placeholder filled in the guest.
import TopocModel
import TopocYAML

/// How the NFs reach OAI's MySQL database; the guest integration creates the user and fills in the password.
public enum OAIDatabase {
    public static let name = "oai_db"
    public static let user = "oai"
    /// `config.yaml` carries `password: ${OAI_DB_PASSWORD}`; OAI does not expand variables itself, so the
    /// guest renders the file with `envsubst '${OAI_DB_PASSWORD}'` before the NFs start.
    public static let passwordVariable = "OAI_DB_PASSWORD"
    /// Where the guest keeps the generated password (0600), the value of `passwordVariable`.
    public static let passwordFile = "/etc/topoc/secrets/oai-db-password"
    public static var passwordPlaceholder: String { "${\(passwordVariable)}" }
}

enum OAIConfig {
    /// The kinds `nfs:` knows, in the upstream order.
    static let nfKinds: [NFKind] = [.amf, .smf, .upf, .udm, .udr, .ausf, .nrf, .pcf, .nssf]
    static let podInterface = "eth0"
    static let sessionAMBR = "1000Mbps"

    /// The view of one NF per kind: `focus[kind]` is the instance `nfs.<kind>` describes.
    struct View {
        var topology: ResolvedTopology
        var core: ResolvedCore
        var focus: [NFKind: ResolvedNF]

        func nf(_ kind: NFKind) -> ResolvedNF? { focus[kind] }
    }

    /// The file for `view`, with a comment header.
    static func render(_ view: View) throws -> String {
        try YAMLWriter.render(
            document(view),
            header: [
                "# OAI CN5G v2 configuration of lab `\(view.topology.name)` (written by topoc).",
                "# database.password is the placeholder \(OAIDatabase.passwordPlaceholder), never a password:",
                "# fill it in the guest before starting the NFs, e.g.",
                "#   \(OAIDatabase.passwordVariable)=$(cat \(OAIDatabase.passwordFile)) \\",
                "#     envsubst '\(OAIDatabase.passwordPlaceholder)' < config.yaml > /etc/oai/config.yaml",
            ])
    }

    static func document(_ view: View) -> YAMLValue {
        var pairs: [(String, YAMLValue)] = [
            ("log_level", .mapping([("general", .string("info"))])),
            ("register_nf", .mapping([("general", .bool(view.nf(.nrf) != nil))])),
            ("http_version", .int(2)),
            ("snssais", .sequence(view.core.slices.map { amfSlice($0.snssai) })),
            ("nfs", nfs(view)),
            ("database", database(view)),
        ]
        if let amf = view.nf(.amf) { pairs.append(("amf", self.amf(amf, view))) }
        if let smf = view.nf(.smf) { pairs.append(("smf", self.smf(smf, view))) }
        if let upf = view.nf(.upf) { pairs.append(("upf", self.upf(upf, view))) }
        pairs.append(("dnns", .sequence(dnns(view).map(dnn))))
        return .mapping(pairs)
    }

    // MARK: - Addressing

    static func nfs(_ view: View) -> YAMLValue {
        var entries: [(String, YAMLValue)] = []
        for kind in nfKinds {
            guard let nf = view.nf(kind) else { continue }
            var pairs: [(String, YAMLValue)] = [
                ("host", .string(host(nf))),
                (
                    "sbi",
                    .mapping([
                        ("port", .int(nf.endpoint(.sbi)?.port ?? NFInterface.sbi.defaultPort)),
                        ("api_version", .string("v1")),
                        ("interface_name", .string(interface(nf, .sbi, view) ?? podInterface)),
                    ])
                ),
            ]
            switch kind {
            case .amf:
                pairs.append(("n2", local(nf, .ngap, view)))
            case .smf:
                pairs.append(("n4", local(nf, .pfcp, view)))
            case .upf:
                pairs.append(("n3", local(nf, .gtpu, view)))
                pairs.append(("n4", local(nf, .pfcp, view)))
                pairs.append(("n6", .mapping([("interface_name", .string(n6Interface(nf, view)))])))
                pairs.append(("n9", local(nf, .gtpu, view)))
            default:
                break
            }
            entries.append((kind.rawValue, .mapping(pairs)))
        }
        return .mapping(entries)
    }

    /// The address peers use: the SBI endpoint's, else the first endpoint's (the UPF serves no SBI here).
    static func host(_ nf: ResolvedNF) -> String {
        if let sbi = nf.endpoint(.sbi) { return sbi.address }
        if case .pod = nf.placement { return nf.name }
        return NFInterface.allCases.lazy.compactMap { nf.endpoint($0)?.address }.first ?? nf.name
    }

    static func local(_ nf: ResolvedNF, _ interface: NFInterface, _ view: View) -> YAMLValue {
        .mapping([
            ("interface_name", .string(self.interface(nf, interface, view) ?? podInterface)),
            ("port", .int(nf.endpoint(interface)?.port ?? interface.defaultPort)),
        ])
    }

    /// The guest's name for the NIC an endpoint's address is on (nil for pods). Without the interface's own
    /// endpoint (the UPF's SBI), the NIC of its first endpoint.
    static func interface(_ nf: ResolvedNF, _ interface: NFInterface, _ view: View) -> String? {
        guard let vmName = nf.vm, let vm = view.topology.vms.first(where: { $0.name == vmName }) else { return nil }
        let network =
            nf.endpoint(interface)?.network ?? NFInterface.allCases.lazy.compactMap { nf.endpoint($0)?.network }.first
        return (vm.interfaces.first { $0.network == network } ?? vm.interfaces.first)?.guestName
    }

    /// N6 faces the data network: the NIC with the VM's default route, else the N3 one.
    static func n6Interface(_ upf: ResolvedNF, _ view: View) -> String {
        if let vmName = upf.vm, let vm = view.topology.vms.first(where: { $0.name == vmName }),
            let routed = vm.interfaces.first(where: { $0.gateway != nil })
        {
            return routed.guestName
        }
        return interface(upf, .gtpu, view) ?? podInterface
    }

    static func database(_ view: View) -> YAMLValue {
        let endpoint = view.core.functions(.mysql).first?.endpoint(.database)
        return .mapping([
            ("host", .string(endpoint?.address ?? "mysql")),
            ("port", .int(endpoint?.port ?? NFInterface.database.defaultPort)),
            ("user", .string(OAIDatabase.user)),
            ("type", .string("mysql")),
            ("password", .string(OAIDatabase.passwordPlaceholder)),
            ("database_name", .string(OAIDatabase.name)),
            ("generate_random", .bool(true)),
            ("connection_timeout", .int(300)),
        ])
    }

    // MARK: - NF sections

    static func amf(_ amf: ResolvedNF, _ view: View) -> YAMLValue {
        let plmn = view.core.plmn
        let nssai = YAMLValue.sequence(view.core.slices.map { amfSlice($0.snssai) })
        return .mapping([
            ("amf_name", .string(amf.name)),
            (
                "support_features_options",
                .mapping([
                    ("enable_simple_scenario", .bool(false)),
                    ("enable_nssf", .bool(view.nf(.nssf) != nil)),
                    ("enable_smf_selection", .bool(true)),
                ])
            ),
            ("relative_capacity", .int(30)),
            ("statistics_timer_interval", .int(20)),
            ("emergency_support", .bool(false)),
            (
                "served_guami_list",
                .sequence([
                    .mapping([
                        ("mcc", .string(plmn.mcc)), ("mnc", .string(plmn.mnc)), ("amf_region_id", .string("01")),
                        ("amf_set_id", .string("001")), ("amf_pointer", .string("01")),
                    ])
                ])
            ),
            (
                "plmn_support_list",
                .sequence(
                    view.core.tacs.map { tac in
                        .mapping([
                            ("mcc", .string(plmn.mcc)), ("mnc", .string(plmn.mnc)), ("tac", .int(tac)),
                            ("nssai", nssai),
                        ])
                    })
            ),
            ("supported_integrity_algorithms", .strings(["NIA0", "NIA1", "NIA2"])),
            ("supported_encryption_algorithms", .strings(["NEA0", "NEA1", "NEA2"])),
        ])
    }

    static func smf(_ smf: ResolvedNF, _ view: View) -> YAMLValue {
        let slices = slices(servedBy: smf, view)
        let upfs = upfs(of: smf, view)
        let mtus = view.core.dnns.filter { dnn in slices.contains { $0.dnns.contains(dnn.name) } }.map(\.mtu)
        var infos: [YAMLValue] = []
        for slice in slices {
            for dnn in slice.dnns {
                infos.append(
                    .mapping([
                        ("single_nssai", smfSlice(slice.snssai)),
                        ("dnn", .string(dnn)),
                        ("ssc_mode", .int(1)),
                        (
                            "qos_profile",
                            .mapping([
                                ("5qi", .int(9)), ("session_ambr_ul", .string(sessionAMBR)),
                                ("session_ambr_dl", .string(sessionAMBR)),
                            ])
                        ),
                    ]))
            }
        }
        return .mapping([
            ("ue_mtu", .int(mtus.min() ?? 1400)),
            (
                "support_features",
                .mapping([("use_local_subscription_info", .bool(true)), ("use_local_pcc_rules", .bool(true))])
            ),
            (
                "upfs",
                .sequence(
                    upfs.map { upf in
                        .mapping([
                            ("host", .string(host(upf))),
                            ("port", .int(upf.endpoint(.pfcp)?.port ?? NFInterface.pfcp.defaultPort)),
                            ("config", .mapping([("enable_usage_reporting", .bool(false))])),
                        ])
                    })
            ),
            (
                "smf_info",
                .mapping([("sNssaiSmfInfoList", .sequence(slices.map { nfInfo($0, dnnKey: "dnnSmfInfoList") }))])
            ),
            ("local_subscription_infos", .sequence(infos)),
        ])
    }

    static func upf(_ upf: ResolvedNF, _ view: View) -> YAMLValue {
        let dnnNames = Set(view.core.dnns.filter { $0.upf == upf.name }.map(\.name))
        var slices: [ResolvedSlice] = []
        for slice in view.core.slices {
            var mine = slice
            mine.dnns = slice.dnns.filter { dnnNames.contains($0) || slice.upf == upf.name }
            if !mine.dnns.isEmpty { slices.append(mine) }
        }
        let paired = Set(view.core.sessions.filter { $0.upf == upf.name }.map(\.smf))
        let smfs = view.core.functions(.smf).filter { paired.contains($0.name) }
        var gateway = "localhost"
        if let vmName = upf.vm, let vm = view.topology.vms.first(where: { $0.name == vmName }),
            let routed = vm.interfaces.first(where: { $0.gateway != nil }), let address = routed.gateway
        {
            gateway = address.description
        }
        return .mapping([
            ("support_features", .mapping([("enable_bpf_datapath", .bool(false)), ("enable_snat", .bool(true))])),
            ("remote_n6_gw", .string(gateway)),
            ("smfs", .sequence(smfs.map { .mapping([("host", .string(host($0)))]) })),
            (
                "upf_info",
                .mapping([("sNssaiUpfInfoList", .sequence(slices.map { nfInfo($0, dnnKey: "dnnUpfInfoList") }))])
            ),
        ])
    }

    /// The UPFs an SMF associates with, as Bind paired them; every UPF when it has none.
    static func upfs(of smf: ResolvedNF, _ view: View) -> [ResolvedNF] {
        let paired = Set(view.core.sessions.filter { $0.smf == smf.name }.map(\.upf))
        let all = view.core.functions(.upf)
        let serving = all.filter { paired.contains($0.name) }
        return serving.isEmpty ? all : serving
    }

    /// The slices an SMF serves: those naming it, and those naming none.
    static func slices(servedBy smf: ResolvedNF, _ view: View) -> [ResolvedSlice] {
        view.core.slices.filter { $0.smf == nil || $0.smf == smf.name }
    }

    /// The DNNs of the file: those of the SMF's slices (or every DNN without an SMF in view).
    static func dnns(_ view: View) -> [ResolvedDNN] {
        guard let smf = view.nf(.smf) else { return view.core.dnns }
        let names = Set(slices(servedBy: smf, view).flatMap(\.dnns))
        return view.core.dnns.filter { names.contains($0.name) || $0.upf == view.nf(.upf)?.name }
    }

    static func dnn(_ dnn: ResolvedDNN) -> YAMLValue {
        switch dnn.subnet {
        case .v4(let subnet):
            .mapping([
                ("dnn", .string(dnn.name)), ("pdu_session_type", .string("IPV4")),
                ("ipv4_subnet", .string(subnet.description)),
            ])
        case .v6(let subnet):
            .mapping([
                ("dnn", .string(dnn.name)), ("pdu_session_type", .string("IPV6")),
                ("ipv6_prefix", .string(subnet.description)),
            ])
        }
    }

    // MARK: - S-NSSAIs

    /// `{sst, sd: "000080"}`: the AMF's and the NRF profiles' form (3GPP `Snssai`).
    static func amfSlice(_ snssai: SNSSAI) -> YAMLValue {
        var pairs: [(String, YAMLValue)] = [("sst", .int(snssai.sst))]
        if let sd = snssai.sd { pairs.append(("sd", .string(SNSSAIEncoding.hex(sd)))) }
        return .mapping(pairs)
    }

    /// `{sst, sd: 0x000080}`: the SMF's `single_nssai`, read with yaml-cpp `as<int>` (no SD: 0xFFFFFF).
    static func smfSlice(_ snssai: SNSSAI) -> YAMLValue {
        .mapping([
            ("sst", .int(snssai.sst)),
            ("sd", .string(SNSSAIEncoding.prefixedHex(snssai.sd ?? SNSSAIEncoding.noSD))),
        ])
    }

    static func nfInfo(_ slice: ResolvedSlice, dnnKey: String) -> YAMLValue {
        .mapping([
            ("sNssai", amfSlice(slice.snssai)),
            (dnnKey, .sequence(slice.dnns.map { .mapping([("dnn", .string($0))]) })),
        ])
    }
}
