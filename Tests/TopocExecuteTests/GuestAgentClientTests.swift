// The guest agent client against a fake agent on a UNIX socket in the test's folder: it answers the way
// qemu-ga does (qga/qapi-schema.json: `guest-sync-delimited` after a 0xFF, `guest-exec` with a pid,
// `guest-exec-status` with base64 output), with leftovers of an earlier client in front, so the client must
// synchronise past them, send its input base64-encoded and poll until the program has exited.
import Foundation
import XCTest

@testable import TopocExecute

#if canImport(Glibc)
    import Glibc
#endif

final class GuestAgentClientTests: XCTestCase {
    func testRunSynchronisesPastLeftoversSendsInputAndPollsUntilExit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-qga-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let agent = try FakeAgent(path: folder.appendingPathComponent("qga.sock").path)

        let result = try GuestAgentClient(path: agent.path, timeout: 10).run(
            ["sh", "-s"], input: "echo hi\n", timeout: 10)
        agent.finish()

        XCTAssertEqual(result.exitCode, 0)
        XCTAssertEqual(result.stdout, "hi\n")
        XCTAssertEqual(result.stderr, "warn\n")
        let exec = try XCTUnwrap(agent.received.first { $0["execute"] as? String == "guest-exec" })
        let arguments = try XCTUnwrap(exec["arguments"] as? [String: Any])
        XCTAssertEqual(arguments["path"] as? String, "sh")
        XCTAssertEqual(arguments["arg"] as? [String], ["-s"])
        XCTAssertEqual(arguments["input-data"] as? String, Data("echo hi\n".utf8).base64EncodedString())
        XCTAssertEqual(arguments["capture-output"] as? Bool, true)
        XCTAssertEqual(agent.received.filter { $0["execute"] as? String == "guest-exec-status" }.count, 2)
    }

    func testAnAgentThatNeverAnswersTimesOut() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-qga-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let agent = try FakeAgent(path: folder.appendingPathComponent("qga.sock").path, silent: true)
        defer { agent.finish() }
        XCTAssertThrowsError(try GuestAgentClient(path: agent.path, timeout: 1)) { error in
            XCTAssertTrue("\(error)".contains("is qemu-guest-agent running in the guest"), "\(error)")
        }
    }
}

/// A one-connection qemu-ga stand-in on a thread.
final class FakeAgent: @unchecked Sendable {
    let path: String
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var messages: [[String: Any]] = []

    var received: [[String: Any]] {
        lock.lock()
        defer { lock.unlock() }
        return messages
    }

    init(path: String, silent: Bool = false) throws {
        self.path = path
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in path.utf8.enumerated() { raw[offset] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(listener, 1) == 0 else { throw DriverTestFailure(description: "cannot listen") }
        Thread.detachNewThread { [self] in
            serve(silent: silent)
            done.signal()
        }
    }

    func finish() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        _ = done.wait(timeout: .now() + 5)
    }

    private func serve(silent: Bool) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        // An earlier client's reply still in the channel.
        write(connection, "{\"return\": {\"pid\": 7}}\n")
        var buffer: [UInt8] = []
        var statusCalls = 0
        while true {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return }
            buffer += chunk[..<count]
            while let newline = buffer.firstIndex(of: 0x0a) {
                let line = buffer[..<newline].filter { $0 != 0xff }
                buffer.removeSubrange(...newline)
                guard !silent,
                    let message = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
                else { continue }
                lock.lock()
                messages.append(message)
                lock.unlock()
                write(connection, reply(to: message, statusCalls: &statusCalls))
            }
        }
    }

    private func reply(to message: [String: Any], statusCalls: inout Int) -> String {
        switch message["execute"] as? String {
        case "guest-sync-delimited":
            let id = (message["arguments"] as? [String: Any])?["id"] as? Int ?? 0
            return "\u{ff}{\"return\": \(id)}\n"
        case "guest-exec":
            return "{\"return\": {\"pid\": 42}}\n"
        case "guest-exec-status":
            statusCalls += 1
            if statusCalls == 1 { return "{\"return\": {\"exited\": false}}\n" }
            let out = Data("hi\n".utf8).base64EncodedString()
            let err = Data("warn\n".utf8).base64EncodedString()
            return
                "{\"return\": {\"exited\": true, \"exitcode\": 0, \"out-data\": \"\(out)\", \"err-data\": \"\(err)\"}}\n"
        default:
            return "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"unknown\"}}\n"
        }
    }

    private func write(_ connection: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        // "\u{ff}" is two bytes in UTF-8; qemu-ga sends the single byte 0xFF.
        if let marker = text.unicodeScalars.first, marker == "\u{ff}" { bytes = [0xff] + Array(text.dropFirst().utf8) }
        _ = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
