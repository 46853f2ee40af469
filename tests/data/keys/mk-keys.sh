#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mk-keys.sh DIR: generate the Secure IPL test keys and self-signed
# certificates with the openssl CLI. Nothing generated is committed; tests
# call this at run time into a scratch directory.
#
#   DIR/keys/NAME.pem    private key (PKCS#8 PEM, unencrypted)
#   DIR/certs/NAME.pem   X.509 certificate (PEM), one per file, so DIR/certs
#                        can be given to the certificate store as a directory
#
# NAME           key           certificate
# rsa2048        RSA 2048      valid 10 years, keyUsage digitalSignature
# rsa3072        RSA 3072      "
# rsa4096        RSA 4096      "
# rsa1024        RSA 1024      " (DIAG 508 must refuse the key size)
# p256 p384 p521 ECDSA         "
# expired        RSA 2048      2020-01-01 .. 2021-01-01
# notyet         RSA 2048      2099-01-01 .. 2100-01-01
# ca2            RSA 2048      an unrelated CA (CA:TRUE, keyCertSign + digitalSignature)
# rsa2048-alt    rsa2048's key another subject and serial (signer id mismatch)
# nodigsig       RSA 2048      keyUsage keyCertSign only (no digitalSignature)
#
# DIR/done marks a complete run; a second run with it present does nothing.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
[ -e "$dir/done" ] && exit 0
command -v openssl >/dev/null || { echo "$0: openssl not found" >&2; exit 1; }
mkdir -p "$dir/keys" "$dir/certs" "$dir/work"
work=$(cd "$dir/work" && pwd)

cat >"$work/req.cnf" <<CNF
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
[ ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[ nodigsig ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
subjectKeyIdentifier = hash
[ ca_cmd ]
default_ca = dated
[ dated ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[ anything ]
commonName = supplied
CNF
: >"$work/index.txt"
echo 1000 >"$work/serial"

key() { # NAME ALG OPTS...
	local name=$1 alg=$2
	shift 2
	openssl genpkey -quiet -algorithm "$alg" "$@" -out "$dir/keys/$name.pem" 2>/dev/null ||
		openssl genpkey -algorithm "$alg" "$@" -out "$dir/keys/$name.pem" 2>/dev/null
}

cert() { # NAME KEYNAME SERIAL EXT
	openssl req -new -x509 -config "$work/req.cnf" -key "$dir/keys/$2.pem" \
		-subj "/CN=secure-ccw test $1/O=secure-ccw/" -set_serial "$3" \
		-days 3650 -sha256 -extensions "$4" -out "$dir/certs/$1.pem"
}

dated() { # NAME START END
	openssl req -new -config "$work/req.cnf" -key "$dir/keys/$1.pem" \
		-subj "/CN=secure-ccw test $1/" -out "$work/$1.csr"
	openssl ca -batch -notext -config "$work/req.cnf" -name dated -selfsign \
		-keyfile "$dir/keys/$1.pem" -in "$work/$1.csr" -extfile "$work/req.cnf" \
		-extensions leaf -startdate "$2" -enddate "$3" -out "$dir/certs/$1.pem" 2>/dev/null
}

for bits in 2048 3072 4096 1024; do
	key "rsa$bits" RSA -pkeyopt "rsa_keygen_bits:$bits"
	cert "rsa$bits" "rsa$bits" "0x$bits" leaf
done
for c in 256 384 521; do
	key "p$c" EC -pkeyopt "ec_paramgen_curve:P-$c" -pkeyopt ec_param_enc:named_curve
	cert "p$c" "p$c" "0x$c" leaf
done
for n in expired notyet ca2 nodigsig; do
	key "$n" RSA -pkeyopt rsa_keygen_bits:2048
done
dated expired 20200101000000Z 20210101000000Z
dated notyet 20990101000000Z 21000101000000Z
cert ca2 ca2 0x2222 ca
cert nodigsig nodigsig 0x3333 nodigsig
cp "$dir/keys/rsa2048.pem" "$dir/keys/rsa2048-alt.pem"
cert rsa2048-alt rsa2048 0x4444 leaf

rm -rf "$work"
touch "$dir/done"
