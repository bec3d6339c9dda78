// CloudInit/RANSetupScripts owns the fixed programs and unit files of the RAN set-up. As in CoreSetupScripts, no
// topology value is spliced into a script: the lab's values reach them as arguments in the units' command lines.
import TopocModel

enum RANSetupScripts {
    /// The gNB's helper, in Python 3 because the guests have it (cloud-init is written in it) and it can do what a
    /// shell cannot: open an SCTP socket (the host kernel may lack SCTP, the guest's has it) and send systemd its
    /// readiness from the service's main process itself (`systemd-notify` from a script races its own exit).
    /// The log lines it watches are nr-gnb's own, the same from 3.2.0 to 3.3.0 (src/gnb/ngap/interface.cpp,
    /// src/gnb/sctp/task.cpp).
    static let helper = """
        #!/usr/bin/env python3
        # topoc-ran: start-up of this VM's UERANSIM gNBs. Written by topoc; fixed text, the lab's values come as
        # arguments from the units:
        #   topoc-ran wait-amf ADDRESS PORT SECONDS
        #       wait until ADDRESS:PORT accepts an SCTP association (one try every 2 s, at most SECONDS); exit 1
        #       when it never did, so systemd retries the unit later. Without SCTP in the kernel, only a ping of
        #       ADDRESS is checked.
        #   topoc-ran gnb COMMAND...
        #       run nr-gnb, passing its log on; tell systemd the unit is ready (Type=notify) once NG Setup
        #       succeeded, and stop it and exit 1 when NG Setup fails or the AMF association drops: nr-gnb keeps
        #       running with its cell barred then, and only a restart brings the cell back.
        import os
        import socket
        import subprocess
        import sys
        import time

        READY = "NG Setup procedure is successful"
        FATAL = ("NG Setup procedure is failed", "Association terminated for AMF")
        FAILED_CONNECT = ("Connecting to ", "Binding to ")


        def say(text):
            print("topoc-ran: " + text, flush=True)


        def answers(address, port):
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            try:
                probe = socket.socket(family, socket.SOCK_STREAM, getattr(socket, "IPPROTO_SCTP", 132))
            except OSError:
                ping = ["ping", "-c", "1", "-W", "2", address]
                return subprocess.call(ping, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
            with probe:
                probe.settimeout(3)
                try:
                    probe.connect((address, port))
                    return True
                except OSError:
                    return False


        def wait_amf(address, port, seconds):
            deadline = time.monotonic() + seconds
            while not answers(address, port):
                if time.monotonic() >= deadline:
                    say("%s port %d did not answer in %d s" % (address, port, seconds))
                    return 1
                time.sleep(2)
            say("%s port %d answers" % (address, port))
            return 0


        def notify(message):
            path = os.environ.get("NOTIFY_SOCKET")
            if not path:
                return
            if path.startswith("@"):
                path = "\\0" + path[1:]
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as channel:
                channel.connect(path)
                channel.sendall(message.encode())


        def fatal(line):
            if any(text in line for text in FATAL):
                return True
            return "failed" in line and any(text in line for text in FAILED_CONNECT)


        def gnb(command):
            child = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
            ready = False
            for line in child.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                if not ready and READY in line:
                    ready = True
                    notify("READY=1\\nSTATUS=NG Setup done, cell up")
                elif fatal(line):
                    say("stopping the gNB for a restart after: " + line.strip())
                    child.terminate()
                    try:
                        child.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        child.kill()
                    return 1
            status = child.wait()
            say("the gNB ended with status %d" % status)
            return status or 1


        def main(arguments):
            if len(arguments) == 4 and arguments[0] == "wait-amf":
                return wait_amf(arguments[1], int(arguments[2]), int(arguments[3]))
            if len(arguments) >= 2 and arguments[0] == "gnb":
                return gnb(arguments[1:])
            print("usage: topoc-ran wait-amf ADDRESS PORT SECONDS | topoc-ran gnb COMMAND...", file=sys.stderr)
            return 2


        if __name__ == "__main__":
            sys.exit(main(sys.argv[1:]))

        """

