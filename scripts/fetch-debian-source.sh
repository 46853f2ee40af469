#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/fetch-debian-source.sh DIR POOLDIR FILE SHA256 [FILE SHA256]...
#
# Makes DIR (a cache directory, never the clone) hold each FILE of a Debian
# source package with its pinned SHA-256: a FILE already there with the right
# digest is kept (no network access), otherwise it is downloaded from
# <mirror>/pool/main/POOLDIR/FILE of the host's apt mirror (tests/e2e/lib.sh:
# e2e_debian_mirror, or $DEBIAN_MIRROR), checked, and only then moved into
# place. Holds DIR/.lock meanwhile. Used by crypto/fetch-bearssl.sh and
# tests/bench/fetch-plugin-header.sh. Prints nothing on stdout.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/lib.sh"

usage="usage: $0 DIR POOLDIR FILE SHA256 [FILE SHA256]..."
dl=${1:?$usage}
pooldir=${2:?$usage}
shift 2
if [ $# -lt 2 ] || [ $(($# % 2)) -ne 0 ]; then e2e_die "$usage"; fi

e2e_need sha256sum python3 flock
mkdir -p "$dl"
exec 9>"$dl/.lock"
flock 9
while [ $# -gt 0 ]; do
    file=$1 sum=$2
    shift 2
    if [ -f "$dl/$file" ] && echo "$sum  $dl/$file" | sha256sum -c --status; then continue; fi
    url="$(e2e_debian_mirror)/pool/main/$pooldir/$file"
    e2e_log "fetching $url"
    python3 - "$url" "$dl/$file.tmp" <<'PY' || e2e_die "cannot download $url"
import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as r, open(sys.argv[2], "wb") as f:
    shutil.copyfileobj(r, f)
PY
    echo "$sum  $dl/$file.tmp" | sha256sum -c --status ||
        e2e_die "$file: SHA-256 mismatch (pinned $sum)"
    mv "$dl/$file.tmp" "$dl/$file"
done
