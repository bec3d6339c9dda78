import TopocDiagnostics
import XCTest

@testable import TopocModel

/// Snippets whose diagnostics must point at an exact line and column.
final class DecoderTests: XCTestCase {
    private func decode(_ text: String) -> TopologyDecoder.Result {
        TopologyDecoder.decode(text: text, file: "lab.yaml")
    }

    private func only(_ result: TopologyDecoder.Result, file: StaticString = #filePath, line: UInt = #line)
        -> Diagnostic?
    {
        XCTAssertEqual(result.diagnostics.count, 1, "\(result.diagnostics)", file: file, line: line)
        return result.diagnostics.first
    }

    func testAMinimalLabDecodes() throws {
        let result = decode("topology: lab\n")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.topology?.name, "lab")
        XCTAssertEqual(result.topology?.target, .qemu)
    }

    func testUnknownKeyIsLocatedAndSuggestsTheKnownOne() throws {
        let text = """
            topology: lab
            vms:
              vm1:
                memroy: 2GiB
            """
        let diagnostic = try XCTUnwrap(only(decode(text)))
        XCTAssertEqual(diagnostic.id, "schema.unknown-key")
        XCTAssertEqual(diagnostic.location, SourceLocation(file: "lab.yaml", line: 4, column: 5))
        XCTAssertEqual(diagnostic.help, "did you mean `memory`?")
    }

    func testBadUnitPointsAtTheValue() throws {
        let diagnostic = try XCTUnwrap(only(decode("topology: lab\nvms:\n  vm1: { memory: 2 gigs }\n")))
        XCTAssertEqual(diagnostic.id, "value.size")
        XCTAssertEqual(diagnostic.location.line, 3)
        XCTAssertEqual(diagnostic.location.column, 18)
    }

    func testAnSDIsReadQuotedOrWithUERANSIMsHexPrefix() throws {
        func sd(_ written: String) -> TopologyDecoder.Result {
            decode("topology: lab\nslices:\n  embb: { sst: 1, sd: \(written), dnns: [internet] }\n")
        }
        for written in ["\"0000a1\"", "0x0000a1", "0x0000A1", "\"0x0000a1\""] {
            let result = sd(written)
            XCTAssertEqual(result.diagnostics, [], written)
            XCTAssertEqual(result.topology?.slices.first?.sd, "0000A1", written)
        }
        for malformed in ["0x00a1", "0x0000g1", "\"0000a\"", "0X0000a1"] {
            let diagnostic = try XCTUnwrap(only(sd(malformed)), malformed)
            XCTAssertEqual(diagnostic.id, "value.hex", malformed)
            XCTAssertEqual(
                diagnostic.help, "write 6 hex digits in quotes, like `\"000080\"`, or with `0x`, like `0x000080`")
        }
        XCTAssertEqual(only(sd("000161"))?.id, "schema.quote", "all digits, unquoted: YAML reads a number")
    }

    func testAHugeValueIsQuotedShortInItsMessage() throws {
        let huge = String(repeating: "x", count: 5_000_000)
        let diagnostic = try XCTUnwrap(only(decode("topology: lab\nvms:\n  vm1: { memory: \(huge) }\n")))
        XCTAssertEqual(diagnostic.id, "value.size")
        XCTAssertLessThan(diagnostic.message.utf8.count + (diagnostic.help?.utf8.count ?? 0), 300)
        XCTAssertTrue(
            diagnostic.message.contains("`" + String(repeating: "x", count: 60) + "…` (5000000 characters)"),
            diagnostic.message)
        let short = try XCTUnwrap(only(decode("topology: lab\nvms:\n  vm1: { memory: lots }\n")))
        XCTAssertEqual(short.message, "`vms.vm1.memory`: `lots` is not a size")
    }

    func testEveryErrorIsCollectedInOnePass() {
        let text = """
            topology: Lab_1
            target: qmeu
            networks:
              cp: { subnet: 192.168.0.1/24, mtu: "1500" }
            vms:
              vm1: { cpus: two, networks: { cp: { ip: 192.168.0.300, mac: "01:00:5e:00:00:01" } } }
            """
        let ids = decode(text).diagnostics.map(\.id)
        XCTAssertEqual(
            ids, ["name.invalid", "schema.enum", "value.cidr", "schema.type", "schema.type", "value.ip", "value.mac"])
    }

