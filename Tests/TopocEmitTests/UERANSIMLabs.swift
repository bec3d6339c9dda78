// The labs the UERANSIM, OAI and subscriber tests compile from YAML text, and small readers for what they
// emit: an Open5GS 5GC with two slices (one SD 000080, one without SD), a gNB and two UE groups (one beyond
// nr-ue's 512 UEs per process); and seed 001's OAI core in pods (PLMN 208-95, slices 128/000080, 1/FFFFFF,
// 130/000082) on KubeVirt.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

enum RANLabs {
    static let slices = """
        topology: slices-lab
        images:
          img: { path: /var/lib/topoc/debian.qcow2 }
        defaults:
          vm: { image: img }
        networks:
          cp: { subnet: 10.30.0.0/24 }
        vms:
          core: { networks: { cp: {} } }
          ran: { networks: { cp: {} } }
        core:
          software: open5gs@2.7
          plmn: 001-01
          tacs: [1]
          functions:
            nrf: { on: core }
            amf: { on: core }
            smf: { on: core }
            upf: { on: core }
            ausf: { on: core }
            udm: { on: core }
            udr: { on: core }
            pcf: { on: core }
            nssf: { on: core }
          dnns:
            internet: { subnet: 10.45.0.0/16 }
            ims: { subnet: 10.46.0.0/16 }
        slices:
          urllc: { sst: 1, sd: "000080", dnns: [internet] }
          embb: { sst: 2, dnns: [ims] }
        ran:
          gnbs:
            gnb1: { on: ran }
          ues:
            phones:
              on: ran
              imsi: "001010000000001"
              count: 3
              key: 465B5CE8B199B49FAA5F0A2EE238A6BC
              opc: E8ED289DEBA952E4283B54E88E6183CA
              slices: [urllc, embb]
              dnn: internet
            sensors:
              imsi: "001010000001000"
              count: 600
              key: 00112233445566778899AABBCCDDEEFF
              opc: 63BFA50EE6523365FF14C1F45F88737D
              slices: [embb]
              dnn: ims
        """

    static let oai = """
        topology: oai-seed
        target: kubevirt
        core:
          software: oai@2
          plmn: 208-95
          tacs: [40960]
          functions:
            mysql: { pod: {} }
            nrf: { pod: {} }
            amf: { pod: {} }
            smf: { pod: {} }
            upf: { pod: {} }
            ausf: { pod: {} }
            udm: { pod: {} }
            udr: { pod: {} }
            nssf: { pod: {} }
          dnns:
            default: { subnet: 12.1.1.0/25 }
            oai: { subnet: 12.1.1.128/25 }
            ims: { subnet: 12.1.2.0/24 }
        slices:
          slice1: { sst: 128, sd: "000080", dnns: [default] }
          slice2: { sst: 1, sd: "FFFFFF", dnns: [oai] }
          slice3: { sst: 130, sd: "000082", dnns: [ims] }
        ran:
          gnbs:
            gnb1: { pod: { image: ueransim }, tac: 40960 }
          ues:
            ue1: { pod: { image: ueransim }, imsi: "208950000000031", key: 0C0A34601D4F07677303652C0462535B, opc: 63bfa50ee6523365ff14c1f45f88737d, slices: [slice1], dnn: default }
            ue2: { pod: { image: ueransim }, imsi: "208950000000032", key: 0C0A34601D4F07677303652C0462535B, opc: 63bfa50ee6523365ff14c1f45f88737d, slices: [slice2], dnn: oai }
            ue3: { pod: { image: ueransim }, imsi: "208950000000033", count: 2, key: 0C0A34601D4F07677303652C0462535B, opc: 63bfa50ee6523365ff14c1f45f88737d, slices: [slice3, slice1], dnn: ims }
        """

    struct Compiled {
        var resolved: ResolvedTopology
        var core: ResolvedCore
        var artifacts: [Artifact]

        func artifact(_ path: String) throws -> Artifact {
            try XCTUnwrap(artifacts.first { $0.path == path }, "no artifact \(path)")
        }

        func yaml(_ path: String) throws -> YAMLNode {
            try YAMLNode.parse(try artifact(path).contents, file: path)
        }

        func gnb(_ name: String) throws -> ResolvedGNB { try XCTUnwrap(core.gnbs.first { $0.name == name }) }
        func ues(_ name: String) throws -> ResolvedUEGroup { try XCTUnwrap(core.ues.first { $0.name == name }) }
    }

    static func compile(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Compiled {
        let result = Compiler.compile(text: text, file: "lab.yaml")
        XCTAssertFalse(result.diagnostics.hasErrors, "\(result.diagnostics)", file: file, line: line)
        let resolved = try XCTUnwrap(result.resolved, file: file, line: line)
        return Compiled(
            resolved: resolved, core: try XCTUnwrap(resolved.mobileCore, file: file, line: line),
            artifacts: result.artifacts)
    }

    /// `{sst, sd}` items of a UERANSIM list, the SD decoded from its `0x` hex.
    static func ueransimSlices(_ node: YAMLNode?) throws -> [SNSSAI] {
        try (node?.items ?? []).map(ueransimSlice)
    }

    static func ueransimSlice(_ item: YAMLNode) throws -> SNSSAI {
        let sst = try XCTUnwrap(item["sst"]?.text.flatMap { Int($0) })
        guard let sd = item["sd"]?.text else { return SNSSAI(sst: sst) }
        XCTAssertTrue(sd.hasPrefix("0x"), "UERANSIM SD \(sd) is not 0x hex")
        return SNSSAI(sst: sst, sd: hex6(try XCTUnwrap(Int(sd.dropFirst(2), radix: 16), sd)))
    }

    /// `{sst, sd}` items written as six hex digits (Open5GS, OAI's AMF).
    static func hexSlices(_ node: YAMLNode?) throws -> [SNSSAI] {
        try (node?.items ?? []).map(hexSlice)
    }

    static func hexSlice(_ item: YAMLNode) throws -> SNSSAI {
        let sst = try XCTUnwrap(item["sst"]?.text.flatMap { Int($0) })
        guard let sd = item["sd"]?.text else { return SNSSAI(sst: sst) }
        XCTAssertEqual(sd.count, 6, "SD \(sd) is not six hex digits")
        XCTAssertNotNil(Int(sd, radix: 16), sd)
        return SNSSAI(sst: sst, sd: sd.uppercased())
    }

    static func hex6(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Runs `/usr/bin/python3` on `script` (with PyYAML) and decodes its JSON output.
    static func python(_ script: String, _ arguments: [String]) throws -> Any {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { try HostTools.unavailable("no python3") }
        let probe = try HostTools.run([python, "-c", "import yaml"])
        if probe.status != 0 { try HostTools.unavailable("python3-yaml is not installed") }
        let result = try HostTools.check([python, "-c", script] + arguments)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// A scratch directory with `files` written in it.
    static func scratch(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-ran-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
        }
        return url
    }
}
