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
        // Whole compiles are milliseconds each: a few dozen give a steady median.
        for _ in 0..<max(3, min(31, repeats / 3)) {
            let (compiled, compileTime) = Clock.time { Compiler.compile(bytes: bytes, file: file) }
            guard compiled.succeeded else { throw BenchError("a repeat of Compiler.compile(\(file)) failed") }
            measurement.compile.add(compileTime)
        }
        return measurement
    }
}

/// The in-process measurement in a child process (`topoc-bench --in-process FILE`): a child spawned later
/// reports at least its parent's peak RSS as its own (Linux carries the forked image's high-water mark over
/// exec), so the parent must stay small for the plan's RSS column to mean anything.
enum InProcessChild {
    /// What the child prints: one line of medians in seconds.
    static func report(_ measurement: InProcessMeasurement) -> String {
        "events=\(measurement.events) repeats=\(measurement.repeats) walk=\(measurement.walk.median) "
            + "check=\(measurement.check.median) compile=\(measurement.compile.median)"
    }

    static func measure(_ file: String, repeats: Int, work: String) throws(BenchError) -> InProcessMeasurement {
        let output = "\(work)/in-process.out"
        let errors = "\(work)/in-process.err"
        let me = CommandLine.arguments[0]
        let result = try ChildProcess.run(
            [me, "--in-process", file, "--repeats", "\(repeats)"], stdout: output, stderr: errors)
        guard result.status == 0, let text = try? String(contentsOfFile: output, encoding: .utf8) else {
            throw BenchError("the in-process measurement of \(file) failed:\n\(ChildProcess.tail(of: errors))")
        }
        var fields: [String: Double] = [:]
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
        }
        guard let events = fields["events"], let walk = fields["walk"], let check = fields["check"],
            let compile = fields["compile"]
        else { throw BenchError("cannot read the in-process measurement of \(file): \(text)") }
        var measurement = InProcessMeasurement(repeats: repeats)
        measurement.events = Int(events)
        measurement.walk.add(walk)
        measurement.check.add(check)
        measurement.compile.add(compile)
        return measurement
    }
}
