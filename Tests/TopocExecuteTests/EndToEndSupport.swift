// Support for the end-to-end tests: the Debian test guest (built once per machine by
// scripts/build-e2e-image.sh), the `topoc` binary next to the test bundle, a lab copy in a temp folder,
// and waits on the guests' serial consoles.
import Foundation
import XCTest

@testable import TopocExecute

enum EndToEnd {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built `topoc`, beside the test bundle in the build folder.
    static var topoc: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("topoc").path
    }

    /// Builds (or finds in the cache) the test guest; returns the cache folder with base.qcow2 and vmlinuz.
    static func guestImage() throws -> URL {
        let script = repository.appendingPathComponent("scripts/build-e2e-image.sh").path
        let output = try DriverTools.check(["bash", script], timeout: 1200)
        // The script prints the image's paths (base.qcow2 first), wherever TOPOC_CACHE put them.
        guard let base = output.stdout.split(separator: "\n").first else {
            throw DriverTestFailure(description: "build-e2e-image.sh printed no paths")
        }
        return URL(fileURLWithPath: String(base)).deletingLastPathComponent()
    }

    /// The e2e example with its image paths pointing at the built guest, optionally edited, written to `folder`.
    static func lab(in folder: URL, named name: String = "lab.yaml", edit: (String) -> String = { $0 }) throws -> String
    {
        let example = repository.appendingPathComponent("examples/e2e-two-vms.yaml")
        var text = try String(contentsOf: example, encoding: .utf8)
        text = text.replacingOccurrences(of: "../.cache/e2e/", with: try guestImage().path + "/")
        let path = folder.appendingPathComponent(name).path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `topoc` inside the namespace (or not, with nil) and returns its output.
    @discardableResult
    static func topoc(_ arguments: [String], netns: NetworkNamespace?, expect status: Int32? = 0) throws
        -> CommandOutput
    {
        let argv = (netns?.prefix ?? []) + [topoc] + arguments
        let output = try CommandRunner().runBlocking(HostCommand(argv, timeout: 300))
        if let status, output.termination != .exited(status) {
            throw DriverTestFailure(
                description:
                    "topoc \(arguments.joined(separator: " ")) ended \(output.termination), expected \(status)\n"
                    + "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        }
        return output
    }

    /// Waits (bounded) until every pattern appears in the file; returns its text.
    static func waitFor(_ patterns: [String], in file: URL, seconds: Double) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
            if patterns.allSatisfy({ text.contains($0) }) { return text }
            Thread.sleep(forTimeInterval: 2)
        }
        throw DriverTestFailure(
            description: "\(file.lastPathComponent) never showed \(patterns) in \(Int(seconds)) s; its end:\n"
                + String(text.suffix(1500)))
    }

    static func pid(of vm: String, lab: URL) -> Int32? {
        let text = (try? String(contentsOf: lab.appendingPathComponent("vms/\(vm)/qemu.pid"), encoding: .utf8)) ?? ""
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    /// QEMU processes of this lab still running anywhere, found by the UUIDs in its `qemu.json` files
    /// (a daemonized QEMU's working directory is `/`, so that cannot tell).
    static func qemuProcesses(lab: URL) -> [String] {
        let vms = (try? FileManager.default.contentsOfDirectory(atPath: lab.appendingPathComponent("vms").path)) ?? []
        let uuids = vms.compactMap { vm -> String? in
            guard
                let data = FileManager.default.contents(atPath: lab.appendingPathComponent("vms/\(vm)/qemu.json").path),
                let argv = try? JSONDecoder().decode([String].self, from: data),
                let index = argv.firstIndex(of: "-uuid"), index + 1 < argv.count
            else { return nil }
            return argv[index + 1]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> String? in
            guard let pid = Int32(name), isRunning(pid),
                let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return command.hasPrefix("qemu-system") && uuids.contains(where: command.contains)
                ? "\(pid) " + command : nil
        }
    }
}
