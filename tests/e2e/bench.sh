#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/bench.sh - the firmware-phase benchmark (make bench): secure-ccw
# against QEMU's stock BIOS, measured with the project's TCG plugin
# (tests/bench/phase-plugin.c, built as $O/bench/libphase.so).
#
# For every QEMU of $QEMUS and every configuration of $CONFIGS (disk written by
# the real zipl, attached on virtio-blk or virtio-scsi), QEMU boots RUNS pairs
# of runs in ABBA order (stock, ours; ours, stock; ...) so that a change of
# host load hits both alike. Each run stops at the Linux kernel entry
# (0x10000); the plugin reports the first guest instruction, the hand-over
# (first instruction below 16 MiB) and the guest instructions executed before
# it, per translation block. Every run is done twice: counting instructions
# (count=tb), and timing only (count=off: the plugin adds nothing to the
# blocks it does not need, so a firmware that executes more instructions is
# not slowed down by the counting). tests/bench/phase-report.py turns the
# runs into the table (medians, ratios; see its header for the definitions of
# ins_stable and ins_wait).
#
# Environment:
#   RUNS=3            pairs per configuration
#   QEMUS="host sid"  host = qemu-system-s390x on PATH (7.2), sid = Debian
#                     sid's QEMU (11.x) from tests/e2e/fetch.sh, or paths
#   CONFIGS="real-vblk:vblk real-vblk-64m:vblk real-scsi:scsi real-vblk-64m:scsi"
#                     DISK:BUS pairs (DISK.img in $E2E_OUT, BUS as in boot.sh)
#   BIOS              our image (default build/secure-ccw.img)
#   PLUGIN            the plugin (default build/bench/libphase.so)
#   FIXTURES=0        do not build the fixtures (use what $E2E_OUT holds)
#   MEM=512           guest RAM in MiB
#   HOT=0             also list the N hottest blocks of ours (addr2line)
#   SVG=1             also write $BENCH_OUT/phases.svg
#   BENCH_OUT         results (default build/bench): runs/, bench.md
# Output: the markdown table on stdout, also in $BENCH_OUT/bench.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"

RUNS=${RUNS:-3}
QEMUS=${QEMUS:-host sid}
CONFIGS=${CONFIGS:-real-vblk:vblk real-vblk-64m:vblk real-scsi:scsi real-vblk-64m:scsi}
BIOS=$(realpath -m -- "${BIOS:-$E2E_REPO/build/secure-ccw.img}")
PLUGIN=$(realpath -m -- "${PLUGIN:-$E2E_REPO/build/bench/libphase.so}")
BENCH_OUT=${BENCH_OUT:-$E2E_REPO/build/bench}
MEM=${MEM:-512}
TMO=${BENCH_TIMEOUT:-120}

[ -f "$BIOS" ] || e2e_die "no $BIOS: run make first"
[ -f "$PLUGIN" ] || e2e_die "no $PLUGIN: run make bench-plugin first"

if [ "${FIXTURES:-1}" != 0 ]; then
    disks=()
    for c in $CONFIGS; do disks+=("${c%%:*}"); done
    e2e_log "building fixtures"
    "$E2E_LIB_DIR/fetch.sh" all > /dev/null
    mapfile -t disks < <(printf '%s\n' "${disks[@]}" | sort -u)
    "$E2E_LIB_DIR/mk-real-zipl-disk.sh" "${disks[@]}"
fi

rm -rf "$BENCH_OUT/runs"
mkdir -p "$BENCH_OUT/runs"

# one_run QEMU QLABEL FW DISK BUS RUN COUNT: one boot to the kernel entry;
# the plugin's report plus "start NS" (host CLOCK_REALTIME at QEMU's start)
# in $BENCH_OUT/runs/QLABEL_DISK_BUS_FW_RUN.COUNT.txt (COUNT: tb or off)
one_run() {
    local q=$1 ql=$2 fw=$3 disk=$4 bus=$5 r=$6 count=$7 f args bios_args=() t0 rc=0
    f=$BENCH_OUT/runs/${ql}_${disk}_${bus}_${fw}_$r.$count
    [ "$fw" = ours ] && bios_args=(-bios "$BIOS")
    mapfile -t args < <(boot_disk_args "$bus" "$E2E_OUT/$disk.img")
    t0=${EPOCHREALTIME/[.,]/}
    timeout "$TMO" "$q" -M s390-ccw-virtio -m "$MEM" -nodefaults -nographic \
        -serial "file:$f.log" -no-reboot -action panic=exit-failure \
        "${bios_args[@]}" "${args[@]}" \
        -plugin "$PLUGIN,exit=on,count=$count,out=$f.part" > /dev/null 2>&1 || rc=$?
    { cat "$f.part"; echo "start ${t0}000"; echo "rc $rc"; } > "$f.txt"
    rm -f "$f.part"
    grep -q '^event leave' "$f.txt" || e2e_log "WARNING: $ql $disk $bus $fw run $r ($count): no hand-over (rc $rc, see $f.log)"
}

for q in $QEMUS; do
    qpath=$(boot_qemu_path "$q")
    command -v "$qpath" >/dev/null 2>&1 || { e2e_log "skip $q: $qpath not available"; continue; }
    ql=$("$qpath" --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
    for c in $CONFIGS; do
        disk=${c%%:*} bus=${c#*:}
        [ -f "$E2E_OUT/$disk.img" ] || { e2e_log "skip $disk: $E2E_OUT/$disk.img missing"; continue; }
        e2e_log "QEMU $ql $disk on $bus: $RUNS ABBA pairs"
        for r in $(seq "$RUNS"); do
            if [ $((r % 2)) = 1 ]; then order="stock ours"; else order="ours stock"; fi
            for count in off tb; do
                for fw in $order; do one_run "$qpath" "$ql" "$fw" "$disk" "$bus" "$r" "$count"; done
            done
        done
    done
done

report_args=(--runs "$BENCH_OUT/runs" --elf "${BIOS%.img}.elf" --hot "${HOT:-0}")
[ "${SVG:-1}" = 1 ] && report_args+=(--svg "$BENCH_OUT/phases.svg")
{
    echo "Firmware phase, QEMU TCG, RUNS=$RUNS ABBA pairs per row (medians); ours = ${BIOS/#$E2E_REPO\//}"
    echo
    python3 "$E2E_REPO/tests/bench/phase-report.py" "${report_args[@]}"
} | tee "$BENCH_OUT/bench.md"
