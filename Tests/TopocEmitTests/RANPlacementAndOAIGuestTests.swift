// Regressions: a gNB or UE group with neither `on` nor `pod` runs beside its AMF / gNB instead of vanishing;
// an OAI NF placed on a VM gets its config and a unit in cloud-init; an `oai` UE group gets nr-uesoftmodem's
// `ue.conf`.
import TopocEmit
import TopocPlan
import XCTest

final class RANPlacementAndOAIGuestTests: XCTestCase {
    private func compile(_ text: String) throws -> [String: Artifact] {
        let result = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)")
        return Dictionary(result.artifacts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func testAGNBAndAUEGroupWithNeitherOnNorPodRunBesideTheAMF() throws {
        let lab = RANLabs.slices.replacingOccurrences(of: "gnb1: { on: ran }", with: "gnb1: {}")
            .replacingOccurrences(of: "      on: ran\n", with: "")
        let artifacts = try compile(lab)
        XCTAssertNotNil(artifacts["ran/gnb1/gnb.yaml"], "the gNB is not dropped")
        XCTAssertNotNil(artifacts["ran/phones/ue.yaml"], "nor its UEs")
        let userData = try XCTUnwrap(artifacts["vms/core/cloud-init/user-data"]).contents
        XCTAssertTrue(userData.contains("nr-gnb"), "the gNB runs on its AMF's VM")
        XCTAssertTrue(userData.contains("ue-phones"), "the UE group runs beside its gNB")
    }

    private let oaiLab = """
        topology: oai-vm
        images:
          img: { path: /var/lib/topoc/ubuntu.qcow2 }
        defaults:
          vm: { image: img }
        networks:
          cp: { subnet: 10.30.0.0/24 }
        vms:
          core: { networks: { cp: {} } }
          ran: { networks: { cp: {} } }
        core:
          software: oai@2
          plmn: 208-95
          functions:
            nrf: { on: core }
            amf: { on: core }
            smf: { on: core }
            upf: { on: core }
            ausf: { on: core }
            udm: { on: core }
            udr: { on: core }
            mysql: { on: core }
          dnns:
            oai: { subnet: 10.45.0.0/16 }
        slices:
          embb: { sst: 1, sd: "000080", dnns: [oai] }
        ran:
          gnbs:
            gnb1: { on: ran }
          ues:
            handsets:
              software: oai
              on: ran
              imsi: "208950000000031"
              count: 2
              key: 0C0A34601D4F07677303652C0462535B
              opc: 63BFA50EE6523365FF14C1F45F88737D
        """

    func testAnOAIAMFOnAVMGetsItsConfigAndAUnit() throws {
        let artifacts = try compile(oaiLab)
        let userData = try XCTUnwrap(artifacts["vms/core/cloud-init/user-data"]).contents
        let amfConfig = try XCTUnwrap(artifacts["core/oai/config.yaml"]).contents
        XCTAssertTrue(userData.contains("/etc/oai/amf.yaml.in"), userData)
        XCTAssertTrue(userData.contains("/etc/systemd/system/topoc-oai-amf.service"), userData)
        XCTAssertTrue(userData.contains("ExecStart=/openair-amf/bin/oai_amf -c /etc/oai/amf.yaml -o"), userData)
        XCTAssertTrue(userData.contains("topoc-oai-nrf.service"), "every placed OAI NF starts")
        XCTAssertFalse(userData.contains("add-apt-repository"), "OAI has no packages to install")
        XCTAssertFalse(userData.contains("open5gs"), "no Open5GS daemon is stopped or installed")
        let firstLine = try XCTUnwrap(amfConfig.split(separator: "\n").first { !$0.hasPrefix("#") })
        XCTAssertTrue(userData.contains(String(firstLine)), "the guest gets the config's own lines")
    }

    func testAnOAIUEGroupGetsItsUEConf() throws {
        let artifacts = try compile(oaiLab)
        let conf = try XCTUnwrap(artifacts["ran/handsets/ue.conf"])
        XCTAssertEqual(conf.mode, Artifact.secretMode)
        XCTAssertEqual(conf.kind, .oaiUE)
        for line in [
            "uicc0 = {", "  imsi = \"208950000000031\";", "  key = \"0C0A34601D4F07677303652C0462535B\";",
            "  opc = \"63BFA50EE6523365FF14C1F45F88737D\";", "  dnn = \"oai\";", "  nssai_sst = 1;",
            "  nssai_sd = 0x000080;", "};",
        ] {
            XCTAssertTrue(conf.contents.contains(line + "\n"), "\(line) in\n\(conf.contents)")
        }
        XCTAssertTrue(conf.contents.contains("--uicc0.imsi"), "the second UE of the group is explained")
        let userData = try XCTUnwrap(artifacts["vms/ran/cloud-init/user-data"]).contents
        XCTAssertTrue(userData.contains("/etc/oai/ue-handsets.conf"), userData)
    }
}
