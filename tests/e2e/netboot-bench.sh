#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/netboot-bench.sh - network boot time (part of make bench): QEMU's
# user network serves Debian's kernel and the 64 MiB marker initrd through a
# pxelinux.cfg; seconds from QEMU's start to the kernel entry (the line
# "Network loading done, starting kernel..." that both firmwares print just
# before the jump; WHAT=marker: to the initrd's marker line), our BIOS
# against QEMU's stock BIOS on the same TFTP folder, ours and stock
# alternating, RUNS times each (default 3); medians and ours/stock.
#
# Environment: RUNS=3, QEMUS="sid host", WHAT=entry|marker, BIOS (as for
# run.sh), MEM=512.
# Output: a markdown table on stdout (also $E2E_OUT/netboot-bench.md).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"

RUNS=${RUNS:-3}
WHAT=${WHAT:-entry}
if [ "$WHAT" = marker ]; then
    EXPECT='SECURE-CCW-MARKER: marker=bench '; GRACE=10; TO="the marker line"
else
    EXPECT='Network loading done, starting kernel'; GRACE=0; TO="kernel entry"
fi
QEMUS=${QEMUS:-sid host}
OURS=${BIOS-$E2E_REPO/build/secure-ccw.img}
I=$E2E_OUT/marker-64m.cpio.gz
D=$E2E_OUT/netboot/bench
[ -f "$E2E_OUT/vmlinuz" ] && [ -f "$I" ] || e2e_die "fixtures missing: run tests/e2e/run.sh first"
rm -rf "$D"; mkdir -p "$D/pxelinux.cfg"
ln -s "$E2E_OUT/vmlinuz" "$D/vmlinuz"; ln -s "$I" "$D/initrd"
printf 'default bench\nlabel bench\n  kernel vmlinuz\n  initrd initrd\n  append console=ttysclp0 rd.marker=bench\n' \
    > "$D/pxelinux.cfg/default"

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "n/a"; exit }
        printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# one_run QEMU BIOS NAME: prints the seconds to $EXPECT, or FAIL
one_run() {
    if BOOT_QUIET=1 BOOT_TIMEOUT=180 BOOT_GRACE=$GRACE boot_case "$3" "$1" "$2" "$EXPECT" \
            -netdev "user,id=n1,tftp=$D" -device virtio-net-ccw,netdev=n1,bootindex=1; then
        awk -v us="$BC_US" 'BEGIN { printf "%.3f\n", us / 1e6 }'
    else
        echo FAIL
    fi
}

rows=()
for q in $QEMUS; do
    qpath=$(boot_qemu_path "$q")
    command -v "$qpath" >/dev/null 2>&1 || continue
    ql=$("$qpath" --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
    stock=() ours=()
    for r in $(seq "$RUNS"); do
        t=$(one_run "$qpath" stock "netbench-$ql-stock-$r"); [ "$t" = FAIL ] || stock+=("$t")
        t=$(one_run "$qpath" "$OURS" "netbench-$ql-ours-$r"); [ "$t" = FAIL ] || ours+=("$t")
        e2e_log "$ql run $r: stock ${stock[-1]:-FAIL} s, ours ${ours[-1]:-FAIL} s"
    done
    ms=$(median "${stock[@]}"); mo=$(median "${ours[@]}")
    ratio=$(awk -v o="$mo" -v s="$ms" 'BEGIN { if (o + 0 > 0 && s + 0 > 0) printf "%.2f", o / s; else print "-" }')
    rows+=("| $ql | kernel + 64 MiB initrd, pxelinux.cfg | ${#stock[@]}/$RUNS | $ms | ${#ours[@]}/$RUNS | $mo | $ratio |")
done
{
    echo "Network boot, QEMU start to $TO (median seconds over RUNS=$RUNS)"
    echo
    echo "| QEMU | files | stock ok | stock (s) | ours ok | ours (s) | ours/stock |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$E2E_OUT/netboot-bench.md"
