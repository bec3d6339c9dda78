import TopocEmit

/// Runs host commands; `CommandRunner` in production, a recorder in tests.
public protocol KubectlRunning: Sendable {
    func run(_ command: HostCommand) async throws(ExecutionError) -> CommandOutput
}

extension CommandRunner: KubectlRunning {}

/// The kubevirt lab's flows over kubectl: apply (then wait until everything is ready), diff and destroy. Each
/// failure names the command and what kubectl said; a wait that times out names what is not ready.
public struct KubectlDriver: Sendable {
    public var commands: KubectlCommands
    public var runner: any KubectlRunning
    /// Seconds each wait may take (VMs import their disk first: minutes).
    public var readyTimeout: Int

    public init(commands: KubectlCommands, runner: any KubectlRunning, readyTimeout: Int = 600) {
        self.commands = commands
        self.runner = runner
        self.readyTimeout = readyTimeout
    }

    public func apply() async throws(ExecutionError) {
        _ = try await checked(commands.apply, timeout: 300)
        for wait in commands.waits(timeoutSeconds: readyTimeout) {
            let output = try await runner.run(HostCommand(wait, timeout: Double(readyTimeout + 30)))
            guard output.succeeded else { throw notReady(output) }
        }
    }

    /// Whether the cluster differs from the lab's manifests, and kubectl's diff.
    public func diff() async throws(ExecutionError) -> (differs: Bool, text: String) {
        let output = try await runner.run(HostCommand(commands.diff, timeout: 120))
        switch output.termination {
        case .exited(0): return (false, output.stdout)
        case .exited(1): return (true, output.stdout)
        default: throw failure(output)
        }
    }

    public func destroy() async throws(ExecutionError) {
        for command in commands.destroy { _ = try await checked(command, timeout: 600) }
    }

    private func checked(_ argv: [String], timeout: Double) async throws(ExecutionError) -> CommandOutput {
        let output = try await runner.run(HostCommand(argv, timeout: timeout))
        guard output.succeeded else { throw failure(output) }
        return output
    }

    private func failure(_ output: CommandOutput) -> ExecutionError {
        ExecutionError("kubectl failed (\(output.termination))", command: output.command, stderr: output.stderr)
    }

    /// kubectl says `timed out waiting for the condition on <resource>/<name>` once per object not ready.
    func notReady(_ output: CommandOutput) -> ExecutionError {
        let marker = "timed out waiting for the condition on "
        let names = output.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: marker) else { return nil }
            return String(line[range.upperBound...])
        }
        guard !names.isEmpty else { return failure(output) }
        return ExecutionError(
            "not ready after \(readyTimeout) s: \(names.joined(separator: ", "))", command: output.command,
            stderr: output.stderr)
    }
}
