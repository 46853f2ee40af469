#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/boot.sh - one QEMU boot test: library (source it) and CLI.
#
#   tests/e2e/boot.sh NAME QEMU BIOS EXPECT_REGEX [qemu args...]
#   . tests/e2e/boot.sh; boot_case NAME QEMU BIOS EXPECT_REGEX [qemu args...]
#
# Starts
#   timeout T QEMU -M s390-ccw-virtio -m $MEM -nodefaults -nographic
#       -serial stdio -no-reboot -action panic=exit-failure [-bios BIOS] args...
# with the console captured in $E2E_OUT/logs/NAME.log (each line as it
# arrives, so the time to the expected line is measured precisely), and
# prints exactly one result line on stdout:
#   PASS NAME (x.xs)        seconds from QEMU's start to the EXPECT_REGEX line
#   FAIL NAME: reason
#   SKIP NAME: reason       (QEMU or BIOS file missing)
# Exit status / return value: 0 PASS, 1 FAIL, 77 SKIP; the result is also in
# BC_RESULT, BC_SECONDS (marker time, or QEMU's run time for NEGATIVE=1),
# BC_US (the same in microseconds), BC_REASON and BC_RC (QEMU's exit status).
#
# QEMU: a path or command; "host" = qemu-system-s390x from PATH,
#       "sid" = $E2E_CACHE/qemu-sid/bin/qemu-system-s390x (fetch.sh).
# BIOS: a file for -bios; empty or "stock" = QEMU's own s390-ccw.img.
#
# Environment:
#   MEM=512           guest RAM in MiB
#   BOOT_TIMEOUT=60   seconds before QEMU is killed (positive cases)
#   BOOT_GRACE=10     seconds QEMU may keep running after the expected line
#                     before it is stopped (the marker initrd powers off)
#   NEGATIVE=1        the case must NOT boot: PASS when QEMU exits by itself
#                     within NEG_TIMEOUT (default 30) seconds, the console
#                     shows no BOOTED_REGEX, and EXPECT_REGEX (an expected
#                     error message; may be empty) appears
#   BOOTED_REGEX      what counts as "booted" for NEGATIVE=1
#                     (default: 'SECURE-CCW-MARKER:|Linux version')
#   KEYS="1 \r"       keys typed on the console, one token every 0.5 s (printf
#                     %b escapes), starting KEYS_DELAY (default 1) s after
#                     QEMU starts; the BIOS reads one character per SCLP event
#   BOOT_QUIET=1      do not print the result line
#
# Notes: without -serial stdio, "-nodefaults -nographic" leaves the guest
# without any console. QEMU 7.2 has no per-device loadparm: pass
# "-machine loadparm=N" in the args.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# boot_qemu_path ALIAS|PATH: resolve the "host" and "sid" shorthands
boot_qemu_path() {
    case $1 in
        host) command -v qemu-system-s390x || echo qemu-system-s390x ;;
        sid)  echo "$E2E_CACHE/qemu-sid/bin/qemu-system-s390x" ;;
        *)    echo "$1" ;;
    esac
}

# boot_disk_args BUS IMAGE [DEVICE-OPTS]: QEMU args attaching IMAGE read-only
# as the boot device (bootindex=1). BUS: vblk (virtio-blk-ccw), scsi
# (virtio-scsi-ccw + scsi-hd) or cd (virtio-scsi-ccw + scsi-cd), vblkpci
# (virtio-blk-pci), scsipci (virtio-scsi-pci + scsi-hd); a suffix
# 4k or 2k sets that logical block size (vblk4k, scsi2k, ...). DEVICE-OPTS are appended to the disk device,
# e.g. ",logical_block_size=4096,physical_block_size=4096".
boot_disk_args() {
    local bus=$1 img=$2 opts=${3:-}
    printf '%s\n' -drive "file=$img,if=none,id=boot0,format=raw,readonly=on"
    case $bus in
        *4k) opts=",logical_block_size=4096,physical_block_size=4096$opts"; bus=${bus%4k} ;;
        *2k) opts=",logical_block_size=2048,physical_block_size=2048$opts"; bus=${bus%2k} ;;
    esac
    case $bus in
        vblk) printf '%s\n' -device "virtio-blk-ccw,drive=boot0,bootindex=1$opts" ;;
        vblkpci) printf '%s\n' -device "virtio-blk-pci,drive=boot0,bootindex=1$opts" ;;
        scsipci) printf '%s\n' -device virtio-scsi-pci,id=scsi0 \
                  -device "scsi-hd,drive=boot0,bus=scsi0.0,bootindex=1$opts" ;;
        scsi) printf '%s\n' -device virtio-scsi-ccw,id=scsi0 \
                  -device "scsi-hd,drive=boot0,bus=scsi0.0,bootindex=1$opts" ;;
        cd)   printf '%s\n' -device virtio-scsi-ccw,id=scsi0 \
                  -device "scsi-cd,drive=boot0,bus=scsi0.0,bootindex=1$opts" ;;
        *) e2e_die "boot_disk_args: unknown bus '$bus' (vblk|scsi|cd|vblkpci|scsipci, +4k/2k)" ;;
    esac
}

