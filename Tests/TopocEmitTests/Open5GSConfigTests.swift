// The Open5GS NF configs of an EPC (seed 000's CUPS split) and a two-slice 5G SA core, in the 2.7 and 2.6
// formats, read back: each parses, every peer a file names is a server another file opens, SMF and UPF agree on
// the UE pools, no two servers on a VM share an address and port, and the identities follow the lab.
import TopocEmit
import TopocModel
import TopocYAML
import XCTest

final class Open5GSConfigTests: XCTestCase {
    func testEveryFileParsesAndIsAnArtifact() throws {
        for (name, text) in Open5GSLabs.all {
            let lab = try Open5GSLabs.compile(text)
            let files = try lab.files()
            XCTAssertEqual(files.count, try lab.core.functions.count, name)
            for (vm, file, _) in files {
                let artifact = try XCTUnwrap(
                    lab.artifacts.first { $0.path == "vms/\(vm)/open5gs/\(file.nf).yaml" }, "\(name): \(file.nf)")
                XCTAssertEqual(artifact.contents, file.contents)
                XCTAssertEqual(artifact.kind, .open5gsConfig)
                XCTAssertEqual(artifact.mode, 0o644)
            }
        }
    }

    func testGuestPathsServicesAndHostNeeds() throws {
        let epc = try Open5GSLabs.compile(Open5GSLabs.epc())
        let mme = try epc.file("mme").file
        XCTAssertEqual(mme.guestPath, "/etc/open5gs/mme.yaml")
        XCTAssertEqual(mme.service, "open5gs-mmed")
        XCTAssertEqual(mme.daemon, "open5gs-mmed")
        XCTAssertTrue(mme.usesPackagedUnit)
        XCTAssertTrue(mme.needsSCTP)
        XCTAssertNil(mme.database)
        XCTAssertEqual(try epc.file("hss").file.database, "mongodb://localhost/open5gs")
        XCTAssertEqual(try epc.file("pcrf").file.database, Open5GSConfigs.databaseURI)
        XCTAssertTrue(try epc.file("smf").file.needsSCTP, "Gx: freeDiameter listens on SCTP too")
        let upf = try epc.file("upf-a").file
        XCTAssertEqual(upf.guestPath, "/etc/open5gs/upf.yaml")
        XCTAssertEqual(upf.service, "open5gs-upfd")
        XCTAssertFalse(upf.needsSCTP)

        // Two SMFs on one VM: each its own file, run by an instance of a template unit named after the file.
        let sa = try Open5GSLabs.compile(Open5GSLabs.sa())
        let smf = try sa.file("smf-urllc").file
        XCTAssertEqual(smf.guestPath, "/etc/open5gs/smf-urllc.yaml")
        XCTAssertEqual(smf.service, "open5gs-smfd@smf-urllc")
        XCTAssertEqual(smf.daemon, "open5gs-smfd")
        XCTAssertFalse(smf.usesPackagedUnit)
        XCTAssertEqual(try sa.file("udr").file.database, Open5GSConfigs.databaseURI)
        XCTAssertEqual(try sa.file("amf").file.guestPath, "/etc/open5gs/amf.yaml")
    }

    func testTunnelsAreTheUPFPools() throws {
        let epc = try Open5GSLabs.compile(Open5GSLabs.epc())
        let vm2 = Open5GSConfigs.tunnels(for: "vm2", in: epc.topology)
        XCTAssertEqual(vm2.map(\.device), ["ogstun", "ogstun2"])
        XCTAssertEqual(vm2.map(\.gateway), ["10.45.0.1", "10.46.0.1"])
        XCTAssertEqual(vm2.map(\.prefix), [16, 16])
        XCTAssertEqual(vm2.map(\.subnet), ["10.45.0.0/16", "10.46.0.0/16"])
        XCTAssertEqual(Open5GSConfigs.tunnels(for: "vm3", in: epc.topology).map(\.subnet), ["10.47.0.0/16"])
        XCTAssertTrue(Open5GSConfigs.tunnels(for: "vm1", in: epc.topology).isEmpty)
    }

