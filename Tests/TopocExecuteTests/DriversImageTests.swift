import Foundation
import TopocPlan
import XCTest

@testable import TopocExecute

/// Base images: local files checked against their checksum, downloads (curl) from a loopback HTTP server
/// (python3 -m http.server) verified, cached, and refused on a mismatch.
final class DriversImageTests: XCTestCase {
    var server: SpawnedProcess?
    var port = 0
    var served: URL?

    override func tearDown() {
        stopServer()
        if let served { try? FileManager.default.removeItem(at: served) }
    }

    /// Serves a fresh folder holding `image.qcow2` (`bytes` of it) on 127.0.0.1.
    func startServer(bytes: Int) throws -> Data {
        guard let python = CommandRunner.locate("python3") else {
            try DriverTools.unavailable("python3 is not installed")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-drv-www-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        served = folder
        let data = Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
        try data.write(to: folder.appendingPathComponent("image.qcow2"))
        let process = try SpawnedProcess(
            executable: python, argv: ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
            directory: folder.path)
        server = process
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let range = process.stdout.range(of: #"port (\d+)"#, options: .regularExpression) {
                port = Int(process.stdout[range].dropFirst(5)) ?? 0
                return data
            }
            if process.poll() != nil { break }
            usleep(50_000)
        }
        throw DriverTestFailure(description: "http.server did not start: \(process.stdout) \(process.stderr)")
    }

    func stopServer() {
        server?.killGroup()
        _ = server?.waitBlocking()
        server = nil
    }

    func image(url: String? = nil, path: String? = nil, sha256: String?, base: String) -> DesiredResource {
        var attributes = ["base": base, "format": "qcow2"]
        attributes["url"] = url
        attributes["path"] = path
        attributes["sha256"] = sha256
        return DesiredResource(id: ResourceID(.image, "base"), digests: [.source: "x"], attributes: attributes)
    }

    static func sha256(_ data: Data) -> String { FileDigest.sha256(of: data) }

