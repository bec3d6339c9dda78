// `topoc-bench --apply`: times `topoc apply` of 1, 2 and 4 real VMs (the e2e Debian guest under TCG, in a
// network namespace the bench creates and deletes), until every guest's cloud-init has finished, and a
// no-op re-apply. Independent VMs start in parallel, so the time to a booted lab should stay near one VM's
// boot, not grow with the count (on 2 cores TCG guests do compete for CPU, which the ratio shows).
import Foundation
import Glibc

struct ApplyBench {
    let topoc: String
    let work: String
    let sizes = [1, 2, 4]
    let bootLimit = 600.0

    struct Row {
        var vms: Int
        var applySeconds: Double
        var bootedSeconds: Double
        var noopSeconds: Double
    }

    func run() throws {
        guard geteuid() == 0 else { throw BenchError("--apply needs root (bridges, taps, network namespaces)") }
        let image = try guestImage()
        var rows: [Row] = []
        for vms in sizes {
            progress("apply: \(vms) VM(s)")
            rows.append(try measure(vms: vms, image: image))
        }
        print(report(rows))
    }

    /// Builds the e2e guest (cached) and returns its folder.
    func guestImage() throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/build-e2e-image.sh").path
        let output = "\(work)/image.out"
        let result = try ChildProcess.run(["/bin/bash", script], stdout: output, stderr: "\(work)/image.err")
        let first = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").first
        guard result.status == 0, let base = first else {
            throw BenchError("build-e2e-image.sh failed:\n" + ChildProcess.tail(of: "\(work)/image.err"))
        }
        return (String(base) as NSString).deletingLastPathComponent
    }

    func lab(vms: Int, image: String) -> String {
        var text = """
            topology: bench-apply-\(vms)
            images:
              guest: { path: \(image)/base.qcow2, kernel: \(image)/vmlinuz, cmdline: "root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600" }
            defaults:
              vm: { image: guest, cpus: 1, memory: 512MiB, accel: tcg, cpu-model: qemu64, machine: pc, disk-bus: nvme }
              login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHtopocExampleKeyOnlyForDocumentation00000 bench"] }
            networks:
              lan: { subnet: 192.0.2.0/24, host-address: 192.0.2.1 }
            vms:

            """
        for index in 1...vms { text += "  vm\(index): { networks: { lan: {} } }\n" }
        return text
    }

    func measure(vms: Int, image: String) throws -> Row {
        let namespace = "topoc-bench-\(getpid())-\(vms)"
        let file = "\(work)/apply-\(vms).yaml"
        let out = "\(work)/apply-\(vms)"
        try lab(vms: vms, image: image).write(toFile: file, atomically: true, encoding: .utf8)
        try check(["/usr/bin/env", "ip", "netns", "add", namespace])
        // QEMU's port forwards bind 127.0.0.1, which a new namespace has only once `lo` is up.
        try check(["/usr/bin/env", "ip", "-n", namespace, "link", "set", "lo", "up"])
        defer {
            _ = try? check([
                "/usr/bin/env", "ip", "netns", "exec", namespace, topoc, "destroy", "--state", "\(out)/state.json",
                "--auto-approve",
            ])
            _ = try? check(["/usr/bin/env", "ip", "netns", "delete", namespace])
        }
        let inNamespace = ["/usr/bin/env", "ip", "netns", "exec", namespace, topoc]
        let start = Clock.now()
        let apply = try check(inNamespace + ["apply", file, "--out", out, "--auto-approve"])
        let booted = try waitForBoot(vms: vms, out: out, start: start)
        let noop = try check(inNamespace + ["apply", file, "--out", out, "--auto-approve"])
        return Row(vms: vms, applySeconds: apply.seconds, bootedSeconds: booted, noopSeconds: noop.seconds)
    }

    /// Seconds from the apply's start until every guest's serial log says cloud-init finished.
    func waitForBoot(vms: Int, out: String, start: UInt64) throws -> Double {
        while Clock.seconds(since: start) < bootLimit {
            let done = (1...vms).allSatisfy { index in
                let log = (try? String(contentsOfFile: "\(out)/vms/vm\(index)/serial.log", encoding: .utf8)) ?? ""
                return log.contains("Cloud-init v.") && log.contains("finished at")
            }
            if done { return Clock.seconds(since: start) }
            usleep(500_000)
        }
        throw BenchError("the guests of \(out) did not finish booting in \(Int(bootLimit)) s")
    }

    @discardableResult
    func check(_ argv: [String]) throws -> ChildResult {
        let result = try ChildProcess.run(argv, stdout: "\(work)/last.out", stderr: "\(work)/last.err")
        guard result.status == 0 else {
            throw BenchError(
                "`\(argv.joined(separator: " "))` exited \(result.status):\n"
                    + ChildProcess.tail(of: "\(work)/last.err"))
        }
        return result
    }

    func report(_ rows: [Row]) -> String {
        let one = rows.first?.bootedSeconds ?? 1
        var table = [["VMs", "apply returns", "all booted", "vs 1 VM", "no-op re-apply"]]
        for row in rows {
            table.append([
                String(row.vms), Format.duration(row.applySeconds), Format.duration(row.bootedSeconds),
                Format.ratio(row.bootedSeconds / one), Format.duration(row.noopSeconds),
            ])
        }
        var text =
            "Apply (e2e guest, TCG, \(ProcessInfo.processInfo.activeProcessorCount) cores):\n" + Format.table(table)
        // TCG guests are CPU-bound: n guests on c cores cannot boot faster than ceil(n / c) boots in a row.
        // Parallel apply should stay within half a boot more of that floor; a sequential one would be n boots.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        text += "\nTargets:\n"
        for row in rows where row.vms > 1 {
            let floor = Double((row.vms + cores - 1) / cores)
            let ratio = row.bootedSeconds / one
            let verdict = ratio <= floor * 1.5 ? "PASS" : "FAIL"
            text +=
                "  \(verdict)  \(row.vms) VMs booted within 1.5x of the \(Int(floor))-boot floor on \(cores) cores "
                + "(sequential would be \(row.vms)x): \(Format.ratio(ratio))\n"
        }
        let noopWorst = rows.map(\.noopSeconds).max() ?? 0
        text +=
            "  \(noopWorst <= 1.5 ? "PASS" : "FAIL")  a no-op re-apply takes about a second (worst \(Format.duration(noopWorst)))\n"
        return text
    }
}
