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

    func testNullSpellings() throws {
        let text = """
            a:
            b: ~
            c: null
            d: Null
            e: NULL
            f: nul
            g: "null"
            h: !!str ~
            i: nulL
            j: [x]
            k: ''
            l: ~~
            m: &n null
            o: *n
            """
        let result = YAMLParser.parse(text, file: "t.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let pairs = try XCTUnwrap(result.root?.mapping)
        let nulls = pairs.filter(\.value.isNull).compactMap(\.key.scalar?.text)
        XCTAssertEqual(nulls, ["a", "b", "c", "d", "e", "m", "o"])
    }

    func testAliasReadsItsAnchorAtItsOwnPosition() throws {
        let text = "base: &b {x: 1, y: [2, 3]}\ncopy: *b\n"
        let result = YAMLParser.parse(text, file: "t.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let pairs = try XCTUnwrap(result.root?.mapping)
        let copy = pairs[1].value
        XCTAssertEqual(copy.location, SourceLocation(file: "t.yaml", line: 2, column: 7))
        XCTAssertEqual(copy.mapping?.map { $0.key.scalar?.text }, ["x", "y"])
        XCTAssertEqual(copy.mapping?[1].value.sequence?.map { $0.scalar?.text }, ["2", "3"])
        XCTAssertEqual(copy.size, pairs[0].value.size, "an alias costs what its anchor holds")
        XCTAssertEqual(copy.size, 7)
    }

    func testMergeKeepsWrittenKeysFirstAndAnchorsInsideUsable() throws {
        let text = """
            defaults: &d {cpus: 2, memory: 1GiB}
            vm:
              <<: *d
              cpus: 4
              nic: &n {ip: 10.0.0.2}
            other: *n

            """
        let result = YAMLParser.parse(text, file: "t.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let pairs = try XCTUnwrap(result.root?.mapping)
        let vm = try XCTUnwrap(pairs[1].value.mapping)
        XCTAssertEqual(vm.map { $0.key.scalar?.text }, ["cpus", "nic", "memory"])
        XCTAssertEqual(vm.map { $0.value.scalar?.text }, ["4", nil, "1GiB"])
        XCTAssertEqual(vm[2].key.location, SourceLocation(file: "t.yaml", line: 1, column: 24))
        XCTAssertEqual(pairs[2].value.mapping?.first?.value.scalar?.text, "10.0.0.2")
    }

    func testDuplicateKeysAreReportedAndTheFirstKept() throws {
        let result = YAMLParser.parse("a: 1\nb: 2\na: 3\n", file: "t.yaml")
        XCTAssertEqual(result.diagnostics.map(\.id), ["yaml.duplicate-key"])
        XCTAssertEqual(result.diagnostics.first?.location, SourceLocation(file: "t.yaml", line: 3, column: 1))
        XCTAssertEqual(result.root?.mapping?.map { $0.value.scalar?.text }, ["1", "2"])
    }

    func testLargeMappingsFindDuplicates() throws {
        let keys = (0..<40).map { "k\($0): \($0)\n" }.joined()
        XCTAssertEqual(YAMLParser.parse(keys, file: "t.yaml").diagnostics, [])
        let result = YAMLParser.parse(keys + "k7: again\n", file: "t.yaml")
        XCTAssertEqual(result.diagnostics.map(\.id), ["yaml.duplicate-key"])
        XCTAssertEqual(result.root?.mapping?.count, 40)
    }

    func testScalarStylesAndTags() throws {
        let result = YAMLParser.parse("- plain\n- !!str 12\n- |\n  block\n- \"q\"\n", file: "t.yaml")
        XCTAssertEqual(result.diagnostics, [])
        let items = try XCTUnwrap(result.root?.sequence)
        XCTAssertEqual(items.count, 4)
        XCTAssertEqual(items[0].scalar, YAMLScalar("plain"))
        XCTAssertEqual(items[1].scalar, YAMLScalar("12", forcedString: true))
        XCTAssertEqual(items[1].tag, "tag:yaml.org,2002:str")
        XCTAssertEqual(items[2].scalar, YAMLScalar("block\n", style: .literal))
        XCTAssertEqual(items[3].scalar, YAMLScalar("q", style: .doubleQuoted))
        XCTAssertNil(items[0].tag)
    }

    func testAChildOutlivesItsParse() throws {
        func firstValue() -> YAMLNode? {
            YAMLParser.parse("a: {b: [1, two]}\n", file: "t.yaml").root?.mapping?.first?.value
        }
        let inner = try XCTUnwrap(firstValue())
        XCTAssertEqual(inner.mapping?.first?.value.sequence?.map { $0.scalar?.text }, ["1", "two"])
    }
}
