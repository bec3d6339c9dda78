// The binding stage: names resolve to their first declaration, NFs to their VMs, DNNs to their UPF and SMFs,
// gNBs to their AMF and UPFs, and each NF interface to the one network it binds.
import Foundation
import TopocBind
import TopocDiagnostics
import TopocModel
import TopocPlan
import XCTest

final class BindTests: XCTestCase {
    func testTheFirstDeclarationOfANameIsTheOneReferencesBindTo() {
        let bound = Binder.bind(Topology(name: "lab", vms: ["a", "b", "a", "c"].map { VM(name: $0) })).bound
        XCTAssertEqual(bound.vms.position(of: "a"), 0)
        XCTAssertEqual(bound.vms.position(of: "c"), 3)
        XCTAssertNil(bound.vms.position(of: "d"))
        XCTAssertEqual(bound.vms.keys, ["a", "b", "c"])
        XCTAssertEqual(bound.vms.count, 3)
    }

    func testFunctionsBindToTheirVMsAndDanglingOnesAreReported() {
        var topology = Topology(name: "lab", vms: [VM(name: "cp"), VM(name: "up")])
        topology.core = Core(
            software: .open5gs27, plmn: PLMN(mcc: "001", mnc: "01"),
            functions: [
                NetworkFunction(name: "amf", kind: .amf, placement: .vm("cp")),
                NetworkFunction(name: "upf", kind: .upf, placement: .vm("up")),
                NetworkFunction(name: "smf", kind: .smf, placement: .vm("nowhere")),
                NetworkFunction(name: "nrf", kind: .nrf, placement: .pod(Pod())),
            ])
        let (bound, diagnostics) = Binder.bind(topology)
        XCTAssertEqual(bound.functionVMs, [0, 1, nil, nil])
        XCTAssertEqual(bound.kinds, [.amf, .upf, .smf, .nrf])
        XCTAssertEqual(diagnostics.map(\.id), ["ref.dangling"])
    }

    func testTheSlicesLabPairsEachSMFWithTheUPFOfEachDNNAndBindsOneNetworkPerInterface() throws {
        let bound = try XCTUnwrap(Compiler.check(bytes: try example("open5gs-5gc-slices.yaml"), file: "x").bound)
        let names = bound.functions.elements.map(\.name)
        let sessions = bound.sessions.map { (names[$0.smf], names[$0.upf], $0.dnns) }
        XCTAssertEqual(sessions.map(\.0), ["smf", "smf"])
        XCTAssertEqual(sessions.map(\.1), ["upf-embb", "upf-urllc"])
        XCTAssertEqual(sessions.map(\.2), [[0], [1]])
        XCTAssertEqual(bound.gnbUPFs[0].map { names[$0] }, ["upf-embb", "upf-urllc"])
        XCTAssertEqual(bound.gnbAMFs[0].map { names[$0] }, "amf")
        let smf = try XCTUnwrap(bound.functions.position(of: "smf"))
        XCTAssertEqual(bound.network(of: smf, .pfcp), "cp")
        XCTAssertEqual(bound.network(of: smf, .sbi), "cp")
        XCTAssertEqual(bound.gnbBindings[0].ngap, "cp")
        XCTAssertEqual(bound.gnbBindings[0].gtpu, "n3")
    }

    /// The regression of `136-bound-addresses-apart`: each UPF VM on one network passed validation while the
    /// SMF's one PFCP address and the gNB's one GTP-U address could not reach one UPF each. Following the
    /// hints (attach the UPF's VM to its leader's network) makes the peer bind there, and the lab validates.
    func testPeersFollowTheirLeadersNetworkOnceTheirVMIsOnIt() throws {
        let fixture = RepositoryPaths.errorFixtures.appendingPathComponent("136-bound-addresses-apart.yaml")
        let text = try String(contentsOf: fixture, encoding: .utf8)
        let broken = Compiler.check(bytes: Array(text.utf8), file: "lab.yaml")
        XCTAssertEqual(broken.diagnostics.map(\.id), ["core.unreachable-address", "core.unreachable-address"])
        let fixed = text.replacingOccurrences(
            of: "upf1: { networks: { cp: {} }", with: "upf1: { networks: { cp: {}, n3: {} }"
        )
        .replacingOccurrences(of: "upf2: { networks: { n3: {} }", with: "upf2: { networks: { n3: {}, cp: {} }")
        let checked = Compiler.check(bytes: Array(fixed.utf8), file: "lab.yaml")
        XCTAssertEqual(checked.diagnostics.filter { $0.severity == .error }.map(\.id), [])
        let bound = try XCTUnwrap(checked.bound)
        let upf = try XCTUnwrap(bound.functions.position(of: "upf-urllc"))
        XCTAssertEqual(bound.network(of: upf, .pfcp), "cp", "the UPF binds PFCP where its SMF does")
        XCTAssertEqual(bound.network(of: upf, .gtpu), "n3", "and GTP-U where its gNB does")
    }

    private func example(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: RepositoryPaths.examples.appendingPathComponent(name)))
    }
}