    func testDownloadsVerifiesAndThenReusesTheImage() async throws {
        let data = try startServer(bytes: 3 << 20)
        let lab = try DriverLab()
        let digest = Self.sha256(data)
        let image = image(
            url: "http://127.0.0.1:\(port)/image.qcow2", sha256: digest.uppercased(), base: "images/base.qcow2")
        let hook = RecordingHook()

        let attributes = try await HostDrivers().ensureImage(image, lab: lab.context, hook: hook)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: lab.path("images/base.qcow2"))), data)
        XCTAssertEqual(attributes["verified-sha256"], digest)
        XCTAssertEqual(attributes["size"], String(data.count))
        XCTAssertNotNil(attributes["mtime"])
        let mode = try FileManager.default.attributesOfItem(atPath: lab.path("images/base.qcow2"))[.posixPermissions]
        XCTAssertEqual(mode as? Int, 0o644)
        XCTAssertEqual(hook.progress.last?.fraction, 1)
        XCTAssertEqual(hook.progressSteps, ["image:base/ensure"])
        XCTAssertEqual(hook.progress.last?.detail, "3.0 MiB of 3.0 MiB")
        XCTAssertEqual(hook.progress.map(\.fraction), hook.progress.map(\.fraction).sorted(), "progress only grows")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: lab.path("images")).sorted(),
            ["base.qcow2", "base.verified.json"], "no partial download is left")

        // Cached: with the server gone, the verified copy is used as it is, without hashing it again.
        stopServer()
        let again = RecordingHook()
        let cached = try await HostDrivers().ensureImage(image, lab: lab.context, hook: again)
        XCTAssertEqual(cached, attributes)
        XCTAssertEqual(again.events, [])
        let recorded = RecordedResource(id: image.id, digests: image.digests, attributes: attributes)
        XCTAssertEqual(HostDrivers().status(of: recorded, lab: lab.context), .present)

        // A changed file is drift.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: lab.path("images/base.qcow2")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([1]))
        try handle.close()
        XCTAssertEqual(
            HostDrivers().status(of: recorded, lab: lab.context),
            .missing("image file \(lab.path("images/base.qcow2")) changed since it was verified"))
    }

    func testAChecksumMismatchIsRefusedAndLeavesNothing() async throws {
        let data = try startServer(bytes: 100_000)
        let lab = try DriverLab()
        let wrong = String(repeating: "0", count: 64)
        let url = "http://127.0.0.1:\(port)/image.qcow2"
        do {
            _ = try await HostDrivers().ensureImage(
                image(url: url, sha256: wrong, base: "images/base.qcow2"), lab: lab.context, hook: RecordingHook())
            XCTFail("a download with the wrong checksum was accepted")
        } catch {
            XCTAssertEqual(
                error.message,
                "image:base: checksum mismatch for \(url): expected SHA-256 \(wrong), got \(Self.sha256(data))")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: lab.path("images")), [])
    }

    func testAWrongCopyIsDownloadedAgain() async throws {
        let data = try startServer(bytes: 50_000)
        let lab = try DriverLab()
        try FileManager.default.createDirectory(atPath: lab.path("images"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: lab.path("images/base.qcow2")))
        let hook = RecordingHook()
        let image = image(
            url: "http://127.0.0.1:\(port)/image.qcow2", sha256: Self.sha256(data), base: "images/base.qcow2")
        _ = try await HostDrivers().ensureImage(image, lab: lab.context, hook: hook)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: lab.path("images/base.qcow2"))), data)
        XCTAssertEqual(hook.notes.count, 1)
        XCTAssertTrue(hook.notes.first?.contains("downloading it again") ?? false, "\(hook.notes)")
    }

    func testAnHTTPErrorIsReported() async throws {
        _ = try startServer(bytes: 10)
        let lab = try DriverLab()
        let url = "http://127.0.0.1:\(port)/missing.qcow2"
        do {
            _ = try await HostDrivers().ensureImage(
                image(url: url, sha256: nil, base: "images/base.qcow2"), lab: lab.context, hook: RecordingHook())
            XCTFail("a 404 was accepted")
        } catch {
            XCTAssertTrue(error.message.hasPrefix("image:base: downloading \(url) failed: HTTP 404"), error.message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: lab.path("images/base.qcow2")))
    }

    func testTheLastResponseOfARedirectGivesStatusAndLength() {
        let redirected = HTTPResponseHead(
            dump: "HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 12\r\n\r\n"
                + "HTTP/2 200\r\ncontent-length: 3145728\r\n\r\n")
        XCTAssertEqual(redirected.status, 200)
        XCTAssertEqual(redirected.reason, "")
        XCTAssertEqual(redirected.contentLength, 3_145_728)
        let missing = HTTPResponseHead(dump: "HTTP/1.0 404 File not found\r\nServer: x\r\n\r\n")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.reason, "File not found")
        XCTAssertNil(missing.contentLength)
        XCTAssertNil(HTTPResponseHead(dump: "").status)
    }

    func testALocalImageIsCheckedAndItsVerificationRemembered() async throws {
        let lab = try DriverLab()
        // Beside the lab folder, inside the test's own temporary root (removed with the lab).
        try FileManager.default.createDirectory(atPath: lab.path("../shared"), withIntermediateDirectories: true)
        let data = Data(repeating: 7, count: 200_000)
        try data.write(to: URL(fileURLWithPath: lab.path("../shared/local.img")))
        let base = "../shared/local.img"
        let digest = Self.sha256(data)
        let hook = RecordingHook()
        let attributes = try await HostDrivers().ensureImage(
            image(path: base, sha256: digest, base: base), lab: lab.context, hook: hook)
        XCTAssertEqual(attributes["verified-sha256"], digest)
        XCTAssertEqual(attributes["base"], base)
        XCTAssertEqual(hook.progress.last?.detail, "verifying 195.3 KiB of 195.3 KiB")
        let record = try XCTUnwrap(VerificationRecord.load(from: lab.path("images/base.verified.json")))
        XCTAssertEqual(record.sha256, digest)
        XCTAssertEqual(record.path, lab.path(base))

        let again = RecordingHook()
        _ = try await HostDrivers().ensureImage(
            image(path: base, sha256: digest, base: base), lab: lab.context, hook: again)
        XCTAssertEqual(again.events, [], "not hashed again")

        let wrong = String(repeating: "a", count: 64)
        do {
            _ = try await HostDrivers().ensureImage(
                image(path: base, sha256: wrong, base: base), lab: lab.context, hook: RecordingHook())
            XCTFail("a local image with the wrong checksum was accepted")
        } catch {
            XCTAssertEqual(
                error.message,
                "image:base: checksum mismatch for \(lab.path(base)): expected SHA-256 \(wrong), got \(digest)")
        }
        do {
            _ = try await HostDrivers().ensureImage(
                image(path: "nowhere.img", sha256: nil, base: "nowhere.img"), lab: lab.context, hook: RecordingHook())
            XCTFail("a missing local image was accepted")
        } catch {
            XCTAssertEqual(error.message, "image:base: its file \(lab.path("nowhere.img")) does not exist")
        }
    }
}
