import XCTest

@testable import TopocModel

final class ValueTests: XCTestCase {
    func testSizesUseBinaryUnits() {
        XCTAssertEqual(ByteSize(parsing: "2GiB"), .gibibytes(2))
        XCTAssertEqual(ByteSize(parsing: "512MiB"), .mebibytes(512))
        XCTAssertEqual(ByteSize(parsing: "24G"), .gibibytes(24))
        XCTAssertEqual(ByteSize(parsing: "1024"), ByteSize(bytes: 1024))
        XCTAssertNil(ByteSize(parsing: "2 gigs"))
        XCTAssertNil(ByteSize(parsing: "-1G"))
        XCTAssertNil(ByteSize(parsing: "99999999999T"), "overflow is refused, not wrapped")
        XCTAssertEqual(ByteSize.mebibytes(1536).description, "1536MiB")
        // Read byte by byte: spaces around the number and the unit, every unit, and what is not a size.
        XCTAssertEqual(ByteSize(parsing: " 2 GiB "), .gibibytes(2))
        XCTAssertEqual(ByteSize(parsing: "3TiB"), ByteSize(bytes: 3 << 40))
        XCTAssertEqual(ByteSize(parsing: "7K"), ByteSize(bytes: 7 << 10))
        XCTAssertEqual(ByteSize(parsing: "5B"), ByteSize(bytes: 5))
        XCTAssertEqual(ByteSize(parsing: "18446744073709551615"), ByteSize(bytes: .max))
        for bad in ["", " ", "GiB", "B", "2iB", "2gib", "2GiB2", "1.5G", "+2G", "2 G iB", "18446744073709551616", "２G"]
        {
            XCTAssertNil(ByteSize(parsing: bad), bad)
        }
    }

    func testIPv4ParsingIsStrict() {
        XCTAssertEqual(IPv4Address(parsing: "192.168.0.111")?.description, "192.168.0.111")
        XCTAssertNil(IPv4Address(parsing: "192.168.0.256"))
        XCTAssertNil(IPv4Address(parsing: "192.168.00.1"), "leading zeros are ambiguous (octal?)")
        XCTAssertNil(IPv4Address(parsing: "192.168.0"))
        XCTAssertEqual(IPv4Address(parsing: "0.0.0.0")?.value, 0)
        XCTAssertEqual(IPv4Address(parsing: "255.255.255.255")?.value, UInt32.max)
        XCTAssertEqual(IPv4Address(parsing: "10.100.0.9")?.description, "10.100.0.9")
        for bad in [
            "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.1000", " 1.2.3.4", "1.2.3.4 ", "1.2.3.-4", "01.2.3.4",
            "1.2.3.4x", "", "１.2.3.4",
        ] {
            XCTAssertNil(IPv4Address(parsing: bad), bad)
        }
    }

    func testSubnetsRefuseHostBitsAndSuggestTheNetwork() {
        guard case .failure(.hostBitsSet(let suggestion)) = IPv4Subnet.parse("192.168.0.1/24") else {
            return XCTFail("host bits must be refused")
        }
        XCTAssertEqual(suggestion.description, "192.168.0.0/24")
        guard case .success(let subnet) = IPv4Subnet.parse("10.45.0.0/16") else { return XCTFail() }
        XCTAssertTrue(subnet.overlaps(try XCTUnwrap(try? IPv4Subnet.parse("10.45.3.0/24").get())))
        XCTAssertEqual(subnet.broadcast.description, "10.45.255.255")
        XCTAssertFalse(subnet.isUsable(subnet.network))
    }

    func testIPv6TextFormsRoundTripCanonically() {
        XCTAssertEqual(IPv6Address(parsing: "2001:DB8:0:0:0:0:0:1")?.description, "2001:db8::1")
        XCTAssertEqual(IPv6Address(parsing: "::")?.description, "::")
        XCTAssertEqual(IPv6Address(parsing: "fd00::1:0:0:1")?.description, "fd00::1:0:0:1")
        XCTAssertNil(IPv6Address(parsing: "1::2::3"))
        XCTAssertNil(IPv6Address(parsing: "12345::"))
        XCTAssertNotNil(try? IPv6Subnet.parse("2001:db8:100::/64").get())
        XCTAssertNil(try? IPv6Subnet.parse("2001:db8:100::1/64").get())
    }

    func testMACAndPLMN() {
        XCTAssertEqual(MACAddress(parsing: "52-54-00-AB-cd-01")?.description, "52:54:00:ab:cd:01")
        XCTAssertNil(MACAddress(parsing: "52:54:00:ab:cd"))
        XCTAssertEqual(PLMN(parsing: "001-01"), PLMN(mcc: "001", mnc: "01"))
        XCTAssertEqual(PLMN(parsing: "310-410")?.mnc, "410")
        XCTAssertNil(PLMN(parsing: "1-01"))
        XCTAssertNil(PLMN(parsing: "00101"))
        XCTAssertEqual(PLMN(parsing: "310-410")?.mcc, "310")
        for bad in ["001-1", "001-0101", "0010-01", "001_01", "001-0a", "a01-01", "-001-01", "001--1", "００1-01", ""] {
            XCTAssertNil(PLMN(parsing: bad), bad)
        }
    }

    func testNamesAreDNSLabels() {
        for good in ["a", "vm1", "upf-a", "x" + String(repeating: "y", count: 62), "a-b-c9"] {
            XCTAssertTrue(Names.isValid(good), good)
        }
        for bad in ["", "1vm", "-a", "a-", "VM1", "vm_1", "vm.1", "vm 1", "é", "x" + String(repeating: "y", count: 63)]
        {
            XCTAssertFalse(Names.isValid(bad), bad)
        }
    }

    func testSubnetsParse() {
        func subnet(_ text: String) -> Result<IPv4Subnet, IPv4Subnet.ParseError> { IPv4Subnet.parse(text) }
        XCTAssertEqual(try? subnet("10.1.0.0/16").get().description, "10.1.0.0/16")
        XCTAssertEqual(try? subnet("0.0.0.0/0").get().prefix, 0)
        for bad in ["10.1.0.0", "10.1.0.0/", "10.1.0.0/33", "10.1.0.0/016", "10.1.0/16", "/16", "10.1.0.0/1a"] {
            XCTAssertEqual(subnet(bad), .failure(.malformed), bad)
        }
        XCTAssertEqual(
            subnet("10.1.2.0/16"),
            .failure(.hostBitsSet(suggestion: IPv4Subnet(network: IPv4Address(0x0A01_0000), prefix: 16))))
    }

    func testInterfaceNamesFitFifteenBytes() {
        let id = InterfaceNames.labID("open5gs-epc")
        XCTAssertEqual(id.count, 4)
        XCTAssertLessThanOrEqual(InterfaceNames.tap(labID: id, vmTag: "ffffff", nicIndex: 999).utf8.count, 15)
        let bridge = InterfaceNames.bridge(labID: id, network: "a-very-long-network-name", taken: [])
        XCTAssertEqual(bridge.utf8.count, 15)
        let second = InterfaceNames.bridge(labID: id, network: "a-very-long-network-other", taken: [bridge])
        XCTAssertNotEqual(bridge, second)
        XCTAssertLessThanOrEqual(second.utf8.count, 15)
        XCTAssertEqual(InterfaceNames.guestName(forNetwork: "backhaul-network-a"), "backhaul-networ")
    }
}
