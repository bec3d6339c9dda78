// The rules' shared index: names looked up in order for a few, through an FNV-1a table for many, the first
// declaration winning either way; NF kinds as bits and each NF's VM position.
import TopocDiagnostics
import TopocModel
import TopocValidate
import XCTest

final class TopologyIndexTests: XCTestCase {
    func testFewNamesAreFoundInOrderAndTheFirstDeclarationWins() {
        let index = TopologyIndex(lab(vms: ["a", "b", "a", "c"]))
        XCTAssertEqual(index.vms.position(of: "a"), 0)
        XCTAssertEqual(index.vms.position(of: "c"), 3)
        XCTAssertNil(index.vms.position(of: "d"))
        XCTAssertEqual(index.vms.keys, ["a", "b", "c"])
        XCTAssertEqual(index.vms.count, 3)
        XCTAssertEqual(index.vms.values.map(\.name), ["a", "b", "c"])
    }

    func testManyNamesGoThroughTheTableWithTheSameAnswers() {
        var names = (1...300).map { "vm\($0)" }
        names.insert("vm7", at: 150)  // a later declaration of a name already seen
        let index = TopologyIndex(lab(vms: names))
        for (position, name) in names.enumerated() where name != "vm7" || position == 6 {
            XCTAssertEqual(index.vms.position(of: name), position, name)
        }
        XCTAssertEqual(index.vms.position(of: "vm7"), 6)
        XCTAssertTrue(index.vms.contains("vm300"))
        XCTAssertFalse(index.vms.contains("vm301"))
        XCTAssertFalse(index.vms.contains(""))
        XCTAssertEqual(index.vms.keys.count, 300)
        XCTAssertEqual(index.vms["vm42"]?.name, "vm42")
    }

    func testFunctionsKnowTheirKindsAndTheirVMs() {
        var topology = lab(vms: ["cp", "up"])
        topology.core = Core(
            software: .open5gs27, plmn: PLMN(mcc: "001", mnc: "01"),
            functions: [
                NetworkFunction(name: "amf", kind: .amf, placement: .vm("cp")),
                NetworkFunction(name: "upf", kind: .upf, placement: .vm("up")),
                NetworkFunction(name: "smf", kind: .smf, placement: .vm("nowhere")),
                NetworkFunction(name: "nrf", kind: .nrf, placement: .pod(Pod())),
            ])
        let index = TopologyIndex(topology)
        XCTAssertEqual(index.functionVMs, [0, 1, -1, -1])
        XCTAssertTrue(index.kinds.contains(.amf))
        XCTAssertTrue(index.kinds.contains(.nrf))
        XCTAssertFalse(index.kinds.contains(.mme))
        XCTAssertEqual(index.kinds.members, [.nrf, .amf, .smf, .upf])
        XCTAssertEqual(NFKinds.all.members, NFKind.allCases)
        XCTAssertTrue(NFKinds.all.subtracting(index.kinds).contains(.hss))
        XCTAssertTrue(index.kinds.subtracting(NFKinds.all).isEmpty)
    }

    private func lab(vms names: [String]) -> Topology {
        Topology(name: "lab", vms: names.map { VM(name: $0) })
    }
}
