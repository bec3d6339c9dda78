// Every key path topoc writes into an Open5GS config exists in that version's format. The formats are the key
// paths of upstream's `configs/open5gs/<nf>.yaml.in` (set or shown in comments) at v2.7.7 and v2.6.6, written
// down by us under `Open5GSKeys/<version>/<nf>.txt`; the few keys no sample shows name the parser they were
// read in. Open5GS ignores most unknown keys silently, so "the NF started" would prove nothing: this does.
import TopocEmit
import TopocModel
import TopocYAML
import XCTest

final class Open5GSKeyStructureTests: XCTestCase {
    static let kinds = NFKind.allCases.filter { $0 != .mysql }

    func testEveryEmittedKeyPathExistsInItsVersionsFormat() throws {
        var seen: [String: Set<NFKind>] = [:]
        for (name, text) in Open5GSLabs.all {
            let version = name.hasSuffix("2.6") ? "2.6" : "2.7"
            let lab = try Open5GSLabs.compile(text)
            for (_, file, root) in try lab.files() {
                let format = try Open5GSKeyLists.paths(version: version, kind: file.kind)
                let unknown = root.keyPaths.subtracting(format).sorted()
                XCTAssertEqual(unknown, [], "\(name): \(file.nf) (\(file.kind)) writes keys \(version) does not have")
                seen[version, default: []].insert(file.kind)
            }
        }
        XCTAssertEqual(seen["2.7"], Set(Self.kinds), "the labs cover every NF kind")
        XCTAssertEqual(seen["2.6"], Set(Self.kinds))
    }

    /// The lists tell the formats apart where topoc relies on it, so a list copied into the wrong version fails.
    func testTheKeyListsTellTheVersionsApart() throws {
        for kind in Self.kinds {
            let current = try Open5GSKeyLists.paths(version: "2.7", kind: kind)
            let legacy = try Open5GSKeyLists.paths(version: "2.6", kind: kind)
            XCTAssertTrue(current.contains("logger.file.path"), "\(kind)")
            XCTAssertFalse(legacy.contains("logger.file.path"), "\(kind)")
            XCTAssertTrue(current.contains("global.max.ue"), "\(kind)")
            XCTAssertFalse(legacy.contains("global"), "\(kind)")
        }
        let smf27 = try Open5GSKeyLists.paths(version: "2.7", kind: .smf)
        let smf26 = try Open5GSKeyLists.paths(version: "2.6", kind: .smf)
        XCTAssertTrue(
            smf27.isSuperset(of: ["smf.sbi.server[].address", "smf.session[].gateway", "smf.pfcp.client.upf[].dnn"]))
        XCTAssertTrue(
            smf26.isSuperset(of: ["smf.sbi[].addr", "smf.subnet[].addr", "upf.pfcp[].dnn", "sbi.server.no_tls"]))
        XCTAssertTrue(smf27.isDisjoint(with: ["smf.sbi[].addr", "smf.subnet", "upf"]))
        XCTAssertTrue(smf26.isDisjoint(with: ["smf.sbi.server", "smf.session", "smf.pfcp.client"]))
        XCTAssertTrue(try Open5GSKeyLists.paths(version: "2.7", kind: .amf).contains("amf.time.t3512.value"))
        XCTAssertTrue(try Open5GSKeyLists.paths(version: "2.6", kind: .amf).contains("time.t3512.value"))
        XCTAssertTrue(
            try Open5GSKeyLists.paths(version: "2.7", kind: .mme).contains("mme.freeDiameter.connect[].address"))
        XCTAssertTrue(try Open5GSKeyLists.paths(version: "2.6", kind: .mme).contains("mme.freeDiameter.connect[].addr"))
    }

    /// The keys a 2.7 NF refuses to start without (found with real 2.7.7 daemons, ARTIFACTS 11) are all written.
    func testTheRequiredKeysAreWritten() throws {
        let required: [String: [String]] = [
            "nrf": ["nrf.sbi.server[].address"],
            "smf-embb": ["smf.dns"],
            "amf": [
                "amf.guami", "amf.tai", "amf.plmn_support", "amf.security.integrity_order",
                "amf.security.ciphering_order", "amf.time.t3512.value",
            ],
            "upf-embb": ["upf.session[].subnet"],
            "nssf": ["nssf.sbi.client.nsi"],
            "udr": ["db_uri"], "pcf": ["db_uri"],
        ]
        let sa = try Open5GSLabs.compile(Open5GSLabs.sa())
        let epc = try Open5GSLabs.compile(Open5GSLabs.epc())
        let epcRequired = [
            "mme": ["mme.gummei", "mme.s1ap.server[].address", "mme.time.t3412.value"],
            "hss": ["db_uri"], "pcrf": ["db_uri"],
        ]
        for (lab, table) in [(sa, required), (epc, epcRequired)] {
            for (nf, paths) in table {
                let written = try lab.file(nf).root.keyPaths
                for path in paths { XCTAssertTrue(written.contains(path), "\(nf) lacks \(path)") }
            }
        }
    }
}
