// cloud-init seeds, checked by their real consumer (cloud-init 22.4, as in Debian 12, through
// scripts/cloud-init-tool.sh) and by reading them back: user-data passes the schema, network-config renders
// to ifupdown with every declared address, MAC, MTU and exactly one default route.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

final class CloudInitTests: XCTestCase {
    let topology = Fixture.topology()

    func artifact(_ vm: String, _ file: String) throws -> Artifact {
        try XCTUnwrap(try TargetBackends.artifacts(topology).first { $0.path == "vms/\(vm)/cloud-init/\(file)" })
    }

    func cloudInitTool() throws -> String {
        let tool = HostTools.repository.appendingPathComponent("scripts/cloud-init-tool.sh").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { try HostTools.unavailable("no \(tool)") }
        _ = try HostTools.require("bash", "dpkg-deb")
        return tool
    }

    func testUserDataPassesCloudInitsSchema() throws {
        let tool = try cloudInitTool()
        let lab = try LabDirectory(try TargetBackends.artifacts(topology))
        defer { lab.remove() }
        for vm in topology.vms {
            let file = lab.file("vms/\(vm.name)/cloud-init/user-data").path
            let result = try HostTools.run([tool, "schema", "--config-file", file])
            XCTAssertEqual(result.status, 0, "\(vm.name): \(result.stdout)\(result.stderr)")
        }
    }

    func testUserDataReadsBackAsWritten() throws {
        let userData = try artifact("vm1", "user-data")
        XCTAssertEqual(userData.mode, 0o600)
        XCTAssertTrue(userData.contents.hasPrefix("#cloud-config\n"))
        let root = try YAMLNode.parse(userData.contents, file: "user-data")
        XCTAssertEqual(root["hostname"]?.text, "vm1")
        XCTAssertEqual(root["ssh_pwauth"]?.text, "false")
        let user = try XCTUnwrap(root["users"]?.items.first)
        XCTAssertEqual(user["name"]?.text, "topoc")
        XCTAssertEqual(user["lock_passwd"]?.text, "false", "a hash enables console login")
        XCTAssertEqual(user["hashed_passwd"]?.text, Fixture.passwordHash)
        XCTAssertEqual(user["ssh_authorized_keys"]?.items.map(\.text), [Fixture.sshKey])
        XCTAssertEqual(user["sudo"]?.text, "ALL=(ALL) NOPASSWD:ALL")
        let files = try XCTUnwrap(root["write_files"]?.items)
        XCTAssertEqual(files.map { $0["path"]?.text }, ["/etc/topoc/lab.conf", "/home/topoc/it's here.txt"])
        XCTAssertEqual(files[0]["content"]?.text, "name: emitlab\n# a comment\nquote: 'x' \"y\"\n")
        XCTAssertEqual(files[1]["content"]?.text, "no newline")
        XCTAssertEqual(files[0]["permissions"]?.scalar?.isPlain, false, "permissions must stay a string")
        XCTAssertEqual(files[0]["permissions"]?.text, "0600")
        XCTAssertNil(files[0]["defer"], "root-owned files are written early")
        XCTAssertEqual(files[1]["defer"]?.text, "true", "the login user exists only later")
        XCTAssertEqual(root["packages"]?.items.map(\.text), ["iperf3", "tcpdump"])
        let runcmd = try XCTUnwrap(root["runcmd"]?.items)
        XCTAssertEqual(runcmd[0].items.map(\.text), ["sh", "-c", "echo \"$(hostname) up\" > /dev/ttyS0"])
        XCTAssertEqual(runcmd[1].text, "echo 'it''s' | tee /tmp/x")
    }

    func testNoPasswordLocksTheAccountAndNoPlaintextKeyIsEverWritten() throws {
        var locked = topology
        locked.login = Login(user: "ops", sshKeys: [])
        for artifact in try TargetBackends.artifacts(locked) where artifact.kind == .cloudInitUserData {
            let root = try YAMLNode.parse(artifact.contents, file: artifact.path)
            let user = try XCTUnwrap(root["users"]?.items.first)
            XCTAssertEqual(user["lock_passwd"]?.text, "true")
            XCTAssertEqual(user.keys.sorted(), ["lock_passwd", "name", "shell", "sudo"])
        }
        for artifact in try TargetBackends.artifacts(topology) {
            if artifact.contents.contains(Fixture.passwordHash) { XCTAssertEqual(artifact.mode, 0o600, artifact.path) }
            guard artifact.kind == .cloudInitUserData else { continue }
            let root = try YAMLNode.parse(artifact.contents, file: artifact.path)
            XCTAssertTrue(Set(root.keys).isDisjoint(with: ["password", "chpasswd"]), artifact.path)
            for user in root["users"]?.items ?? [] {
                XCTAssertTrue(Set(user.keys).isDisjoint(with: ["passwd", "plain_text_passwd"]), artifact.path)
            }
        }
    }

    func testMetaDataNamesTheHostAndTracksTheConfiguration() throws {
        let root = try YAMLNode.parse(try artifact("vm1", "meta-data").contents, file: "meta-data")
        XCTAssertEqual(root.keys, ["instance-id", "local-hostname"])
        XCTAssertEqual(root["local-hostname"]?.text, "vm1")
        let id = try XCTUnwrap(root["instance-id"]?.text)
        XCTAssertTrue(id.hasPrefix(topology.vms[0].uuid + "-"), id)

        func instanceID(_ topology: ResolvedTopology) throws -> String? {
            let meta = try TargetBackends.artifacts(topology).first { $0.path == "vms/vm1/cloud-init/meta-data" }
            return try YAMLNode.parse(meta?.contents ?? "", file: "meta-data")["instance-id"]?.text
        }
        var resized = topology
        resized.vms[0].cpus = 4
        XCTAssertEqual(try instanceID(resized), id, "a change outside the guest config keeps the instance")
        var repackaged = topology
        repackaged.vms[0].cloudInit.packages.append("jq")
        XCTAssertNotEqual(try instanceID(repackaged), id, "new user-data must run again")
        var readdressed = topology
        readdressed.vms[0].interfaces[0].ipv4 = Fixture.ip("192.0.2.99")
        XCTAssertNotEqual(try instanceID(readdressed), id, "a new network-config must apply again")
    }
}
