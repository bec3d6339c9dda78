// Emitting is a pure function: the same topology gives the same bytes, in path order, with no trace of the
// machine or the moment it ran on.
import Foundation
import TopocEmit
import TopocModel
import TopocPlan
import XCTest

final class DeterminismTests: XCTestCase {
    func testEmittingTwiceGivesIdenticalArtifactsInPathOrder() throws {
        let first = try TargetBackends.artifacts(Fixture.topology())
        let second = try TargetBackends.artifacts(Fixture.topology())
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.map(\.path), first.map(\.path).sorted())
        XCTAssertEqual(Set(first.map(\.path)).count, first.count, "two artifacts share a path")
        // The mobile-core kinds come from the examples, which GoldenTests check cover every kind.
        let core: Set<ArtifactKind> = [
            .open5gsConfig, .ueransimGNB, .ueransimUE, .oaiConfig, .oaiSubscribers, .oaiUE, .open5gsSubscriberScript,
            .open5gsSubscriberDocuments, .smokeTest,
        ]
        // The fixture is a qemu lab; the kubevirt kinds come from the kubevirt example.
        let kubevirt: Set<ArtifactKind> = [.kubeObject, .kubeApplySetParent, .kubeVirtPatch]
        XCTAssertEqual(
            Set(first.map(\.kind)), Set(ArtifactKind.allCases).subtracting(core).subtracting(kubevirt),
            "the fixture should exercise every artifact kind outside the mobile core")
    }

    func testArtifactsCarryNoMachinePaths() throws {
        // Guest paths (`/etc/...`, `/tmp/x` in a runcmd) are fine; this machine's own directories are not.
        let machinePaths = [FileManager.default.currentDirectoryPath, NSHomeDirectory(), HostTools.repository.path]
            .filter { $0.count > 1 }
        for artifact in try TargetBackends.artifacts(Fixture.topology()) {
            XCTAssertFalse(artifact.path.hasPrefix("/"), artifact.path)
            for path in machinePaths {
                XCTAssertFalse(artifact.contents.contains(path), "\(artifact.path) has \(path)")
            }
            guard artifact.kind == .qemuArgv else { continue }
            let argv = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(artifact.contents.utf8)) as? [String])
            for word in argv.dropFirst() {
                XCTAssertFalse(word.hasPrefix("/") || word.contains("=/") || word.contains(":/"), "absolute: \(word)")
            }
        }
    }

    func testModesFollowWhatTheFilesCarry() throws {
        for artifact in try TargetBackends.artifacts(Fixture.topology()) {
            switch artifact.kind {
            case .cloudInitUserData: XCTAssertEqual(artifact.mode, 0o600, artifact.path)
            case .qemuScript, .hostNetworkScript:
                XCTAssertEqual(artifact.mode, 0o755, artifact.path)
                XCTAssertTrue(artifact.contents.hasPrefix("#!/bin/sh\n"), artifact.path)
            default: XCTAssertEqual(artifact.mode, 0o644, artifact.path)
            }
            XCTAssertTrue(artifact.contents.hasSuffix("\n"), artifact.path)
        }
    }
}
