// `resolved.yaml`, read back: every derived value is there under the language's keys, and no secret is.
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

final class ResolvedYAMLTests: XCTestCase {
    func testTheResolvedTopologyReadsBack() throws {
        let topology = Fixture.topology()
        let artifact = try XCTUnwrap(try TargetBackends.artifacts(topology).first { $0.path == "resolved.yaml" })
        XCTAssertEqual(artifact.kind, .resolvedTopology)
        let root = try YAMLNode.parse(artifact.contents, file: "resolved.yaml")
        XCTAssertEqual(root["topology"]?.text, "emitlab")
        XCTAssertEqual(root["networks"]?.keys, ["cp", "n3", "hub", "fast"])
        XCTAssertEqual(root["networks"]?["cp"]?["members"]?.items.map(\.text), ["vm1", "vm2"])
        XCTAssertEqual(root["networks"]?["cp"]?["subnet6"]?.text, "2001:db8:1::/64")
        XCTAssertEqual(root["networks"]?["hub"]?["transport"]?["group"]?.text, "239.255.77.1")
        let vm1 = try XCTUnwrap(root["vms"]?["vm1"])
        XCTAssertEqual(vm1["memory"]?.text, "256MiB")
        XCTAssertEqual(vm1["disk"]?.text, "4GiB")
        XCTAssertEqual(vm1["host"]?.text, "local")
        let cp = try XCTUnwrap(vm1["networks"]?["cp"])
        XCTAssertEqual(cp["mac"]?.text, "52:54:00:ab:12:10")
        XCTAssertEqual(cp["ip"]?.text, "192.0.2.10/24")
        XCTAssertEqual(cp["ip6"]?.text, "2001:db8:1::10/64")
        XCTAssertEqual(cp["tap"]?.text, "tab12-1-0")
        XCTAssertEqual(cp["name"]?.text, "cp")
        XCTAssertEqual(root["vms"]?["vm2"]?["management"]?["forward"]?["ssh"]?["derived"]?.text, "true")
        XCTAssertEqual(vm1["management"]?["forward"]?["http"]?["host"]?.text, "127.0.0.1:8080")
        XCTAssertEqual(vm1["paths"]?["qmp"]?.text, "vms/vm1/qmp.sock")
        XCTAssertEqual(root["vms"]?["vm3"]?["image"]?["kernel"]?.text, "images/vmlinuz")
        XCTAssertFalse(artifact.contents.contains(Fixture.passwordHash), "the hash stays in user-data only")
        XCTAssertEqual(artifact.mode, 0o644)
    }

    func testWorkloadsAreShownWithoutUEKeys() throws {
        var topology = Fixture.topology()
        let key = "465B5CE8B199B49FAA5F0A2EE238A6BC"
        topology.ran = RAN(ues: [UEGroup(name: "ues", imsi: "001010000000001", count: 5, key: key, opc: key)])
        topology.slices = [Slice(name: "embb", sst: 1, sd: "000001", dnns: ["internet"])]
        let text = try XCTUnwrap(try TargetBackends.artifacts(topology).first { $0.path == "resolved.yaml" }).contents
        let root = try YAMLNode.parse(text, file: "resolved.yaml")
        XCTAssertEqual(root["ran"]?["ues"]?["ues"]?["count"]?.text, "5")
        XCTAssertEqual(root["slices"]?["embb"]?["sd"]?.text, "000001")
        XCTAssertFalse(text.contains(key))
    }
}