    /// Every peer a file names (NRF/SCP URIs, NSSF's NSIs, PFCP, GTP-C and Diameter peers) is a server some
    /// other file of the lab opens, on the same protocol, address and port, and of the kind it claims.
    func testEveryPeerIsAServerOfItsKind() throws {
        for (name, text) in Open5GSLabs.all {
            let lab = try Open5GSLabs.compile(text)
            let files = try lab.files()
            var owners: [Open5GSWiringView.Endpoint: [String]] = [:]
            for (_, file, root) in files {
                for server in Open5GSWiringView(root, kind: file.kind).servers {
                    owners[server, default: []] += [file.kind.rawValue, "\(file.nf).\(lab.topology.name).topoc"]
                }
            }
            var checked = 0
            for (_, file, root) in files {
                for peer in Open5GSWiringView(root, kind: file.kind).peers {
                    checked += 1
                    XCTAssertTrue(
                        owners[peer.endpoint]?.contains(peer.target) ?? false,
                        "\(name): \(file.nf) names \(peer.target) at \(peer.endpoint), which no \(peer.target) serves")
                }
            }
            XCTAssertGreaterThan(checked, 8, name)
        }
    }

    /// The SMF's UE pools are its UPFs' pools, entry for entry; its PFCP peers are those UPFs' PFCP servers,
    /// each keyed by exactly the DNNs that UPF has pools for.
    func testSMFAndUPFsAgreeOnSessions() throws {
        for (name, text) in Open5GSLabs.all {
            let lab = try Open5GSLabs.compile(text)
            let files = try lab.files()
            let legacy = name.hasSuffix("2.6")
            let poolKey = legacy ? "subnet" : "session"
            var upfPools: [String: (pfcp: Open5GSWiringView.Endpoint, pools: [YAMLNode])] = [:]
            for (_, file, root) in files where file.kind == .upf {
                let pfcp = try XCTUnwrap(Open5GSWiringView(root, kind: .upf).servers.first { $0.interface == "pfcp" })
                upfPools[file.nf] = (pfcp, root["upf"]?[poolKey]?.items ?? [])
            }
            for (_, file, root) in files where file.kind == .smf {
                let smfPools = root["smf"]?[poolKey]?.items ?? []
                let peers = Open5GSWiringView(root, kind: .smf).peers.filter { $0.target == "upf" }
                XCTAssertFalse(peers.isEmpty, "\(name): \(file.nf) has no UPF")
                var covered: [String] = []
                for peer in peers {
                    let (_, upf) = try XCTUnwrap(upfPools.first { $0.value.pfcp == peer.endpoint }, "\(name)")
                    let dnns = peer.entry["dnn"]?.texts ?? []
                    XCTAssertEqual(Set(dnns), Set(upf.pools.compactMap { $0["dnn"]?.text }), "\(name): \(file.nf)")
                    for pool in upf.pools {
                        let same = smfPools.first { $0["dnn"]?.text == pool["dnn"]?.text }
                        XCTAssertEqual(same.map(Self.describe), Self.describe(pool), "\(name): \(file.nf)")
                    }
                    covered += dnns
                }
                XCTAssertEqual(Set(covered), Set(smfPools.compactMap { $0["dnn"]?.text }), "\(name): \(file.nf)")
            }
        }
    }

    /// No two servers on one VM — of one NF or of two — share a transport, an address and a port.
    func testNoTwoServersOnAVMShareAnAddressAndPort() throws {
        let transports = [
            "sbi": ["tcp"], "metrics": ["tcp"], "pfcp": ["udp"], "gtpu": ["udp"], "gtpc": ["udp"],
            "ngap": ["sctp"], "s1ap": ["sctp"], "diameter": ["tcp", "sctp"],
        ]
        for (name, text) in Open5GSLabs.all {
            let lab = try Open5GSLabs.compile(text)
            var taken: [String: String] = [:]
            for (vm, file, root) in try lab.files() {
                for server in Open5GSWiringView(root, kind: file.kind).servers {
                    for transport in transports[server.interface] ?? [] {
                        let key = "\(vm) \(transport) \(server.address):\(server.port)"
                        XCTAssertNil(taken[key], "\(name): \(file.nf) and \(taken[key] ?? "") both use \(key)")
                        taken[key] = file.nf
                    }
                }
            }
        }
    }

