// Smoke/SmokeScriptEmitter writes `vms/<vm>/smoke.sh` for each VM that runs UERANSIM: the fixed functions of
// SmokeScriptFunctions, then one call per check, every topology value a quoted argument. `topoc smoke` runs
// it in the guest (as `sh -s`, its text on stdin) and reads its JSON lines; it can also be copied in and run
// by hand.
import TopocModel

public enum SmokeScriptEmitter {
    /// Where a VM's script is written in the lab folder.
    public static func path(vm: String) -> String { "\(VMPaths(vm: vm).directory)/smoke.sh" }

    static func artifacts(_ topology: ResolvedTopology) -> [Artifact] {
        SmokeChecks.all(topology).map { checks in
            Artifact(
                path: path(vm: checks.vm), contents: script(checks, lab: topology.name), mode: Artifact.scriptMode,
                kind: .smokeTest)
        }
    }

    static func script(_ checks: SmokeChecks, lab: String) -> String {
        var lines: [ShellLine] = [
            .comment("Smoke test of lab `\(lab)` on VM `\(checks.vm)` (written by topoc; run as root in the VM)."),
            .comment("With UERANSIM's nr-cli: NG Setup of each gNB, registration of each UE, the PDU session each"),
            .comment("UE requests, and a ping through its uesimtun interface to the DNN's gateway on the UPF."),
            .comment("Prints one JSON object per check and line; exits 1 when any check failed."),
            .fixed(SmokeScriptFunctions.text),
            .blank,
        ]
        lines += checks.gnbs.map { .command(["check_gnb", $0.name, $0.node]) }
        for ue in checks.ues {
            lines.append(.command(["check_ue", ue.group, ue.imsi]))
            lines += ue.sessions.map { session in
                .command(
                    [
                        "check_session", ue.group, ue.imsi, session.dnn, session.slice.description,
                        sstText(session.slice), sdText(session.slice), session.gateway,
                    ])
            }
        }
        lines.append(.fixed("exit \"$failed\""))
        return ShellScript.render(lines)
    }

    /// The SST as nr-cli prints it: `0x` and two lower-case hex digits.
    static func sstText(_ slice: SNSSAI) -> String {
        let digits = String(slice.sst, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }

    /// The SD as nr-cli prints it: `0x` and six lower-case hex digits, or `null` for a slice without one.
    static func sdText(_ slice: SNSSAI) -> String {
        slice.sd.map { "0x" + $0.lowercased() } ?? "null"
    }
}
