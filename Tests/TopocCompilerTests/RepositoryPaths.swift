import Foundation

/// Paths into the repository, found from this file's location so tests run from any working directory.
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")
    static let goldens = root.appendingPathComponent("Tests/Goldens")
    static let errorFixtures = root.appendingPathComponent("Tests/TopocCompilerTests/Fixtures/errors")

    /// `TOPOC_RECORD=1` re-records goldens and expected diagnostics instead of comparing.
    static var recording: Bool { ProcessInfo.processInfo.environment["TOPOC_RECORD"] == "1" }

    static func files(in folder: URL, ending suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { folder.appendingPathComponent($0) }
    }
}
