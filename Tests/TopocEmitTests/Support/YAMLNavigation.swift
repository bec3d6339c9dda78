// Reading emitted YAML back through TopocYAML's parser, with short accessors for assertions.
import TopocYAML
import XCTest

extension YAMLNode {
    subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    var text: String? { scalar?.text }
    var keys: [String] { mapping?.compactMap { $0.key.scalar?.text } ?? [] }
    var items: [YAMLNode] { sequence.map(Array.init) ?? [] }

    static func parse(_ text: String, file: String) throws -> YAMLNode {
        let result = YAMLParser.parse(text, file: file)
        XCTAssertEqual(result.diagnostics, [], file)
        return try XCTUnwrap(result.root, "\(file) did not parse")
    }
}
