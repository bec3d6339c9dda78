// CloudInit/CoreSetupScripts owns the fixed programs and unit files the core set-up puts into a guest. The
// scripts are constant text: no topology value is ever spliced into them, the lab's values reach them as
// arguments (from argv `runcmd` entries or a unit's `ExecStart=`), so no name can change what they do.
import TopocModel

enum CoreSetupScripts {
    static let upfSetupPath = "/usr/local/sbin/topoc-upf-setup"
    static let servicesPath = "/usr/local/sbin/topoc-services"
    static let mongoDBPath = "/usr/local/sbin/topoc-install-mongodb"
    static let upfUnit = "topoc-upf.service"
    static let unitDirectory = "/etc/systemd/system"

    /// The UPF host side, per UE pool: the tun device with the pool's gateway address, forwarding, and NAT for
    /// the pool's traffic leaving by any other device (ARTIFACTS 1.5; the Open5GS quickstart's commands).
    /// Idempotent, since it runs at every boot: tun devices, addresses, sysctls and iptables rules are gone
    /// after a reboot.
    static let upfSetup = """
        #!/bin/sh
        # topoc-upf-setup: the host side of the Open5GS UPF(s) of this VM. Written by topoc; fixed text, the
        # lab's values come as arguments, three per UE pool:
        #   topoc-upf-setup DEVICE GATEWAY/PREFIX SUBNET [DEVICE GATEWAY/PREFIX SUBNET ...]
        # For each pool: create the tun device if missing, give it the gateway address, bring it up, turn on
        # forwarding for the pool's family, and masquerade the pool's traffic that leaves by another device.
        # Idempotent: topoc-upf.service runs it at every boot, before open5gs-upfd.
        set -eu
        if [ $# -eq 0 ] || [ $(($# % 3)) -ne 0 ]; then
            echo "usage: topoc-upf-setup DEVICE GATEWAY/PREFIX SUBNET [DEVICE GATEWAY/PREFIX SUBNET ...]" >&2
            exit 2
        fi
        while [ $# -gt 0 ]; do
            dev=$1 address=$2 subnet=$3
            shift 3
            case $address in
                *:*) family=-6 nat=ip6tables forwarding=net.ipv6.conf.all.forwarding ;;
                *) family=-4 nat=iptables forwarding=net.ipv4.ip_forward ;;
            esac
            if ! command -v "$nat" >/dev/null 2>&1; then
                echo "topoc-upf-setup: $nat is not installed: no NAT for $subnet" >&2
                exit 1
            fi
            ip link show dev "$dev" >/dev/null 2>&1 || ip tuntap add name "$dev" mode tun
            ip "$family" addr replace "$address" dev "$dev"
            ip link set dev "$dev" up
            sysctl -q -w "$forwarding=1"
            "$nat" -t nat -C POSTROUTING -s "$subnet" ! -o "$dev" -j MASQUERADE 2>/dev/null ||
                "$nat" -t nat -A POSTROUTING -s "$subnet" ! -o "$dev" -j MASQUERADE
            echo "topoc-upf-setup: $dev $address, forwarding on, NAT for $subnet"
        done

        """

    /// Starts or stops units by name, tolerating absent ones where that is harmless: an NF not placed on this
    /// VM is stopped only if it is installed at all (with `core.install: package` only the placed NFs' packages
    /// are), while a placed NF whose unit is missing is an error.
    static let services = """
        #!/bin/sh
        # topoc-services: runs the daemons of this VM's core set-up. Written by topoc; fixed text, the unit
        # names come as arguments.
        #   topoc-services start UNIT...  enable and (re)start each unit, in the order given; a unit that is
        #                                 not installed is reported and makes the exit status 1
        #   topoc-services stop UNIT...   disable and stop each unit that is installed; absent ones are skipped
        set -u
        if [ $# -eq 0 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
            echo "usage: topoc-services start|stop UNIT..." >&2
            exit 2
        fi
        action=$1
        shift
        status=0
        for unit in "$@"; do
            if ! systemctl cat -- "$unit" >/dev/null 2>&1; then
                if [ "$action" = start ]; then
                    echo "topoc-services: $unit is not installed" >&2
                    status=1
                fi
                continue
            fi
            if [ "$action" = start ]; then
                systemctl enable -- "$unit" && systemctl restart -- "$unit" || status=1
            else
                systemctl disable --now -- "$unit" || status=1
            fi
        done
        exit $status

        """

