#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# crypto/fetch-bearssl.sh DESTDIR
#
# Makes DESTDIR hold the pinned BearSSL source (Debian's `bearssl` source
# package, crypto/README.md): downloads the .dsc and the orig tarball from the
# Debian pool of the host's apt mirror into
# ${SECURE_CCW_CACHE:-~/.cache/secure-ccw}/bearssl, checks both SHA-256 sums
# pinned here (scripts/fetch-debian-source.sh), and unpacks the tarball.
# Cached: a second run makes no network access. Never writes into the clone.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/lib.sh"

DEST=${1:?usage: $0 DESTDIR}
VERSION=0.6+dfsg.1
DEBREV=3
DSC=bearssl_${VERSION}-${DEBREV}.dsc
DSC_SHA256=9bd17e07fc9824b0223dcb4ba14adac17981a4d8f1d63b6655819fe8f2ed98d1
ORIG=bearssl_${VERSION}.orig.tar.xz
ORIG_SHA256=102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004

if [ -f "$DEST/.unpacked-$VERSION" ]; then exit 0; fi
dl=$E2E_CACHE/bearssl
"$(dirname "${BASH_SOURCE[0]}")/../scripts/fetch-debian-source.sh" "$dl" b/bearssl \
    "$DSC" "$DSC_SHA256" "$ORIG" "$ORIG_SHA256"
e2e_need tar xz flock
exec 9>"$dl/.lock"
flock 9
if [ -f "$DEST/.unpacked-$VERSION" ]; then exit 0; fi
# The .dsc names the same tarball digest we pin.
grep -q " $ORIG_SHA256 [0-9]* $ORIG\$" "$dl/$DSC" || e2e_die "$DSC does not list $ORIG with the pinned digest"
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp"
tar -C "$DEST.tmp" --strip-components=1 -xJf "$dl/$ORIG"
[ -f "$DEST.tmp/inc/bearssl.h" ] || e2e_die "$ORIG: no inc/bearssl.h"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
touch "$DEST/.unpacked-$VERSION"
