#!/usr/bin/env bash
# Build the Debian bookworm guest that the end-to-end tests boot: a root
# filesystem with the REAL cloud-init, a cloud kernel and its initrd. It is our
# implementation of the measured recipe in shared/design/e2e-guest.md; read
# that first, every choice below comes from it.
#
#   scripts/build-e2e-image.sh           # build if missing or stale, print paths
#   scripts/build-e2e-image.sh --check   # never build: exit 1 if missing/stale
#   scripts/build-e2e-image.sh --force   # rebuild even if up to date
#
# Output, in ${TOPOC_CACHE:-<repo>/.cache}/e2e/:
#   base.qcow2   ext4 root (label "root"), the backing file of every VM overlay
#   vmlinuz      the cloud kernel, for direct kernel boot (-kernel)
#   initrd.img   its initrd (only needed for a virtio-blk root; NVMe needs none)
#   manifest     the recipe inputs + their hash, then facts about the build
#   packages.txt every package in the image with its version
#   customize-hook.sh  the hook that was run (its hash is in the manifest)
# stdout gets exactly three lines, the absolute paths of base.qcow2, vmlinuz
# and initrd.img (in that order); everything else goes to stderr.
#
# The image is rebuilt only when the recipe's inputs change (suite, variant,
# package list, dpkg excludes, hook text, image layout: see inputs_text); a
# mirror update alone does not trigger a rebuild (use --force). Up to date,
# the script takes a few milliseconds and needs neither root nor the network.
# Building needs root (mmdebstrap's root mode keeps real ownership, which
# mkfs.ext4 -d then copies) and Debian's mirror; it takes 1-3 minutes, and
# ~1 GB of RAM while it runs (the root tree is built on a tmpfs;
# TOPOC_E2E_TMPFS=0 builds it on disk).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${TOPOC_CACHE:-$repo/.cache}/e2e
mkdir -p "$cache"
# Absolute: callers put this path into qcow2 overlays as their backing file.
cache=$(cd "$cache" && pwd)

mode=build
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    --force) mode=force ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
        exit 0
        ;;
    *)
        echo "build-e2e-image: unknown argument '$1' (try --help)" >&2
        exit 2
        ;;
esac

# ---------------------------------------------------------------------------
# The recipe's inputs. Changing any of them (or the hook below) changes the
# inputs hash and so triggers a rebuild.
# Bump when a build step outside these values changes meaning (mkfs/convert
# options, what is copied out), so existing caches are rebuilt.
recipe_rev=1
suite=bookworm
variant=minbase
# The guest's whole point: real cloud-init, ifupdown (cloud-init's Debian ENI
# renderer), resolvconf (guest DNS through the ENI renderer), and the cloud
# kernel, which has NVMe and virtio built for a quick direct kernel boot. iptables: the
# core set-up's UPF NAT (topoc-upf-setup) runs for real in the guest.
packages=(systemd systemd-sysv udev cloud-init ifupdown iproute2 iputils-ping netbase
    resolvconf openssh-server sudo linux-image-cloud-amd64 iptables)
# The QEMU guest agent: `topoc smoke` runs the lab's smoke scripts through it, on the
# `org.qemu.guest_agent.0` port every topoc VM has (udev starts the agent when the port appears).
packages+=(qemu-guest-agent)
# Docs, man pages and translations are dead weight in a throw-away VM: the
# image shrinks and mkfs/convert get faster.
dpkgopts=('path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/doc/*'
    'path-exclude=/usr/share/locale/*')
image_size=2G
fs_label=root

