#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# repro-check.sh: build secure-ccw.img in two different directories (two
# clones of the current tree, with different paths and times) and compare
# the bytes. Prints "PASS reproducible ..." or "FAIL ...".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for d in a/first b/second/deeper; do
	mkdir -p "$work/$d"
	# the tracked tree plus uncommitted changes, as in the working directory
	(cd "$top" && git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - -cf -) | tar -C "$work/$d" -xf -
	cp -a "$top/.git" "$work/$d/.git"
	(cd "$work/$d" && make -s O=out all >/dev/null 2>&1) || { echo "FAIL repro: build in $d failed"; exit 1; }
	sleep 1
done
a=$(sha256sum < "$work/a/first/out/secure-ccw.img")
b=$(sha256sum < "$work/b/second/deeper/out/secure-ccw.img")
if [ "$a" = "$b" ]; then
	echo "PASS repro: two builds in different directories are identical (${a%% *})"
else
	echo "FAIL repro: builds differ"
	exit 1
fi
