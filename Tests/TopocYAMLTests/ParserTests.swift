import TopocDiagnostics
import XCTest

@testable import TopocYAML

final class ParserTests: XCTestCase {
    func testMappingKeepsPositions() throws {
        let result = YAMLParser.parse("a: 1\nb:\n  c: [x, 'y']\n", file: "t.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let pairs = try XCTUnwrap(result.root?.mapping)
        XCTAssertEqual(pairs.map { $0.key.scalar?.text }, ["a", "b"])
        let inner = try XCTUnwrap(pairs[1].value.mapping?.first)
        XCTAssertEqual(inner.key.location, SourceLocation(file: "t.yaml", line: 3, column: 3))
        let items = try XCTUnwrap(inner.value.sequence)
        XCTAssertEqual(items[1].scalar, YAMLScalar("y", style: .singleQuoted))
        XCTAssertEqual(items[1].location.column, 10)
    }
}
