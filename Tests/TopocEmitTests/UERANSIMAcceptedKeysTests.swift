import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import TopocYAML
import XCTest

/// Every example's UERANSIM files against the table of what UERANSIM reads (UERANSIMAcceptedKeys), for the
/// version each node declares; and the table itself catching the mistakes it exists for.
final class UERANSIMAcceptedKeysTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    func testEveryExamplesGNBAndUEFilesAreReadAsMeantByTheirVersion() throws {
        var checked = 0
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter {
            $0.hasSuffix(".yaml")
        }
        for name in names.sorted() {
            let data = try Data(contentsOf: Self.examples.appendingPathComponent(name))
            let result = Compiler.compile(bytes: Array(data), file: name)
            XCTAssertFalse(result.diagnostics.hasErrors, "\(name): \(result.diagnostics)")
            guard let core = result.resolved?.mobileCore else { continue }
            for artifact in result.artifacts where artifact.kind == .ueransimGNB || artifact.kind == .ueransimUE {
                let node = artifact.path.split(separator: "/").dropFirst().first.map(String.init) ?? ""
                let software =
                    artifact.kind == .ueransimGNB
                    ? core.gnbs.first { $0.name == node }?.software : core.ues.first { $0.name == node }?.software
                let line = try XCTUnwrap(software.flatMap(UERANSIMRelease.line), "\(name): \(artifact.path)")
                let keys = artifact.kind == .ueransimGNB ? UERANSIMAcceptedKeys.gnb : UERANSIMAcceptedKeys.ue
                let document = try YAMLNode.parse(artifact.contents, file: artifact.path)
                XCTAssertEqual(
                    UERANSIMAcceptedKeys.problems(document, keys: keys, line: line), [], "\(name): \(artifact.path)")
                checked += 1
            }
        }
        // open5gs-5gc-slices: one gNB, two UE groups; follow-me-5g: one gNB, one UERANSIM UE group.
        XCTAssertGreaterThanOrEqual(checked, 5)
    }

    func testTheKubeVirtGNBBindsItsMultusAddressAndItsUEsFindItThere() throws {
        let data = try Data(contentsOf: Self.examples.appendingPathComponent("follow-me-5g.yaml"))
        let result = Compiler.compile(bytes: Array(data), file: "follow-me-5g.yaml")
        let gnb = try XCTUnwrap(result.artifacts.first { $0.path == "ran/gnb-ueransim/gnb.yaml" })
        let document = try YAMLNode.parse(gnb.contents, file: gnb.path)
        let address = try XCTUnwrap(document["linkIp"]?.text)
        let parsed = try XCTUnwrap(IPv4Address(parsing: address), address)
        let subnet = try XCTUnwrap(IPv4Subnet(text: "192.168.70.128/26"))
        XCTAssertTrue(subnet.contains(parsed), "\(address) is on the Multus network n2n3")
        XCTAssertEqual(document["ngapIp"]?.text, address)
        XCTAssertEqual(document["gtpIp"]?.text, address)
        let ue = try XCTUnwrap(result.artifacts.first { $0.path == "ran/ueransim-ue/ue.yaml" })
        XCTAssertEqual(
            try YAMLNode.parse(ue.contents, file: ue.path)["gnbSearchList"]?.items.compactMap(\.text), [address])
    }

    private func problems(_ text: String, _ keys: [UERANSIMKey], _ software: RANSoftware = .ueransim33) throws
        -> [String]
    {
        let line = try XCTUnwrap(UERANSIMRelease.line(software))
        return UERANSIMAcceptedKeys.problems(try YAMLNode.parse(text, file: "t.yaml"), keys: keys, line: line)
    }

    private var goodGNB: String {
        """
        mcc: '001'
        mnc: '01'
        nci: '0x000000010'
        idLength: 32
        tac: 1
        linkIp: 10.0.0.2
        ngapIp: 10.0.0.2
        gtpIp: 10.0.0.2
        amfConfigs: [{ address: 10.0.0.1, port: 38412 }]
        slices: [{ sst: 1, sd: '0x000080' }]
        ignoreStreamIds: true
        """
    }

    func testTheTableAcceptsAWellFormedGNB() throws {
        XCTAssertEqual(try problems(goodGNB, UERANSIMAcceptedKeys.gnb), [])
        XCTAssertEqual(try problems(goodGNB, UERANSIMAcceptedKeys.gnb, .ueransim32), [])
    }

    func testInterfaceNamesAreNeverAddresses() throws {
        let text = goodGNB.replacingOccurrences(of: "linkIp: 10.0.0.2", with: "linkIp: eth0")
        let found = try problems(text, UERANSIMAcceptedKeys.gnb)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("linkIp: `eth0` is not an IP address"), "\(found)")
    }

    func testSDsNeedTheirHexPrefixSinceAllDigitSDsAreDecimal() throws {
        for sd in ["'000080'", "128", "0x1000000"] {
            let text = goodGNB.replacingOccurrences(of: "'0x000080'", with: sd)
            let found = try problems(text, UERANSIMAcceptedKeys.gnb)
            XCTAssertEqual(found.count, 1, "\(sd): \(found)")
            XCTAssertTrue(found.first?.hasPrefix("slices[0].sd:") == true, "\(found)")
        }
        XCTAssertEqual(UERANSIMAcceptedKeys.integer("000080"), 80, "leading zeros dropped, then decimal")
        XCTAssertEqual(UERANSIMAcceptedKeys.integer("0x000080"), 0x80)
    }

    func testMCCIsThreeCharactersAndMNCTwoOrThree() throws {
        let short = try problems(
            goodGNB.replacingOccurrences(of: "mcc: '001'", with: "mcc: 1"), UERANSIMAcceptedKeys.gnb)
        XCTAssertEqual(short, ["mcc: `1` must have 3...3 characters"])
        let long = try problems(
            goodGNB.replacingOccurrences(of: "mnc: '01'", with: "mnc: '0001'"), UERANSIMAcceptedKeys.gnb)
        XCTAssertEqual(long, ["mnc: `0001` must have 2...3 characters"])
    }

    func testVersionDifferences() throws {
        // IPv6 addresses: read from 3.2.7 on, so not by every 3.2 release.
        let v6 = goodGNB.replacingOccurrences(of: "gtpIp: 10.0.0.2", with: "gtpIp: '2001:db8::2'")
        XCTAssertEqual(try problems(v6, UERANSIMAcceptedKeys.gnb), [])
        XCTAssertEqual(
            try problems(v6, UERANSIMAcceptedKeys.gnb, .ueransim32),
            ["gtpIp: `2001:db8::2` is IPv6, which releases before 3.2.7 refuse"])
        // cellAccessType: new in 3.3.
        let access = goodGNB + "\ncellAccessType: nr\n"
        XCTAssertEqual(try problems(access, UERANSIMAcceptedKeys.gnb), [])
        XCTAssertEqual(
            try problems(access, UERANSIMAcceptedKeys.gnb, .ueransim32),
            ["cellAccessType: no release of the line reads it (3.3.0+)"])
        // A key no release reads is flagged rather than silently ignored.
        XCTAssertEqual(
            try problems(goodGNB + "\nlinkIP: 10.0.0.2\n", UERANSIMAcceptedKeys.gnb),
            ["linkIP: UERANSIM reads no such key (it would be ignored)"])
    }

    func testAUEFileWithoutItsRequiredBlocksIsRefused() throws {
        let text = """
            supi: imsi-001010000000001
            mcc: '001'
            mnc: '01'
            key: 465B5CE8B199B49FAA5F0A2EE238A6BC
            op: E8ED289DEBA952E4283B54E88E6183CA
            opType: OPC
            amf: '8000'
            gnbSearchList: [gnb1]
            integrity: { IA1: true, IA2: true, IA3: true }
            ciphering: { EA1: true, EA2: true, EA3: true }
            """
        XCTAssertEqual(
            try problems(text, UERANSIMAcceptedKeys.ue),
            [
                "gnbSearchList[0]: `gnb1` is not an IP address (an interface or host name is not an address: 3.2.6+ resolve it as a host)",
                "integrityMaxRate: missing (required since 3.2.0)",
                "uacAic: missing (required since 3.2.1)",
                "uacAcc: missing (required since 3.2.1)",
            ])
    }
}
