// network-config v2, rendered by cloud-init 22.4's own net-convert into Debian's ifupdown (ENI) files:
// net-convert exits 0 even on misspelt keys, so the rendered files are checked, not just the exit code.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

final class NetworkConfigTests: XCTestCase {
    let topology = Fixture.topology()

    func testEveryNetworkConfigRendersItsAddressesRoutesAndNames() throws {
        let tool = HostTools.repository.appendingPathComponent("scripts/cloud-init-tool.sh").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { try HostTools.unavailable("no \(tool)") }
        let lab = try LabDirectory(try TargetBackends.artifacts(topology))
        defer { lab.remove() }
        for vm in topology.vms {
            let input = lab.file("vms/\(vm.name)/cloud-init/network-config").path
            let output = lab.file("eni-\(vm.name)")
            try HostTools.check([
                tool, "devel", "net-convert", "-p", input, "-k", "yaml", "-D", "debian", "-O", "eni", "-d", output.path,
            ])
            let eni = try String(
                contentsOf: output.appendingPathComponent("etc/network/interfaces.d/50-cloud-init"), encoding: .utf8)
            let udev = try String(
                contentsOf: output.appendingPathComponent("etc/udev/rules.d/70-persistent-net.rules"), encoding: .utf8)
            try checkRendered(vm, eni: eni, udev: udev)
        }
    }

    func checkRendered(_ vm: ResolvedVM, eni: String, udev: String) throws {
        for nic in vm.interfaces {
            if let ip = nic.ipv4, let prefix = nic.prefix {
                XCTAssertTrue(eni.contains("address \(ip)/\(prefix)\n"), eni)
            }
            if let ip6 = nic.ipv6, let prefix6 = nic.prefix6 {
                XCTAssertTrue(eni.contains("address \(ip6)/\(prefix6)\n"), eni)
            }
            XCTAssertTrue(udev.contains("ATTR{address}==\"\(nic.mac)\", NAME=\"\(nic.guestName)\""), udev)
            if nic.ipv4 != nil { XCTAssertTrue(eni.contains("iface \(nic.guestName) inet static\n    address"), eni) }
        }
        XCTAssertTrue(udev.contains("ATTR{address}==\"\(vm.management.mac)\", NAME=\"mgmt0\""), udev)
        XCTAssertTrue(eni.contains("iface mgmt0 inet dhcp"), eni)
        if vm.interfaces.contains(where: { $0.mtu == 9000 }) { XCTAssertTrue(eni.contains("mtu 9000"), eni) }
        let defaults = eni.components(separatedBy: "\n").filter { $0.contains("post-up route add default gw") }
        let gateway = vm.interfaces.first { $0.gateway != nil }?.gateway
        XCTAssertEqual(defaults.count, gateway == nil ? 0 : 1, "\(vm.name): one default route at most\n\(eni)")
        if let gateway {
            XCTAssertTrue(defaults[0].hasSuffix("gw \(gateway) || true"), defaults[0])
            XCTAssertTrue(eni.contains("iface mgmt0 inet dhcp\n    metric 200"), "mgmt0's DHCP route must lose\n\(eni)")
        }
    }

    func testTheStructureReadsBack() throws {
        let artifacts = try TargetBackends.artifacts(topology)
        let text = try XCTUnwrap(artifacts.first { $0.path == "vms/vm2/cloud-init/network-config" }).contents
        let root = try YAMLNode.parse(text, file: "network-config")
        XCTAssertEqual(root.keys, ["version", "ethernets"])
        XCTAssertEqual(root["version"]?.text, "2")
        let ethernets = try XCTUnwrap(root["ethernets"])
        XCTAssertEqual(ethernets.keys, ["mgmt0", "n3", "cp", "hub"])
        XCTAssertEqual(ethernets["mgmt0"]?["dhcp4-overrides"]?["route-metric"]?.text, "200")
        let cp = try XCTUnwrap(ethernets["cp"])
        XCTAssertEqual(cp["match"]?["macaddress"]?.text, "52:54:00:ab:12:20")
        XCTAssertEqual(cp["set-name"]?.text, "cp")
        XCTAssertEqual(cp["addresses"]?.items.map(\.text), ["192.0.2.11/24", "2001:db8:1::11/64"])
        XCTAssertEqual(cp["mtu"]?.text, "9000")
        XCTAssertNil(cp["routes"], "vm2's default route goes through n3, its first network with a gateway")
        let route = try XCTUnwrap(ethernets["n3"]?["routes"]?.items.first)
        XCTAssertEqual(route["to"]?.text, "0.0.0.0/0")
        XCTAssertEqual(route["via"]?.text, "198.51.100.1")
        let vm3 = try XCTUnwrap(artifacts.first { $0.path == "vms/vm3/cloud-init/network-config" }).contents
        XCTAssertNil(try YAMLNode.parse(vm3, file: "vm3")["ethernets"]?["mgmt0"]?["dhcp4-overrides"])
    }
}
