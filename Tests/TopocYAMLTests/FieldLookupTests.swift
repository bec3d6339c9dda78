import TopocDiagnostics
import XCTest

@testable import TopocYAML

/// The document answers where a mapping's fields were written, for the IR's origins.
final class FieldLookupTests: XCTestCase {
    private let text = """
        base: &b { cpus: 2, memory: 2GiB }
        vm:
          <<: *b
          memory: 4GiB
          dnns: [internet, ims]
          pod: { node: edge1 }
          image: *b
        """

    private func fields() throws -> FieldLocations {
        let result = YAMLParser.parse(text, file: "f.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let vm = try XCTUnwrap(result.root?.mapping?[1].value)
        return vm.fieldLocations
    }

    private func at(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: "f.yaml", line: line, column: column)
    }

    func testKeysWrittenAndMerged() throws {
        let fields = try fields()
        XCTAssertEqual(fields["memory"], at(4, 11), "the written key wins over the merged one")
        XCTAssertEqual(fields["cpus"], at(1, 18), "a merged key is found where its anchor wrote it")
        XCTAssertEqual(fields["image"], at(7, 10), "an alias value is found at the alias")
    }

    func testItemsAndNestedKeys() throws {
        let fields = try fields()
        XCTAssertEqual(fields["dnns[0]"], at(5, 10))
        XCTAssertEqual(fields["dnns[1]"], at(5, 20))
        XCTAssertEqual(fields["pod.node"], at(6, 16))
        XCTAssertEqual(fields["image.cpus"], at(1, 18), "through an alias to its anchor's mapping")
    }

    func testAnythingElseIsNotFound() throws {
        let fields = try fields()
        for path in [
            "disk", "dnns[2]", "dnns[-1]", "dnns[x]", "dnns[0", "memory[0]", "pod.", ".pod", "pod..node", "",
            "dnns[0]x",
        ] {
            XCTAssertNil(fields[path], path)
        }
    }

    func testListedFields() {
        let location = at(3, 4)
        let fields = FieldLocations([(key: ForwardField.host, location: location)])
        XCTAssertEqual(fields["host"], location)
        XCTAssertNil(fields["guest"])
        XCTAssertNil(FieldLocations()["host"])
    }
}

/// A key for fields listed by code.
private enum ForwardField: String, FieldKey {
    case host
    var name: String { rawValue }
}
