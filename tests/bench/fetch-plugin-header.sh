#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/fetch-plugin-header.sh - print the path of QEMU's qemu-plugin.h
# (plugin API 1, QEMU 7.2), fetching it once from Debian's qemu source package
# (bookworm's qemu_7.2+dfsg.orig.tar.xz, pinned by version and SHA-256) through
# the apt mirror this machine is configured with. The tarball and the extracted
# header are cached in ${SECURE_CCW_CACHE:-~/.cache/secure-ccw}/qemu-src,
# never in the clone. QEMU_PLUGIN_H=/path overrides everything.
set -euo pipefail

if [ -n "${QEMU_PLUGIN_H:-}" ]; then
    [ -f "$QEMU_PLUGIN_H" ] || { echo "QEMU_PLUGIN_H=$QEMU_PLUGIN_H does not exist" >&2; exit 1; }
    echo "$QEMU_PLUGIN_H"
    exit 0
fi

VER=7.2+dfsg
TARBALL=qemu_$VER.orig.tar.xz
SHA256=91aca71520040edc40b8d437aa3004dae614f58e286cf653ee8996c07af2962f
MEMBER=qemu-7.2.0/include/qemu/qemu-plugin.h
CACHE=${SECURE_CCW_CACHE:-${HOME:-/root}/.cache/secure-ccw}/qemu-src
HDR=$CACHE/$VER/qemu-plugin.h

if [ -f "$HDR" ]; then
    echo "$HDR"
    exit 0
fi

# The first deb.debian.org-style mirror apt knows about (sources.list or
# deb822 .sources), falling back to deb.debian.org.
mirror() {
    local m
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ')
    echo "${m:-http://deb.debian.org/debian}"
}

mkdir -p "$CACHE"
if [ ! -f "$CACHE/$TARBALL" ] || ! echo "$SHA256  $CACHE/$TARBALL" | sha256sum -c --quiet - 2>/dev/null; then
    url="$(mirror)"
    url="${url%/}/pool/main/q/qemu/$TARBALL"
    echo "fetch-plugin-header: downloading $url" >&2
    curl -fsSL --retry 3 -o "$CACHE/$TARBALL.part" "$url"
    echo "$SHA256  $CACHE/$TARBALL.part" | sha256sum -c --quiet - ||
        { echo "fetch-plugin-header: $TARBALL: SHA-256 mismatch" >&2; rm -f "$CACHE/$TARBALL.part"; exit 1; }
    mv "$CACHE/$TARBALL.part" "$CACHE/$TARBALL"
fi
tmp=$(mktemp -d "$CACHE/x.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$CACHE/$TARBALL" -C "$tmp" "$MEMBER"
mkdir -p "$(dirname "$HDR")"
mv "$tmp/$MEMBER" "$HDR"
echo "$HDR"
