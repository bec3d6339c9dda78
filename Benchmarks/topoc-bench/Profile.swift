// `--profile`: one stage of the front end in a tight loop, so `perf record` sees nothing else.
import Foundation
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
            let (succeeded, time) = Clock.time {
                if let decoded { return !Validator.validate(decoded).contains { $0.severity == .error } }
                return once(stage, bytes: bytes, file: file)
            }
            guard succeeded else { throw BenchError("\(stage.rawValue) failed on \(file)") }
            samples.add(time)
        }
        // In microseconds: a profile compares changes of a few percent.
        let median = String(format: "%.0f µs", samples.median * 1_000_000)
        print("\(stage.rawValue) \(file): median \(median) of \(repeats) runs")
    }

    /// `TOPOC_BENCH_STREAMING=0|1` forces decoding while parsing off or on for `decode`.
    private static let streaming: Bool? = ProcessInfo.processInfo.environment["TOPOC_BENCH_STREAMING"].map { $0 == "1" }

    private static func once(_ stage: ProfileStage, bytes: [UInt8], file: String) -> Bool {
        switch stage {
        case .walk: EventWalk.count(bytes) != nil
        case .parse: YAMLParser.parse(bytes: bytes, file: file).root != nil
        case .decode: TopologyDecoder.decode(bytes: bytes, file: file, streaming: streaming).topology != nil
        case .validate, .rules: false
        case .check: Compiler.check(bytes: bytes, file: file).topology != nil
        case .compile: Compiler.compile(bytes: bytes, file: file).succeeded
        }
    }

    /// Each rule alone, on a topology decoded and indexed once: which of them a small lab pays for.
    private static func rules(bytes: [UInt8], file: String, repeats: Int) throws(BenchError) {
        guard let topology = TopologyDecoder.decode(bytes: bytes, file: file).topology else {
            throw BenchError("cannot decode \(file)")
        }
        var indexing = Samples()
        for _ in 0..<repeats { indexing.add(Clock.time { TopologyIndex(topology) }.1) }
        print(line("TopologyIndex", indexing.median))
        let index = TopologyIndex(topology)
        var total = indexing.median
        for rule in Validator.rules {
            var samples = Samples()
            for _ in 0..<repeats { samples.add(Clock.time { rule.check(topology, index) }.1) }
            total += samples.median
            print(line("\(type(of: rule))", samples.median))
        }
        print(line("all", total))
    }

    private static func line(_ name: String, _ seconds: Double) -> String {
        name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%8.2f µs", seconds * 1_000_000)
    }
}
