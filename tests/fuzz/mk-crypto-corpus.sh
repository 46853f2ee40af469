#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mk-crypto-corpus.sh ENROLL IMG - (re)make the seeds of fuzz_store and
# fuzz_sigverify (tests/fuzz/corpus/{store,sigverify}/; committed, run this
# only to change them). Keys from tests/data/keys/mk-keys.sh, signatures from
# the openssl CLI over fuzz_sigverify.c's fixed data pattern.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
enroll=$1 img=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$repo/tests/data/keys/mk-keys.sh" "$tmp/k" >/dev/null
C=$tmp/k/certs K=$tmp/k/keys
out=$repo/tests/fuzz/corpus
rm -rf "$out/store" "$out/sigverify"
mkdir -p "$out/store" "$out/sigverify"

# the store section of an image, trailing zeros cut, behind a flags byte
section() {   # section IMG FLAGS OUT
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
img = open(sys.argv[1], "rb").read()
shoff, = struct.unpack(">Q", img[40:48]); shnum, shstr = struct.unpack(">HH", img[60:64])
sh = lambda i: img[shoff + 64 * i: shoff + 64 * i + 64]
stroff = struct.unpack(">Q", sh(shstr)[24:32])[0]
for i in range(shnum):
    name = struct.unpack(">I", sh(i)[0:4])[0]
    if img[stroff + name: stroff + name + 8] == b".enroll\0":
        off, size = struct.unpack(">QQ", sh(i)[24:40])
        data = img[off: off + size].rstrip(b"\0")
        open(sys.argv[3], "wb").write(bytes([int(sys.argv[2])]) + data)
PY
}
section "$img" 0 "$out/store/empty"
"$enroll" -o "$tmp/a.img" --mode secure --cert "$C/rsa2048.pem" --cert "$C/p521.pem" \
	--deny-cert "$C/p256.pem" --deny-sha256 "$(printf '5a%.0s' $(seq 32))" "$img"
section "$tmp/a.img" 0 "$out/store/rsa2048-p521-deny"
section "$tmp/a.img" 1 "$out/store/rsa2048-p521-deny-resum"
"$enroll" -o "$tmp/b.img" --mode strict --cert "$C/p384.pem" "$img"
section "$tmp/b.img" 1 "$out/store/p384-strict-resum"

python3 -c '
import sys
sys.stdout.buffer.write(bytes((i * 7 + (i >> 9)) & 0xff for i in range(8192)))' >"$tmp/data"
seed() {   # seed KEY MD ATTRS
	openssl x509 -in "$C/$1.pem" -outform DER -out "$tmp/c.der"
	openssl cms -sign -binary -nocerts -nosmimecap $3 -md "$2" -in "$tmp/data" \
		-signer "$C/$1.pem" -inkey "$K/$1.pem" -outform DER -out "$tmp/s.der"
	python3 -c '
import struct, sys
c = open(sys.argv[1], "rb").read(); s = open(sys.argv[2], "rb").read()
sys.stdout.buffer.write(struct.pack(">H", len(c)) + c + s)' "$tmp/c.der" "$tmp/s.der" \
		>"$out/sigverify/$1-$2${3:+-noattr}"
}
seed rsa2048 sha256 -noattr
seed rsa2048 sha512 ""
seed p256 sha256 -noattr
seed p384 sha384 ""
seed p521 sha512 -noattr
ls -l "$out/store" "$out/sigverify"
