#!/usr/bin/env bash
# Install the Debian packages topoc needs to build and to check its artifacts
# with their real consumers (libvirt, QEMU, ISO tools, ip).
#
#   scripts/install-deps.sh [EXTRA_PKG...]        # base set + extras
#   scripts/install-deps.sh --only PKG...         # just these (used by helpers
#                                                 # that need a few packages and
#                                                 # should not demand QEMU)
#
# Idempotent and quick when nothing is missing: one dpkg-query decides, and
# apt is only touched (one update + one install) for what is actually absent.
# Safe without a terminal (CI=true, no stdin).
set -euo pipefail

base_pkgs=(libyaml-dev libvirt-dev libcurl4-openssl-dev pkg-config qemu-system-x86 qemu-utils genisoimage iproute2 python3 python3-yaml python3-jsonschema)

orig_args=("$@")   # for the sudo hint, before --only is shifted away
if [ "${1:-}" = "--only" ]; then
    shift
    want=("$@")
else
    want=("${base_pkgs[@]}" "$@")
fi
[ ${#want[@]} -gt 0 ] || exit 0

# One dpkg-query for everything: helpers call this on every run, so
# per-package calls would add up. Unknown packages print nothing on stdout
# (= missing); their stderr complaint is noise.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${want[@]}" 2>/dev/null || true)

missing=()
for pkg in "${want[@]}"; do
    name=${pkg%%:*}   # tolerate arch-qualified names (foo:amd64)
    if ! grep -qxF "$name install ok installed" <<<"$installed"; then
        missing+=("$pkg")
    fi
done

[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-deps: re-run as root: sudo $0 ${orig_args[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}" >&2
# A broken third-party apt source must not block installing from Debian; if a
# package really is unavailable, the install below fails loudly anyway.
apt-get update -qq </dev/null ||
    echo "install-deps: apt-get update reported errors, trying anyway" >&2
# </dev/null: apt/dpkg must never wait on a prompt in CI.
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
