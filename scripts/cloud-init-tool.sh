#!/usr/bin/env bash
# Run the REAL cloud-init (Debian bookworm's package, 22.4.x) from a private
# unpacked copy, without installing it: installing cloud-init would enable its
# boot services and drop config in /etc on the host.
#
#   scripts/cloud-init-tool.sh schema --config-file user-data
#   scripts/cloud-init-tool.sh devel net-convert -p network-config -k yaml \
#       -D debian -O eni -d OUTDIR
#
# Arguments go to cloud-init's CLI unchanged; its exit code is ours.
# Cache: ${TOPOC_CACHE:-<repo>/.cache}/cloud-init (unpacked once, stamp file).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${TOPOC_CACHE:-$repo/.cache}/cloud-init
stamp=$cache/stamp
site=$cache/root/usr/lib/python3/dist-packages
# Debian's interpreter, not whatever `python3` is on PATH (often pyenv here):
# cloud-init's dependencies are installed as Debian python3-* packages.
py=/usr/bin/python3

setup() {
    mkdir -p "$cache"
    # Concurrent test processes may all arrive here at once: one unpacks, the
    # others wait and then see the stamp.
    exec 9>"$cache/.lock"
    flock 9
    if [ -f "$stamp" ]; then exec 9>&-; return; fi

    local dl=$cache/download
    rm -rf "$dl" "$cache/root.tmp"
    mkdir -p "$dl"
    # Everything setup prints goes to stderr: callers parse our stdout.
    # Sandbox::User=root: as root apt would drop to _apt, which cannot write
    # into our root-owned cache dir (it still works, but warns).
    if ! (cd "$dl" && apt-get -q -o APT::Sandbox::User=root download cloud-init >&2); then
        # A fresh machine may have no package lists yet.
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq </dev/null >&2 || true
            (cd "$dl" && apt-get -q -o APT::Sandbox::User=root download cloud-init >&2)
        else
            echo "cloud-init-tool: 'apt-get download cloud-init' failed; try 'sudo apt-get update'" >&2
            exit 1
        fi
    fi
    local deb
    deb=$(echo "$dl"/cloud-init_*.deb)

    # Take the Python runtime deps from the package itself rather than a
    # hand-kept list: "python3-yaml, python3:any, ..." -> python3-yaml python3
    local pydeps
    pydeps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g' |
        grep -E '^python3(-|$)' | sort -u | tr '\n' ' ')
    # shellcheck disable=SC2086  # word splitting of the package list is wanted
    "$repo/scripts/install-deps.sh" --only $pydeps >&2

    dpkg-deb -x "$deb" "$cache/root.tmp"
    # Precompile now, under the lock, so later parallel runs only read.
    "$py" -m compileall -q "$cache/root.tmp/usr/lib/python3/dist-packages" >/dev/null || true
    rm -rf "$cache/root"
    mv "$cache/root.tmp" "$cache/root"
    printf 'deb=%s\npydeps=%s\n' "$(basename "$deb")" "$pydeps" >"$stamp.tmp"
    mv "$stamp.tmp" "$stamp"
    rm -rf "$dl"
    exec 9>&-
}

if [ -f "$stamp" ]; then
    # Fast path; still re-check the deps (one dpkg-query) in case the cache
    # outlived the machine's packages.
    pydeps=$(sed -n 's/^pydeps=//p' "$stamp")
    # shellcheck disable=SC2086
    "$repo/scripts/install-deps.sh" --only $pydeps >&2
else
    setup
fi

# -I: ignore PYTHONPATH/user site/cwd so a stray module (pyenv, ~/.local,
# a yaml.py in cwd) cannot shadow Debian's; the copy is put on sys.path
# explicitly instead. jsonschema is imported first on purpose: without it
# cloud-init 22.4 silently SKIPS schema validation and reports "Valid".
# TZ mirrors cloud-init's own __main__.
exec "$py" -I -c '
import os, sys
sys.path.insert(0, sys.argv.pop(1))
import jsonschema  # noqa: F401
os.environ.setdefault("TZ", ":/etc/localtime")
from cloudinit.cmd.main import main
sys.exit(main(["cloud-init"] + sys.argv[1:]))
' "$site" "$@"
