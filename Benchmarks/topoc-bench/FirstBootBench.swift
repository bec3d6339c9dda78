// `topoc-bench --first-boot`: what the core set-up adds to a guest's first boot (issue 18's budget: cloud-init
// of seed 000's VMs adds no more than 30 s to a bare guest's under TCG). Boots seed 000
// (examples/open5gs-epc.yaml, its three VMs on the e2e guest with the Open5GS stand-ins switched on and
// `core.install: none`, since nothing can be downloaded from the PPA here), then the same image as three bare
// VMs in a lab without a core, one lab after the other so both compete for the cores alike, and compares each
// guest's cloud-init `Up N seconds` (kernel start to the end of the final stage).
import Foundation
import Glibc

struct FirstBootBench {
    let topoc: String
    let work: String
    let budgetSeconds = 30.0
    let apply: ApplyBench

    init(topoc: String, work: String) {
        self.topoc = topoc
        self.work = work
        apply = ApplyBench(topoc: topoc, work: work)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The kernel command line of the e2e guest, with the word that switches its Open5GS stand-ins on.
    static let cmdline = "root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600 topoc.e2e.open5gs"

    func run() throws {
        guard geteuid() == 0 else {
            print("topoc-bench --first-boot skipped: it needs root (bridges, taps, network namespaces)")
            return
        }
        let image = try apply.guestImage()
        progress("first boot: seed 000's three VMs (core set-up, install: none)")
        let seed = try boot(lab: try seedLab(image: image), name: "seed", vms: ["vm1", "vm2", "vm3"])
        progress("first boot: three bare VMs of the same image")
        let bare = try boot(lab: bareLab(image: image), name: "bare", vms: ["vm1", "vm2", "vm3"])
        print(report(seed: seed, bare: bare))
    }

    /// Seed 000 as written, but on the e2e guest (one vCPU, 512 MiB, TCG) with the NFs already in the image.
    func seedLab(image: String) throws -> String {
        let example = Self.repository.appendingPathComponent("examples/open5gs-epc.yaml")
        var lines = try String(contentsOf: example, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        func replace(_ prefix: String, with new: [String], dropping following: Int = 0) throws {
            guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else {
                throw BenchError("examples/open5gs-epc.yaml has no line `\(prefix)...` any more")
            }
            lines.replaceSubrange(index...(index + following), with: new)
        }
        try replace(
            "images:",
            with: [
                "images:",
                "  focal: { path: \(image)/base.qcow2, kernel: \(image)/vmlinuz, cmdline: \"\(Self.cmdline)\" }",
            ], dropping: 4)
        try replace(
            "  vm: { image: focal",
            with: [
                "  vm: { image: focal, cpus: 1, memory: 512MiB, accel: tcg, cpu-model: qemu64, machine: pc, disk-bus: nvme }"
            ]
        )
        try replace("  software: open5gs@2.7", with: ["  software: open5gs@2.7", "  install: none"])
        return lines.joined(separator: "\n")
    }

    func bareLab(image: String) -> String {
        """
        topology: bench-bare
        images:
          guest: { path: \(image)/base.qcow2, kernel: \(image)/vmlinuz, cmdline: "\(Self.cmdline)" }
        defaults:
          vm: { image: guest, cpus: 1, memory: 512MiB, accel: tcg, cpu-model: qemu64, machine: pc, disk-bus: nvme }
          login: { ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHtopocExampleKeyOnlyForDocumentation00000 bench"] }
        networks:
          cp: { subnet: 192.168.0.0/24, mode: bridge }
        vms:
          vm1: { networks: { cp: { ip: 192.168.0.111 } } }
          vm2: { networks: { cp: { ip: 192.168.0.112 } } }
          vm3: { networks: { cp: { ip: 192.168.0.113 } } }
        """
    }

    /// Applies the lab in a namespace of its own and returns each VM's cloud-init seconds.
    func boot(lab: String, name: String, vms: [String]) throws -> [String: Double] {
        let namespace = "topoc-bench-\(getpid())-\(name)"
        let file = "\(work)/first-boot-\(name).yaml"
        let out = "\(work)/first-boot-\(name)"
        try lab.write(toFile: file, atomically: true, encoding: .utf8)
        try apply.check(["/usr/bin/env", "ip", "netns", "add", namespace])
        try apply.check(["/usr/bin/env", "ip", "-n", namespace, "link", "set", "lo", "up"])
        defer {
            _ = try? apply.check([
                "/usr/bin/env", "ip", "netns", "exec", namespace, topoc, "destroy", "--state", "\(out)/state.json",
                "--auto-approve",
            ])
            _ = try? apply.check(["/usr/bin/env", "ip", "netns", "delete", namespace])
        }
        try apply.check([
            "/usr/bin/env", "ip", "netns", "exec", namespace, topoc, "apply", file, "--out", out, "--auto-approve",
        ])
        let start = Clock.now()
        var seconds: [String: Double] = [:]
        while seconds.count < vms.count {
            guard Clock.seconds(since: start) < apply.bootLimit else {
                throw BenchError("the guests of \(out) did not finish booting in \(Int(apply.bootLimit)) s")
            }
            for vm in vms where seconds[vm] == nil {
                let log = (try? String(contentsOfFile: "\(out)/vms/\(vm)/serial.log", encoding: .utf8)) ?? ""
                seconds[vm] = Self.cloudInitSeconds(log)
            }
            usleep(500_000)
        }
        return seconds
    }

    /// The `Up N seconds` of cloud-init's `finished at` line.
    static func cloudInitSeconds(_ log: String) -> Double? {
        guard let line = log.split(whereSeparator: \.isNewline).first(where: { $0.contains("finished at") }),
            let up = line.range(of: "Up ")
        else { return nil }
        return line[up.upperBound...].split(separator: " ").first.flatMap { Double($0) }
    }

    func report(seed: [String: Double], bare: [String: Double]) -> String {
        let floor = bare.values.reduce(0, +) / Double(max(bare.count, 1))
        var table = [["VM", "cloud-init done", "vs bare (mean)"]]
        for (vm, seconds) in seed.sorted(by: { $0.key < $1.key }) {
            table.append(["seed \(vm)", Format.duration(seconds), String(format: "%+.1f s", seconds - floor)])
        }
        for (vm, seconds) in bare.sorted(by: { $0.key < $1.key }) {
            table.append(["bare \(vm)", Format.duration(seconds), ""])
        }
        let worst = (seed.values.max() ?? 0) - floor
        return "First boot (e2e guest with the Open5GS stand-ins, TCG, three VMs at a time):\n" + Format.table(table)
            + "\nTargets:\n  \(worst <= budgetSeconds ? "PASS" : "FAIL")  cloud-init of seed 000's VMs adds at most "
            + "\(Int(budgetSeconds)) s to a bare guest's first boot (worst \(String(format: "%+.1f", worst)) s)\n"
    }
}
