import Foundation
import TopocDiagnostics
import TopocModel
import TopocPlan
import XCTest

/// Each `Fixtures/errors/NAME.yaml` is an invalid lab; `NAME.expected` holds its exact rendered diagnostics.
/// The file name is used as given (`NAME.yaml`), so the expected text is the same on every machine. A line
/// `# options: apply, --target qemu` compiles the fixture as `diff`/`apply` do, or with `plan --target`.
final class ErrorFixtureTests: XCTestCase {
    func testEveryFixtureRendersExactlyItsExpectedDiagnostics() throws {
        let fixtures = RepositoryPaths.files(in: RepositoryPaths.errorFixtures, ending: ".yaml")
        XCTAssertGreaterThanOrEqual(fixtures.count, 40, "the issue asks for at least 40 error fixtures")
        for fixture in fixtures {
            let name = fixture.lastPathComponent
            let bytes = Array(try Data(contentsOf: fixture))
            let result = Compiler.compile(bytes: bytes, file: name, options: options(of: bytes))
            XCTAssertTrue(result.diagnostics.hasErrors, "\(name) should not compile")
            XCTAssertTrue(result.artifacts.isEmpty, "\(name): nothing is emitted when there are errors")
            let rendered = DiagnosticRenderer(sources: [name: String(decoding: bytes, as: UTF8.self)])
                .render(result.diagnostics)
            let expectedURL = fixture.deletingPathExtension().appendingPathExtension("expected")
            if RepositoryPaths.recording {
                try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            XCTAssertEqual(rendered, expected, "\(name): diagnostics differ (TOPOC_RECORD=1 re-records)")
        }
    }

    /// The compile options a fixture asks for in its `# options:` line.
    private func options(of bytes: [UInt8]) -> CompileOptions {
        var options = CompileOptions()
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# options:") }) else {
            return options
        }
        for option in line.dropFirst("# options:".count).split(separator: ",") {
            let words = option.split(separator: " ")
            switch (words.first, words.last) {
            case ("apply", _): options.forApply = true
            case ("--target", let target?): options.target = Target(rawValue: String(target))
            default: XCTFail("unknown fixture option `\(option)`")
            }
        }
        return options
    }
}
