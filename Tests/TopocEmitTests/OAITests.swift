// The OAI CN5G v2 config and subscriber rows for seed 001's lab: NF hosts are the pods' Services, the AMF's
// S-NSSAIs are six hex digits and the SMF's `0x` hex (yaml-cpp reads that one as an int), the password is a
// placeholder, and `subscribers.sql` loads into the oai_db tables (checked with SQLite through Python).
import Foundation
import TopocEmit
import TopocModel
import TopocYAML
import XCTest

final class OAITests: XCTestCase {
    static let seedSlices = [
        SNSSAI(sst: 128, sd: "000080"), SNSSAI(sst: 1, sd: "FFFFFF"), SNSSAI(sst: 130, sd: "000082"),
    ]

    func testConfigNamesEveryNFByItsService() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let config = try lab.yaml("core/oai/config.yaml")
        XCTAssertEqual(
            config.keys,
            ["log_level", "register_nf", "http_version", "snssais", "nfs", "database", "amf", "smf", "upf", "dnns"])
        XCTAssertEqual(config["register_nf"]?["general"]?.text, "true")
        XCTAssertEqual(config["nfs"]?.keys, ["amf", "smf", "upf", "udm", "udr", "ausf", "nrf", "nssf"])
        for kind in config["nfs"]?.keys ?? [] {
            let entry = config["nfs"]?[kind]
            XCTAssertEqual(entry?["host"]?.text, kind, "pods are reached by their Service name")
            XCTAssertEqual(entry?["sbi"]?["interface_name"]?.text, "eth0")
            XCTAssertEqual(entry?["sbi"]?["port"]?.text, "7777")
        }
        XCTAssertEqual(config["nfs"]?["amf"]?["n2"]?["port"]?.text, "38412")
        XCTAssertEqual(config["nfs"]?["smf"]?["n4"]?["port"]?.text, "8805")
        XCTAssertEqual(config["nfs"]?["upf"]?.keys, ["host", "sbi", "n3", "n4", "n6", "n9"])
        XCTAssertEqual(config["smf"]?["upfs"]?.items.first?["host"]?.text, "upf")
        XCTAssertEqual(config["upf"]?["smfs"]?.items.first?["host"]?.text, "smf")
        XCTAssertEqual(try lab.artifact("core/oai/config.yaml").mode, Artifact.publicMode)
    }

    func testSlicesAndDNNsMatchTheTopologyInEachReadersEncoding() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let config = try lab.yaml("core/oai/config.yaml")
        XCTAssertEqual(try RANLabs.hexSlices(config["snssais"]), Self.seedSlices)
        XCTAssertEqual(lab.core.slices.map(\.snssai), Self.seedSlices)

        let plmn = config["amf"]?["plmn_support_list"]?.items ?? []
        XCTAssertEqual(plmn.count, 1)
        XCTAssertEqual(plmn.first?["mcc"]?.text, "208")
        XCTAssertEqual(plmn.first?["mnc"]?.text, "95")
        XCTAssertEqual(plmn.first?["tac"]?.text, "40960")
        XCTAssertEqual(try RANLabs.hexSlices(plmn.first?["nssai"]), Self.seedSlices)
        XCTAssertEqual(config["amf"]?["served_guami_list"]?.items.first?["mnc"]?.text, "95")

        // The gNB offers exactly the AMF's slices.
        let gnb = try lab.yaml("ran/gnb1/gnb.yaml")
        XCTAssertEqual(try RANLabs.ueransimSlices(gnb["slices"]), Self.seedSlices)

        // The SMF reads `single_nssai.sd` as an int: 0x hex, one entry per slice and DNN.
        let infos = config["smf"]?["local_subscription_infos"]?.items ?? []
        XCTAssertEqual(infos.compactMap { $0["dnn"]?.text }, ["default", "oai", "ims"])
        XCTAssertEqual(infos.compactMap { $0["single_nssai"]?["sd"]?.text }, ["0x000080", "0xFFFFFF", "0x000082"])
        XCTAssertEqual(infos.compactMap { $0["single_nssai"]?["sst"]?.text }, ["128", "1", "130"])

        let smfInfo = config["smf"]?["smf_info"]?["sNssaiSmfInfoList"]?.items ?? []
        XCTAssertEqual(try smfInfo.map { try RANLabs.hexSlice(try XCTUnwrap($0["sNssai"])) }, Self.seedSlices)
        let upfInfo = config["upf"]?["upf_info"]?["sNssaiUpfInfoList"]?.items ?? []
        XCTAssertEqual(
            upfInfo.compactMap { $0["dnnUpfInfoList"]?.items.first?["dnn"]?.text }, ["default", "oai", "ims"])

        let dnns = config["dnns"]?.items ?? []
        XCTAssertEqual(dnns.compactMap { $0["dnn"]?.text }, lab.core.dnns.map(\.name))
        XCTAssertEqual(dnns.compactMap { $0["ipv4_subnet"]?.text }, ["12.1.1.0/25", "12.1.1.128/25", "12.1.2.0/24"])
        XCTAssertEqual(Set(dnns.compactMap { $0["pdu_session_type"]?.text }), ["IPV4"])
    }

    /// A second SMF reads a file where `nfs.smf` is itself and its sections cover only its slices.
    func testFurtherSMFGetsItsOwnConfig() throws {
        let text = RANLabs.oai
            .replacingOccurrences(
                of: "    smf: { pod: {} }\n", with: "    smf: { pod: {} }\n    smf2: { kind: smf, pod: {} }\n"
            )
            .replacingOccurrences(of: "dnns: [default] }", with: "dnns: [default], smf: smf }")
            .replacingOccurrences(of: "dnns: [oai] }", with: "dnns: [oai], smf: smf }")
            .replacingOccurrences(of: "dnns: [ims] }", with: "dnns: [ims], smf: smf2 }")
        let lab = try RANLabs.compile(text)
        let shared = try lab.yaml("core/oai/config.yaml")
        let second = try lab.yaml("core/oai/smf2/config.yaml")
        XCTAssertEqual(shared["nfs"]?["smf"]?["host"]?.text, "smf")
        XCTAssertEqual(second["nfs"]?["smf"]?["host"]?.text, "smf2")
        XCTAssertEqual(
            shared["smf"]?["local_subscription_infos"]?.items.compactMap { $0["dnn"]?.text }, ["default", "oai"])
        XCTAssertEqual(second["smf"]?["local_subscription_infos"]?.items.compactMap { $0["dnn"]?.text }, ["ims"])
        XCTAssertEqual(shared["upf"]?["smfs"]?.items.compactMap { $0["host"]?.text }, ["smf", "smf2"])
        XCTAssertEqual(shared["amf"]?["plmn_support_list"]?.items.first?["nssai"]?.items.count, 3)
    }

    func testDatabasePasswordIsAPlaceholder() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let text = try lab.artifact("core/oai/config.yaml").contents
        let database = try lab.yaml("core/oai/config.yaml")["database"]
        XCTAssertEqual(database?["password"]?.text, "${OAI_DB_PASSWORD}")
        XCTAssertEqual(database?["password"]?.text, OAIDatabase.passwordPlaceholder)
        XCTAssertEqual(database?["host"]?.text, "mysql")
        XCTAssertEqual(database?["port"]?.text, "3306")
        XCTAssertEqual(database?["user"]?.text, OAIDatabase.user)
        XCTAssertEqual(database?["database_name"]?.text, "oai_db")
        let passwordLines = text.split(separator: "\n").filter { $0.contains("password:") && !$0.hasPrefix("#") }
        XCTAssertEqual(passwordLines, ["  password: ${OAI_DB_PASSWORD}"])
        XCTAssertTrue(text.contains("envsubst '${OAI_DB_PASSWORD}'"))
    }

    /// PyYAML must read MCC/MNC and the AMF's SDs as strings (`000080` unquoted is a YAML 1.1 octal-looking
    /// token; `FFFFFF` is fine either way), and the SMF's `0x` SDs as hex text.
    func testPyYAMLReadsTheConfigAsWritten() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let directory = try RANLabs.scratch(["config.yaml": try lab.artifact("core/oai/config.yaml").contents])
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import json, sys, yaml
            c = yaml.safe_load(open(sys.argv[1]))
            p = c["amf"]["plmn_support_list"][0]
            print(json.dumps({
              "mcc": p["mcc"], "mnc": p["mnc"], "sds": [s["sd"] for s in p["nssai"]],
              "smf": [int(i["single_nssai"]["sd"], 16) for i in c["smf"]["local_subscription_infos"]],
              "guami": [c["amf"]["served_guami_list"][0][k] for k in ("amf_region_id", "amf_set_id", "amf_pointer")],
              "register": c["register_nf"]["general"], "tac": p["tac"],
            }))
            """
        let out = try XCTUnwrap(
            try RANLabs.python(script, [directory.appendingPathComponent("config.yaml").path]) as? [String: Any])
        XCTAssertEqual(out["mcc"] as? String, "208")
        XCTAssertEqual(out["mnc"] as? String, "95")
        XCTAssertEqual(out["sds"] as? [String], ["000080", "FFFFFF", "000082"])
        XCTAssertEqual(out["smf"] as? [Int], [0x80, 0xFF_FFFF, 0x82])
        XCTAssertEqual(out["guami"] as? [String], ["01", "001", "01"])
        XCTAssertEqual(out["register"] as? Bool, true)
        XCTAssertEqual(out["tac"] as? Int, 0xA000)
    }

    /// Loads `subscribers.sql` into SQLite tables with oai_db.sql's columns and primary keys (MySQL-only
    /// clauses left out): every statement must run, every row land once, every JSON column parse.
    func testSubscriberRowsLoadIntoTheOAISchema() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let artifact = try lab.artifact("core/oai/subscribers.sql")
        XCTAssertEqual(artifact.mode, Artifact.secretMode)
        let directory = try RANLabs.scratch(["subscribers.sql": artifact.contents])
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = #"""
            import json, re, sqlite3, sys
            text = open(sys.argv[1]).read()
            # Column count of every row against its statement's column list.
            bad = []
            for head, body in re.findall(r"REPLACE INTO `\w+` \(([^)]*)\) VALUES\n(.*?);\n", text, re.S):
                columns = len(head.split(", "))
                for row in body.split("\n"):
                    values = re.findall(r"'(?:[^']|'')*'|NULL", row)
                    if len(values) != columns: bad.append(row)
            db = sqlite3.connect(":memory:")
            db.executescript("""
            CREATE TABLE `AuthenticationSubscription` (`ueid` varchar(20) NOT NULL, `authenticationMethod` varchar(25) NOT NULL,
              `encPermanentKey` varchar(50) DEFAULT NULL, `protectionParameterId` varchar(50) DEFAULT NULL,
              `sequenceNumber` json DEFAULT NULL, `authenticationManagementField` varchar(50) DEFAULT NULL,
              `algorithmId` varchar(50) DEFAULT NULL, `encOpcKey` varchar(50) DEFAULT NULL, `encTopcKey` varchar(50) DEFAULT NULL,
              `vectorGenerationInHss` tinyint(1) DEFAULT NULL, `n5gcAuthMethod` varchar(15) DEFAULT NULL,
              `rgAuthenticationInd` tinyint(1) DEFAULT NULL, `supi` varchar(20) DEFAULT NULL, PRIMARY KEY (`ueid`));
            CREATE TABLE `AccessAndMobilitySubscriptionData` (`ueid` varchar(15) NOT NULL, `servingPlmnid` varchar(15) NOT NULL,
              `supportedFeatures` varchar(50) DEFAULT NULL, `gpsis` json DEFAULT NULL, `nssai` json DEFAULT NULL,
              PRIMARY KEY (`ueid`, `servingPlmnid`));
            CREATE TABLE `SessionManagementSubscriptionData` (`ueid` varchar(15) NOT NULL, `servingPlmnid` varchar(15) NOT NULL,
              `singleNssai` json NOT NULL, `dnnConfigurations` json DEFAULT NULL, `internalGroupIds` json DEFAULT NULL,
              PRIMARY KEY (`ueid`, `servingPlmnid`));
            """)
            db.executescript(text)
            db.executescript(text)  # REPLACE: loading twice changes nothing
            auth = db.execute("SELECT ueid, supi, encPermanentKey, encOpcKey, authenticationMethod, algorithmId, "
                              "authenticationManagementField, json_extract(sequenceNumber, '$.sqn') "
                              "FROM AuthenticationSubscription ORDER BY ueid").fetchall()
            am = db.execute("SELECT ueid, servingPlmnid, nssai FROM AccessAndMobilitySubscriptionData ORDER BY ueid").fetchall()
            sm = db.execute("SELECT ueid, singleNssai, dnnConfigurations FROM SessionManagementSubscriptionData ORDER BY ueid").fetchall()
            print(json.dumps({
              "bad": bad,
              "auth": [list(r) for r in auth],
              "am": [[u, p, ["%d/%s" % (s["sst"], s.get("sd")) for s in json.loads(n)["defaultSingleNssais"]]]
                     for u, p, n in am],
              "sm": [[u, "%d/%s" % (json.loads(s)["sst"], json.loads(s).get("sd")), sorted(json.loads(d).keys()),
                      [v["pduSessionTypes"]["defaultSessionType"] for v in json.loads(d).values()]] for u, s, d in sm],
            }))
            """#
        let out = try XCTUnwrap(
            try RANLabs.python(script, [directory.appendingPathComponent("subscribers.sql").path]) as? [String: Any])
        XCTAssertEqual((out["bad"] as? [Any])?.count, 0, "\(out["bad"] ?? "")")

        let imsis = ["208950000000031", "208950000000032", "208950000000033", "208950000000034"]
        let auth = try XCTUnwrap(out["auth"] as? [[Any]])
        XCTAssertEqual(auth.compactMap { $0[0] as? String }, imsis, "IMSIs consecutive within ue3")
        XCTAssertEqual(auth.compactMap { $0[1] as? String }, imsis)
        for row in auth {
            XCTAssertEqual(row[2] as? String, "0C0A34601D4F07677303652C0462535B")
            XCTAssertEqual(row[3] as? String, "63BFA50EE6523365FF14C1F45F88737D")
            XCTAssertEqual(row[4] as? String, "5G_AKA")
            XCTAssertEqual(row[5] as? String, "milenage")
            XCTAssertEqual(row[6] as? String, "8000")
            XCTAssertEqual(row[7] as? String, "000000000020")
        }
        let am = try XCTUnwrap(out["am"] as? [[Any]])
        XCTAssertEqual(am.compactMap { $0[1] as? String }, Array(repeating: "20895", count: 4))
        XCTAssertEqual(am.last?[2] as? [String], ["130/000082", "128/000080"])
        let sm = try XCTUnwrap(out["sm"] as? [[Any]])
        XCTAssertEqual(sm.compactMap { $0[0] as? String }, imsis)
        XCTAssertEqual(sm.compactMap { $0[1] as? String }, ["128/000080", "1/FFFFFF", "130/000082", "130/000082"])
        XCTAssertEqual(sm.compactMap { $0[2] as? [String] }, [["default"], ["oai"], ["ims"], ["ims"]])
        XCTAssertEqual(sm.compactMap { $0[3] as? [String] }, Array(repeating: ["IPV4"], count: 4))
    }
}
