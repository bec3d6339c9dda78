// A minimal QMP client over a UNIX socket (plain POSIX calls): enough to prove a started QEMU is alive and
// in the state we expect, and to stop it cleanly.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class QMPClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// The greeting QEMU sends on connect.
    private(set) var greeting: [String: Any] = [:]

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ToolFailure(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw ToolFailure(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ToolFailure(description: "connect \(path): errno \(errno)")
        }
        greeting = try readMessage()
        _ = try execute("qmp_capabilities")
    }

    deinit { close(descriptor) }

    /// Sends a command and returns its `return` value; events that arrive first are skipped.
    func execute(_ command: String, arguments: [String: Any]? = nil) throws -> Any {
        var message: [String: Any] = ["execute": command]
        if let arguments { message["arguments"] = arguments }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0x0a)
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw ToolFailure(description: "QMP write failed") }
        while true {
            let reply = try readMessage()
            if let error = reply["error"] { throw ToolFailure(description: "QMP \(command): \(error)") }
            if let value = reply["return"] { return value }
        }
    }

    /// HMP text through QMP, e.g. `info network`.
    func human(_ commandLine: String) throws -> String {
        (try execute("human-monitor-command", arguments: ["command-line": commandLine]) as? String) ?? ""
    }

    private func readMessage() throws -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: 0x0a) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw ToolFailure(description: "QMP sent a non-object")
                }
                return object
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ToolFailure(description: "QMP connection closed or timed out") }
            buffer += chunk[..<count]
        }
    }
}
