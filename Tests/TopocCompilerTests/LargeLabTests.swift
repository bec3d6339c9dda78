// Large labs take the fast paths (VMs decoded on every core, rules reading plain NIC facts); every mistake
// must still be reported, once.
import TopocModel
import TopocPlan
import TopocValidate
import XCTest

final class LargeLabTests: XCTestCase {
    /// 400 VMs, with a mistake every so often: a dangling network, a pinned address used twice, an address
    /// outside its subnet, an SSH port forwarded twice, guest NIC names that collide.
    static func lab() -> String {
        var text = """
            topology: large
            images:
              base: { path: /var/lib/images/base.qcow2 }
            defaults:
              vm: { image: base }
            networks:
              a: { subnet: 10.1.0.0/16 }
              b: { subnet: 10.2.0.0/16 }
              longnetwork-alpha1: { subnet: 10.4.0.0/16 }
              longnetwork-alpha2: { subnet: 10.5.0.0/16 }
            vms:

            """
        for index in 1...400 {
            text += "  vm\(index):\n    networks:\n"
            switch index % 50 {
            case 7: text += "      c: {}\n"
            case 13: text += "      a: { ip: 10.1.9.9 }\n"
            case 21: text += "      b: { ip: 10.3.0.\(index / 50 + 1) }\n"
            case 33: text += "      longnetwork-alpha1: {}\n      longnetwork-alpha2: {}\n"
            case 44: text += "      a: { name: \(ManagementNIC.guestName) }\n"
            default: text += "      a: {}\n"
            }
            if index % 100 == 42 { text += "    forward: { ssh: 40022 }\n" }
        }
        return text
    }

    func testEveryMistakeOfALargeLabIsReportedOnce() throws {
        let decoded = TopologyDecoder.decode(text: Self.lab(), file: "large.yaml")
        XCTAssertEqual(decoded.diagnostics, [])
        let topology = try XCTUnwrap(decoded.topology)
        let diagnostics = Validator.validate(topology)
        let ids = Dictionary(grouping: diagnostics, by: \.id).mapValues(\.count)
        XCTAssertEqual(ids["ref.dangling"], 8, "vm7, vm57, ... name network `c`")
        XCTAssertEqual(ids["addr.duplicate"], 7, "eight VMs pin 10.1.9.9: every one after the first")
        XCTAssertEqual(ids["addr.outside-subnet"], 8)
        XCTAssertEqual(ids["forward.port-collision"], 3, "four VMs forward host port 40022")
        XCTAssertEqual(ids["ifname.collision"], 16, "two long networks cut to one name, and the management NIC's")
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.count, 8 + 7 + 8 + 3 + 16)
    }
}
