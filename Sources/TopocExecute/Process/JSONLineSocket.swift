// Process/JSONLineSocket owns a client connection to one of QEMU's UNIX sockets that speak one JSON object
// per line: QMP (QMPClient) and the guest agent (GuestAgentClient). Every read has a deadline, since neither
// side promises to answer: QMP serves one client at a time, and the guest agent only answers once it runs.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A connected socket and what it has read but not yet returned. Not shared between tasks.
final class JSONLineSocket {
    /// The socket path as given (absolute), and how errors name the protocol (`QMP`, `QGA`).
    let path: String
    let label: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// The longest path `sockaddr_un` holds, without its terminating NUL.
    static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Connects to the socket at the absolute `path`. A path longer than `sockaddr_un` allows is reached
    /// through `/proc/self/fd/N/<name>`, N being a descriptor of the socket's folder; only a socket name that
    /// alone is too long fails.
    init(path: String, label: String) throws(ExecutionError) {
        self.path = path
        self.label = label
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ExecutionError("\(label) \(path): socket: \(Self.lastError())") }
        // Fully initialised from here: a throw runs deinit, which closes the socket.
        try connect()
    }

    deinit { Glibc.close(descriptor) }

    /// Writes `object` as one JSON line, after `prefix` (the guest agent's 0xFF parser reset).
    func send(_ object: [String: Any], prefix: [UInt8] = [], what: String) throws(ExecutionError) {
        guard let json = try? JSONSerialization.data(withJSONObject: object) else {
            throw failure("\(what): its arguments cannot be written as JSON")
        }
        var data = Data(prefix)
        data.append(json)
        data.append(0x0a)
        var offset = 0
        let deadline = Date().addingTimeInterval(5)
        while offset < data.count {
            let written = data.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EINTR) && Date() < deadline {
                try wait(for: Int16(POLLOUT), until: deadline, waitingFor: "room to send \(what)")
            } else {
                throw failure("sending \(what) failed: \(Self.lastError())")
            }
        }
    }

    /// The next line that is a JSON object; with `skippingOthers`, lines that are not (a guest agent's
    /// leftovers, its 0xFF delimiter) are passed over, else they are an error.
    func readMessage(until deadline: Date, waitingFor what: String, skippingOthers: Bool = false)
        throws(ExecutionError) -> [String: Any]
    {
        while true {
            if let newline = buffer.firstIndex(of: 0x0a) {
                var line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if skippingOthers { line.removeAll { $0 == 0xff } }
                if line.allSatisfy({ $0 == 0x0d || $0 == 0x20 }) { continue }
                if let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] { return object }
                if skippingOthers { continue }
                throw failure("QEMU sent something that is not a JSON object")
            }
            try wait(for: Int16(POLLIN), until: deadline, waitingFor: what)
            var chunk = [UInt8](repeating: 0, count: 8192)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else { throw failure("QEMU closed the connection while we waited for \(what)") }
            buffer += chunk[..<count]
        }
    }

    func failure(_ message: String) -> ExecutionError {
        ExecutionError("\(label) \(path): \(message)")
    }

    private func connect() throws(ExecutionError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var target = path
        var folder: Int32 = -1
        defer { if folder >= 0 { Glibc.close(folder) } }
        if path.utf8.count > Self.maximumPathLength {
            let url = URL(fileURLWithPath: path)
            folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard folder >= 0 else { throw failure("cannot open its folder: \(Self.lastError())") }
            target = "/proc/self/fd/\(folder)/\(url.lastPathComponent)"
            guard target.utf8.count <= Self.maximumPathLength else {
                throw failure(
                    "the socket name is longer than the \(Self.maximumPathLength) bytes a UNIX socket path may have")
            }
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in target.utf8.enumerated() { raw[offset] = byte }
        }
        // Non-blocking, so a full listen backlog (a busy monitor) fails at once instead of blocking.
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let busy = errno == EAGAIN ? " (the socket is busy: QEMU serves one client at a time)" : ""
            throw failure("cannot connect: \(Self.lastError())\(busy)")
        }
    }

    private func wait(for events: Int16, until deadline: Date, waitingFor what: String) throws(ExecutionError) {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw failure("no answer within the time allowed while waiting for \(what)")
            }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw failure("poll: \(Self.lastError())") }
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