    /// MongoDB for the NFs that keep subscriber and policy data (HSS, PCRF, UDR, PCF), as the Open5GS
    /// quickstart installs it: MongoDB's own apt repository, then `mongod` enabled and started.
    static let installMongoDB = """
        #!/bin/sh
        # topoc-install-mongodb: MongoDB for the Open5GS HSS, PCRF, UDR and PCF of this VM, installed the way
        # the Open5GS quickstart does (MongoDB's apt repository, series 8.0), then enabled and started. Written
        # by topoc; fixed text, no arguments. A MongoDB already installed is only enabled and started.
        set -eu
        series=8.0
        export DEBIAN_FRONTEND=noninteractive
        if ! command -v mongod >/dev/null 2>&1; then
            # shellcheck source=/dev/null
            . /etc/os-release
            codename=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
            case ${ID:-} in
                ubuntu) component=multiverse ;;
                debian) component=main ;;
                *)
                    echo "topoc-install-mongodb: no MongoDB repository for ${ID:-this system}" >&2
                    exit 1
                    ;;
            esac
            keyring=/usr/share/keyrings/mongodb-server-$series.gpg
            apt-get install -y gnupg curl
            curl -fsSL -o /tmp/topoc-mongodb.asc "https://pgp.mongodb.com/server-$series.asc"
            gpg --batch --yes --dearmor -o "$keyring" /tmp/topoc-mongodb.asc
            rm -f /tmp/topoc-mongodb.asc
            entry="deb [ arch=amd64,arm64 signed-by=$keyring ] https://repo.mongodb.org/apt/$ID"
            echo "$entry $codename/mongodb-org/$series $component" >/etc/apt/sources.list.d/mongodb-org.list
            apt-get update
            apt-get install -y mongodb-org
        fi
        for unit in mongod.service mongodb.service; do
            if systemctl cat -- "$unit" >/dev/null 2>&1; then
                systemctl enable -- "$unit"
                systemctl start -- "$unit"
                exit 0
            fi
        done
        echo "topoc-install-mongodb: MongoDB is installed but has no mongod or mongodb unit" >&2
        exit 1

        """

    /// Runs the UPF host set-up at every boot, before the UPF daemons (`before`) open their tun devices.
    static func upfUnitFile(arguments: [String], before: [String]) -> String {
        """
        # Written by topoc: the host side of this VM's UPF (tun devices, forwarding, NAT), at every boot.
        [Unit]
        Description=topoc: UPF tun devices, forwarding and NAT
        Before=\(before.joined(separator: " "))

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=\(execLine([upfSetupPath] + arguments))

        [Install]
        WantedBy=multi-user.target

        """
    }

    /// One daemon per NF when several NFs of a kind share a VM: the packaged unit reads only `<kind>.yaml`, so
    /// each instance reads `<instance>.yaml` (Open5GSConfigs names the files and instances). Otherwise as the
    /// packaged unit: the `open5gs` user, restarted unless it exits 1 (a config error).
    static func templateUnitFile(kind: NFKind, database: Bool) -> String {
        let name = kind.rawValue
        let mongo = database ? "Wants=mongodb.service mongod.service\n" : ""
        return """
            # Written by topoc: an Open5GS \(name.uppercased()) per instance, reading /etc/open5gs/<instance>.yaml
            # (the packaged open5gs-\(name)d.service reads only \(name).yaml).
            [Unit]
            Description=Open5GS \(name.uppercased()) Daemon %i
            After=network-online.target
            \(mongo)
            [Service]
            Type=simple
            User=open5gs
            Group=open5gs
            Restart=always
            ExecStart=/usr/bin/open5gs-\(name)d -c /etc/open5gs/%i.yaml
            RestartSec=2
            RestartPreventExitStatus=1
            ExecReload=/bin/kill -HUP $MAINPID

            [Install]
            WantedBy=multi-user.target

            """
    }

    /// An `ExecStart=` command line: words with only safe characters as they are, others double-quoted with
    /// `\` and `"` escaped; `%` (specifiers) and `$` (variables) doubled, so every word reaches the process
    /// as written.
    static func execLine(_ words: [String]) -> String {
        words.map(systemdWord).joined(separator: " ")
    }

    static func systemdWord(_ word: String) -> String {
        let safe =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "-_./:,+=@".unicodeScalars.contains(scalar))
            }
        if safe { return word }
        var quoted = "\""
        for character in word {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "%": quoted += "%%"
            case "$": quoted += "$$"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }
}