_bc_result() {   # _bc_result PASS|FAIL|SKIP NAME TEXT
    # shellcheck disable=SC2034
    BC_RESULT=$1
    if [ "${BOOT_QUIET:-0}" != 1 ]; then
        case $1 in
            PASS) printf 'PASS %s (%ss)\n' "$2" "$3" ;;
            *)    printf '%s %s: %s\n' "$1" "$2" "$3" ;;
        esac
    fi
    case $1 in PASS) return 0 ;; SKIP) return 77 ;; *) return 1 ;; esac
}

_bc_us() { local t=${EPOCHREALTIME/[.,]/}; printf '%s\n' "$((10#$t))"; }   # microseconds
_bc_secs() { printf '%d.%d\n' $(( $1 / 1000000 )) $(( ($1 % 1000000) / 100000 )); }
# _bc_line LINE: log one console line and check it (uses boot_case's locals)
_bc_line() {
    local l=${1%$'\r'}
    printf '%s\n' "$l" >> "$log"
    if [ -z "$t_hit" ] && [ -n "$expect" ] && [[ $l =~ $expect ]]; then
        t_hit=$(_bc_us)
    fi
    if [ "$neg" = 1 ] && [ -z "$booted" ] && [[ $l =~ $booted_re ]]; then
        booted=$l
    fi
    return 0
}

