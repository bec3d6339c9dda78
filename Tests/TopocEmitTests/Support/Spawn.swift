// Starting a command that daemonizes (QEMU with -daemonize, or qemu.sh which execs it). Foundation.Process
// cannot be used for these: swift-corelibs-foundation learns that a child ended through a descriptor the
// child inherits, so waitUntilExit() blocks until every process holding it exits, daemon included (measured:
// `sh -c 'sleep 3 &'` "takes" 3 s). posix_spawn + waitpid waits for the direct child only. Still an argv
// array, never a shell string; the working directory is set with coreutils `env -C`.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension HostTools {
    /// Runs `argv` in `directory`, waiting for that process only, and fails unless it exits 0.
    static func checkDaemonizing(_ argv: [String], in directory: URL) throws {
        guard let env = locate("env") else { throw ToolFailure(description: "env not found") }
        let command = [env, "-C", directory.path] + argv
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("topoc-emit-spawn-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, env, &actions, nil, &arguments, environ)
        guard spawned == 0 else { throw ToolFailure(description: "posix_spawn \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw ToolFailure(description: "\(argv.joined(separator: " ")) failed (status \(status)):\n\(text)")
        }
    }
}
