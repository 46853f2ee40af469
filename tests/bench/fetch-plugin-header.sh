#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/fetch-plugin-header.sh - print the path of QEMU's qemu-plugin.h
# (plugin API 1, QEMU 7.2), fetching it once from Debian's qemu source package:
# bookworm's orig tarball qemu_7.2+dfsg.orig.tar.xz, pinned by its SHA-256
# (the tarball outlives the Debian revisions, whose .dsc files leave the pool),
# from the Debian pool of the host's apt mirror (scripts/fetch-debian-source.sh).
# The tarball and the extracted header are cached in
# ${SECURE_CCW_CACHE:-~/.cache/secure-ccw}/qemu-src, never in the clone; a
# second run makes no network access. QEMU_PLUGIN_H=/path overrides everything.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

if [ -n "${QEMU_PLUGIN_H:-}" ]; then
    [ -f "$QEMU_PLUGIN_H" ] || e2e_die "QEMU_PLUGIN_H=$QEMU_PLUGIN_H does not exist"
    echo "$QEMU_PLUGIN_H"
    exit 0
fi

VER=7.2+dfsg
ORIG=qemu_$VER.orig.tar.xz
ORIG_SHA256=91aca71520040edc40b8d437aa3004dae614f58e286cf653ee8996c07af2962f
MEMBER=qemu-7.2.0/include/qemu/qemu-plugin.h
dl=$E2E_CACHE/qemu-src
HDR=$dl/$VER/qemu-plugin.h

if [ -f "$HDR" ]; then
    echo "$HDR"
    exit 0
fi
"$(dirname "${BASH_SOURCE[0]}")/../../scripts/fetch-debian-source.sh" "$dl" q/qemu \
    "$ORIG" "$ORIG_SHA256"
e2e_need tar xz flock
exec 9>"$dl/.lock"
flock 9
tmp=$(mktemp -d "$dl/x.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$dl/$ORIG" -C "$tmp" "$MEMBER"
mkdir -p "$(dirname "$HDR")"
mv "$tmp/$MEMBER" "$HDR"
echo "$HDR"
