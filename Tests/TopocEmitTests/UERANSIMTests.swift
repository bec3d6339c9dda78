// The UERANSIM files: each gNB reaches its AMF's NGAP endpoint and offers the AMF's slices; each UE group
// searches its gNB's address and asks for its slices; SDs are `0x` hex (UERANSIM reads an all-digit SD as
// decimal); large groups split at nr-ue's 512; PyYAML reads MCC, MNC and SD as the strings we meant.
import Foundation
import TopocEmit
import TopocModel
import TopocYAML
import XCTest

final class UERANSIMTests: XCTestCase {
    func testGNBReachesItsAMFAndOffersItsSlices() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let gnb = try lab.gnb("gnb1")
        let amf = try XCTUnwrap(lab.core.function(named: "amf")?.endpoint(.ngap))
        let file = try lab.yaml("ran/gnb1/gnb.yaml")

        XCTAssertEqual(file["mcc"]?.text, "001")
        XCTAssertEqual(file["mnc"]?.text, "01")
        XCTAssertEqual(file["nci"]?.text, "0x000000010")
        XCTAssertEqual(file["idLength"]?.text, "32")
        XCTAssertEqual(file["tac"]?.text, "1")
        let address = try XCTUnwrap(gnb.address)
        for key in ["linkIp", "ngapIp", "gtpIp"] { XCTAssertEqual(file[key]?.text, address, key) }
        let amfConfigs = file["amfConfigs"]?.items ?? []
        XCTAssertEqual(amfConfigs.count, 1)
        XCTAssertEqual(amfConfigs.first?["address"]?.text, amf.address)
        XCTAssertEqual(amfConfigs.first?["port"]?.text, "38412")
        XCTAssertEqual(amf.port, 38412)
        XCTAssertEqual(file["ignoreStreamIds"]?.text, "true")

        let slices = try RANLabs.ueransimSlices(file["slices"])
        XCTAssertEqual(slices, gnb.slices)
        XCTAssertEqual(slices, [SNSSAI(sst: 1, sd: "000080"), SNSSAI(sst: 2)])
        XCTAssertTrue(try lab.artifact("ran/gnb1/gnb.yaml").contents.contains("sd: '0x000080'"))
        XCTAssertEqual(try lab.artifact("ran/gnb1/gnb.yaml").mode, Artifact.publicMode)

