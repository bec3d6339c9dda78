// `--profile`: one stage of the front end in a tight loop, so `perf record` sees nothing else.
import Foundation
import TopocBind
import TopocModel
import TopocPlan
import TopocValidate
import TopocYAML

enum ProfileStage: String {
    case walk, parse, decode, validate, rules, check, compile
}

enum Profile {
    static func run(_ stage: ProfileStage, file: String, repeats: Int) throws(BenchError) {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        let bytes = [UInt8](data)
        if stage == .rules { return try rules(bytes: bytes, file: file, repeats: repeats) }
        // `validate` times the rules alone, on a topology decoded once.
        let decoded = stage == .validate ? TopologyDecoder.decode(bytes: bytes, file: file).topology : nil
        var samples = Samples()
        for _ in 0..<repeats {
            // The result is freed after the clock stops, as in the in-process bench.
            let (outcome, time) = Clock.time { () -> (Bool, Any?) in
                if let decoded { return (!Validator.validate(decoded).contains { $0.severity == .error }, nil) }
                return once(stage, bytes: bytes, file: file)
            }
            guard outcome.0 else { throw BenchError("\(stage.rawValue) failed on \(file)") }
            samples.add(time)
        }
        // In microseconds: a profile compares changes of a few percent.
        let median = String(format: "%.1f µs", samples.median * 1_000_000)
        print("\(stage.rawValue) \(file): median \(median) of \(repeats) runs")
    }

    /// Whether the stage succeeded, and what it made (for the caller to free after timing).
    private static func once(_ stage: ProfileStage, bytes: [UInt8], file: String) -> (Bool, Any?) {
        switch stage {
        case .walk: return (EventWalk.count(bytes) != nil, nil)
        case .parse:
            let parsed = YAMLParser.parse(bytes: bytes, file: file)
            return (parsed.root != nil, parsed)
        case .decode:
            let decoded = TopologyDecoder.decode(bytes: bytes, file: file)
            return (decoded.topology != nil, decoded)
        case .validate, .rules: return (false, nil)
        case .check:
            let checked = Compiler.check(bytes: bytes, file: file)
            return (checked.topology != nil, checked)
        case .compile:
            let compiled = Compiler.compile(bytes: bytes, file: file)
            return (compiled.succeeded, compiled)
        }
    }

    /// Each rule alone, on a topology decoded and bound once: which of them a small lab pays for.
    private static func rules(bytes: [UInt8], file: String, repeats: Int) throws(BenchError) {
        guard let topology = TopologyDecoder.decode(bytes: bytes, file: file).topology else {
            throw BenchError("cannot decode \(file)")
        }
        var binding = Samples()
        for _ in 0..<repeats { binding.add(Clock.time { Binder.bind(topology) }.1) }
        print(line("Binder", binding.median))
        let bound = Binder.bind(topology).bound
        var total = binding.median
        for rule in Validator.rules {
            var samples = Samples()
            for _ in 0..<repeats { samples.add(Clock.time { rule.check(topology, bound) }.1) }
            total += samples.median
            print(line("\(type(of: rule))", samples.median))
        }
        print(line("all", total))
    }

    private static func line(_ name: String, _ seconds: Double) -> String {
        name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%8.2f µs", seconds * 1_000_000)
    }
}
