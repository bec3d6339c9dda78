#!/usr/bin/env bash
# Install the Debian packages topoc needs to build, to run, and to check its artifacts with their real
# consumers (libvirt, QEMU, cloud-init, ISO tools, ip, ping).
#
#   scripts/install-deps.sh [EXTRA_PKG...]        # everything in the tables below + extras
#   scripts/install-deps.sh --only PKG...         # just these (used by helper scripts that need a few
#                                                 # packages and should not demand QEMU)
#   scripts/install-deps.sh --commands            # print the command table ("command package" lines)
#
# Idempotent and quick when nothing is missing: one dpkg-query decides, and
# apt is only touched (one update + one install) for what is actually absent.
# Safe without a terminal (CI=true, no stdin).
set -euo pipefail

# Every program topoc, its tests, or the scripts its tests run start on this machine, and the Debian
# package that provides it. A fresh CI machine has only what this table installs: the tests' helpers
# refuse to run a program missing from it, and InstallTableTests checks that each one resolves.
commands=(
    # command             package
    "ip                   iproute2"
    "ping                 iputils-ping"
    "sysctl               procps"
    "iptables             iptables"
    "ip6tables            iptables"
    "qemu-system-x86_64   qemu-system-x86"
    "qemu-img             qemu-utils"
    "qemu-io              qemu-utils"
    "genisoimage          genisoimage"
    "isoinfo              genisoimage"
    "python3              python3"
    "curl                 curl"
    "pkg-config           pkg-config"
    "dpkg-deb             dpkg"
    "apt-get              apt"
    "mmdebstrap           mmdebstrap"
    "mkfs.ext4            e2fsprogs"
    "flock                util-linux"
    "awk                  mawk"
    "sed                  sed"
    "find                 findutils"
    "sh                   dash"
    "bash                 bash"
    "env                  coreutils"
    "install              coreutils"
    "ls                   coreutils"
    "mktemp               coreutils"
    "printf               coreutils"
    "pwd                  coreutils"
    "sha256sum            coreutils"
    "sleep                coreutils"
    "true                 coreutils"
    "cat                  coreutils"
    "shellcheck           shellcheck"
)

# Packages with no command of their own: headers and libraries to build against, the keyring mmdebstrap
# checks Debian with, the Python modules the schema checks import, and venv for the PyPI ones below.
libraries=(
    libyaml-dev libvirt-dev libvirt0 debian-archive-keyring python3-yaml python3-jsonschema python3-venv
)

# PyPI packages Debian does not have, installed into a virtual environment (it sees Debian's modules too)
# that the tests find at .build/python-env: kubernetes-validate checks the core kinds of the kubevirt
# manifests (scripts/check-manifests.py). Pinned, so a check means the same on every machine.
pypi=(
    "kubernetes-validate==1.37.0"
)
python_env="$(cd "$(dirname "$0")/.." && pwd)/.build/python-env"

# Creates the environment and installs what it lacks; quick when everything is there (one import).
install_pypi() {
    if [ -x "$python_env/bin/python3" ] && "$python_env/bin/python3" -c 'import kubernetes_validate' 2>/dev/null; then
        return 0
    fi
    echo "install-deps: installing ${pypi[*]} into $python_env" >&2
    /usr/bin/python3 -m venv --system-site-packages "$python_env"
    "$python_env/bin/pip" install --quiet --disable-pip-version-check "${pypi[@]}" </dev/null
}

if [ "${1:-}" = "--commands" ]; then
    printf '%s\n' "${commands[@]}" | tr -s ' '
    exit 0
fi

base_pkgs=("${libraries[@]}")
for row in "${commands[@]}"; do
    read -r _ package <<<"$row"
    base_pkgs+=("$package")
done
# One of each, in a stable order.
mapfile -t base_pkgs < <(printf '%s\n' "${base_pkgs[@]}" | sort -u)

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

if [ ${#missing[@]} -eq 0 ]; then
    [ "${orig_args[0]:-}" = "--only" ] || install_pypi
    exit 0
fi

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
[ "${orig_args[0]:-}" = "--only" ] || install_pypi
