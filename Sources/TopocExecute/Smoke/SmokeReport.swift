// Smoke/SmokeReport owns what a lab's smoke test found: the results the VMs' `smoke.sh` scripts print (one
// JSON object per line and check), and what kept a VM from reporting at all. Decoding and rendering live here
// so `topoc smoke` stays a thin command.
import Foundation

/// One check of one gNB or UE, as `smoke.sh` prints it, with the VM it ran in.
public struct SmokeResult: Codable, Equatable, Sendable {
    /// `ng-setup`, `registration`, `pdu-session` or `traffic`.
    public var check: String
    /// The gNB or UE group.
    public var subject: String
    /// The nr-cli node: `UERANSIM-gnb-…` or `imsi-…`.
    public var node: String
    /// `1/000001` for the session checks, empty otherwise.
    public var slice: String
    public var dnn: String
    public var ok: Bool
    public var detail: String
    public var vm: String = ""

    enum CodingKeys: String, CodingKey { case check, subject, node, slice, dnn, ok, detail, vm }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        check = try container.decode(String.self, forKey: .check)
        subject = try container.decode(String.self, forKey: .subject)
        node = try container.decode(String.self, forKey: .node)
        slice = try container.decode(String.self, forKey: .slice)
        dnn = try container.decode(String.self, forKey: .dnn)
        ok = try container.decode(Bool.self, forKey: .ok)
        detail = try container.decode(String.self, forKey: .detail)
        vm = try container.decodeIfPresent(String.self, forKey: .vm) ?? ""
    }
}

/// Every VM's results, and the problems that are not results (no guest agent, a script that crashed).
public struct SmokeReport: Encodable, Equatable, Sendable {
    public var results: [SmokeResult] = []
    /// One line per problem, naming its VM.
    public var problems: [String] = []

    public init(results: [SmokeResult] = [], problems: [String] = []) {
        self.results = results
        self.problems = problems
    }

    /// True when there was something to check, every check passed and nothing went wrong around them.
    public var passed: Bool { !results.isEmpty && problems.isEmpty && results.allSatisfy(\.ok) }

    enum CodingKeys: String, CodingKey { case passed, results, problems }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(passed, forKey: .passed)
        try container.encode(results, forKey: .results)
        try container.encode(problems, forKey: .problems)
    }

    /// Adds what a VM's script printed and how it ended. A line that is not a result is a problem; so is an
    /// exit status that disagrees with the results (the script ends 1 exactly when a check failed).
    public mutating func add(vm: String, stdout: String, exitCode: Int?, stderr: String) {
        var own: [SmokeResult] = []
        for line in stdout.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            guard var result = try? JSONDecoder().decode(SmokeResult.self, from: Data(line.utf8)) else {
                problems.append("\(vm): the smoke script printed something that is not a result: \(line.prefix(200))")
                continue
            }
            result.vm = vm
            own.append(result)
        }
        results += own
        let failed = own.contains { !$0.ok }
        switch exitCode {
        case 0? where !failed, 1? where failed:
            break
        default:
            let status = exitCode.map { "exited \($0)" } ?? "was killed by a signal"
            let said = stderr.split(whereSeparator: \.isNewline).prefix(5).joined(separator: " | ")
            problems.append("\(vm): the smoke script \(status)" + (said.isEmpty ? "" : ": \(said)"))
        }
    }
}
