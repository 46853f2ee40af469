#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/mk-own-disks.sh - boot media written by the project's own tools,
# from the fetched Debian kernel and the marker initrd (run fetch.sh and
# mk-initrd.sh first), into $E2E_OUT:
#
#   own-stage3.img       zipl-write with Debian's stage3.bin, 512-byte blocks
#   own-direct.img       zipl-write without stage3 (kernel started directly)
#   own-4k.img           4096-byte blocks, stage3, fragmented block lists
#   own-frag.img         512-byte blocks, every component in 1-block extents
#                        (long block-pointer lists with continuation pointers)
#   own-menu.img         three sections (own1, own2, own3), default 2
#   own-high.img         boot data above block 2^32 (a sparse 2 TiB image):
#                        needs 64-bit block numbers and READ(16); QEMU 7.2's
#                        stock BIOS cannot boot it
#   iso.iso              El Torito ISO (xorriso) with two s390 boot images
#                        (combined kernel + initrd + command line): markers
#                        iso and iso-alt
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_need xorriso python3
eval "$("$E2E_LIB_DIR/fetch.sh" s390x)"
ZW=${ZIPL_WRITE:-$E2E_REPO/build/tools/zipl-write}
[ -x "$ZW" ] || e2e_die "no $ZW: run 'make tools'"
K=$E2E_OUT/vmlinuz
I=$E2E_OUT/marker.cpio.gz
[ -f "$K" ] && [ -f "$I" ] || e2e_die "run mk-initrd.sh first"
sec() { echo "kernel=$K,initrd=$I,cmdline=console=ttysclp0 rd.marker=$1"; }

own() {   # own NAME ZIPL-WRITE-ARGS...
    local name=$1 out=$E2E_OUT/$1.img
    shift
    if e2e_stamp_ok "$name" "$out" "f:$ZW" "f:$K" "f:$I" "f:$E2E_STAGE3" "$*"; then return 0; fi
    rm -f "$out"
    "$ZW" -o "$out" "$@" >/dev/null
    e2e_stamp_write "$name" "f:$ZW" "f:$K" "f:$I" "f:$E2E_STAGE3" "$*"
    e2e_log "built $name.img"
}

own own-stage3 --stage3 "$E2E_STAGE3" --section "$(sec own-stage3)"
own own-direct --section "$(sec own-direct)"
own own-4k --block-size 4096 --fragment 3 --stage3 "$E2E_STAGE3" --section "$(sec own-4k)"
own own-frag --fragment 1 --stage3 "$E2E_STAGE3" --section "$(sec own-frag)"
own own-menu --stage3 "$E2E_STAGE3" --default 2 \
    --section "$(sec own1)" --section "$(sec own2)" --section "$(sec own3)"
own own-high --size 2200G --data-lba 0x100000800 --stage3 "$E2E_STAGE3" --section "$(sec own-high)"

# ---- El Torito ISO ---------------------------------------------------------
# An s390 boot image for El Torito is one file: the kernel, then (at 16 MiB)
# the initrd; its parameter area (0x10400) holds the initrd's address and
# size and the command line, since nothing else tells the kernel.
combined() {   # combined OUT CMDLINE
    python3 - "$K" "$I" "$1" "$2" <<'PY'
import struct, sys
kernel, initrd, out, cmdline = sys.argv[1:5]
k = bytearray(open(kernel, "rb").read())
i = open(initrd, "rb").read()
INITRD_AT = 16 << 20
if len(k) > INITRD_AT:
    sys.exit("kernel larger than 16 MiB")
maxcl = struct.unpack_from(">Q", k, 0x10430)[0] or 896
cl = cmdline.encode()
if len(cl) >= maxcl:
    sys.exit("command line too long")
k += bytes(INITRD_AT - len(k))
struct.pack_into(">QQ", k, 0x10408, INITRD_AT, len(i))
k[0x10480:0x10480 + maxcl] = bytes(maxcl)
k[0x10480:0x10480 + len(cl)] = cl
open(out, "wb").write(bytes(k) + i)
PY
}
ISO=$E2E_OUT/iso.iso
if ! e2e_stamp_ok iso "$ISO" "f:$K" "f:$I" "v2"; then
    R=$(mktemp -d)
    trap 'rm -rf "$R"' EXIT
    mkdir -p "$R/boot"
    combined "$R/boot/linux.img" "console=ttysclp0 rd.marker=iso"
    combined "$R/boot/linux-alt.img" "console=ttysclp0 rd.marker=iso-alt"
    find "$R" -exec touch -h -d @1700000000 {} +
    rm -f "$ISO"
    SOURCE_DATE_EPOCH=1700000000 xorriso -as mkisofs -quiet -o "$ISO" -V SECURE_CCW_TEST -R \
        -c boot/boot.cat -b boot/linux.img -no-emul-boot \
        -eltorito-alt-boot -b boot/linux-alt.img -no-emul-boot "$R" 2>/dev/null
    e2e_stamp_write iso "f:$K" "f:$I" "v2"
    e2e_log "built iso.iso"
fi