boot_case() {
    [ $# -ge 4 ] || e2e_die "usage: boot_case NAME QEMU BIOS EXPECT_REGEX [qemu args...]"
    local name=$1 qemu bios=$3 expect=$4
    qemu=$(boot_qemu_path "$2")
    shift 4
    local neg=${NEGATIVE:-0} mem=${MEM:-512} grace=${BOOT_GRACE:-10}
    local booted_re=${BOOTED_REGEX:-'SECURE-CCW-MARKER:|Linux version'}
    local tmo=${BOOT_TIMEOUT:-60}
    [ "$neg" = 1 ] && tmo=${NEG_TIMEOUT:-30}
    # shellcheck disable=SC2034  # results for the caller
    BC_RESULT="" BC_SECONDS="" BC_US="" BC_REASON="" BC_RC=""

    if ! command -v "$qemu" >/dev/null 2>&1; then
        BC_REASON="QEMU '$qemu' not found"; _bc_result SKIP "$name" "$BC_REASON"; return
    fi
    local bios_args=()
    case $bios in
        ""|stock) ;;
        *) if [ ! -f "$bios" ]; then
               BC_REASON="BIOS image $bios does not exist (not built yet?)"
               _bc_result SKIP "$name" "$BC_REASON"; return
           fi
           bios_args=(-bios "$bios") ;;
    esac

    local logdir=$E2E_OUT/logs
    mkdir -p "$logdir"
    local log=$logdir/${name//\//_}.log tmp
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/e2e-boot.XXXXXX")
    mkfifo "$tmp/console"
    local input=/dev/null feeder=""
    if [ -n "${KEYS:-}" ]; then
        mkfifo "$tmp/keys"
        input=$tmp/keys
        (
            sleep "${KEYS_DELAY:-1}"
            for k in $KEYS; do printf '%b' "$k"; sleep 0.5; done
            exec sleep "$((tmo + 5))"      # keep stdin open: EOF is not a key
        ) > "$tmp/keys" &
        feeder=$!
    fi

    {
        printf '# %s: %s -M s390-ccw-virtio -m %s' "$name" "$qemu" "$mem"
        local a
        for a in -nodefaults -nographic -serial stdio -no-reboot \
                 -action panic=exit-failure "${bios_args[@]}" "$@"; do
            case $a in *[[:space:]\'\"]*) printf " '%s'" "$a" ;; *) printf ' %s' "$a" ;; esac
        done
        printf '\n'
    } > "$log"
    local t0 t_hit="" t_end qpid rc=0 line="" partial="" fd rrc killed=0 booted=""
    t0=$(_bc_us)
    timeout -k 5 "$tmo" "$qemu" -M s390-ccw-virtio -m "$mem" -nodefaults -nographic \
        -serial stdio -no-reboot -action panic=exit-failure "${bios_args[@]}" "$@" \
        < "$input" > "$tmp/console" 2>&1 &
    qpid=$!
    exec {fd}< "$tmp/console"
    # Read the console line by line as QEMU writes it; a read that times out
    # keeps the partial line. EOF means QEMU (and timeout) exited.
    while :; do
        if IFS= read -r -t 0.5 -u "$fd" line; then
            _bc_line "$partial$line"
            partial=""
        else
            rrc=$?
            if [ "$rrc" -gt 128 ]; then
                partial+=$line
            else
                [ -z "$partial$line" ] || _bc_line "$partial$line"
                break
            fi
        fi
        # positive case done: QEMU gets BOOT_GRACE seconds to power off
        if [ "$neg" != 1 ] && [ -n "$t_hit" ] && [ "$killed" = 0 ] &&
           [ $(( $(_bc_us) - t_hit )) -gt $(( grace * 1000000 )) ]; then
            kill "$qpid" 2>/dev/null || true
            killed=1
        fi
    done
    exec {fd}<&-
    wait "$qpid" || rc=$?
    t_end=$(_bc_us)
    if [ -n "$feeder" ]; then kill "$feeder" 2>/dev/null || true; wait "$feeder" 2>/dev/null || true; fi
    rm -rf "$tmp"
    # shellcheck disable=SC2034
    BC_RC=$rc
    printf '# QEMU exit status %s after %ss%s\n' "$rc" "$(_bc_secs $((t_end - t0)))" \
        "$([ "$killed" = 1 ] && echo " (stopped by boot.sh after the expected line)")" >> "$log"

    local last
    last=$(grep -av -e '^#' -e 'terminating on signal' "$log" | grep -av '^[[:space:]]*$' | tail -n 1 | cut -c1-120 || true)
    if [ "$neg" = 1 ]; then
        BC_US=$((t_end - t0))
        BC_SECONDS=$(_bc_secs "$BC_US")
        if [ -n "$booted" ]; then
            BC_REASON="booted although it must not: $(printf '%s' "$booted" | cut -c1-100)"
        elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
            BC_REASON="QEMU still running after ${tmo}s (expected a quick stop); last: $last"
        elif [ -n "$expect" ] && [ -z "$t_hit" ]; then
            BC_REASON="no /$expect/ on the console (rc=$rc); last: $last"
        else
            _bc_result PASS "$name" "$BC_SECONDS"; return
        fi
        _bc_result FAIL "$name" "$BC_REASON"; return
    fi
    if [ -n "$t_hit" ]; then
        BC_US=$((t_hit - t0))
        BC_SECONDS=$(_bc_secs "$BC_US")
        _bc_result PASS "$name" "$BC_SECONDS"; return
    fi
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        BC_REASON="timeout after ${tmo}s without /$expect/; last: $last"
    else
        BC_REASON="QEMU exited (rc=$rc) without /$expect/; last: $last"
    fi
    _bc_result FAIL "$name" "$BC_REASON"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    [ $# -ge 4 ] || { sed -n '4,10p' "$0" >&2; exit 2; }
    rc=0
    boot_case "$@" || rc=$?
    exit "$rc"
fi