    func testDuplicateKeysAndAnchorsWithMergeKeys() throws {
        let text = """
            topology: lab
            defaults:
              vm: &base { cpus: 2, memory: 1GiB }
            vms:
              vm1: { <<: *base, memory: 4GiB }
              vm1: {}
            """
        let result = decode(text)
        XCTAssertEqual(result.diagnostics.map(\.id), ["yaml.duplicate-key"])
        XCTAssertEqual(result.diagnostics.first?.notes.first?.location?.line, 5)
        let vm = try XCTUnwrap(result.topology?.vms.first)
        XCTAssertEqual(vm.settings.cpus, 2, "merged from the anchor")
        XCTAssertEqual(vm.settings.memory, .gibibytes(4), "written keys win over merged ones")
    }

    func testHostileInputsNeverCrash() {
        let inputs: [[UInt8]] = [
            [], Array("[1, 2]".utf8), Array("- a\n- b\n".utf8), Array("topology: [\n".utf8), [0xff, 0xfe, 0x00, 0x41],
            Array("topology: lab\nvms: !!binary aGVsbG8=\n".utf8), Array("topology: 99999999999999999999999\n".utf8),
            Array(String(repeating: "[", count: 10_000).utf8), Array("a: &a [*a]\n".utf8),
            Array("topology: lab\n---\ntopology: other\n".utf8),
            Array("topology: lab\nvms: { vm1: { cpus: 99999999999999999999 } }\n".utf8),
            Array("? [complex, key]\n: value\n".utf8), Array("topology: !custom lab\n".utf8),
        ]
        for input in inputs {
            let result = TopologyDecoder.decode(bytes: input, file: "x.yaml")
            XCTAssertTrue(result.diagnostics.hasErrors, "\(String(decoding: input, as: UTF8.self).prefix(40))")
        }
    }

    func testBillionLaughsIsRefusedWithALocatedError() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let result = decode(text)
        let diagnostic = try XCTUnwrap(result.diagnostics.first { $0.id == "yaml.alias-budget" })
        XCTAssertGreaterThan(diagnostic.location.line, 1)
    }

    func testDeepNestingIsCapped() throws {
        let text = "topology: lab\nx: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertTrue(decode(text).diagnostics.contains { $0.id == "yaml.depth" })
    }

    func testPlainPasswordIsNotKeptInTheModel() throws {
        let result = decode("topology: lab\ndefaults:\n  login: { password: hunter2 }\n")
        let login = try XCTUnwrap(result.topology?.defaults.login)
        XCTAssertTrue(login.plaintextPasswordWritten)
        XCTAssertFalse(String(describing: login).contains("hunter2"))
    }

    func testEverySectionDecodes() throws {
        let text = """
            topology: lab
            target: kubevirt
            hosts: { node1: { address: 192.0.2.1, labels: { zone: edge }, cpus: 8, memory: 32GiB } }
            core:
              software: oai@2
              plmn: 208-95
              tacs: [1, 2]
              functions:
                amf: { pod: { image: oai-amf, node: node1 }, config: { log_level: debug, retries: 3 } }
                upf-a: { kind: upf, pod: {} }
              dnns: { oai: { subnet: 12.1.1.0/25, upf: upf-a } }
            slices: { urllc: { sst: 128, sd: "000080", dnns: [oai] } }
            ran:
              gnbs: { gnb1: { tac: 1, slices: [urllc] } }
              ues: { ue1: { imsi: "208950000000031", count: 2, key: 0C0A34601D4F07677303652C0462535B, opc: 63bfa50ee6523365ff14c1f45f88737d } }
            apps: { video: { pod: { image: vlc }, ports: { rtsp: 8554 }, migratable: true } }
            migration: { bandwidth: 64Mi, completion-timeout-per-gib: 800, progress-timeout: 150s, workloads: [video] }
            """
        let result = decode(text)
        XCTAssertEqual(result.diagnostics, [])
        let topology = try XCTUnwrap(result.topology)
        XCTAssertEqual(topology.core?.functions.map(\.kind), [.amf, .upf])
        XCTAssertEqual(topology.core?.functions.first?.config?["retries"], .int(3))
        XCTAssertEqual(topology.slices.first?.sd, "000080")
        XCTAssertEqual(topology.ran.ues.first?.opc, "63BFA50EE6523365FF14C1F45F88737D")
        XCTAssertEqual(topology.migration?.bandwidthBytesPerSecond, 64 << 20)
        XCTAssertEqual(topology.migration?.progressTimeoutSeconds, 150)
        XCTAssertEqual(topology.hosts.first?.labels, ["zone": "edge"])
    }
}
