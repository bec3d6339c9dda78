#!/usr/bin/env bash
# Smoke test for the e2e guest image (scripts/build-e2e-image.sh): boot it
# once, exactly as shared/design/e2e-guest.md step 4 says, with a NoCloud seed
# written by hand, and prove that real cloud-init consumed that seed:
#   - the serial log says "Cloud-init v. ... finished" with DataSourceNoCloud,
#   - a runcmd marker on ttyS0 shows the hostname from meta-data, the NIC
#     renamed by set-name (matched by MAC) and its static address, and that
#     the guest could ping the bridge,
#   - the bridge answers a ping from the guest's address.
# This does not use topoc at all: it checks the image, so that a failing
# topoc e2e test can be blamed on topoc and not on the guest.
#
#   scripts/e2e-boot-check.sh
#   E2E_BOOT_TIMEOUT=240  seconds to wait for cloud-init to finish
#   E2E_KEEP=1            keep the work dir (overlay, seed, serial log)
#
# Root only (network namespace, tap). TCG only: /dev/kvm on our machines
# hangs. The host's networking is never touched: the bridge, its address and
# the tap exist only inside a network namespace made for this run, and the
# only addresses used are TEST-NET-1 (192.0.2.0/24). Everything is torn down
# on any exit (trap). Exit 0 = image works; the last stdout line says PASS.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
timeout_s=${E2E_BOOT_TIMEOUT:-240}
keep=${E2E_KEEP:-0}

# TEST-NET-1 only (RFC 5737): never routed anywhere, and it lives in our
# namespace anyway.
bridge_ip=192.0.2.1
guest_ip=192.0.2.10
prefix=24
# Locally administered (QEMU's 52:54:00 prefix); the seed matches on it.
guest_mac=52:54:00:e2:e0:10
guest_nic=e2e0 # the name set-name gives it (ip link names: max 15 chars)
guest_host=e2e-check

log() { echo "e2e-boot-check: $*" >&2; }
die() {
    log "FAIL: $*"
    exit 1
}

[ "$(id -u)" -eq 0 ] || die "needs root (network namespace, tap device)"

"$repo/scripts/install-deps.sh" --only qemu-system-x86 qemu-utils genisoimage iproute2 iputils-ping >&2

# Build or reuse the image (milliseconds when up to date). Not via process
# substitution: its failure would go unnoticed.
paths=$("$repo/scripts/build-e2e-image.sh")
mapfile -t p <<<"$paths"
base=${p[0]} kernel=${p[1]}
cache=$(dirname "$base")

# Hold the image lock shared for the whole run: a concurrent rebuild (which
# needs it exclusive) then cannot swap base.qcow2 between our overlay's
# creation and QEMU opening it.
exec 8<"$cache/.lock"
flock -s 8

work=$(mktemp -d "${TMPDIR:-/tmp}/topoc-e2e-boot.XXXXXX")
ns=topoc-e2e-$$ # per run, so parallel checks do not collide
ns_made=0
serial=$work/serial.log
pidfile=$work/vm.pid

qemu_pid() {
    local pid
    [ -s "$pidfile" ] || return 1
    pid=$(tr -dc '0-9' <"$pidfile")
    [ -n "$pid" ] || return 1
    # Only ever signal OUR QEMU: the pid must still be a qemu process
    # (comm is cut to 15 characters: "qemu-system-x86").
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = qemu-system-x86 ] || return 1
    echo "$pid"
}