    func testAMFAndSMFCarryTheSlicesAndTheLabsIdentifiers() throws {
        let lab = try Open5GSLabs.compile(Open5GSLabs.sa())
        let amf = try lab.file("amf")
        let support = try XCTUnwrap(amf.root.at("amf.plmn_support")?.items.first)
        XCTAssertEqual(support.at("plmn_id.mcc")?.text, "999")
        XCTAssertEqual(support["s_nssai"]?.items.map { $0["sd"]?.text }, ["000001", "00000A"])
        XCTAssertEqual(support["s_nssai"]?.items.map { $0["sst"]?.text }, ["1", "2"])
        XCTAssertTrue(amf.file.contents.contains("sd: '000001'"), "an all-digit SD stays a string")
        XCTAssertTrue(amf.file.contents.contains("sst: 1\n"), "SST is an integer")
        XCTAssertTrue(amf.file.contents.contains("mcc: '999'"))
        XCTAssertEqual(amf.root.at("amf.tai")?.items.first?["tac"]?.texts, ["1", "2"])
        XCTAssertEqual(amf.root.at("amf.guami")?.items.first?.at("amf_id.region")?.text, "2")
        XCTAssertEqual(amf.root.at("amf.time.t3512.value")?.text, "540")
        XCTAssertEqual(amf.root.at("amf.amf_name")?.text, "amf")
        XCTAssertEqual(amf.root.at("amf.security.integrity_order")?.texts, ["NIA2", "NIA1", "NIA0"])

        let urllc = try lab.file("smf-urllc").root
        let info = try XCTUnwrap(urllc.at("smf.info")?.items.first?["s_nssai"]?.items)
        XCTAssertEqual(info.map { $0["sd"]?.text }, ["00000A"])
        XCTAssertEqual(info.first?["dnn"]?.texts, ["urllc"])
        XCTAssertEqual(urllc.at("smf.mtu")?.text, "1300")
        XCTAssertEqual(urllc.at("smf.dns")?.texts, ["8.8.8.8", "2001:4860:4860::8888"])
        XCTAssertEqual(urllc.at("smf.pfcp.client.upf")?.items.count, 1, "each SMF only has its slice's UPF")
        XCTAssertNil(urllc.at("smf.freeDiameter"), "no PCRF: 5G only")
        XCTAssertEqual(try lab.file("smf-embb").root.at("smf.mtu")?.text, "1400")

        let nsi = try XCTUnwrap(lab.file("nssf").root.at("nssf.sbi.client.nsi")?.items)
        XCTAssertEqual(nsi.map { $0.at("s_nssai.sst")?.text }, ["1", "2"])
        let nrf = try lab.file("nrf")
        XCTAssertNil(nrf.root.at("nrf.sbi.client"), "the NRF names no NRF")
        XCTAssertEqual(nrf.root.at("nrf.serving")?.items.first?.at("plmn_id.mnc")?.text, "70")
        XCTAssertNotNil(try lab.file("scp").root.at("scp.sbi.client.nrf"), "the SCP talks to the NRF")
        XCTAssertNotNil(try lab.file("ausf").root.at("ausf.sbi.client.scp"), "the rest go through the SCP")
        XCTAssertNil(try lab.file("ausf").root.at("ausf.sbi.client.nrf"))
        XCTAssertEqual(try lab.file("upf-urllc").root.at("logger.file.path")?.text, "/var/log/open5gs/upf-urllc.log")
    }

    func testEPCDiameterAndGTPC() throws {
        let lab = try Open5GSLabs.compile(Open5GSLabs.epc())
        let mme = try lab.file("mme").root
        XCTAssertEqual(mme.at("mme.freeDiameter.identity")?.text, "mme.seed-epc.topoc")
        XCTAssertEqual(mme.at("mme.freeDiameter.realm")?.text, "seed-epc.topoc")
        XCTAssertEqual(mme.at("mme.freeDiameter.connect")?.items.first?["identity"]?.text, "hss.seed-epc.topoc")
        XCTAssertEqual(mme.at("mme.freeDiameter.no_fwd")?.text, "true")
        XCTAssertEqual(mme.at("mme.gummei")?.items.first?["mme_code"]?.text, "1")
        XCTAssertEqual(mme.at("mme.time.t3412.value")?.text, "540")
        XCTAssertEqual(mme.at("mme.gtpc.client.smf")?.items.count, 1)
        XCTAssertNil(mme.at("mme.gtpc.client.smf")?.items.first?["apn"], "one PGW-C: nothing to choose")
        let pcrf = try lab.file("pcrf").root
        XCTAssertEqual(pcrf.at("pcrf.freeDiameter.connect")?.items.first?["identity"]?.text, "smf.seed-epc.topoc")
        XCTAssertEqual(pcrf["db_uri"]?.text, "mongodb://localhost/open5gs")
        let smf = try lab.file("smf").root
        XCTAssertNotNil(smf.at("smf.gtpc.server"), "S5-C toward the SGW-C")
        XCTAssertNil(smf.at("smf.info"), "no SmfInfo in an EPC")
        let sgwc = try lab.file("sgwc").root
        XCTAssertEqual(
            sgwc.at("sgwc.pfcp.client.sgwu")?.items.map { $0["apn"]?.texts ?? [] },
            [["internet", "internet2"], ["ims"]])
    }

