// Derived values are stable: adding, removing or reordering an unrelated VM, NF or network leaves every other
// artifact byte for byte as it was, so `apply` restarts nothing that did not change. Lab-wide listings (the
// resolved view, the host's network steps) name every object and are left out of the comparison.
import Foundation
import TopocPlan
import XCTest

final class AddressStabilityTests: XCTestCase {
    private var base: String {
        get throws {
            try String(
                contentsOf: RepositoryPaths.examples.appendingPathComponent("open5gs-5gc-slices.yaml"), encoding: .utf8)
        }
    }

    /// An unrelated VM on both networks, without an `ssh` forward (so it takes a derived port too).
    private let extraVM = "  extra: { networks: { cp: {}, n3: {} } }\n"

    func testAddingOrRemovingAnUnrelatedVMChangesNoOtherArtifact() throws {
        let text = try base
        let first = try inserting(extraVM, after: "vms:\n", in: text)
        let last = try inserting(
            extraVM, after: "  ran: { networks: { cp: {}, n3: {} }, forward: { ssh: 2213 } }\n", in: text)
        try assertSameArtifacts(text, first, except: ["vms/extra/"])
        try assertSameArtifacts(text, last, except: ["vms/extra/"])
    }

    func testReorderingVMsChangesNoArtifact() throws {
        let text = try base
        let line = "  core: { cpus: 4, memory: 4GiB, networks: { cp: {}, n3: {} }, forward: { ssh: 2210 } }\n"
        let moved = try inserting(
            line, after: "  ran: { networks: { cp: {}, n3: {} }, forward: { ssh: 2213 } }\n",
            in: text.replacingOccurrences(of: line, with: ""))
        try assertSameArtifacts(text, moved, except: [])
    }

    func testAddingAnUnrelatedNFOnItsOwnVMChangesNoOtherArtifact() throws {
        let text = try inserting(extraVM, after: "vms:\n", in: try base)
        let withNF = try inserting(
            "    bsf-extra: { kind: bsf, on: extra }\n", after: "    bsf: { on: core }\n", in: text)
        try assertSameArtifacts(text, withNF, except: ["vms/extra/"])
    }

    func testReorderingNFsChangesNoArtifact() throws {
        let text = try base
        let moved = try inserting(
            "    bsf: { on: core }\n", after: "  functions:\n",
            in: text.replacingOccurrences(of: "    bsf: { on: core }\n", with: ""))
        try assertSameArtifacts(text, moved, except: [])
    }

    func testAddingRemovingOrReorderingUnrelatedNetworksChangesNoOtherArtifact() throws {
        let text = try base
        let oam = "  oam: { subnet: 10.10.9.0/24 }\n"
        try assertSameArtifacts(text, try inserting(oam, after: "networks:\n", in: text), except: [])
        try assertSameArtifacts(
            text, try inserting(oam, after: "  n3: { subnet: 10.10.3.0/24, mtu: 1500 }\n", in: text), except: [])
        let n3 = "  n3: { subnet: 10.10.3.0/24, mtu: 1500 }\n"
        let swapped = try inserting(n3, after: "networks:\n", in: text.replacingOccurrences(of: n3, with: ""))
        try assertSameArtifacts(text, swapped, except: [])
    }

    /// Every artifact of `before` but the lab-wide ones and those under `excepted` prefixes is in `after`
    /// with the same bytes.
    private func assertSameArtifacts(
        _ before: String, _ after: String, except excepted: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let one = try artifacts(before)
        let two = try artifacts(after)
        let labWide = ["resolved.yaml", "hosts/"]
        var compared = 0
        for (path, contents) in one where !(labWide + excepted).contains(where: { path.hasPrefix($0) }) {
            XCTAssertEqual(two[path], contents, "\(path) changed", file: file, line: line)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 30, file: file, line: line)
    }

    private func artifacts(_ text: String) throws -> [String: String] {
        let compiled = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(compiled.diagnostics.hasErrors, "\(compiled.diagnostics.map(\.message))")
        return Dictionary(compiled.artifacts.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    private func inserting(_ line: String, after anchor: String, in text: String) throws -> String {
        let range = try XCTUnwrap(text.range(of: anchor), "no `\(anchor)` in the example")
        var text = text
        text.insert(contentsOf: line, at: range.upperBound)
        return text
    }
}