cleanup() {
    local rc=$? pid
    if pid=$(qemu_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    # Deleting the namespace removes the bridge and the tap with it.
    if [ "$ns_made" = 1 ]; then ip netns del "$ns" 2>/dev/null || log "could not delete netns $ns"; fi
    if [ "$rc" -ne 0 ] && [ -s "$serial" ]; then
        log "last 40 lines of the serial log ($serial):"
        tail -n 40 "$serial" | tr -d '\r' >&2
    fi
    if [ "$keep" = 1 ]; then
        log "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- the VM's disk: a throw-away overlay on the shared base ----------------
qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$work/vm.qcow2"

# --- the NoCloud seed, by hand ---------------------------------------------
# The marker is computed in the guest ($((40 + 2)) -> 42) so that only a run
# of the runcmd can print "MARKER-42"; the literal never appears in the seed.
cat >"$work/user-data" <<'EOF'
#cloud-config
runcmd:
  - |
    addr=$(ip -4 -o addr show dev e2e0 | awk '{print $4}')
    if ping -c 1 -W 2 192.0.2.1 >/dev/null 2>&1; then gw=ok; else gw=fail; fi
    echo "TOPOC-E2E-MARKER-$((40 + 2)) host=$(hostname) nic=e2e0 addr=${addr:-none} ping-bridge=$gw" >/dev/ttyS0
EOF
# A fresh instance-id per run: cloud-init treats the boot as a first boot.
cat >"$work/meta-data" <<EOF
instance-id: topoc-e2e-check-$$-$(date +%s)
local-hostname: $guest_host
EOF
# v2, matched by MAC; set-name, or the guest would keep its predictable
# name (ens3/enp0s3).
cat >"$work/network-config" <<EOF
version: 2
ethernets:
  $guest_nic:
    match:
      macaddress: "$guest_mac"
    set-name: $guest_nic
    addresses: [$guest_ip/$prefix]
EOF
(cd "$work" && genisoimage -quiet -output seed.iso -volid cidata -joliet -rock user-data meta-data network-config)

# --- the isolated network ---------------------------------------------------
# Everything below lives inside $ns; `ip -n` runs each command there, so the
# host's own interfaces, addresses and routes are never changed.
ip netns add "$ns"
ns_made=1
ip -n "$ns" link set lo up
ip -n "$ns" link add br0 type bridge
ip -n "$ns" addr add "$bridge_ip/$prefix" dev br0
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" link set tap0 master br0
ip -n "$ns" link set tap0 up
ip -n "$ns" link set br0 up

# --- boot (recipe step 4) ---------------------------------------------------
# pc + qemu64 under TCG (-cpu max costs ~30 s of module loading); NVMe root,
# built into the cloud kernel, so no initrd; the seed on virtio (the cloud
# kernel has no AHCI, and an IDE cdrom would quietly give DataSourceNone).
# 8<&-: QEMU must not inherit our image lock.
log "booting (TCG) in netns $ns, work dir $work"
t_boot=$(now)
ip netns exec "$ns" qemu-system-x86_64 \
    -name topoc-e2e-check \
    -machine pc -accel tcg -cpu qemu64 -smp 1 -m 512 \
    -nodefaults -display none \
    -kernel "$kernel" -append "root=/dev/nvme0n1 rootwait rw console=ttyS0 nvme_core.io_timeout=600" \
    -drive "file=$work/vm.qcow2,if=none,id=root,format=qcow2" -device nvme,serial=root,drive=root \
    -drive "file=$work/seed.iso,if=virtio,format=raw,readonly=on" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "virtio-net-pci,netdev=n0,mac=$guest_mac" \
    -device virtio-rng-pci \
    -serial "file:$serial" \
    -daemonize -pidfile "$pidfile" </dev/null 8<&-
pid=$(qemu_pid) || die "QEMU did not start (no live pid in $pidfile)"

# --- wait for cloud-init (bounded) ------------------------------------------
# Meanwhile probe the guest with one ping per round, to report when its
# address first answered (the recipe measured 19-30 s).
finished_re='Cloud-init v\. .* finished at '
t_ping=
deadline=$((SECONDS + timeout_s))
until grep -aq "$finished_re" "$serial" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "QEMU exited before cloud-init finished"
    [ "$SECONDS" -lt "$deadline" ] || die "no 'Cloud-init v. ... finished' within ${timeout_s} s"
    if [ -z "$t_ping" ] && ip netns exec "$ns" ping -c 1 -W 1 -q "$guest_ip" >/dev/null 2>&1; then
        t_ping=$(since "$t_boot")
        log "guest answered ping after $t_ping s"
    fi
    sleep 1
done
t_finished=$(since "$t_boot")
finished_line=$(grep -a "$finished_re" "$serial" | head -n 1 | tr -d '\r')
log "cloud-init finished after $t_finished s: $finished_line"

# --- the proof ----------------------------------------------------------------
fails=0
check() { # check NAME COMMAND...: run it, report, count failures
    local name=$1
    shift
    if "$@"; then
        log "ok   $name"
    else
        log "FAIL $name"
        fails=$((fails + 1))
    fi
}
marker_re="TOPOC-E2E-MARKER-42 host=$guest_host nic=$guest_nic addr=${guest_ip//./\\.}/$prefix ping-bridge=ok"
check "cloud-init used the NoCloud seed (DataSourceNoCloud)" grep -q 'DataSourceNoCloud' <<<"$finished_line"
check "runcmd marker: hostname, set-name by MAC, static address, guest->bridge ping" \
    grep -aq "$marker_re" "$serial"
check "bridge -> guest ping ($guest_ip)" ip netns exec "$ns" ping -c 3 -W 2 -q "$guest_ip" >/dev/null
# systemd's console status lines: "[FAILED] Failed to start ..." (with colour
# codes around FAILED). The image masks what cannot work in this VM, so any
# failure here is news (a renamed unit, a broken package).
no_failed_units() { ! grep -aq 'FAILED' "$serial"; }
check "no systemd unit failed during boot" no_failed_units

if [ "$fails" -ne 0 ]; then
    grep -a 'TOPOC-E2E-MARKER' "$serial" | tr -d '\r' | sed 's/^/e2e-boot-check: marker seen: /' >&2 || true
    die "$fails check(s) failed"
fi
uptime=$(sed -n 's/.*Up \([0-9.]*\) seconds.*/\1/p' <<<"$finished_line")
echo "e2e-boot-check: PASS: cloud-init finished ${t_finished} s after QEMU start (guest uptime ${uptime:-?} s), first ping at ${t_ping:-after finish} s"
