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

    /// The UPF host side, per UE pool: the tun device with exactly the pools' gateway addresses, forwarding, and
    /// NAT for the pool's traffic leaving by any other device (ARTIFACTS 1.5; the Open5GS quickstart's
    /// commands). A device the packaged networkd files made before topoc's emptied copies were read (an image
    /// that already carries the package) is cleared of the sample addresses and routes, or removed where the lab
    /// declares no such device (`--remove`). Ours rather than networkd's .netdev/.network files: the NAT and
    /// sysctls need a script anyway, networkd is not running on every image (Debian's ifupdown ones), and one
    /// oneshot unit ordered before the UPF is simpler to reason about than networkd's reload semantics.
    /// Idempotent, since it runs at every boot: tun devices, addresses, sysctls and iptables rules are gone
    /// after a reboot.
    static let upfSetup = """
        #!/bin/sh
        # topoc-upf-setup: the host side of the Open5GS UPF(s) of this VM. Written by topoc; fixed text, the
        # lab's values come as arguments: devices to remove, then three per UE pool:
        #   topoc-upf-setup [--remove DEVICE]... [DEVICE GATEWAY/PREFIX SUBNET]...
        # First networkd re-reads its files (topoc emptied the Open5GS package's, which it may have applied at
        # this boot's start) and the devices to remove go. Then each pool's tun device is created if missing
        # or, the first time it is named, cleared of every address and route; then it gets the gateway
        # address, is brought up, forwarding for the pool's family is turned on, and the pool's traffic that
        # leaves by another device is masqueraded. Idempotent: topoc-upf.service runs it at every boot, before
        # the UPF.
        set -eu
        usage() {
            echo "usage: topoc-upf-setup [--remove DEVICE]... [DEVICE GATEWAY/PREFIX SUBNET]..." >&2
            exit 2
        }
        remove=
        while [ "${1:-}" = --remove ]; do
            [ $# -ge 2 ] || usage
            remove="$remove $2"
            shift 2
        done
        if { [ $# -eq 0 ] && [ -z "$remove" ]; } || [ $(($# % 3)) -ne 0 ]; then
            usage
        fi
        if command -v networkctl >/dev/null 2>&1 && systemctl -q is-active systemd-networkd.service; then
            networkctl reload || echo "topoc-upf-setup: networkctl reload failed; clearing the devices anyway" >&2
        fi
        for dev in $remove; do
            if ip link show dev "$dev" >/dev/null 2>&1; then
                ip link delete dev "$dev"
                echo "topoc-upf-setup: removed $dev"
            fi
        done
        cleared=
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
            case " $cleared " in
                *" $dev "*) ;;
                *)
                    cleared="$cleared $dev"
                    if ip link show dev "$dev" >/dev/null 2>&1; then
                        ip addr flush dev "$dev"
                        ip -4 route flush dev "$dev"
                        # Fails only where the kernel has no IPv6, and so no IPv6 route to flush.
                        ip -6 route flush dev "$dev" 2>/dev/null || true
                    else
                        ip tuntap add name "$dev" mode tun
                    fi
                    ;;
            esac
            ip "$family" addr replace "$address" dev "$dev"
            ip link set dev "$dev" up
            sysctl -q -w "$forwarding=1"
            "$nat" -t nat -C POSTROUTING -s "$subnet" ! -o "$dev" -j MASQUERADE 2>/dev/null ||
                "$nat" -t nat -A POSTROUTING -s "$subnet" ! -o "$dev" -j MASQUERADE
            echo "topoc-upf-setup: $dev $address, forwarding on, NAT for $subnet"
        done

        """

    /// Starts the set-up's units: lifts the first boot's hold (SystemdUnits.holdOnFirstBoot), enables them for
    /// later boots and starts them, each step one `systemctl` call for all the units (every call that changes
    /// unit files costs a daemon-reload, seconds under TCG), in the order their drop-ins give. A unit that is
    /// not installed is reported and the others start all the same.
    static let services = """
        #!/bin/sh
        # topoc-services: starts the units of this VM's core and RAN set-up. Written by topoc; fixed text, the
        # unit names come as arguments.
        #   topoc-services start UNIT...  unmask (the first boot's runtime hold), enable and (re)start the
        #                                 units, in the order of their After= settings; a unit that is not
        #                                 installed is reported and makes the exit status 1
        set -u
        if [ $# -lt 2 ] || [ "$1" != start ]; then
            echo "usage: topoc-services start UNIT..." >&2
            exit 2
        fi
        shift
        status=0
        # A unit this VM hosts now may carry topoc's mask from an earlier placement (an empty unit file; a
        # new instance's write_files never deletes one): that mask goes. Any other file stays.
        for unit in "$@"; do
            file=/etc/systemd/system/$unit
            if [ -f "$file" ] && [ ! -s "$file" ]; then
                rm -f -- "$file"
            fi
        done
        systemctl --no-reload unmask --runtime -- "$@" || status=1
        systemctl daemon-reload || status=1
        # One query for all: `Id=` comes before `LoadState=` in each unit's block.
        missing=$(systemctl show --property=Id --property=LoadState -- "$@" |
            awk -F= -v ORS=' ' '$1 == "Id" { id = $2 } $1 == "LoadState" && $2 == "not-found" { print id }')
        present=
        for unit in "$@"; do
            case " $missing " in
                *" $unit "*)
                    echo "topoc-services: $unit is not installed" >&2
                    status=1
                    ;;
                *) present="$present $unit" ;;
            esac
        done
        if [ -n "$present" ]; then
            # Unit names have no blanks (systemd allows none): splitting the list is safe.
            # shellcheck disable=SC2086
            systemctl --no-reload enable -- $present || status=1
            # shellcheck disable=SC2086
            systemctl restart -- $present || status=1
        fi
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

    /// Runs the UPF host set-up at every boot; the UPF daemons' drop-ins order them after it and make them need
    /// it (CoreSetup.startOrderDropIns), so no UPF opens a tun device before it exists with its addresses.
    static func upfUnitFile(arguments: [String]) -> String {
        """
        # Written by topoc: the host side of this VM's UPF (tun devices, forwarding, NAT), at every boot.
        [Unit]
        Description=topoc: UPF tun devices, forwarding and NAT

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
