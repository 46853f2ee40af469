#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/mk-bad-disks.sh - negative fixtures: disks a firmware must refuse
# to boot, with a clear error and a quick stop (never a hang, never a jump
# into garbage). Each is a patched copy of real-vblk.img (the real zipl's
# output, see mk-real-zipl-disk.sh), patched with zipl-walk.py; written to
# $E2E_OUT:
#
#   bad-blank.img           64 MiB of zeros: no boot record of any kind.
#   bad-magic.img           block 0's "zIPL" magic changed to "zIPM" (the
#                           rest of the boot map is intact).
#   bad-prog-table.img      the program table block (the block the MBR points
#                           at) overwritten with garbage: no "zIPL" magic, no
#                           valid component-table pointers.
#   bad-prog-table-eod.img  the MBR's program-table pointer names a block
#                           past the end of the disk.
#   bad-comp-over-fw.img    the kernel's LOAD entry (address 0x10000) moved so
#                           that the segment ends at 0x7F00000 and therefore
#                           covers the firmware with -m 128: QEMU 7.2 puts the
#                           BIOS at 0x7E00000, 9.2+ at 0x7D00000. The segment
#                           stays inside the 128 MiB of RAM, so only the
#                           "would overwrite the firmware" check catches it.
#                           Boot it with MEM=128.
#   bad-blocklist-eod.img   the first data pointer of the kernel's block list
#                           names a block past the end of the disk.
#
# Rebuilt only when real-vblk.img, zipl-walk.py or this script change.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_need python3 truncate
OUT=$E2E_OUT
SRC=$OUT/real-vblk.img
WALK=$E2E_LIB_DIR/zipl-walk.py
[ -f "$SRC" ] || "$E2E_LIB_DIR/mk-real-zipl-disk.sh" real-vblk
mkdir -p "$OUT/logs"

FW_END=$((0x7F00000))      # inside the BIOS area of 7.2 (0x7E00000..) and 9.2+ (0x7D00000..)
FW_LOW=$((0x7D00000))      # lowest BIOS base of the two with -m 128

walk() { python3 "$WALK" "$@"; }

# patched NAME CMD...: copy real-vblk.img to NAME.img and run CMD on the copy
# (the literal word IMG in CMD is replaced by the copy's path).
patched() {
    local name=$1; shift
    local img=$OUT/$name.img a args=()
    cp --sparse=always "$SRC" "$img.tmp"
    for a in "$@"; do args+=("${a//IMG/$img.tmp}"); done
    "${args[@]}" > "$OUT/logs/patch-$name.txt" 2>&1 ||
        { cat "$OUT/logs/patch-$name.txt" >&2; e2e_die "$name: patch failed"; }
    mv -f "$img.tmp" "$img"
}

build() {
    local blocks klen addr
    blocks=$(( $(stat -c %s "$SRC") / 512 ))

    rm -f "$OUT/bad-blank.img"
    truncate -s 64M "$OUT/bad-blank.img"

    patched bad-magic walk set-mbr-magic IMG 7a49504d
    patched bad-prog-table walk garbage-pt IMG
    patched bad-prog-table-eod walk set-pt-pointer IMG $((blocks + 16))

    klen=$(walk show --json "$SRC" | python3 -c '
import json, sys
m = json.load(sys.stdin)
print([e for e in m["programs"][0]["entries"]
       if e["type"] == "LOAD" and e["address"] == 0x10000][0]["length"])')
    addr=$(( (FW_END - klen) & ~0xffff ))
    [ "$addr" -lt "$FW_LOW" ] || addr=$FW_LOW
    patched bad-comp-over-fw walk set-load-address IMG "$addr" --component kernel

    patched bad-blocklist-eod walk set-blockptr IMG $((blocks + 1000)) --component kernel --slot 0

    local n
    for n in bad-magic bad-prog-table bad-prog-table-eod bad-comp-over-fw bad-blocklist-eod; do
        walk show "$OUT/$n.img" > "$OUT/logs/bootmap-$n.txt" 2>&1 || true
    done
}

INPUTS=("f:${BASH_SOURCE[0]}" "f:$WALK" "f:$SRC")
if e2e_stamp_ok bad-disks "$OUT/bad-blocklist-eod.img" "${INPUTS[@]}"; then
    e2e_log "bad-*.img up to date"
else
    t0=$(e2e_now)
    build
    e2e_stamp_write bad-disks "${INPUTS[@]}"
    e2e_log "bad-*.img built in $(e2e_elapsed "$t0")s: $(cat "$OUT"/logs/patch-bad-*.txt | tr '\n' ';')"
fi
