// The kubevirt manifests checked as a strict API server would: custom kinds against the public CRDs catalog's
// JSON Schemas (copied into the test's folder, never committed), core kinds with kubernetes-validate for a
// named Kubernetes version (installed by scripts/install-deps.sh into .build/python-env).
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class KubeVirtSchemaTests: XCTestCase {
    /// The Kubernetes release the core kinds are checked against.
    static let kubernetesVersion = "1.31"

    func testEveryEmittedObjectValidatesStrictlyAgainstItsSchema() throws {
        let crds = try Self.catalog()
        let python = HostTools.repository.appendingPathComponent(".build/python-env/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            try HostTools.unavailable("no .build/python-env with kubernetes-validate: run `make deps`")
        }
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemas = folder.appendingPathComponent("crds")
        try FileManager.default.copyItem(at: crds, to: schemas)
        let example = HostTools.repository.appendingPathComponent("examples/follow-me-5g.yaml")
        let labs = [
            ("follow-me-5g", Compiler.compile(bytes: Array(try Data(contentsOf: example)), file: "follow-me-5g.yaml")),
            ("twin", try KubeVirtManifestTests.compile(.kubevirt)),
        ]
        var files: [String] = []
        for (name, compilation) in labs {
            XCTAssertFalse(compilation.diagnostics.hasErrors, "\(name): \(compilation.diagnostics)")
            for artifact in compilation.artifacts where artifact.path.hasPrefix("kubevirt/") {
                let url = folder.appendingPathComponent(name).appendingPathComponent(artifact.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // The CR patch is checked as the KubeVirt object it patches.
                let marker = artifact.kind == .kubeVirtPatch ? "# check-manifests: as kubevirt.io/v1 KubeVirt\n" : ""
                try Data((marker + artifact.contents).utf8).write(to: url)
                files.append(url.path)
            }
        }
        XCTAssertGreaterThanOrEqual(files.count, 12)
        let script = HostTools.repository.appendingPathComponent("scripts/check-manifests.py").path
        let result = try HostTools.run(
            [python, script, "--crds", schemas.path, "--kubernetes-version", Self.kubernetesVersion] + files)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("manifests: \(files.count) passed, 0 failed"), result.stdout)
    }

    /// The schemas live beside the repository (`../shared/schemas/crds` from the main checkout), or where
    /// `TOPOC_CRD_SCHEMAS` says; they are not the project's to commit.
    static func catalog() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["TOPOC_CRD_SCHEMAS"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        var folder = HostTools.repository
        for _ in 0..<3 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("shared/schemas/crds"))
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw XCTSkip("skipped: no CRD schema catalog (set TOPOC_CRD_SCHEMAS to a datreeio/CRDs-catalog folder)")
        }
        return found
    }

    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "topoc-kube-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
