#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-image.sh IMAGE: enforce the contract QEMU's -bios loader relies on.
#  - ELF64 big-endian s390, a PIE (ET_DYN) with the entry point at 0
#  - no PT_INTERP, no text relocations
#  - exactly one SHT_RELA section and only R_390_RELATIVE relocations, each
#    with its addend also stored in place (QEMU adds fwbase to the word in
#    the image and ignores r_addend)
#  - section headers present (QEMU finds the relocations through them)
#  - total memory footprint within QEMU 7.2's 2 MiB window
# Prints a size report.
set -euo pipefail
img=$1
READELF=${READELF:-s390x-linux-gnu-readelf}
die() { echo "check-image: $img: $*" >&2; exit 1; }

hdr=$($READELF -h "$img")
grep -q 'Class:.*ELF64' <<<"$hdr" || die "not ELF64"
grep -q 'big endian' <<<"$hdr" || die "not big-endian"
grep -q 'Machine:.*S/390' <<<"$hdr" || die "not s390"
grep -q 'Type:.*DYN' <<<"$hdr" || die "not a position-independent executable"
entry=$(awk '/Entry point address/ {print $4}' <<<"$hdr")
[ "$((entry))" = 0 ] || die "entry point $entry is not 0"
shnum=$(awk '/Number of section headers/ {print $5}' <<<"$hdr")
[ "$shnum" -gt 0 ] || die "no section headers"

phdrs=$($READELF -lW "$img")
grep -q INTERP <<<"$phdrs" && die "has a PT_INTERP segment"
grep -q TEXTREL <<<"$($READELF -dW "$img" 2>/dev/null)" && die "has text relocations"

nrela=$($READELF -SW "$img" | grep -c ' RELA ' || true)
[ "$nrela" -le 1 ] || die "$nrela SHT_RELA sections (QEMU applies only the first)"
python3 - "$img" <<'PY' || die "relocation check failed"
import struct, sys
data = open(sys.argv[1], "rb").read()
shoff, = struct.unpack_from(">Q", data, 0x28)
shentsize, shnum = struct.unpack_from(">HH", data, 0x3a)
secs = [struct.unpack_from(">IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
loads = []
phoff, = struct.unpack_from(">Q", data, 0x20)
phentsize, phnum = struct.unpack_from(">HH", data, 0x36)
for i in range(phnum):
    p_type, p_flags, p_off, p_vaddr, p_paddr, p_filesz, p_memsz, p_align = \
        struct.unpack_from(">IIQQQQQQ", data, phoff + i * phentsize)
    if p_type == 1:
        loads.append((p_vaddr, p_off, p_filesz))
count = 0
for s in secs:
    if s[1] != 4:   # SHT_RELA
        continue
    off, size = s[4], s[5]
    for r in range(off, off + size, 24):
        r_offset, r_info, r_addend = struct.unpack_from(">QQq", data, r)
        if r_info & 0xffffffff != 12:   # R_390_RELATIVE
            sys.exit(f"relocation type {r_info & 0xffffffff} at {r_offset:#x}")
        for vaddr, foff, filesz in loads:
            if vaddr <= r_offset < vaddr + filesz:
                word, = struct.unpack_from(">Q", data, foff + r_offset - vaddr)
                if word != r_addend:
                    sys.exit(f"word at {r_offset:#x} is {word:#x}, addend {r_addend:#x}")
                break
        else:
            sys.exit(f"relocation at {r_offset:#x} outside the file part of a segment")
        count += 1
print(f"check-image: {count} R_390_RELATIVE relocations, all stored in place")
PY

end=0
while read -r vaddr memsz; do
	e=$((vaddr + memsz))
	[ "$e" -gt "$end" ] && end=$e
done < <($READELF -lW "$img" | awk '$1 == "LOAD" { print $3, $6 }')
[ "$end" -le $((2 * 1024 * 1024)) ] || die "footprint $end exceeds 2 MiB"
size=$(stat -c %s "$img")
printf 'check-image: file %d bytes, memory footprint %d bytes (%d KiB) of 2048 KiB\n' \
	"$size" "$end" $((end / 1024))
