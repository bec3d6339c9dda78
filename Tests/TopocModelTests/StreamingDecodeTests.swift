// A lab is decoded on another thread while the parser reads on (`StreamedDecoding`). Whatever the
// file holds, the outcome must be the one of decoding the finished tree: same topology, same diagnostics,
// in the same order.
import TopocDiagnostics
import XCTest

@testable import TopocModel

final class StreamingDecodeTests: XCTestCase {
    private static let header = """
        topology: streamed
        images:
          base: &image { path: /var/lib/images/base.qcow2 }
        defaults:
          vm: { image: base }
        networks:
          a: { subnet: 10.1.0.0/16 }
          b: { subnet: 10.2.0.0/16 }
        x-nic: &nic { ip: 10.1.7.7 }

        """

    /// VMs of every shape the decoder knows, with a mistake every so often.
    private static func vms(_ count: Int) -> String {
        var text = "vms:\n"
        for index in 1...count {
            switch index % 9 {
            case 1: text += "  vm\(index): { networks: { a: {}, b: { ip: 10.2.0.\(index % 200 + 2) } } }\n"
            case 2: text += "  vm\(index): { cpus: 2, memory: 2GiB, forward: { ssh: \(20_000 + index) } }\n"
            case 3: text += "  vm\(index): { networks: { a: *nic } }\n"
            case 4: text += "  VM_\(index): {}\n"
            case 5: text += "  vm\(index): { memory: lots, networks: [a] }\n"
            case 6: text += "  vm\(index):\n    cloud-init: { packages: [iperf3], runcmd: [[echo, hi]] }\n"
            case 7: text += "  vm\(index): { migratable: true, colour: blue }\n"
            case 8: text += "  vm\(index):\n"
            default: text += "  vm\(index): { networks: { a: { mac: \"52:54:00:00:00:\(index % 90 + 10)\" } } }\n"
            }
        }
        return text
    }

    private func assertSameEitherWay(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        assertSameEitherWay(bytes: Array(text.utf8), file: file, line: line)
    }

    private func assertSameEitherWay(bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let tree = TopologyDecoder.decode(bytes: bytes, file: "lab.yaml", streaming: false)
        let streamed = TopologyDecoder.decode(bytes: bytes, file: "lab.yaml", streaming: true)
        XCTAssertEqual(streamed.diagnostics, tree.diagnostics, file: file, line: line)
        XCTAssertEqual(streamed.topology, tree.topology, file: file, line: line)
        XCTAssertEqual(streamed.topology?.vms.map(\.origin.path), tree.topology?.vms.map(\.origin.path))
    }

    func testAStreamedLabDecodesAsTheTreeDoes() throws {
        let text = Self.header + Self.vms(600)
        assertSameEitherWay(text)
        let result = TopologyDecoder.decode(text: text, file: "lab.yaml")
        XCTAssertEqual(result.topology?.vms.count, (1...600).filter { $0 % 9 != 4 }.count, "invalid names are left out")
        XCTAssertTrue(result.diagnostics.contains { $0.id == "schema.unknown-key" })
        XCTAssertGreaterThan(text.utf8.count, StreamedDecoding.minimumBytes, "large enough to stream by default")
    }

    func testMergeKeysDuplicatesAndAliasesFallBackToTheTree() {
        let merged =
            Self.header + "x-more: &more { extra1: {}, extra2: {} }\n"
            + Self.vms(50)
            .replacingOccurrences(of: "vms:\n", with: "vms:\n  <<: *more\n")
        assertSameEitherWay(merged)
        assertSameEitherWay(Self.header + Self.vms(40) + "  vm1: { cpus: 8 }\n")
        assertSameEitherWay(
            Self.header + "vms:\n  one: &one { cpus: 3 }\n  two: *one\n  three: { <<: *one, memory: 1GiB }\n")
    }

    func testMergesThatOutgrowTheBuffersStopTheStream() {
        // Each VM merges 300 keys: far more children than the file has bytes, so the buffers must grow.
        let keys = (1...300).map { "k\($0): 1" }.joined(separator: ", ")
        let text =
            Self.header + "x-big: &big { \(keys) }\nvms:\n" + (1...60).map { "  vm\($0): { <<: *big }\n" }.joined()
        assertSameEitherWay(text)
    }

    func testBrokenAndOddFilesStillAgree() {
        assertSameEitherWay(Self.header + Self.vms(30) + "core: [unclosed\n")
        assertSameEitherWay(Self.header + "vms: [vm1, vm2]\n")
        assertSameEitherWay(Self.header + "vms: {}\n")
        assertSameEitherWay(Self.header)
        assertSameEitherWay(Self.header + Self.vms(20) + "vms: { late: {} }\n")
        assertSameEitherWay("vms: { a: {} }\n")
        assertSameEitherWay("- not\n- a mapping\n")
    }

    /// Every example and every error fixture: all sections (core, slices, RAN, apps, migration) and every
    /// kind of mistake, streamed or not.
    func testEveryExampleAndErrorFixtureDecodesTheSameStreamed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folders = ["examples", "Tests/TopocCompilerTests/Fixtures/errors"].map { root.appendingPathComponent($0) }
        var files = 0
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.hasSuffix(".yaml")
            }
            for name in names.sorted() {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                assertSameEitherWay(bytes: [UInt8](bytes))
                files += 1
            }
        }
        XCTAssertGreaterThan(files, 100)
    }
}
