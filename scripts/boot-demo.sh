#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# boot-demo.sh (make boot): boot Debian's s390x kernel with secure-ccw.img.
#
# Downloads (once, cached in ~/.cache/secure-ccw) Debian 12's s390x kernel,
# busybox and s390-tools, builds a small initrd whose /init prints a marker
# line and powers off, writes a zipl boot disk with the project's zipl-write
# (Debian's stage3.bin, as zipl would) and boots it under QEMU with
# -bios build/secure-ccw.img, showing the console. Exit status 0 when the
# kernel reached the initrd.
#
# Env: QEMU (default qemu-system-s390x), BUS=vblk|scsi (default vblk).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$top/tests/e2e/lib.sh"
QEMU=${QEMU:-qemu-system-s390x}
BUS=${BUS:-vblk}
eval "$("$top/tests/e2e/fetch.sh" s390x)"
"$top/tests/e2e/mk-initrd.sh" >/dev/null
disk=$E2E_OUT/demo.img
rm -f "$disk"
"$top/build/tools/zipl-write" -o "$disk" --stage3 "$E2E_STAGE3" \
	--section "kernel=$E2E_OUT/vmlinuz,initrd=$E2E_OUT/marker.cpio.gz,cmdline=console=ttysclp0 rd.marker=make-boot"
case $BUS in
vblk) dev=(-device virtio-blk-ccw,drive=d0,bootindex=1) ;;
scsi) dev=(-device virtio-scsi-ccw,id=s0 -device scsi-hd,drive=d0,bus=s0.0,bootindex=1) ;;
*) e2e_die "BUS must be vblk or scsi" ;;
esac
log=$E2E_OUT/logs/make-boot.log
mkdir -p "$(dirname "$log")"
echo "== $QEMU -M s390-ccw-virtio -bios build/secure-ccw.img, Debian $E2E_KVER on $BUS"
timeout 120 "$QEMU" -M s390-ccw-virtio -m 512 -nodefaults -display none -serial stdio \
	-no-reboot -action panic=exit-failure -bios "$top/build/secure-ccw.img" \
	-drive "file=$disk,if=none,id=d0,format=raw,readonly=on" "${dev[@]}" </dev/null | tee "$log"
if grep -q 'SECURE-CCW-MARKER: marker=make-boot ' "$log"; then
	echo "== booted: Debian's kernel reached the initrd through secure-ccw"
else
	echo "== FAILED: no marker line (console in $log)"
	exit 1
fi
