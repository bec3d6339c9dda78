import Foundation
import TopocEmit
import TopocPlan
import XCTest

/// Every `examples/*.yaml` compiles byte for byte to its committed tree under `Tests/Goldens/<example>/`.
final class GoldenTests: XCTestCase {
    func testEveryExampleMatchesItsGoldenTree() throws {
        let examples = RepositoryPaths.files(in: RepositoryPaths.examples, ending: ".yaml")
        XCTAssertGreaterThanOrEqual(examples.count, 2)
        for example in examples {
            let name = example.deletingPathExtension().lastPathComponent
            let result = Compiler.compile(bytes: Array(try Data(contentsOf: example)), file: "examples/\(name).yaml")
            XCTAssertFalse(result.diagnostics.hasErrors, "\(name): \(result.diagnostics)")
            let folder = RepositoryPaths.goldens.appendingPathComponent(name)
            if RepositoryPaths.recording {
                try record(result.artifacts, into: folder)
            } else {
                try compare(result.artifacts, with: folder, example: name)
            }
        }
    }

    func testTheExamplesTogetherEmitEveryKindOfArtifact() throws {
        var kinds: Set<ArtifactKind> = []
        for example in RepositoryPaths.files(in: RepositoryPaths.examples, ending: ".yaml") {
            kinds.formUnion(
                Compiler.compile(bytes: Array(try Data(contentsOf: example)), file: "lab.yaml").artifacts.map(\.kind))
        }
        XCTAssertEqual(kinds, Set(ArtifactKind.allCases))
    }

    func testCompilingTwiceGivesTheSameBytes() throws {
        for example in RepositoryPaths.files(in: RepositoryPaths.examples, ending: ".yaml") {
            let bytes = Array(try Data(contentsOf: example))
            let first = Compiler.compile(bytes: bytes, file: "lab.yaml").artifacts
            let second = Compiler.compile(bytes: bytes, file: "lab.yaml").artifacts
            XCTAssertEqual(first, second)
        }
    }

    private func record(_ artifacts: [Artifact], into folder: URL) throws {
        try? FileManager.default.removeItem(at: folder)
        for artifact in artifacts {
            let url = folder.appendingPathComponent(artifact.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try artifact.contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    private func compare(_ artifacts: [Artifact], with folder: URL, example: String) throws {
        let committed = Set(goldenFiles(in: folder))
        XCTAssertEqual(
            committed, Set(artifacts.map(\.path)), "\(example): the set of files differs (TOPOC_RECORD=1 re-records)")
        for artifact in artifacts {
            let url = folder.appendingPathComponent(artifact.path)
            let golden = try? String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(artifact.contents, golden, "\(example)/\(artifact.path) differs from its golden")
        }
    }

    private func goldenFiles(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }
    }
}
