// Running host tools from tests: argv arrays through Foundation.Process (never a shell string), output
// captured through files (a daemonizing child may keep a pipe open), and one policy for missing tools:
// skip on a developer machine, fail in CI (CI=true), where scripts/install-deps.sh installs everything.
// Only programs in that script's table may be started (TopocTestSupport.InstallTable).
import Foundation
import TopocTestSupport
import XCTest

struct ToolResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}

enum HostTools {
    static var inCI: Bool { InstallTable.inCI }

    /// The repository root.
    static var repository: URL { InstallTable.repository }

    /// Skips the test when `reason` holds, unless in CI, where it fails instead.
    static func unavailable(_ reason: String) throws -> Never {
        try InstallTable.unavailable(reason)
    }

    /// The absolute path of each tool, looked up in PATH and the sbin directories.
    static func require(_ names: String...) throws -> [String: String] {
        var found: [String: String] = [:]
        for name in names {
            try InstallTable.checkListed([name])
            guard let path = locate(name) else { try unavailable("\(name) is not installed") }
            found[name] = path
        }
        return found
    }

    static func requireRoot(_ why: String) throws {
        if geteuid() != 0 { try unavailable("needs root: \(why)") }
    }

    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `argv` (argv[0] looked up like a shell would) in `directory` and waits for it.
    @discardableResult
    static func run(_ argv: [String], in directory: URL? = nil) throws -> ToolResult {
        guard let name = argv.first else { throw ToolFailure(description: "empty argv") }
        try InstallTable.checkListed(argv)
        let executable = name.hasPrefix("/") ? name : locate(name)
        guard let executable else { throw ToolFailure(description: "\(name) not found") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-emit-out-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return ToolResult(
            status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Runs `argv` and fails unless it exits 0.
    @discardableResult
    static func check(_ argv: [String], in directory: URL? = nil) throws -> ToolResult {
        let result = try run(argv, in: directory)
        guard result.status == 0 else {
            throw ToolFailure(
                description: "\(argv.joined(separator: " ")) exited \(result.status)\n\(result.stdout)\(result.stderr)")
        }
        return result
    }
}
