#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# crypto-bench.sh BENCH.img ENROLL [QEMU]: time the in-firmware verifier on a
# 5 MiB component under QEMU (TCG unless told otherwise): RSA 2048/4096 and
# ECDSA P-256/384/521, SHA-256/384/512, one with signed attributes. Keys come
# from tests/data/keys/mk-keys.sh, signatures from the openssl CLI, the
# certificates are enrolled with secure-ccw-enroll; data and signatures are
# put into guest memory with QEMU's generic loader. Prints the image's lines.
# BENCH_ICOUNT=1 runs with -icount shift=0: one instruction per virtual
# nanosecond, so "us" then reads as thousands of instructions, independent
# of the host's load.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
img=$1 enroll=$2 qemu=${3:-${QEMU:-qemu-system-s390x}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$repo/tests/data/keys/mk-keys.sh" "$tmp/k" >/dev/null
C=$tmp/k/certs K=$tmp/k/keys
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' '\132' >"$tmp/data"
printf 'secure-ccw crypto bench' | dd of="$tmp/data" conv=notrunc status=none
sigs=()
for spec in rsa2048:sha256: rsa4096:sha512: p256:sha256: p384:sha384: p521:sha512: rsa2048:sha256:attrs; do
	IFS=: read -r key md attrs <<<"$spec"
	openssl cms -sign -binary -nocerts -nosmimecap $([ -z "$attrs" ] && echo -noattr) \
		-md "$md" -in "$tmp/data" -signer "$C/$key.pem" -inkey "$K/$key.pem" -outform DER \
		-out "$tmp/$key-$md$attrs.der"
	sigs+=("$tmp/$key-$md$attrs.der")
	echo "signature ${#sigs[@]}: $key $md ${attrs:-no attributes}" >&2
done
python3 - "$tmp/table" "$(stat -c %s "$tmp/data")" "${sigs[@]}" <<'PY'
import struct, sys
out, dlen, sigs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = struct.pack(">I", len(sigs))
for s in sigs:
    b = open(s, "rb").read()
    t += struct.pack(">II", dlen, len(b)) + b + b"\0" * (-len(b) % 8)
open(out, "wb").write(t)
PY
"$enroll" -o "$tmp/bench.img" --mode secure --cert "$C/rsa2048.pem" --cert "$C/rsa4096.pem" \
	--cert "$C/p256.pem" --cert "$C/p384.pem" --cert "$C/p521.pem" "$img"
"$qemu" --version | head -1 >&2
# The image ends in a disabled wait, which -action panic=exit-failure turns
# into QEMU's exit.
timeout 900 "$qemu" -M s390-ccw-virtio -accel tcg -m 128 -nographic -no-reboot -nodefaults \
	-chardev stdio,id=c0 -device sclpconsole,chardev=c0 -bios "$tmp/bench.img" \
	-device loader,file="$tmp/data",addr=0x1000000,force-raw=on \
	-device loader,file="$tmp/table",addr=0xf00000,force-raw=on \
	${BENCH_ICOUNT:+-icount shift=0} -action panic=exit-failure </dev/null 2>&1 | tr -d '\r' | grep '^bench:' || true
