#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot matrix for disks written by tools/zipl-write (a developer check, not
# part of the quick unit run): writes disks with a real s390x kernel and
# initrd and boots them under qemu-system-s390x with a BIOS (QEMU's stock one
# unless BIOS=path is set), on virtio-blk and virtio-scsi, with 512 and 4096-
# byte blocks, with and without stage3 and --fragment, and a 3-section disk
# booted with -machine loadparm=0..3.
#
#   KERNEL=vmlinuz INITRD=initrd.gz [STAGE3=stage3.bin] [BIOS=img] \
#       [ZIPL_WRITE=path] [OK_PATTERN=regex] [CASES=regex] zipl_write_boot.sh
#
# A case passes when the console shows the kernel command line with the
# section's marker and OK_PATTERN (default: the line /work/shared/tools'
# mk-poweroff-initrd.sh initrd prints). Without STAGE3 the stage3 cases are
# skipped. Last line: "N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
: "${KERNEL:?set KERNEL to an s390x vmlinuz}" "${INITRD:?set INITRD to an initrd}"
QEMU=${QEMU:-qemu-system-s390x}
OK_PATTERN=${OK_PATTERN:-INITRD-INIT}
CASES=${CASES:-.}
TIMEOUT=${TIMEOUT:-120}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zipl-write-boot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
tool=${ZIPL_WRITE:-}
if [ -z "$tool" ]; then
	tool=$tmp/zipl-write
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -I "$repo/include" \
		-o "$tool" "$repo"/tools/zipl-write*.c "$repo"/tools/toolutil.c || exit 1
fi
pass=0 fail=0 skip=0

# boot IMG BUS BS MARKER [qemu args...]
boot() {
	local img=$1 bus=$2 bs=$3 marker=$4 lbs="" log
	shift 4
	[ "$bs" = 512 ] || lbs=",logical_block_size=$bs,physical_block_size=$bs"
	local dev=(-device "virtio-blk-ccw,drive=d0,bootindex=1$lbs")
	[ "$bus" = scsi ] && dev=(-device virtio-scsi-ccw,id=s
		-device "scsi-hd,drive=d0,bus=s.0,bootindex=1$lbs")
	log=$img.$bus.log
	timeout "$TIMEOUT" "$QEMU" -M s390-ccw-virtio -m 512 -nodefaults -display none \
		-serial stdio -no-reboot -action panic=exit-failure ${BIOS:+-bios "$BIOS"} \
		-drive "file=$img,if=none,id=d0,format=raw" "${dev[@]}" "$@" \
		</dev/null >"$log" 2>&1
	local rc=$?
	if [ $rc = 0 ] && grep -q "Kernel command line:.* marker=$marker\b" "$log" &&
		grep -Eq "$OK_PATTERN" "$log"; then
		return 0
	fi
	echo "    (qemu rc=$rc; last lines of $log:)"
	tail -n 8 "$log" | sed 's/^/    | /'
	return 1
}

# one NAME BUS BS ZIPL-WRITE-ARGS...
one() {
	local name=$1 bus=$2 bs=$3 img
	shift 3
	if ! [[ $name =~ $CASES ]]; then return; fi
	if [[ $name == *stage3* ]] && [ -z "${STAGE3:-}" ]; then
		echo "SKIP $name: no STAGE3"
		skip=$((skip + 1))
		return
	fi
	img=$tmp/$name.img
	rm -f "$img"
	if ! "$tool" -o "$img" --block-size "$bs" "$@" \
		--section "kernel=$KERNEL,initrd=$INITRD,cmdline=console=ttysclp0 marker=$name"; then
		echo "FAIL $name: zipl-write failed"
		fail=$((fail + 1))
		return
	fi
	if boot "$img" "$bus" "$bs" "$name"; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
	rm -f "$img"
}

for mode in direct stage3; do
	s3=()
	[ $mode = stage3 ] && s3=(--stage3 "${STAGE3:-}")
	for bs in 512 4096; do
		for bus in vblk scsi; do
			one "$mode-$bs-$bus" $bus $bs "${s3[@]}"
			one "$mode-$bs-$bus-frag1" $bus $bs "${s3[@]}" --fragment 1
			one "$mode-$bs-$bus-frag7" $bus $bs "${s3[@]}" --fragment 7
		done
	done
done

# menu disk: 3 sections, default 2; loadparm N boots program-table entry N
for mode in direct stage3; do
	name=menu-$mode
	[[ $name =~ $CASES ]] || continue
	if [ $mode = stage3 ] && [ -z "${STAGE3:-}" ]; then
		echo "SKIP $name: no STAGE3"
		skip=$((skip + 1))
		continue
	fi
	s3=()
	[ $mode = stage3 ] && s3=(--stage3 "$STAGE3")
	img=$tmp/$name.img
	rm -f "$img"
	args=()
	for n in 1 2 3; do
		args+=(--section "kernel=$KERNEL,initrd=$INITRD,cmdline=console=ttysclp0 marker=sec$n,name=sec$n")
	done
	"$tool" -o "$img" "${s3[@]}" --fragment 2 --default 2 "${args[@]}" || { echo "FAIL $name: zipl-write"; fail=$((fail + 1)); continue; }
	for lp in 0 1 2 3; do
		want=sec$lp
		[ $lp = 0 ] && want=sec2
		if boot "$img" vblk 512 "$want" -machine loadparm=$lp; then
			echo "PASS $name loadparm=$lp -> $want"
			pass=$((pass + 1))
		else
			echo "FAIL $name loadparm=$lp (expected $want)"
			fail=$((fail + 1))
		fi
	done
	rm -f "$img"
done

echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
