// The results tables and the targets, each checked and printed PASS / FAIL.

struct SizeResult {
    var vms: Int
    var labBytes: Int
    var plan: PlanMeasurement
    var inProcess: InProcessMeasurement
}

enum Report {
    static func tables(_ results: [SizeResult], runs: Int) -> String {
        var plan = [
            [
                "VMs", "lab", "artifacts", "plan median", "plan min", "user", "sys", "peak RSS", "re-plan median",
                "re-plan min", "re-plan RSS", "rewritten",
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
            into the last one, lab unchanged; user/sys: median CPU time of the cold runs):
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

    static func targets(_ results: [SizeResult]) -> [Target] {
        let bySize = Dictionary(results.map { ($0.vms, $0) }, uniquingKeysWith: { first, _ in first })
        var targets: [Target] = []
        if let lab = bySize[1000] {
            let time = lab.plan.cold.median
            targets.append(
                check(time < 0.3, "plan 1,000 VMs with artifacts written < 0.3 s: median \(Format.duration(time))"))
        } else {
            targets.append(Target(verdict: .skip, text: "plan 1,000 VMs < 0.3 s: size 1000 not measured"))
        }
        for result in results {
            let ratio = result.inProcess.ratio
            targets.append(
                check(
                    ratio <= 2,
                    "parse+validate within 2x of the bare libyaml walk at \(result.vms) VMs: \(Format.ratio(ratio))"))
        }
        let growth: [(String, (SizeResult) -> Double)] = [
            ("plan wall time", { $0.plan.cold.median }), ("parse+validate", { $0.inProcess.check.median }),
        ]
        for (small, large, limit) in [(100, 1000, 11.0), (1000, 5000, 5.5)] {
            for (what, time) in growth {
                let text = "linear growth of \(what): time(\(large))/time(\(small)) <= \(limit)"
                guard let smaller = bySize[small], let larger = bySize[large] else {
                    targets.append(Target(verdict: .skip, text: "\(text): sizes not both measured"))
                    continue
                }
                let ratio = time(larger) / time(smaller)
                targets.append(check(ratio <= limit, "\(text): \(String(format: "%.2f", ratio))"))
            }
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
