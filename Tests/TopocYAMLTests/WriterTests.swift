import XCTest

@testable import TopocYAML

final class WriterTests: XCTestCase {
    func testStringsThatLookLikeOtherTypesAreQuoted() throws {
        let value = YAMLValue.mapping([
            ("bool", .string("true")), ("octal", .string("0777")), ("mnc", .string("01")), ("empty", .string("")),
            ("plain", .string("hello world")), ("number", .int(42)), ("yes", .string("yes")),
        ])
        let text = try YAMLWriter.render(value)
        let reparsed = try XCTUnwrap(YAMLParser.parse(text, file: "t").root?.mapping)
        for pair in reparsed {
            let scalar = try XCTUnwrap(pair.value.scalar)
            XCTAssertEqual(scalar.isPlain, ["plain", "number"].contains(pair.key.scalar?.text ?? ""), text)
        }
    }

    func testMultiLineStringsUseLiteralBlocks() throws {
        let text = try YAMLWriter.render(
            .mapping([("content", .string("line one\nline two\n"))]), header: ["#cloud-config"])
        XCTAssertEqual(text, "#cloud-config\ncontent: |\n  line one\n  line two\n")
    }

    func testDeeplyNestedDocumentsRoundTrip() throws {
        var value = YAMLValue.string("leaf")
        for _ in 0..<50 { value = .sequence([value]) }
        let text = try YAMLWriter.render(value)
        XCTAssertNotNil(YAMLParser.parse(text, file: "t").root)
    }
}
