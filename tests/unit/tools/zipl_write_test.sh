#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unit test for tools/zipl-write: builds the tool (or uses $ZIPL_WRITE), then
# writes disks from synthetic kernels/initrds/stage3 (512, 2048 and 4096-byte
# blocks, with and without --stage3 and --fragment, partition tables, data
# above 2^32 blocks, error cases) and walks them with the independent reader
# zipl_read.py. Needs cc and python3 (stdlib only); takes a few seconds.
# Last line: "N passed, N failed, N skipped"; exit status 1 on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zipl-write-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
tool=${ZIPL_WRITE:-}
if [ -z "$tool" ]; then
	tool=$tmp/zipl-write
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -I "$repo/include" \
		-o "$tool" "$repo"/tools/zipl-write*.c "$repo"/tools/toolutil.c
fi
python3 -B "$here/zipl_write_test.py" "$tool" "$tmp/work"
