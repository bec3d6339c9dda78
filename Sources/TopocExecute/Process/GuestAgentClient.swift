// Process/GuestAgentClient owns talking to the QEMU guest agent (qemu-ga) of a running VM through the
// `virtio-serial` port QEMU exposes as `vms/<vm>/qga.sock`: synchronising with the agent, then running a
// program in the guest (`guest-exec`, its output collected by `guest-exec-status`, base64 both ways).
// Used by `topoc smoke`; the day-2 commands run their guest steps through it too.
import Foundation

/// How a program run by the guest agent ended, and what it printed.
public struct GuestProcessResult: Equatable, Sendable {
    /// nil when a signal ended it.
    public var exitCode: Int?
    public var signal: Int?
    public var stdout: String
    public var stderr: String
    /// qemu-ga keeps at most 16 MiB of each stream.
    public var truncated: Bool
}

/// A guest agent session. Not shared between tasks: open one, use it, let it go — QEMU serves one client of
/// the socket at a time, and a second one waits unanswered until the first has gone.
public final class GuestAgentClient {
    private let socket: JSONLineSocket
    private var nextSync = Int(UInt32.random(in: 1...UInt32.max))

    /// Connects to the agent socket at the absolute `path` and synchronises with the agent, waiting up to
    /// `timeout` seconds for it to answer (it starts late in a guest's boot, and may hold leftovers of an
    /// earlier client).
    public init(path: String, timeout: Double = 60) throws(ExecutionError) {
        socket = try JSONLineSocket(path: path, label: "QGA")
        try synchronise(until: Date().addingTimeInterval(timeout))
    }

    /// `guest-sync-delimited` until the agent answers our latest id. The 0xFF before each request resets the
    /// agent's JSON parser; the agent answers requests in order, so everything before the latest id's answer
    /// (earlier ids, parse errors, a former client's replies) is left behind.
    private func synchronise(until deadline: Date) throws(ExecutionError) {
        while true {
            nextSync = nextSync % Int(Int32.max) + 1
            let id = nextSync
            try socket.send(
                ["execute": "guest-sync-delimited", "arguments": ["id": id]], prefix: [0xff], what: "guest-sync")
            let attempt = min(deadline, Date().addingTimeInterval(5))
            do {
                while true {
                    let reply = try socket.readMessage(
                        until: attempt,
                        waitingFor:
                            "the guest agent (is qemu-guest-agent running in the guest, and no other client connected?)",
                        skippingOthers: true)
                    if (reply["return"] as? Int) == id { return }
                }
            } catch {
                if Date() >= deadline { throw error }
            }
        }
    }

    /// Sends `command` and returns its `return` value; an agent error becomes an `ExecutionError`.
    @discardableResult
    public func execute(_ command: String, arguments: [String: Any]? = nil, timeout: Double = 10)
        throws(ExecutionError) -> Any
    {
        var message: [String: Any] = ["execute": command]
        if let arguments { message["arguments"] = arguments }
        try socket.send(message, what: command)
        let reply = try socket.readMessage(
            until: Date().addingTimeInterval(timeout), waitingFor: "the reply to \(command)", skippingOthers: true)
        if let error = reply["error"] as? [String: Any] {
            throw socket.failure("\(command) failed: \(error["desc"] as? String ?? "\(error)")")
        }
        guard let value = reply["return"] else { throw socket.failure("\(command): a reply without `return`") }
        return value
    }

    /// Runs `argv` in the guest (its first word looked up in the agent's PATH), `input` on its stdin, and
    /// waits up to `timeout` seconds for it to end.
    public func run(_ argv: [String], input: String? = nil, timeout: Double = 120) throws(ExecutionError)
        -> GuestProcessResult
    {
        guard let program = argv.first else { throw socket.failure("guest-exec: nothing to run") }
        var arguments: [String: Any] = ["path": program, "arg": Array(argv.dropFirst()), "capture-output": true]
        if let input { arguments["input-data"] = Data(input.utf8).base64EncodedString() }
        let started = try execute("guest-exec", arguments: arguments) as? [String: Any]
        guard let pid = started?["pid"] as? Int else { throw socket.failure("guest-exec returned no pid") }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try execute("guest-exec-status", arguments: ["pid": pid]) as? [String: Any] ?? [:]
            if status["exited"] as? Bool == true { return Self.result(status) }
            guard Date() < deadline else {
                throw socket.failure("`\(argv.joined(separator: " "))` still runs after \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    static func result(_ status: [String: Any]) -> GuestProcessResult {
        func text(_ key: String) -> String {
            guard let encoded = status[key] as? String, let data = Data(base64Encoded: encoded) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
        return GuestProcessResult(
            exitCode: status["exitcode"] as? Int, signal: status["signal"] as? Int, stdout: text("out-data"),
            stderr: text("err-data"),
            truncated: status["out-truncated"] as? Bool == true || status["err-truncated"] as? Bool == true)
    }
}
