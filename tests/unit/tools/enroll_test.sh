#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unit test for tools/secure-ccw-enroll:
#   ENROLL=build/tools/secure-ccw-enroll IMG=build/secure-ccw.img enroll_test.sh
# Keys and certificates come from tests/data/keys/mk-keys.sh (openssl CLI)
# into a scratch directory; the store written is read back with --list (the
# firmware's parser) and compared with openssl's fingerprints. One PASS/FAIL
# line per case; last line "N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
T=${ENROLL:-$repo/build/tools/secure-ccw-enroll}
IMG=${IMG:-$repo/build/secure-ccw.img}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/enroll-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0 skip=0
ok() { echo "PASS enroll: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL enroll: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; fail=$((fail + 1)); }
sk() { echo "SKIP enroll: $1"; skip=$((skip + 1)); }
finish() { echo "$pass passed, $fail failed, $skip skipped"; [ "$fail" = 0 ]; exit $?; }

if [ ! -x "$T" ] || [ ! -f "$IMG" ] || ! command -v openssl >/dev/null; then
	sk "needs $T, $IMG and openssl"
	finish
fi
"$repo/tests/data/keys/mk-keys.sh" "$tmp/k" >/dev/null || { ko "mk-keys.sh failed"; finish; }
C=$tmp/k/certs
fpr() { openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64; }

# expect_refusal NAME PATTERN ARGS...: exit status 1 or 2, message matches, no output file
expect_refusal() {
	local name=$1 pat=$2 out msg rc
	shift 2
	rm -f "$tmp/bad.img"
	msg=$("$T" "$@" 2>&1); rc=$?
	if [ $rc -ne 0 ] && [ $rc -le 2 ] && printf '%s' "$msg" | grep -qE "$pat" && [ ! -e "$tmp/bad.img" ]; then
		ok "$name"
	else
		ko "$name" "rc=$rc: $msg"
	fi
}

before=$(sha256sum "$IMG")
out=$tmp/out.img
if "$T" -o "$out" --mode secure --cert "$C/rsa2048.pem" --cert "$C/p521.pem" \
	--deny-cert "$C/p384.pem" --deny-sha256 "$(printf 'ab%.0s' $(seq 32))" "$IMG" 2>"$tmp/err"; then
	list=$("$T" --list "$out")
	want="mode secure
cert 0 rsa-2048 sha256 $(fpr "$C/rsa2048.pem")
cert 1 ec-521 sha256 $(fpr "$C/p521.pem")
deny-cert 0 sha256 $(fpr "$C/p384.pem")
deny-sha256 $(printf 'ab%.0s' $(seq 32))"
	[ "$list" = "$want" ] && ok "store read back with the firmware's parser" ||
		ko "store read back with the firmware's parser" "$list"
else
	ko "enroll rsa2048 + p521, deny p384 and a digest" "$(cat "$tmp/err")"
fi
[ "$(sha256sum "$IMG")" = "$before" ] && ok "input image unchanged" || ko "input image unchanged"
[ "$("$T" --list "$IMG")" = "mode none" ] && ok "unenrolled image lists mode none" ||
	ko "unenrolled image lists mode none"

# Only the store's bytes differ, all inside the .enroll section.
sec=$(LC_ALL=C readelf -SW "$IMG" 2>/dev/null | awk '$2 == ".enroll" { print $5 }')
if [ -z "$sec" ]; then
	sk "only .enroll bytes change (no readelf)"
else
	off=$((16#$sec))
	outside=$(cmp -l "$IMG" "$out" | awk -v lo="$off" -v hi=$((off + 32768)) \
		'$1 - 1 < lo || $1 - 1 >= hi { n++ } END { print n + 0 }')
	[ "$outside" = 0 ] && [ "$(stat -c %s "$IMG")" = "$(stat -c %s "$out")" ] &&
		ok "only bytes of the .enroll section change" || ko "only .enroll bytes change" "$outside outside"
fi

"$T" -o "$tmp/again.img" --mode secure --cert "$C/rsa2048.pem" --cert "$C/p521.pem" \
	--deny-cert "$C/p384.pem" --deny-sha256 "$(printf 'ab%.0s' $(seq 32))" "$IMG" 2>/dev/null
cmp -s "$out" "$tmp/again.img" && ok "same input, same output (reproducible)" || ko "reproducible output"

openssl x509 -in "$C/p256.pem" -outform DER -out "$tmp/p256.der"
if "$T" -o "$tmp/der.img" --mode audit --cert "$tmp/p256.der" --cert "$C/rsa4096.pem" \
	--cert "$C/rsa3072.pem" --cert "$C/p384.pem" "$IMG" 2>"$tmp/err" &&
	[ "$("$T" --list "$tmp/der.img" | head -2)" = "mode audit
cert 0 ec-256 sha256 $(fpr "$C/p256.pem")" ]; then
	ok "DER certificate, every key type, audit mode"
else
	ko "DER certificate, every key type, audit mode" "$(cat "$tmp/err")"
fi
"$T" -o "$tmp/strict.img" --mode strict --cert "$C/rsa2048.pem" "$out" 2>"$tmp/err" &&
	grep -q "enrolled already" "$tmp/err" && [ "$("$T" --list "$tmp/strict.img" | head -1)" = "mode strict" ] &&
	ok "re-enrolling an enrolled image replaces its store" || ko "re-enroll" "$(cat "$tmp/err")"

# Refusals.
printf 'hello\n' >"$tmp/text"
expect_refusal "not an ELF file" "not a secure-ccw image" -o "$tmp/bad.img" --mode secure --cert "$C/rsa2048.pem" "$tmp/text"
obj=$(ls "$repo"/build/fw/lib/printf.o 2>/dev/null | head -1)
if [ -n "$obj" ]; then
	expect_refusal "s390 ELF without a store" "0 .enroll sections" -o "$tmp/bad.img" --mode secure --cert "$C/rsa2048.pem" "$obj"
else
	sk "s390 ELF without a store (no build/fw/lib/printf.o)"
fi
expect_refusal "x86 ELF" "not a 64-bit big-endian s390" -o "$tmp/bad.img" --mode secure --cert "$C/rsa2048.pem" /bin/sh
expect_refusal "RSA-1024" "RSA key of 1024 bits" -o "$tmp/bad.img" --mode secure --cert "$C/rsa1024.pem" "$IMG"
expect_refusal "expired certificate" "has expired" -o "$tmp/bad.img" --mode secure --cert "$C/expired.pem" "$IMG"
expect_refusal "not yet valid certificate" "not valid yet" -o "$tmp/bad.img" --mode secure --cert "$C/notyet.pem" "$IMG"
"$T" -o "$tmp/exp.img" --mode secure --allow-expired --cert "$C/expired.pem" "$IMG" 2>"$tmp/err" &&
	grep -q "warning" "$tmp/err" && ok "--allow-expired enrolls with a warning" || ko "--allow-expired" "$(cat "$tmp/err")"
expect_refusal "keyUsage without digitalSignature" "lacks digitalSignature" -o "$tmp/bad.img" --mode secure --cert "$C/nodigsig.pem" "$IMG"
expect_refusal "not a certificate" "not a valid DER X.509" -o "$tmp/bad.img" --mode secure --cert "$tmp/text" "$IMG"
head -c 300 "$tmp/p256.der" >"$tmp/trunc.der"
expect_refusal "truncated DER certificate" "truncated" -o "$tmp/bad.img" --mode secure --cert "$tmp/trunc.der" "$IMG"
cat "$C/rsa2048.pem" "$C/p256.pem" >"$tmp/two.pem"
expect_refusal "two certificates in one file" "more than one certificate" -o "$tmp/bad.img" --mode secure --cert "$tmp/two.pem" "$IMG"
sed '2s/^./*/' "$C/rsa2048.pem" >"$tmp/b64.pem"
expect_refusal "bad base64" "bad base64" -o "$tmp/bad.img" --mode secure --cert "$tmp/b64.pem" "$IMG"
if openssl req -new -x509 -newkey ed25519 -nodes -subj /CN=ed/ -days 30 -keyout "$tmp/ed.key" \
	-out "$tmp/ed.pem" 2>/dev/null; then
	expect_refusal "Ed25519 key" "unsupported key algorithm" -o "$tmp/bad.img" --mode secure --cert "$tmp/ed.pem" "$IMG"
else
	sk "Ed25519 key (openssl cannot make one)"
fi
if openssl req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp256k1 -nodes -subj /CN=k1/ \
	-days 30 -keyout "$tmp/k1.key" -out "$tmp/k1.pem" 2>/dev/null; then
	expect_refusal "secp256k1 key" "unsupported curve" -o "$tmp/bad.img" --mode secure --cert "$tmp/k1.pem" "$IMG"
else
	sk "secp256k1 key (openssl cannot make one)"
fi
many=()
for i in $(seq 30); do many+=(--cert "$C/rsa4096.pem"); done
expect_refusal "store too big" "store too big: [0-9]+ bytes, the image reserves 32768" -o "$tmp/bad.img" --mode secure "${many[@]}" "$IMG"
expect_refusal "bad --deny-sha256" "64 hex digits" -o "$tmp/bad.img" --mode secure --cert "$C/rsa2048.pem" --deny-sha256 abc "$IMG"
expect_refusal "unknown mode" "one of audit, secure, strict" -o "$tmp/bad.img" --mode paranoid --cert "$C/rsa2048.pem" "$IMG"
expect_refusal "no certificate" "at least one --cert" -o "$tmp/bad.img" --mode secure "$IMG"
cp "$IMG" "$tmp/same.img"
before=$(sha256sum "$tmp/same.img")
expect_refusal "output is the input" "is the input image" -o "$tmp/same.img" --mode secure --cert "$C/rsa2048.pem" "$tmp/same.img"
[ "$(sha256sum "$tmp/same.img")" = "$before" ] && ok "refused run left the input alone" || ko "refused run changed the input"

# A damaged store is refused by the firmware's parser (and so by --list and enrolling on top).
if [ -n "$sec" ]; then
	cp "$out" "$tmp/corrupt.img"
	printf '\x01' | dd of="$tmp/corrupt.img" bs=1 seek=$((off + 200)) conv=notrunc status=none
	expect_refusal "damaged store: --list" "checksum mismatch" --list "$tmp/corrupt.img"
	expect_refusal "damaged store: enrolling on top" "store is invalid" -o "$tmp/bad.img" --mode secure --cert "$C/rsa2048.pem" "$tmp/corrupt.img"
fi
if command -v mandoc >/dev/null; then
	m=$(mandoc -T lint -W warning "$repo/docs/man/secure-ccw-enroll.1" 2>&1)
	[ -z "$m" ] && ok "man page: mandoc -T lint" || ko "man page: mandoc -T lint" "$m"
else
	sk "man page (no mandoc)"
fi
finish
