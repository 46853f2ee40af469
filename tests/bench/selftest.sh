#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/selftest.sh SELFTEST.elf [PLUGIN.so] - boot the s390x self-test
# image (tests/bench/selftest_s390x.c) once under each QEMU at hand (host =
# Debian's qemu-system-s390x, sid = the cached QEMU 11.x of tests/e2e), with
# the bench plugin when given. Prints
#   PASS|FAIL string@QEMU: ...       the image's own results
#   PASS|FAIL|SKIP bench-plugin@QEMU: the plugin loaded (its API level), saw
#       the first instruction, the hand-over and the kernel entry, and its
#       per-block counts add up to its instruction total
# No timing is checked.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

img=$1 plugin=${2:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rc=0
for q in qemu-system-s390x "$E2E_CACHE/qemu-sid/bin/qemu-system-s390x"; do
    command -v "$q" >/dev/null 2>&1 || continue
    ql=$("$q" --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
    pargs=()
    [ -n "$plugin" ] && pargs=(-plugin "$plugin,exit=on,out=$tmp/plugin.txt")
    rm -f "$tmp/plugin.txt"
    timeout 60 "$q" -M s390-ccw-virtio -m 256 -nodefaults -nographic -serial stdio \
        -no-reboot -action panic=exit-failure -bios "$img" "${pargs[@]}" \
        < /dev/null > "$tmp/console.txt" 2>&1
    qrc=$?
    tr -d '\r' < "$tmp/console.txt" | sed -n "s/^\(PASS\|FAIL\) string: /\1 string@$ql: /p"
    n=$(tr -d '\r' < "$tmp/console.txt" | grep -c '^PASS string: ')
    if [ "$n" != 3 ]; then
        echo "FAIL string@$ql: $n of 3 PASS lines; console:"; sed 's/^/    /' "$tmp/console.txt"
        rc=1
    fi
    if [ -z "$plugin" ]; then
        echo "SKIP bench-plugin@$ql: plugin not built (qemu-plugin.h or glib missing)"
        continue
    fi
    if [ ! -f "$tmp/plugin.txt" ]; then
        echo "FAIL bench-plugin@$ql: no plugin output (QEMU status $qrc)"; rc=1; continue
    fi
    why=$(awk -v qrc="$qrc" '
        $1 == "api" { api = $2 }
        $1 == "event" { ev[$2] = $5 }
        $1 == "tb" { sum += $3 * $4; ntb++ }
        END {
            if (qrc != 0) { print "QEMU exited with status " qrc " (exit=on exits with 0)"; exit }
            if (!("first" in ev) || !("leave" in ev) || !("kernel" in ev)) { print "missing events"; exit }
            if (ev["leave"] < 10000) { print "only " ev["leave"] " instructions before the hand-over"; exit }
            if (sum != ev["leave"]) { print "blocks add up to " sum ", total " ev["leave"]; exit }
            printf "OK API %s, %d instructions in %d blocks before the hand-over\n", api, ev["leave"], ntb
        }' "$tmp/plugin.txt")
    case $why in
        OK*) echo "PASS bench-plugin@$ql: ${why#OK }" ;;
        *) echo "FAIL bench-plugin@$ql: $why"; rc=1 ;;
    esac
done
exit $rc