# The mmdebstrap customize hook (recipe step 2). It is run on the host, as
# root, with the new root directory as $1.
# Kept static (quoted heredoc) so its hash is a faithful input fingerprint.
# POSIX sh: it must not depend on the calling shell.
hook_text=$(
    cat <<'HOOK'
#!/bin/sh
# mmdebstrap --customize-hook for the topoc e2e guest; $1 = the new root.
# Written by scripts/build-e2e-image.sh (see shared/design/e2e-guest.md).
set -eu
root=$1

# cloud-init: only the NoCloud seed (no metadata-URL probing, which would wait
# on timeouts), ed25519 keys only (RSA/DSA keygen costs ~20 s under TCG), no
# grub (there is none: direct kernel boot), and let it keep the localhost
# entries of /etc/hosts in line with the hostname from meta-data.
mkdir -p "$root/etc/cloud/cloud.cfg.d"
cat >"$root/etc/cloud/cloud.cfg.d/90_e2e.cfg" <<'EOF'
# topoc e2e test guest (scripts/build-e2e-image.sh)
datasource_list: [ NoCloud, None ]
ssh_genkeytypes: [ ed25519 ]
grub_dpkg: { enabled: false }
manage_etc_hosts: localhost
EOF

# Without an initramfs, cloud-init-local can run before udev has loaded
# virtio_net, render the network for NICs it cannot see yet and miss the
# MAC match; waiting for udev-settle closes that race.
mkdir -p "$root/etc/systemd/system/cloud-init-local.service.d"
cat >"$root/etc/systemd/system/cloud-init-local.service.d/90-e2e-udev-settle.conf" <<'EOF'
[Unit]
Wants=systemd-udev-settle.service
After=systemd-udev-settle.service
EOF

# Deterministic basics instead of whatever mmdebstrap copied from the build
# host: locale (C.UTF-8 needs no locales package), hostname (cloud-init sets
# the real one from meta-data), hosts, and an empty fstab (the root comes
# from the kernel command line; there is nothing else to mount).
echo 'LANG=C.UTF-8' >"$root/etc/default/locale"
echo localhost >"$root/etc/hostname"
cat >"$root/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
ff02::1	ip6-allnodes
ff02::2	ip6-allrouters
EOF
: >"$root/etc/fstab"

# Keep the journal in RAM: nothing reads it after the VM is gone, and it
# saves writes into the overlay.
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$root/etc/systemd/journald.conf.d/90-e2e.conf"

# resolvconf's postinst saved the BUILD HOST's resolv.conf here; the guest
# would otherwise keep using the host's nameserver. Cloud-init's ENI
# renderer supplies the guest's own DNS.
rm -f "$root/etc/resolvconf/resolv.conf.d/original"

# Units that only cost boot time in a throw-away VM under TCG. Masked by
# /dev/null symlinks (what systemctl mask does) so no systemd is needed here.
# A missing unit is only reported: masking it is harmless, but the note
# shows when Debian renames something and the list needs care.
unit_exists() {
    case $1 in
        *@?*.*) tmpl="${1%%@*}@.${1##*.}" ;; # an instance: look for its template
        *) tmpl=$1 ;;
    esac
    [ -e "$root/usr/lib/systemd/system/$tmpl" ] || [ -e "$root/lib/systemd/system/$tmpl" ]
}
mkdir -p "$root/etc/systemd/system"
for unit in \
    e2scrub_all.timer e2scrub_all.service e2scrub_reap.service \
    apt-daily.timer apt-daily.service apt-daily-upgrade.timer apt-daily-upgrade.service \
    fstrim.timer fstrim.service \
    systemd-binfmt.service proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount \
    sys-kernel-debug.mount sys-kernel-tracing.mount dev-hugepages.mount \
    sys-fs-fuse-connections.mount sys-kernel-config.mount \
    systemd-pstore.service \
    modprobe@configfs.service modprobe@dm_mod.service modprobe@drm.service \
    modprobe@efi_pstore.service modprobe@fuse.service modprobe@loop.service \
    getty@tty1.service getty-static.service systemd-logind.service; do
    unit_exists "$unit" || echo "e2e hook: note: unit $unit not in this root (masked anyway)" >&2
    ln -sfn /dev/null "$root/etc/systemd/system/$unit"
done

# Generators that find nothing to do in this VM but still run on every boot
# (and every daemon-reload).
mkdir -p "$root/etc/systemd/system-generators"
for gen in \
    systemd-cryptsetup-generator systemd-integritysetup-generator \
    systemd-veritysetup-generator systemd-hibernate-resume-generator \
    systemd-gpt-auto-generator systemd-system-update-generator \
    systemd-rc-local-generator systemd-sysv-generator systemd-debug-generator; do
    [ -e "$root/usr/lib/systemd/system-generators/$gen" ] || [ -e "$root/lib/systemd/system-generators/$gen" ] ||
        echo "e2e hook: note: generator $gen not in this root (masked anyway)" >&2
    ln -sfn /dev/null "$root/etc/systemd/system-generators/$gen"
