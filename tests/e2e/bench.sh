#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/bench.sh - boot-time benchmark (make bench): seconds from QEMU's
# start to the marker line, our BIOS against QEMU's stock BIOS, on every QEMU
# of $QEMUS, for the real-zipl virtio-blk disk with the normal marker initrd
# (real-vblk.img, ~1 MiB initrd) and with the 64 MiB one (real-vblk-64m.img,
# where the firmware's disk-read speed dominates). Each configuration boots
# RUNS times, ours and stock alternating so that a load change on the host
# hits both alike; the table shows the medians and ours/stock (< 1 = faster).
#
# Environment: RUNS=5, QEMUS="host sid", BIOS (as for run.sh; missing -> the
# "ours" column is n/a), FIXTURES=0 (do not build fixtures), MEM=512.
# Output: a markdown table on stdout (also saved as $E2E_OUT/bench.md);
# per-run times in $E2E_OUT/bench-runs.txt.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"

RUNS=${RUNS:-5}
QEMUS=${QEMUS:-host sid}
BIOS=${BIOS-$E2E_REPO/build/secure-ccw.img}
case $BIOS in ""|stock) OURS=stock ;; *) OURS=$(realpath -m -- "$BIOS") ;; esac
DISKS=(real-vblk real-vblk-64m)

if [ "${FIXTURES:-1}" != 0 ]; then
    e2e_log "building fixtures"
    "$E2E_LIB_DIR/fetch.sh" all > /dev/null
    "$E2E_LIB_DIR/mk-real-zipl-disk.sh" "${DISKS[@]}"
fi

median() {   # median SECONDS...: prints the median with 2 decimals
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) { print "n/a"; exit }
              m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.2f\n", m }'
}

# one_run LABEL QEMU BIOS DISK RUN: prints the seconds to the marker or "FAIL"
one_run() {
    local args
    mapfile -t args < <(boot_disk_args vblk "$E2E_OUT/$4.img")
    if BOOT_QUIET=1 boot_case "bench-$1-$4-$5" "$2" "$3" 'SECURE-CCW-MARKER: marker=debian ' \
            "${args[@]}"; then
        awk -v us="$BC_US" 'BEGIN { printf "%.3f\n", us / 1e6 }'
    else
        echo "${BC_RESULT:-FAIL}"
    fi
}

: > "$E2E_OUT/bench-runs.txt"
rows=()
for q in $QEMUS; do
    qpath=$(boot_qemu_path "$q")
    command -v "$qpath" >/dev/null 2>&1 || { e2e_log "skip $q: $qpath not available"; continue; }
    ql=$("$qpath" --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
    for disk in "${DISKS[@]}"; do
        stock=() ours=() bad=""
        for r in $(seq "$RUNS"); do
            t=$(one_run "$ql-stock" "$qpath" stock "$disk" "$r")
            echo "$ql $disk stock run $r: $t" >> "$E2E_OUT/bench-runs.txt"
            case $t in [0-9]*) stock+=("$t") ;; *) bad="stock:$t" ;; esac
            if [ "$OURS" != stock ] && [ -f "$OURS" ]; then
                t=$(one_run "$ql-ours" "$qpath" "$OURS" "$disk" "$r")
                echo "$ql $disk ours run $r: $t" >> "$E2E_OUT/bench-runs.txt"
                case $t in [0-9]*) ours+=("$t") ;; *) bad="${bad:+$bad }ours:$t" ;; esac
            fi
        done
        ms=$(median "${stock[@]}")
        if [ "$OURS" = stock ]; then
            mo="(= stock)"; ratio="-"
        elif [ ! -f "$OURS" ]; then
            mo="n/a (no $(basename "$OURS"))"; ratio="-"
        else
            mo=$(median "${ours[@]}")
            ratio=$(awk -v o="$mo" -v s="$ms" 'BEGIN { if (o + 0 > 0 && s + 0 > 0) printf "%.2f", o / s; else print "-" }')
        fi
        rows+=("| $ql | $disk | ${#stock[@]}/$RUNS | $ms | $mo | $ratio |${bad:+ failures: $bad}")
        e2e_log "$ql $disk: stock $ms s, ours $mo s, ratio $ratio"
    done
done

{
    echo "Boot time to the marker (median seconds over RUNS=$RUNS; ours = ${OURS/#$E2E_REPO\//})"
    echo
    echo "| QEMU | disk | stock runs ok | stock median (s) | ours median (s) | ours/stock |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$E2E_OUT/bench.md"