    func testThe26FormatKeepsItsOwnShape() throws {
        let lab = try Open5GSLabs.compile(Open5GSLabs.epc("open5gs@2.6"))
        let smf = try lab.file("smf").root
        XCTAssertEqual(smf.at("logger.file")?.text, "/var/log/open5gs/smf.log")
        XCTAssertEqual(smf.at("sbi.server.no_tls")?.text, "true", "2.6 defaults to TLS")
        XCTAssertEqual(smf.at("sbi.client.no_tls")?.text, "true")
        XCTAssertEqual(smf.at("max.ue")?.text, "1024")
        XCTAssertNil(smf["global"])
        XCTAssertEqual(smf.at("smf.subnet")?.items.first?["addr"]?.text, "10.45.0.1/16")
        XCTAssertEqual(smf.at("smf.subnet")?.items.first?["dev"]?.text, "ogstun")
        XCTAssertNotNil(smf.at("smf.sbi")?.items.first?["addr"])
        XCTAssertEqual(smf.at("upf.pfcp")?.items.map { $0["dnn"]?.texts ?? [] }, [["internet", "internet2"], ["ims"]])
        XCTAssertNotNil(smf.at("nrf.sbi")?.items.first?["port"])
        XCTAssertEqual(
            smf.at("smf.freeDiameter.connect")?.items.first?["addr"]?.text,
            try lab.core.function(named: "pcrf")?.endpoint(.diameter)?.address)
        let mme = try lab.file("mme").root
        XCTAssertEqual(mme.at("time.t3412.value")?.text, "540", "2.6 timers are top level")
        XCTAssertNil(mme.at("mme.time"))
        XCTAssertNotNil(mme.at("sgwc.gtpc"))
        XCTAssertNil(try lab.file("hss").root.at("hss.metrics"), "2.6's HSS has no metrics server")
        let sa = try Open5GSLabs.compile(Open5GSLabs.sa("open5gs@2.6"))
        XCTAssertEqual(try sa.file("amf").root.at("time.t3512.value")?.text, "540")
        XCTAssertEqual(try sa.file("nssf").root.at("nssf.nsi")?.items.count, 2)
        XCTAssertNotNil(try sa.file("udm").root.at("scp.sbi"))
    }

    /// `config:` is merged last: mappings deep-merge, lists and scalars replace, a null removes a key.
    func testConfigOverridesMergeLast() throws {
        let extra = """
                  config:
                    logger: { level: debug }
                    smf:
                      mtu: 1450
                      dns: [10.20.0.1]
                      metrics: null
                      pfcp: { server: [{ address: 10.20.0.99 }] }
            """
        let lab = try Open5GSLabs.compile(Open5GSLabs.sa(smfExtra: extra))
        let smf = try lab.file("smf-embb").root
        XCTAssertEqual(smf.at("logger.level")?.text, "debug")
        XCTAssertEqual(smf.at("logger.file.path")?.text, "/var/log/open5gs/smf-embb.log")
        XCTAssertEqual(smf.at("smf.mtu")?.text, "1450")
        XCTAssertEqual(smf.at("smf.dns")?.texts, ["10.20.0.1"])
        XCTAssertNil(smf.at("smf.metrics"))
        XCTAssertEqual(smf.at("smf.pfcp.server")?.items.first?["address"]?.text, "10.20.0.99")
        XCTAssertNotNil(smf.at("smf.pfcp.client.upf"), "a sibling of an overridden key stays")
        XCTAssertEqual(smf.keys.first, "logger")
        XCTAssertNil(try lab.file("smf-urllc").root.at("logger.level"))
    }

    func testNonOpen5GSCoresHaveNoFiles() throws {
        var lab = try Open5GSLabs.compile(Open5GSLabs.sa())
        lab.topology.mobileCore?.software = .oai2
        XCTAssertTrue(try Open5GSConfigs.files(for: "core", in: lab.topology).isEmpty)
        XCTAssertTrue(Open5GSConfigs.tunnels(for: "upf1", in: lab.topology).isEmpty)
        lab.topology.mobileCore = nil
        XCTAssertTrue(try Open5GSConfigs.files(for: "core", in: lab.topology).isEmpty)
    }

    static func describe(_ node: YAMLNode) -> String {
        node.keys.map { "\($0)=\(node[$0]?.text ?? "?")" }.joined(separator: " ")
    }
}
