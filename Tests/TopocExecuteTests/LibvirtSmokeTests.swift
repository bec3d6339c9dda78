import XCTest

@testable import TopocExecute

/// The libvirt C API is linked and usable, against libvirt's in-memory test driver (no daemon needed).
final class LibvirtSmokeTests: XCTestCase {
    func testOpensTheTestDriverAndListsItsPredefinedDomain() throws {
        let connection = try LibvirtConnection(uri: "test:///default")
        XCTAssertEqual(try connection.domainNames(), ["test"])
    }

    func testDefinesAValidDomainAndRefusesAnInvalidOne() throws {
        let connection = try LibvirtConnection(uri: "test:///default")
        let xml = """
            <domain type='test'>
              <name>topoc-smoke</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64'>hvm</type></os>
            </domain>
            """
        XCTAssertEqual(try connection.defineDomain(xml: xml), "topoc-smoke")
        XCTAssertEqual(try connection.domainNames(), ["test", "topoc-smoke"])
        try connection.undefineDomain(named: "topoc-smoke")
        XCTAssertThrowsError(try connection.defineDomain(xml: "<domain type='test'><name>x</name></domain>")) { error in
            XCTAssertTrue("\(error)".contains("define domain"), "\(error)")
        }
    }

    func testAnUnknownURIFailsWithLibvirtsMessage() {
        XCTAssertThrowsError(try LibvirtConnection(uri: "nonsense:///nowhere"))
    }
}