    /// `ran.install: source`: UERANSIM has no Debian or Ubuntu package, so the guest builds the pinned release
    /// the way its README does (a C++ compiler, CMake 3.17 or later, the SCTP headers), and installs `nr-gnb`,
    /// `nr-ue` and `nr-cli` into /usr/local/bin. Skipped when that commit was built before.
    static let installFromSource = """
        #!/bin/sh
        # topoc-install-ueransim: builds UERANSIM in this guest. Written by topoc; fixed text, the release comes
        # as arguments:
        #   topoc-install-ueransim TAG COMMIT
        # Clones TAG of https://github.com/aligungr/UERANSIM, refuses it unless it is COMMIT, builds it with the
        # distribution's compiler and CMake (3.17 or later), and installs nr-gnb, nr-ue and nr-cli into
        # /usr/local/bin (libdevbnd.so into /usr/local/lib). A COMMIT built before is not built again.
        set -eu
        if [ $# -ne 2 ]; then
            echo "usage: topoc-install-ueransim TAG COMMIT" >&2
            exit 2
        fi
        tag=$1 commit=$2
        marker=/usr/local/share/topoc/ueransim-$commit
        if [ -e "$marker" ] && command -v nr-gnb >/dev/null 2>&1; then
            echo "topoc-install-ueransim: UERANSIM $tag is installed"
            exit 0
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y git make cmake g++ libsctp-dev lksctp-tools iproute2
        source=/usr/local/src/ueransim-$tag
        rm -rf "$source"
        git clone --quiet --depth 1 --branch "$tag" https://github.com/aligungr/UERANSIM.git "$source"
        actual=$(git -C "$source" rev-parse HEAD)
        if [ "$actual" != "$commit" ]; then
            echo "topoc-install-ueransim: $tag is commit $actual, expected $commit: refusing it" >&2
            exit 1
        fi
        make -C "$source"
        install -m 0755 "$source/build/nr-gnb" "$source/build/nr-ue" "$source/build/nr-cli" /usr/local/bin/
        install -m 0644 "$source/build/libdevbnd.so" /usr/local/lib/
        mkdir -p /usr/local/share/topoc
        touch "$marker"
        echo "topoc-install-ueransim: UERANSIM $tag built and installed"

        """

    /// A gNB's unit: waits for its AMF, runs nr-gnb under the helper (ready when the cell is up), restarts
    /// without a limit, and (re)starts its UE groups' units once its cell is up.
    static func gnbUnitFile(node: String, command: [String], amf: NFEndpoint?, ues: [String]) -> String {
        var unit = [
            "# Written by topoc: the RAN node \(node).",
            "[Unit]",
            "Description=topoc: RAN node \(node)",
            "Wants=network-online.target",
            "After=network-online.target",
            "# Retried for as long as it takes its core to come up.",
            "StartLimitIntervalSec=0",
            "",
            "[Service]",
            "Type=notify",
            "NotifyAccess=main",
        ]
        if let amf {
            let wait = [
                RANSetup.helperPath, "wait-amf", amf.address, String(amf.port), String(RANSetup.amfWaitSeconds),
            ]
            unit.append("ExecStartPre=" + CoreSetupScripts.execLine(wait))
        }
        unit += [
            "ExecStart=" + CoreSetupScripts.execLine([RANSetup.helperPath, "gnb"] + command)
        ]
        // Runs once the unit is ready (NG Setup done), after every start including systemd's own restarts,
        // which pull in no Wants= units: the UEs then (re)attach to the new cell. --no-block: they are
        // ordered after this unit, whose start is not finished until this command is.
        if !ues.isEmpty {
            unit.append(
                "ExecStartPost=" + CoreSetupScripts.execLine(["/bin/systemctl", "restart", "--no-block"] + ues))
        }
        unit += [
            "TimeoutStartSec=\(RANSetup.startTimeoutSeconds)"
        ]
        return lines(unit + restartedAndStartedAtBoot)
    }

    /// Every RAN unit restarts without end (UERANSIM does not retry on its own) and starts at every boot.
    static let restartedAndStartedAtBoot = [
        "Restart=always", "RestartSec=5", "", "[Install]", "WantedBy=multi-user.target",
    ]

    static func lines(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    /// A UE group's unit: started once its gNBs' cells are up (their units are ready then: After=), stopped
    /// with them (Requires=); each gNB's unit restarts it when its cell is up again.
    static func ueUnitFile(node: String, command: [String], gnbs: [String]) -> String {
        let after = (["network-online.target"] + gnbs).joined(separator: " ")
        var unit = [
            "# Written by topoc: the RAN node \(node).",
            "[Unit]",
            "Description=topoc: RAN node \(node)",
            "Wants=network-online.target",
            "After=\(after)",
        ]
        if !gnbs.isEmpty { unit.append("Requires=\(gnbs.joined(separator: " "))") }
        unit += [
            "StartLimitIntervalSec=0",
            "",
            "[Service]",
            "ExecStart=" + CoreSetupScripts.execLine(command),
        ]
        return lines(unit + restartedAndStartedAtBoot)
    }
}
