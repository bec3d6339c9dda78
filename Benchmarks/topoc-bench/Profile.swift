// `--profile`: one stage of the front end in a tight loop, so `perf record` sees nothing else.
import Foundation
import TopocModel
import TopocPlan
import TopocValidate
import TopocYAML

enum ProfileStage: String {
    case walk, parse, decode, validate, check, compile
}

enum Profile {
    static func run(_ stage: ProfileStage, file: String, repeats: Int) throws(BenchError) {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        let bytes = [UInt8](data)
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

    private static func once(_ stage: ProfileStage, bytes: [UInt8], file: String) -> Bool {
        switch stage {
        case .walk: EventWalk.count(bytes) != nil
        case .parse: YAMLParser.parse(bytes: bytes, file: file).root != nil
        case .decode: TopologyDecoder.decode(bytes: bytes, file: file).topology != nil
        case .validate: false
        case .check: Compiler.check(bytes: bytes, file: file).topology != nil
        case .compile: Compiler.compile(bytes: bytes, file: file).succeeded
        }
    }
}