        // The AMF serves exactly what the gNB offers (read from the Open5GS AMF file when it is emitted).
        let amfVM = try XCTUnwrap(lab.core.function(named: "amf")?.vm)
        if let amfFile = lab.artifacts.first(where: { $0.path == "vms/\(amfVM)/open5gs/amf.yaml" }) {
            let root = try YAMLNode.parse(amfFile.contents, file: amfFile.path)
            let support = root["amf"]?["plmn_support"]?.items ?? []
            XCTAssertFalse(support.isEmpty)
            for item in support { XCTAssertEqual(Set(try RANLabs.hexSlices(item["s_nssai"])), Set(slices)) }
        }
    }

    func testUEGroupCampsOnItsGNBWithItsSlices() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let gnb = try lab.gnb("gnb1")
        let phones = try lab.ues("phones")
        let artifact = try lab.artifact("ran/phones/ue.yaml")
        let file = try lab.yaml("ran/phones/ue.yaml")

        XCTAssertEqual(artifact.mode, Artifact.secretMode, "K and OPc must stay private")
        XCTAssertEqual(file["supi"]?.text, "imsi-001010000000001")
        XCTAssertEqual(file["mcc"]?.text, "001")
        XCTAssertEqual(file["mnc"]?.text, "01")
        XCTAssertEqual(file["key"]?.text, phones.key)
        XCTAssertEqual(file["op"]?.text, phones.opc)
        XCTAssertEqual(file["opType"]?.text, "OPC")
        XCTAssertEqual(file["amf"]?.text, "8000")
        XCTAssertEqual(file["imei"]?.text?.count, 15)
        XCTAssertEqual(file["imeiSv"]?.text?.count, 16)
        XCTAssertEqual(file["gnbSearchList"]?.items.compactMap(\.text), [try XCTUnwrap(gnb.address)])

        let sessions = file["sessions"]?.items ?? []
        XCTAssertEqual(sessions.count, 1)
        XCTAssertEqual(sessions.first?["type"]?.text, "IPv4")
        XCTAssertEqual(sessions.first?["apn"]?.text, "internet")
        XCTAssertEqual(try RANLabs.ueransimSlice(try XCTUnwrap(sessions.first?["slice"])), SNSSAI(sst: 1, sd: "000080"))
        XCTAssertEqual(try RANLabs.ueransimSlices(file["configured-nssai"]), phones.slices)
        XCTAssertEqual(try RANLabs.ueransimSlices(file["default-nssai"]), phones.slices)
        // Every slice the UE asks for is one its gNB offers.
        XCTAssertTrue(Set(phones.slices).isSubset(of: Set(gnb.slices)))

        for (block, keys) in [
            ("integrity", ["IA1", "IA2", "IA3"]), ("ciphering", ["EA1", "EA2", "EA3"]),
            ("integrityMaxRate", ["uplink", "downlink"]), ("uacAic", ["mps", "mcs"]),
            ("uacAcc", ["normalClass", "class11", "class12", "class13", "class14", "class15"]),
        ] {
            XCTAssertEqual(file[block]?.keys, keys, block)
        }
        XCTAssertTrue(artifact.contents.contains("# nr-ue -n starts COUNT UEs"))
        XCTAssertTrue(artifact.contents.contains("#   nr-ue -c /etc/ueransim/ue-phones.yaml -n 3"))
    }

    func testLargeGroupSplitsAtFiveHundredTwelveWithConsecutiveIMSIs() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let first = try lab.yaml("ran/sensors/ue.yaml")
        let second = try lab.yaml("ran/sensors/ue-2.yaml")
        XCTAssertNil(lab.artifacts.first { $0.path == "ran/sensors/ue-3.yaml" })
        XCTAssertEqual(first["supi"]?.text, "imsi-001010000001000")
        XCTAssertEqual(second["supi"]?.text, "imsi-001010000001512")
        XCTAssertEqual(first["imei"]?.text, "356938000001000")
        XCTAssertEqual(second["imei"]?.text, "356938000001512")

        let files = try UERANSIMConfigs.files(for: "ran", in: lab.resolved)
        let sensors = files.filter { $0.name.hasPrefix("ue-sensors") }
        XCTAssertEqual(
            sensors.map(\.command),
            [
                ["nr-ue", "-c", "/etc/ueransim/ue-sensors.yaml", "-n", "512"],
                ["nr-ue", "-c", "/etc/ueransim/ue-sensors-2.yaml", "-n", "88"],
            ])
        // Together the batches cover the group's IMSIs exactly once, in order.
        let group = try lab.ues("sensors")
        var covered: [String] = []
        for file in sensors {
            let root = try YAMLNode.parse(file.contents, file: file.name)
            let start = try XCTUnwrap(root["supi"]?.text?.dropFirst(5)).description
            let count = try XCTUnwrap(file.command.last.flatMap { Int($0) })
            let base = try XCTUnwrap(UInt64(start))
            covered += (0..<UInt64(count)).map { String(format: "%015llu", base + $0) }
        }
        XCTAssertEqual(covered, group.imsis)
    }

    func testFilesForAVMMatchTheArtifacts() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let files = try UERANSIMConfigs.files(for: "ran", in: lab.resolved)
        XCTAssertEqual(files.map(\.name), ["gnb-gnb1", "ue-phones", "ue-sensors", "ue-sensors-2"])
        XCTAssertEqual(files.map(\.guestPath), files.map { "/etc/ueransim/\($0.name).yaml" })
        XCTAssertEqual(files.first?.command, ["nr-gnb", "-c", "/etc/ueransim/gnb-gnb1.yaml"])
        XCTAssertEqual(files.map(\.isSecret), [false, true, true, true])
        XCTAssertEqual(files[0].contents, try lab.artifact("ran/gnb1/gnb.yaml").contents)
        XCTAssertEqual(files[1].contents, try lab.artifact("ran/phones/ue.yaml").contents)
        XCTAssertEqual(try UERANSIMConfigs.files(for: "core", in: lab.resolved), [])
    }

    /// Without a Multus network (this lab has none) a pod gNB has no address of its own: it gets its Service
    /// name, as NFs in pods do, never an interface name (UERANSIM 3.2.6+ would resolve `eth0` as a host).
    func testPodGNBWithoutAMultusNetworkGoesByItsServiceNameAndReachesTheAMFService() throws {
        let lab = try RANLabs.compile(RANLabs.oai)
        let file = try lab.yaml("ran/gnb1/gnb.yaml")
        XCTAssertEqual(file["mcc"]?.text, "208")
        XCTAssertEqual(file["mnc"]?.text, "95")
        XCTAssertEqual(file["tac"]?.text, "40960")
        for key in ["linkIp", "ngapIp", "gtpIp"] { XCTAssertEqual(file[key]?.text, "gnb1", key) }
        XCTAssertEqual(file["amfConfigs"]?.items.first?["address"]?.text, "amf")
        XCTAssertEqual(
            try RANLabs.ueransimSlices(file["slices"]),
            [SNSSAI(sst: 128, sd: "000080"), SNSSAI(sst: 1, sd: "FFFFFF"), SNSSAI(sst: 130, sd: "000082")])
        let ue = try lab.yaml("ran/ue3/ue.yaml")
        XCTAssertEqual(ue["gnbSearchList"]?.items.compactMap(\.text), ["gnb1"])
        XCTAssertEqual(ue["sessions"]?.items.first?["apn"]?.text, "ims")
        XCTAssertEqual(
            try RANLabs.ueransimSlices(ue["configured-nssai"]),
            [SNSSAI(sst: 130, sd: "000082"), SNSSAI(sst: 128, sd: "000080")])
    }

    /// A YAML 1.1 reader (PyYAML, as cloud-init uses) must see MCC/MNC with their zeros and SDs as text:
    /// a plain `000080` would be a string there but decimal 80 to UERANSIM, and `0x000080` plain an int.
    func testPyYAMLReadsPLMNAndSDAsWritten() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let directory = try RANLabs.scratch([
            "gnb.yaml": try lab.artifact("ran/gnb1/gnb.yaml").contents,
            "ue.yaml": try lab.artifact("ran/phones/ue.yaml").contents,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import json, sys, yaml
            gnb = yaml.safe_load(open(sys.argv[1]))
            ue = yaml.safe_load(open(sys.argv[2]))
            out = {
              "types": [type(v).__name__ for v in (gnb["mcc"], gnb["mnc"], gnb["nci"], ue["mcc"], ue["mnc"],
                        gnb["slices"][0]["sd"], ue["sessions"][0]["slice"]["sd"], ue["key"], ue["amf"])],
              "mnc": gnb["mnc"], "sd": int(gnb["slices"][0]["sd"], 16), "nci": int(gnb["nci"], 16),
              "tac": gnb["tac"], "port": gnb["amfConfigs"][0]["port"], "ignore": gnb["ignoreStreamIds"],
              "ia1": ue["integrity"]["IA1"],
            }
            print(json.dumps(out))
            """
        let out = try XCTUnwrap(
            try RANLabs.python(
                script,
                [directory.appendingPathComponent("gnb.yaml").path, directory.appendingPathComponent("ue.yaml").path])
                as? [String: Any])
        XCTAssertEqual(out["types"] as? [String], Array(repeating: "str", count: 9))
        XCTAssertEqual(out["mnc"] as? String, "01")
        XCTAssertEqual(out["sd"] as? Int, 0x80)
        XCTAssertEqual(out["nci"] as? Int, 0x10)
        XCTAssertEqual(out["tac"] as? Int, 1)
        XCTAssertEqual(out["port"] as? Int, 38412)
        XCTAssertEqual(out["ignore"] as? Bool, true)
        XCTAssertEqual(out["ia1"] as? Bool, true)
    }
}
