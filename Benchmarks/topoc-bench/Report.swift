// The results tables and the budgets, each checked and printed PASS / FAIL.

struct SizeResult {
    var vms: Int
    var labBytes: Int
    var plan: PlanMeasurement
    /// Wall times of `topoc validate` as a child process.
    var validate: Samples
    var inProcess: InProcessMeasurement
}

enum Report {
    static func tables(_ results: [SizeResult], runs: Int) -> String {
        var plan = [
            [
                "VMs", "lab", "artifacts", "plan median", "plan min", "user", "sys", "peak RSS", "re-plan median",
                "re-plan min", "re-plan RSS", "rewritten", "validate median",
            ]
        ]
        for result in results {
            let measured = result.plan
            plan.append([
                "\(result.vms)", Format.kibibytes(bytes: result.labBytes),
                "\(measured.artifacts) (\(Format.kibibytes(bytes: measured.artifactBytes)))",
                Format.duration(measured.cold.median), Format.duration(measured.cold.min),
                Format.duration(measured.coldUser.median), Format.duration(measured.coldSystem.median),
                Format.mebibytes(kibibytes: measured.coldRSSKiB),
                Format.duration(measured.replan.median), Format.duration(measured.replan.min),
                Format.mebibytes(kibibytes: measured.replanRSSKiB), "\(measured.rewritten.count)",
                Format.duration(result.validate.median),
            ])
        }
        var inProcess = [
            [
                "VMs", "events", "repeats", "libyaml walk", "parse+validate", "ratio", "compile (no I/O)",
                "plan - compile",
            ]
        ]
        for result in results {
            let measured = result.inProcess
            inProcess.append([
                "\(result.vms)", "\(measured.events)", "\(measured.repeats)", Format.duration(measured.walk.median),
                Format.duration(measured.check.median), Format.ratio(measured.ratio),
                Format.duration(measured.compile.median),
                Format.duration(result.plan.cold.median - measured.compile.median),
            ])
        }
        return """
            `topoc plan FILE --out DIR` as a child process, \(runs) runs each (cold: a new folder each run; re-plan: \
            into the last one, lab unchanged; user/sys: median CPU time of the cold runs; validate: `topoc validate FILE`, \
            process start included):
            \(Format.table(plan))
            In process, medians (parse+validate = Compiler.check; compile = Compiler.compile, nothing written):
            \(Format.table(inProcess))
            """
    }

    enum Verdict: String {
        case pass = "PASS"
        case fail = "FAIL"
        case skip = "SKIP"
    }

    struct Target {
        var verdict: Verdict
        var text: String
    }

    /// The budgets (see docs/benchmarks.md): what users wait for, with process start included.
    static func targets(_ results: [SizeResult]) -> [Target] {
        let bySize = Dictionary(results.map { ($0.vms, $0) }, uniquingKeysWith: { first, _ in first })
        var targets: [Target] = []
        if let lab = bySize[1000] {
            let time = lab.plan.cold.median
            targets.append(
                check(time <= 0.3, "plan 1,000 VMs with artifacts written <= 0.3 s: median \(Format.duration(time))"))
        } else {
            targets.append(Target(verdict: .skip, text: "plan 1,000 VMs <= 0.3 s: size 1000 not measured"))
        }
        for result in results {
            let ratio = result.inProcess.ratio
            targets.append(
                check(
                    ratio <= 4,
                    "parse+validate within 4x of the bare libyaml walk at \(result.vms) VMs: \(Format.ratio(ratio))"))
        }
        if let lab = bySize[10] {
            let time = lab.validate.median
            targets.append(
                check(
                    time <= 0.010,
                    "`topoc validate` of 10 VMs <= 10 ms wall, process start included: median \(Format.duration(time))")
            )
        } else {
            targets.append(Target(verdict: .skip, text: "`topoc validate` of 10 VMs <= 10 ms: size 10 not measured"))
        }
        for result in results {
            let rewritten = result.plan.rewritten
            let which = rewritten.prefix(5).joined(separator: ", ") + (rewritten.count > 5 ? ", ..." : "")
            targets.append(
                check(
                    rewritten.isEmpty,
                    "no-change re-plan of \(result.vms) VMs rewrites nothing: \(rewritten.count) files"
                        + (rewritten.isEmpty ? "" : " (\(which))")))
        }
        return targets
    }

    private static func check(_ passed: Bool, _ text: String) -> Target {
        Target(verdict: passed ? .pass : .fail, text: text)
    }
}
