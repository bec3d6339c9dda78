// In-process timings of the pipeline's front and of the whole compile, beside the bare libyaml walk.
import TopocPlan

struct InProcessMeasurement {
    /// `Compiler.check`: parse, decode, validate.
    var check = Samples()
    /// libyaml events only, same bytes.
    var walk = Samples()
    /// `Compiler.compile`: check, resolve, emit (no file system).
    var compile = Samples()
    var events = 0
    var repeats = 0

    /// parse+validate over the bare walk, medians.
    var ratio: Double { check.median / walk.median }
}

enum InProcessBench {
    static func measure(_ bytes: [UInt8], file: String, repeats: Int) throws(BenchError) -> InProcessMeasurement {
        var measurement = InProcessMeasurement(repeats: repeats)
        guard let events = EventWalk.count(bytes) else { throw BenchError("libyaml cannot parse \(file)") }
        measurement.events = events
        let warmUp = Compiler.compile(bytes: bytes, file: file)
        guard warmUp.succeeded else {
            let errors = warmUp.diagnostics.filter { $0.severity == .error }.prefix(5)
            throw BenchError(
                "Compiler.compile(\(file)) failed in process: \(errors.map { "\($0)" }.joined(separator: "\n"))")
        }
        // Interleaved, so drift in the machine's speed affects both sides alike.
        for _ in 0..<repeats {
            let (walked, walkTime) = Clock.time { EventWalk.count(bytes) }
            let (checked, checkTime) = Clock.time { Compiler.check(bytes: bytes, file: file) }
            guard walked == events, checked.topology != nil,
                !checked.diagnostics.contains(where: { $0.severity == .error })
            else {
                throw BenchError("a repeat of the in-process measurement of \(file) gave a different result")
            }
            measurement.walk.add(walkTime)
            measurement.check.add(checkTime)
        }
        for _ in 0..<max(3, repeats / 3) {
            let (compiled, compileTime) = Clock.time { Compiler.compile(bytes: bytes, file: file) }
            guard compiled.succeeded else { throw BenchError("a repeat of Compiler.compile(\(file)) failed") }
            measurement.compile.add(compileTime)
        }
        return measurement
    }
}
