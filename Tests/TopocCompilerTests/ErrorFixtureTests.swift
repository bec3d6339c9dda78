import Foundation
import TopocDiagnostics
import TopocPlan
import XCTest

/// Each `Fixtures/errors/NAME.yaml` is an invalid lab; `NAME.expected` holds its exact rendered diagnostics.
/// The file name is used as given (`NAME.yaml`), so the expected text is the same on every machine.
final class ErrorFixtureTests: XCTestCase {
    func testEveryFixtureRendersExactlyItsExpectedDiagnostics() throws {
        let fixtures = RepositoryPaths.files(in: RepositoryPaths.errorFixtures, ending: ".yaml")
        XCTAssertGreaterThanOrEqual(fixtures.count, 40, "the issue asks for at least 40 error fixtures")
        for fixture in fixtures {
            let name = fixture.lastPathComponent
            let bytes = Array(try Data(contentsOf: fixture))
            let result = Compiler.compile(bytes: bytes, file: name)
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
}