done

# Stand-ins for the Open5GS packages, as an image built with them carries them (`core.install: none`), so the
# e2e tests can check that topoc's core set-up neutralises them on the first boot. Our own small fakes, inert
# unless the kernel command line has the word topoc.e2e.open5gs (only the core set-up tests boot with it, so
# every other guest is as before):
# - the UPF package's systemd-networkd files (in /etc, like its conffiles), which create `ogstun` with the
#   upstream sample addresses (here with ConfigureWithoutCarrier, so the addresses land even while no daemon
#   holds the tun open), and systemd-networkd enabled, as that package's postinst does;
# - every Open5GS daemon's unit, enabled, with the packaged dependencies; the daemon is a script that logs its
#   start to /run/open5gs-standin.log and runs until stopped. The UPF's, like the real one, opens the tun
#   devices of its config (`dev:` lines; `ogstun` without a config) and exits 2 when one is missing, which the
#   packaged unit's Restart=always retries every 2 s.
mkdir -p "$root/etc/systemd/network" "$root/etc/systemd/system/multi-user.target.wants" \
    "$root/etc/systemd/system/sockets.target.wants" "$root/etc/systemd/system/systemd-networkd.service.d" \
    "$root/usr/local/lib/topoc-e2e"
cat >"$root/etc/systemd/network/99-open5gs.netdev" <<'NETDEV'
# e2e stand-in for open5gs-upf's 99-open5gs.netdev
[Match]
KernelCommandLine=topoc.e2e.open5gs

[NetDev]
Name=ogstun
Kind=tun
NETDEV
cat >"$root/etc/systemd/network/99-open5gs.network" <<'NETWORK'
# e2e stand-in for open5gs-upf's 99-open5gs.network
[Match]
Name=ogstun
KernelCommandLine=topoc.e2e.open5gs

[Network]
ConfigureWithoutCarrier=yes
Address=10.45.0.1/16
Address=2001:db8:cafe::1/48
NETWORK
printf '[Unit]\nConditionKernelCommandLine=topoc.e2e.open5gs\n' \
    >"$root/etc/systemd/system/systemd-networkd.service.d/90-e2e-open5gs.conf"
ln -sfn /lib/systemd/system/systemd-networkd.service "$root/etc/systemd/system/multi-user.target.wants/"
ln -sfn /lib/systemd/system/systemd-networkd.socket "$root/etc/systemd/system/sockets.target.wants/"
cat >"$root/usr/local/lib/topoc-e2e/open5gs-standin" <<'STANDIN'
#!/bin/sh
# e2e stand-in for an Open5GS daemon: runs until stopped; the UPF needs its tun devices.
name=${0##*/}
config=
while [ $# -gt 0 ]; do
    case $1 in
        -c) config=${2:-} && shift ;;
    esac
    shift
done
log=/run/open5gs-standin.log
echo "$name start ${config:-no-config}" >>"$log"
if [ "$name" = open5gs-upfd ]; then
    devices=$(sed -n 's/^[[:space:]]*dev:[[:space:]]*\([A-Za-z0-9_.-]*\).*/\1/p' "$config" 2>/dev/null)
    for dev in ${devices:-ogstun}; do
        if ! ip link show dev "$dev" >/dev/null 2>&1; then
            echo "$name: tun_open(dev:$dev) failed" | tee -a "$log" >&2
            exit 2
        fi
    done
fi
exec sleep infinity
STANDIN
chmod 0755 "$root/usr/local/lib/topoc-e2e/open5gs-standin"
for nf in nrf scp sepp amf smf upf ausf udm udr pcf nssf bsf mme sgwc sgwu hss pcrf; do
    ln -sfn /usr/local/lib/topoc-e2e/open5gs-standin "$root/usr/bin/open5gs-${nf}d"
    requires=
    if [ "$nf" = upf ]; then requires='Requires=systemd-networkd.service'; fi
    cat >"$root/lib/systemd/system/open5gs-${nf}d.service" <<UNIT
# e2e stand-in for the packaged open5gs-${nf}d.service
[Unit]
Description=Open5GS ${nf} daemon (e2e stand-in)
After=networking.service
$requires
ConditionKernelCommandLine=topoc.e2e.open5gs

[Service]
Type=simple
Restart=always
ExecStart=/usr/bin/open5gs-${nf}d -c /etc/open5gs/${nf}.yaml
RestartSec=2
RestartPreventExitStatus=1

[Install]
WantedBy=multi-user.target
UNIT
    ln -sfn "/lib/systemd/system/open5gs-${nf}d.service" "$root/etc/systemd/system/multi-user.target.wants/"
done

# openssh-server's postinst generated host keys; every VM cloned from this
# image would share them. cloud-init makes fresh ones on each first boot.
rm -f "$root"/etc/ssh/ssh_host_*
HOOK
)

