// Process/QMPClient owns talking to a running QEMU over its QMP UNIX socket: connect, greeting,
// capabilities negotiation, commands matched to their replies by id. Every read has a deadline: a QMP
// socket serves one client at a time, so a second client is accepted by the kernel but never greeted.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A QMP session. Not shared between tasks: open one, use it, let it go.
public final class QMPClient {
    /// The socket path as given (absolute).
    public let path: String
    /// What QEMU said on connect (`{"QMP": {"version": …}}`).
    public private(set) var greeting: [String: Any] = [:]
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1

    /// The longest path `sockaddr_un` holds, without its terminating NUL.
    public static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Connects to the socket at the absolute `path`, reads the greeting and enters command mode.
    ///
    /// A path longer than `sockaddr_un` allows is reached through `/proc/self/fd/N/<name>`, N being a
    /// descriptor of the socket's folder; only a socket name that alone is too long fails.
    public init(path: String, timeout: Double = 5) throws(ExecutionError) {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ExecutionError("QMP \(path): socket: \(Self.lastError())") }
        let deadline = Date().addingTimeInterval(timeout)
        // Fully initialised from here: a throw runs deinit, which closes the socket.
        try connect()
        greeting = try readMessage(until: deadline, waitingFor: "the QMP greeting")
        guard greeting["QMP"] != nil else { throw failure("QEMU did not greet with QMP: \(greeting)") }
        try execute("qmp_capabilities", timeout: max(deadline.timeIntervalSinceNow, 1))
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `command` and returns its `return` value (`[String: Any]` for most commands); a QMP error becomes
    /// an `ExecutionError` with QEMU's description. Events that arrive meanwhile are skipped.
    @discardableResult
    public func execute(_ command: String, arguments: [String: Any]? = nil, timeout: Double = 10)
        throws(ExecutionError) -> Any
    {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["execute": command, "id": id]
        if let arguments { message["arguments"] = arguments }
        guard var data = try? JSONSerialization.data(withJSONObject: message) else {
            throw failure("\(command): its arguments cannot be written as JSON")
        }
        data.append(0x0a)
        try send(data, command: command)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline, waitingFor: "the reply to \(command)")
            guard (reply["id"] as? Int) == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                let text = error["desc"] as? String ?? "\(error)"
                throw failure("\(command) failed: \(text)")
            }
            if let value = reply["return"] { return value }
        }
    }

    /// `query-status`'s `status` (`running`, `prelaunch`, `paused`, `internal-error`, …).
    public func status(timeout: Double = 10) throws(ExecutionError) -> String {
        let reply = try execute("query-status", timeout: timeout) as? [String: Any]
        guard let status = reply?["status"] as? String else { throw failure("query-status has no status") }
        return status
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
            let busy = errno == EAGAIN ? " (the monitor is busy: QMP serves one client at a time)" : ""
            throw failure("cannot connect: \(Self.lastError())\(busy)")
        }
    }

    private func send(_ data: Data, command: String) throws(ExecutionError) {
        var offset = 0
        let deadline = Date().addingTimeInterval(5)
        while offset < data.count {
            let written = data.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EINTR) && Date() < deadline {
                try wait(for: Int16(POLLOUT), until: deadline, waitingFor: "room to send \(command)")
            } else {
                throw failure("sending \(command) failed: \(Self.lastError())")
            }
        }
    }

    private func readMessage(until deadline: Date, waitingFor what: String) throws(ExecutionError) -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: 0x0a) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.allSatisfy({ $0 == 0x0d || $0 == 0x20 }) { continue }
                guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else {
                    throw failure("QEMU sent something that is not a JSON object")
                }
                return object
            }
            try wait(for: Int16(POLLIN), until: deadline, waitingFor: what)
            var chunk = [UInt8](repeating: 0, count: 8192)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else { throw failure("QEMU closed the connection while we waited for \(what)") }
            buffer += chunk[..<count]
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

    private func failure(_ message: String) -> ExecutionError {
        ExecutionError("QMP \(path): \(message)")
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
