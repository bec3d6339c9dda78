// Process/QMPClient owns talking to a running QEMU over its QMP UNIX socket: greeting, capabilities
// negotiation, commands matched to their replies by id. The socket and its deadlines are JSONLineSocket's: a
// QMP socket serves one client at a time, so a second client is accepted by the kernel but never greeted.
import Foundation

/// A QMP session. Not shared between tasks: open one, use it, let it go.
public final class QMPClient {
    /// The socket path as given (absolute).
    public var path: String { socket.path }
    /// What QEMU said on connect (`{"QMP": {"version": …}}`).
    public private(set) var greeting: [String: Any] = [:]
    private let socket: JSONLineSocket
    private var nextID = 1

    /// The longest path `sockaddr_un` holds, without its terminating NUL.
    public static let maximumPathLength = JSONLineSocket.maximumPathLength

    /// Connects to the socket at the absolute `path`, reads the greeting and enters command mode. A path
    /// longer than `sockaddr_un` allows is reached through the socket's folder (see JSONLineSocket).
    public init(path: String, timeout: Double = 5) throws(ExecutionError) {
        let deadline = Date().addingTimeInterval(timeout)
        socket = try JSONLineSocket(path: path, label: "QMP")
        greeting = try socket.readMessage(until: deadline, waitingFor: "the QMP greeting")
        guard greeting["QMP"] != nil else { throw socket.failure("QEMU did not greet with QMP: \(greeting)") }
        try execute("qmp_capabilities", timeout: max(deadline.timeIntervalSinceNow, 1))
    }

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
        try socket.send(message, what: command)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try socket.readMessage(until: deadline, waitingFor: "the reply to \(command)")
            guard (reply["id"] as? Int) == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                let text = error["desc"] as? String ?? "\(error)"
                throw socket.failure("\(command) failed: \(text)")
            }
            if let value = reply["return"] { return value }
        }
    }

    /// `query-status`'s `status` (`running`, `prelaunch`, `paused`, `internal-error`, …).
    public func status(timeout: Double = 10) throws(ExecutionError) -> String {
        let reply = try execute("query-status", timeout: timeout) as? [String: Any]
        guard let status = reply?["status"] as? String else { throw socket.failure("query-status has no status") }
        return status
    }
}