hook_sha=$(printf '%s\n' "$hook_text" | sha256sum | cut -d' ' -f1)
# One line per input, stable order. The mirror is "default": mmdebstrap picks
# deb.debian.org and, for a stable suite, adds -updates and -security.
inputs_text="recipe-rev: $recipe_rev
suite: $suite
variant: $variant
mirror: default
include: $(
    IFS=,
    echo "${packages[*]}"
)
dpkgopt: ${dpkgopts[*]}
image: ext4 label=$fs_label size=$image_size -> qcow2
boot-files: vmlinuz initrd.img
customize-hook-sha256: $hook_sha"
inputs_sha=$(printf '%s\n' "$inputs_text" | sha256sum | cut -d' ' -f1)

outputs=(base.qcow2 vmlinuz initrd.img)
manifest=$cache/manifest

print_paths() {
    local f
    for f in "${outputs[@]}"; do echo "$cache/$f"; done
}

# Up to date = the manifest (written last, removed first when replacing) has
# our inputs hash and every output is there and non-empty.
up_to_date() {
    local f
    [ -f "$manifest" ] || return 1
    grep -qxF "inputs-sha256: $inputs_sha" "$manifest" || return 1
    for f in "${outputs[@]}"; do [ -s "$cache/$f" ] || return 1; done
}

# Readers take the lock shared, the builder exclusive: concurrent up-to-date
# checks do not queue behind each other, nobody sees a half-replaced set, and
# a caller that boots VMs can hold it shared (scripts/e2e-boot-check.sh does)
# so base.qcow2 is not swapped while overlays are being created on it.
# (Such a caller must run this script BEFORE taking its shared lock: a
# rebuild needs the lock exclusively and would wait for its own caller.)
exec 9>>"$cache/.lock"
if ! flock -s -n 9; then
    echo "build-e2e-image: waiting for the build running in $cache ..." >&2
    flock -s 9
fi

if [ "$mode" != force ] && up_to_date; then
    print_paths
    exit 0
fi
if [ "$mode" = check ]; then
    echo "build-e2e-image: $cache is missing or stale; run scripts/build-e2e-image.sh" >&2
    exit 1
fi

# Upgrading shared -> exclusive is not atomic in flock(2) (it drops, then
# waits), so another builder may have finished meanwhile: check again.
if ! flock -x -n 9; then
    echo "build-e2e-image: waiting for another build or boot using $cache ..." >&2
    flock -x 9
fi
if [ "$mode" != force ] && up_to_date; then
    print_paths
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "build-e2e-image: building needs root (mmdebstrap root mode; ownership in the image); re-run with sudo" >&2
    exit 1
fi

# A build dir may still hold mounts (our tmpfs; mmdebstrap's /proc, /sys,
# /dev/pts, /dev/shm if it died hard). Unmount those first and never cross filesystems while deleting:
# a plain rm -rf through a bind mount would wipe the HOST's /dev.
remove_build_dir() {
    local dir=$1 m
    [ -d "$dir" ] || return 0
    while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r)
    rm -rf --one-file-system "$dir"
}

