// Large labs take the parallel paths (rules on every core); their results must be those of one thread.
import TopocModel
import TopocPlan
import TopocValidate
import XCTest

final class LargeLabTests: XCTestCase {
    /// 400 VMs on two networks, with a mistake every so often: a dangling network, a pinned address used
    /// twice, an address outside its subnet, an SSH port forwarded twice.
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
            vms:

            """
        for index in 1...400 {
            text += "  vm\(index):\n    networks:\n"
            switch index % 50 {
            case 7: text += "      c: {}\n"
            case 13: text += "      a: { ip: 10.1.9.9 }\n"
            case 21: text += "      b: { ip: 10.3.0.\(index / 50 + 1) }\n"
            default: text += "      a: {}\n"
            }
            if index % 100 == 42 { text += "    forward: { ssh: 40022 }\n" }
        }
        return text
    }

    func testParallelValidationReportsWhatOneThreadReports() throws {
        let decoded = TopologyDecoder.decode(text: Self.lab(), file: "large.yaml")
        XCTAssertEqual(decoded.diagnostics, [])
        let topology = try XCTUnwrap(decoded.topology)
        let sequential = Validator.validate(topology, parallel: false)
        let parallel = Validator.validate(topology, parallel: true)
        XCTAssertEqual(parallel, sequential)
        let ids = Dictionary(grouping: sequential, by: \.id).mapValues(\.count)
        XCTAssertEqual(ids["ref.dangling"], 8, "vm7, vm57, ... name network `c`")
        XCTAssertEqual(ids["addr.duplicate"], 7, "eight VMs pin 10.1.9.9: every one after the first")
        XCTAssertEqual(ids["addr.outside-subnet"], 8)
        XCTAssertEqual(ids["forward.port-collision"], 3, "four VMs forward host port 40022")
        XCTAssertEqual(Validator.validate(topology), sequential, "the default for 400 VMs is parallel")
    }
}
