#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/eckd-check.sh - the ECKD boot cases of make check: boots the
# images tools/eckd-write makes (tests/e2e/eckd/run.sh) with the fixtures'
# Debian kernel and marker initrd, our BIOS only (STOCK=1 adds QEMU's stock
# BIOS as a reference, as tests/e2e/eckd/run.sh does by default).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
eval "$("$here/fetch.sh" s390x)"
"$here/mk-initrd.sh" >/dev/null
KERNEL=$E2E_OUT/vmlinuz INITRD=$E2E_OUT/marker.cpio.gz STAGE3=$E2E_STAGE3 \
	STOCK=${STOCK:-0} exec "$here/eckd/run.sh" "$@"