# Leftovers from runs that were SIGKILLed: we hold the exclusive lock, so no
# live build owns them.
for old in "$cache"/.build.*; do
    if [ -e "$old" ]; then remove_build_dir "$old"; fi
done

tmp=
child= # a long-running child (mmdebstrap) to pass a signal on to
cleanup() {
    local rc=$?
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        # Only our own child, by pid: it unmounts its /proc, /sys and /dev
        # on SIGTERM before it exits; we wait for that before deleting.
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if [ -n "$tmp" ]; then
        remove_build_dir "$tmp"
        [ "$rc" -eq 0 ] || echo "build-e2e-image: failed (exit $rc); removed $tmp" >&2
    fi
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap runs (bash would otherwise
# die without it). mmdebstrap runs as a background job, which ignores a
# Ctrl-C, and a test runner's timeout often signals only our pid anyway:
# cleanup passes a SIGTERM on to it.
trap 'exit 130' INT
trap 'exit 143' TERM HUP

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_all=$(now)

"$repo/scripts/install-deps.sh" --only mmdebstrap debian-archive-keyring e2fsprogs qemu-utils >&2

# Inside the cache dir, so the final mv is a same-filesystem rename.
tmp=$(mktemp -d "$cache/.build.XXXXXX")
# mktemp's 0700 would keep apt's _apt user out, and apt would then download
# unsandboxed as root (it says so with a warning).
chmod 0755 "$tmp"
rootfs=$tmp/rootfs
# The root tree lives in RAM (tmpfs): ~700 MB in ~25k files that exist only
# to be copied by mkfs.ext4 -d. On disk, deleting it afterwards took 10-20 s
# on this machine kind (and dirty-page writeback slowed the rest); a tmpfs
# goes away with one umount. TOPOC_E2E_TMPFS=0 builds on disk instead.
mkdir "$rootfs"
if [ "${TOPOC_E2E_TMPFS:-1}" != 0 ]; then
    mount -t tmpfs -o mode=0755,size=3G topoc-e2e-rootfs "$rootfs"
fi
printf '%s\n' "$hook_text" >"$tmp/customize-hook.sh"
chmod 0755 "$tmp/customize-hook.sh"

echo "build-e2e-image: mmdebstrap $suite ($variant + ${#packages[@]} packages) into $rootfs" >&2
t=$(now)
dpkg_args=()
for o in "${dpkgopts[@]}"; do dpkg_args+=("--dpkgopt=$o"); done
# The hook path is given via the environment and run by sh (mmdebstrap
# clears TMPDIR but keeps our variables), so a cache path with spaces or
# shell metacharacters cannot break the hook command.
# </dev/null: mmdebstrap 1.3.5 reads sources.list from stdin only for a "-"
# mirror, but nothing run inside (apt, maintainer scripts, the hook) may wait
# on or eat a caller's stdin either.
# Run in the background and wait: bash runs a signal trap only once the
# foreground command has ended, but interrupts `wait` at once, so a SIGTERM
# to us stops the build now instead of after minutes.
# shellcheck disable=SC2016  # $E2E_HOOK and $1 are for mmdebstrap's sh, not us
E2E_HOOK=$tmp/customize-hook.sh mmdebstrap \
    --mode=root \
    --variant="$variant" \
    --include="$(
        IFS=,
        echo "${packages[*]}"
    )" \
    "${dpkg_args[@]}" \
    --customize-hook='"$E2E_HOOK" "$1"' \
    "$suite" "$rootfs" </dev/null >&2 &
child=$!
# Forget the pid as soon as it is reaped (it could be reused), then fail.
wait "$child" || {
    rc=$?
    child=
    exit "$rc"
}
child=
t_debootstrap=$(since "$t")

# The target dir's own mode becomes "/" in the image: make sure it is 0755,
# or every non-root daemon in the guest breaks.
chmod 0755 "$rootfs"

# Recipe step 3: the kernel and initrd for direct kernel boot. Exactly one
# cloud kernel must be there; two would make the choice arbitrary.
kernels=("$rootfs"/boot/vmlinuz-*-cloud-amd64)
if [ ${#kernels[@]} -ne 1 ] || [ ! -f "${kernels[0]}" ]; then
    echo "build-e2e-image: expected exactly one boot/vmlinuz-*-cloud-amd64, found: ${kernels[*]}" >&2
    exit 1
fi
kver=${kernels[0]##*/vmlinuz-}
if [ ! -f "$rootfs/boot/initrd.img-$kver" ]; then
    echo "build-e2e-image: no boot/initrd.img-$kver (initramfs-tools did not run?)" >&2
    exit 1
fi
# 0644: Debian ships the kernel 0600-readable by root only in some versions;
# tests that run QEMU as a normal user must be able to read them.
install -m 0644 "${kernels[0]}" "$tmp/vmlinuz"
install -m 0644 "$rootfs/boot/initrd.img-$kver" "$tmp/initrd.img"

dpkg-query --admindir="$rootfs/var/lib/dpkg" -W -f='${Package} ${Version}\n' >"$tmp/packages.txt"
npkgs=$(wc -l <"$tmp/packages.txt")

echo "build-e2e-image: mkfs.ext4 -d ($image_size) and qemu-img convert" >&2
t=$(now)
# -d copies the tree with owners, modes, xattrs and hard links; Debian 12's
# mke2fs cannot read a tarball, hence the directory target above.
# >&2: mke2fs 1.47.0 prints "Creating regular file ..." on stdout even with
# -q, and our stdout is reserved for the three paths.
mkfs.ext4 -q -F -L "$fs_label" -d "$rootfs" "$tmp/base.raw" "$image_size" >&2
qemu-img convert -f raw -O qcow2 "$tmp/base.raw" "$tmp/base.qcow2"
t_image=$(since "$t")
rm -f "$tmp/base.raw"
t=$(now)
remove_build_dir "$rootfs" # ~700 MB we no longer need (RAM, with tmpfs)
t_rm=$(since "$t")

size_of() { stat -c %s "$1"; }
# Apparent vs. allocated: the qcow2 only grows with data, so these are close.
{
    printf '%s\n' "$inputs_text"
    echo "inputs-sha256: $inputs_sha"
    echo "# facts about this build (not compared)"
    echo "built-at: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    # shellcheck source=/dev/null  # a system file, read only for its name
    echo "built-on: $(. /etc/os-release && echo "$PRETTY_NAME"), mmdebstrap $(dpkg-query -W -f='${Version}' mmdebstrap)"
    echo "kernel: $kver"
    echo "packages: $npkgs (packages.txt)"
    echo "base.qcow2-bytes: $(size_of "$tmp/base.qcow2")"
    echo "vmlinuz-bytes: $(size_of "$tmp/vmlinuz")"
    echo "initrd.img-bytes: $(size_of "$tmp/initrd.img")"
    echo "seconds-mmdebstrap: $t_debootstrap"
    echo "seconds-mkfs-convert: $t_image"
} >"$tmp/manifest"

# Durable before visible: after a crash the manifest must never vouch for
# files whose data is not on disk yet. (Can take tens of seconds right after
# a cold build: ext4's ordered mode flushes the data behind the commit.)
t=$(now)
sync "$tmp"/base.qcow2 "$tmp"/vmlinuz "$tmp"/initrd.img "$tmp"/packages.txt "$tmp"/customize-hook.sh "$tmp"/manifest

# Swap in: the manifest goes first and comes back last, so a crash halfway
# leaves "stale", never a mixed set that claims to be current. Each mv is a
# rename(2) on one filesystem; a VM already running on the old base.qcow2
# keeps its open inode.
rm -f "$manifest"
for f in "${outputs[@]}" packages.txt customize-hook.sh; do
    mv -fT "$tmp/$f" "$cache/$f"
done
mv -fT "$tmp/manifest" "$manifest"
sync "$cache"
t_sync=$(since "$t")

echo "build-e2e-image: built in $(since "$t_all") s (mmdebstrap $t_debootstrap s, mkfs+convert $t_image s, rm rootfs $t_rm s, sync $t_sync s): kernel $kver, $npkgs packages, base.qcow2 $(($(size_of "$cache/base.qcow2") / 1048576)) MiB" >&2
print_paths
