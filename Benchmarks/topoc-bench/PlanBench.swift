// `topoc plan` as users run it: a child process that reads the lab, compiles it and writes the artifacts.
import Foundation

struct PlanMeasurement {
    /// Cold plans: each into a fresh, empty output folder, so every artifact is really written.
    var cold = Samples()
    /// Re-plans of an unchanged lab into the folder the last plan filled.
    var replan = Samples()
    /// Highest peak RSS of any cold plan / re-plan child, in KiB.
    var coldRSSKiB = 0
    var replanRSSKiB = 0
    /// CPU time of the cold plan children, in user space and in the kernel.
    var coldUser = Samples()
    var coldSystem = Samples()
    /// Files in the output folder after a cold plan, and their total size.
    var artifacts = 0
    var artifactBytes = 0
    /// Files a re-plan created, rewrote or removed (the most over all re-plans), and which.
    var rewritten: [String] = []
}

struct PlanBench {
    let topoc: String
    let work: String

    /// `topoc validate FILE` must exit 0 before anything is timed.
    func validate(_ file: String) throws(BenchError) {
        let (stdout, stderr) = ("\(work)/validate.out", "\(work)/validate.err")
        let result = try ChildProcess.run([topoc, "validate", file], stdout: stdout, stderr: stderr)
        guard result.status == 0 else {
            throw BenchError(
                """
                the generated lab \(file) is not valid (`topoc validate` exited \(result.status)); \
                nothing was timed. Its diagnostics:
                \(ChildProcess.tail(of: stderr))
                """)
        }
    }

    /// `topoc validate FILE` timed as users see it: wall time from spawn to exit, process start included.
    func measureValidate(_ file: String, runs: Int) throws(BenchError) -> Samples {
        var samples = Samples()
        for _ in 0..<runs {
            let (stdout, stderr) = ("\(work)/validate.out", "\(work)/validate.err")
            let result = try ChildProcess.run([topoc, "validate", file], stdout: stdout, stderr: stderr)
            guard result.status == 0 else { throw BenchError("`topoc validate \(file)` exited \(result.status)") }
            samples.add(result.seconds)
        }
        return samples
    }

    /// Each cold run writes into a folder that never existed, and nothing is deleted until the bench ends:
    /// on ext4 without a journal, files created right after thousands were deleted wait for the inode
    /// allocator to skip the recently deleted ones, which would time the file system instead of topoc.
    func measure(_ file: String, vms: Int, runs: Int) throws(BenchError) -> PlanMeasurement {
        var measurement = PlanMeasurement()
        var out = ""
        for run in 1...runs {
            out = "\(work)/out-\(vms)-\(run)"
            guard !FileManager.default.fileExists(atPath: out) else {
                throw BenchError("\(out) already exists; give --work an empty folder")
            }
            let result = try plan(file, into: out)
            measurement.cold.add(result.seconds)
            measurement.coldUser.add(result.userSeconds)
            measurement.coldSystem.add(result.systemSeconds)
            measurement.coldRSSKiB = max(measurement.coldRSSKiB, result.maxRSSKiB)
        }
        let written = DirectorySnapshot(out)
        measurement.artifacts = written.files.count
        measurement.artifactBytes = written.files.keys.reduce(0) { total, path in
            var info = stat()
            return total + (stat("\(out)/\(path)", &info) == 0 ? Int(info.st_size) : 0)
        }
        // Re-plans go into the last cold run's folder.
        for _ in 0..<runs {
            let before = DirectorySnapshot(out)
            let result = try plan(file, into: out)
            let changed = before.changed(to: DirectorySnapshot(out))
            measurement.replan.add(result.seconds)
            measurement.replanRSSKiB = max(measurement.replanRSSKiB, result.maxRSSKiB)
            if changed.count > measurement.rewritten.count { measurement.rewritten = changed }
        }
        return measurement
    }

    private func plan(_ file: String, into out: String) throws(BenchError) -> ChildResult {
        let (stdout, stderr) = ("\(work)/plan.out", "\(work)/plan.err")
        let result = try ChildProcess.run([topoc, "plan", file, "--out", out], stdout: stdout, stderr: stderr)
        guard result.status == 0 else {
            throw BenchError(
                "`topoc plan \(file) --out \(out)` exited \(result.status):\n\(ChildProcess.tail(of: stderr))")
        }
        return result
    }
}
