// TopocTestSupport holds what every test target shares about this machine: the table of programs that
// scripts/install-deps.sh installs, and the policy for a missing one (skip on a developer machine, fail in
// CI). A fresh CI machine has only what that table installs, so the tests' helpers refuse to start a program
// missing from it: a green run here cannot hide a missing install step.
import Foundation
import XCTest

public struct MissingTool: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

public enum InstallTable {
    public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The repository root, from this file's place in it.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Command -> Debian package, as `scripts/install-deps.sh --commands` prints its table.
    public static let commands: [String: String] = readTable()

    /// Skips the test when `reason` holds, unless in CI, where it fails instead.
    public static func unavailable(_ reason: String) throws -> Never {
        if inCI { throw MissingTool("required in CI: \(reason)") }
        throw XCTSkip(reason)
    }

    /// Fails unless every program `argv` starts is in the table. The project's own files (the built `topoc`,
    /// the scripts) are not packages; `ip netns exec NS` and `env` are looked through to the program they run.
    public static func checkListed(_ argv: [String]) throws {
        for program in programs(in: argv) where commands[program] == nil {
            throw MissingTool(
                "`\(program)` is not in scripts/install-deps.sh's command table: add it with its Debian package, "
                    + "or a fresh CI machine will not have it")
        }
    }

    /// The programs an argv starts, outermost first.
    static func programs(in argv: [String]) -> [String] {
        guard let first = argv.first else { return [] }
        if first.hasPrefix(repository.path + "/") || first.contains("/.build/") {
            return []
        }
        let name = (first as NSString).lastPathComponent
        if name == "ip", argv.count > 4, argv[1] == "netns", argv[2] == "exec" {
            return [name] + programs(in: Array(argv.dropFirst(4)))
        }
        if name == "env" {
            let rest = argv.dropFirst().drop { $0.contains("=") || $0.hasPrefix("-") }
            return [name] + programs(in: Array(rest))
        }
        return [name]
    }

    private static func readTable() -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("scripts/install-deps.sh").path, "--commands"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [:] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var table: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { table[String(fields[0])] = String(fields[1]) }
        }
        return table
    }
}
