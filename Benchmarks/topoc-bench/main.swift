// topoc-bench: times `topoc plan` and `topoc validate` on generated labs of 10 to 5,000 VMs and the
// in-process front end against a bare libyaml walk, then checks the performance budgets. A benchmark, not a
// test: it reports, and exits non-zero on a missed budget only with --strict. See docs/benchmarks.md.
import Foundation
import Glibc

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("topoc-bench: \(message)\n".utf8))
    exit(status)
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data("topoc-bench: \(message)\n".utf8))
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    guard !error.description.isEmpty else {
        print(Options.usage)
        exit(0)
    }
    fail("\(error)\n\(Options.usage)", status: 2)
}

if let file = options.inProcess {
    do {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        let measured = try InProcessBench.measure([UInt8](data), file: file, repeats: options.repeats ?? 20)
        print(InProcessChild.report(measured))
    } catch {
        fail("\(error)", status: 2)
    }
    exit(0)
}

if let (stage, file) = options.profile {
    do {
        try Profile.run(stage, file: file, repeats: options.repeats ?? 200)
    } catch {
        fail("\(error)", status: 2)
    }
    exit(0)
}

guard access(options.topoc, X_OK) == 0 else {
    fail("no executable topoc at `\(options.topoc)`; build it with `swift build -c release --product topoc`", status: 2)
}
let work: String
if let chosen = options.work {
    try? FileManager.default.createDirectory(atPath: chosen, withIntermediateDirectories: true)
    work = URL(fileURLWithPath: chosen).standardizedFileURL.path
} else {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    var template = Array("\(base)/topoc-bench-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fail("cannot create a folder in \(base)", status: 2) }
    work = String(cString: made)
}

if options.firstBoot {
    do {
        try FirstBootBench(topoc: options.topoc, work: work).run()
    } catch {
        fail("\(error)\n(the labs are in \(work))", status: 2)
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: work) }
    exit(0)
}

if options.apply {
    do {
        try ApplyBench(topoc: options.topoc, work: work).run()
    } catch {
        fail("\(error)\n(the labs are in \(work))", status: 2)
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: work) }
    exit(0)
}

// Other work on the machine shows in every number: say how busy it was.
let startLoad = loadAverage()
let bench = PlanBench(topoc: options.topoc, work: work)
var results: [SizeResult] = []
do {
    // In-process timings first, for every size, on a quiet machine: the child-process plans write tens of
    // thousands of files, and the kernel is still flushing and discarding them for a while afterwards,
    // taking a core from a front end that uses both. Each in a child process of its own (see
    // `InProcessChild`).
    var labs: [(vms: Int, text: String, file: String, inProcess: InProcessMeasurement)] = []
    for vms in options.sizes {
        let text = LabGenerator.yaml(vms: vms)
        let file = "\(work)/lab-\(vms).yaml"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw BenchError("cannot write \(file)")
        }
        try bench.validate(file)
        let repeats = options.inProcessRepeats(vms: vms)
        progress("\(vms) VMs: timing parse+validate and the libyaml walk in process (\(repeats) repeats)")
        let inProcess = try InProcessChild.measure(file, repeats: repeats, work: work)
        labs.append((vms, text, file, inProcess))
    }
    for lab in labs {
        progress("\(lab.vms) VMs: timing `topoc plan` (\(options.runs) cold runs, \(options.runs) re-plans)")
        let plan = try bench.measure(lab.file, vms: lab.vms, runs: options.runs)
        progress("\(lab.vms) VMs: timing `topoc validate` (\(options.validateRuns) runs)")
        let validate = try bench.measureValidate(lab.file, runs: options.validateRuns)
        results.append(
            SizeResult(
                vms: lab.vms, labBytes: lab.text.utf8.count, plan: plan, validate: validate,
                inProcess: lab.inProcess))
    }
} catch {
    fail("\(error)\n(the labs are in \(work))", status: 2)
}

print(
    "topoc-bench: \(options.topoc), \(ProcessInfo.processInfo.activeProcessorCount) cores, work folder \(work) "
        + "(\(fileSystemName(of: work))), load average \(startLoad) at the start, \(loadAverage()) at the end\n")
print(Report.tables(results, runs: options.runs))
let targets = Report.targets(results)
print("Budgets:")
for target in targets {
    print("  \(target.verdict.rawValue)  \(target.text)")
}
let failed = targets.filter { $0.verdict == .fail }.count
print(failed == 0 ? "\nall budgets met" : "\n\(failed) of \(targets.count) budgets missed")
if !options.keep {
    fflush(nil)  // the results first: removing thousands of files can take a while
    progress("removing \(work)")
    try? FileManager.default.removeItem(atPath: work)
}
exit(options.strict && failed > 0 ? 1 : 0)
