#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/fetch-sid-tools.sh - Debian sid's s390-tools (s390x) for the
# Secure IPL fixtures, kept apart from fetch.sh's bookworm root.
#
# Bookworm's s390-tools 2.16 ships a stage3.bin without an SCLAB trailer, so a
# conforming firmware refuses it in secure mode ("SCLAB does not exist").
# sid's s390-tools (2.40 and later) has one. This script downloads only the
# s390-tools .deb of sid (s390x; no dependencies: nothing of it is run on the
# host) with the private apt configuration of lib.sh, unpacks it into
# $E2E_CACHE/s390-tools-sid/root and checks that its stage3.bin ends with the
# global SCLAB zipl's loader must carry:
#
#   last 32 bytes: format 0, flags 0xC000 (OPSW|OLA), load PSW
#   0x000800008000A000, load address 0xA000, locator {0, 0x20, "zIPL"}
#
# Cached like fetch.sh: a second run makes no network access (E2E_REFRESH=1
# resolves the newest version again). stdout gets shell assignments:
#
#   eval "$(tests/e2e/fetch-sid-tools.sh)"   # E2E_SID_STAGE3 E2E_SID_ZIPL
#                                            # E2E_SID_TOOLS_VERSION
#
# Env: DEBIAN_MIRROR, SECURE_CCW_CACHE, E2E_REFRESH=1, E2E_SID_SUITE (sid).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_need apt-get apt-cache apt-config dpkg-deb python3 sha256sum flock

SUITE=${E2E_SID_SUITE:-sid}
DIR=$E2E_CACHE/s390-tools-$SUITE
ROOT=$DIR/root
DEBS=$DIR/debs
RESOLVED=$DIR/packages.txt
mkdir -p "$DEBS"
exec 9>"$E2E_CACHE/.fetch-sid-tools.lock"
flock 9

resolve() {
    local v
    v=$(e2e_apt_cache s390x "$SUITE" policy s390-tools | awk '/Candidate:/ { print $2 }')
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then e2e_log "no s390-tools candidate in $SUITE"; return 1; fi
    printf 's390-tools %s\n' "$v"
}

t0=$(e2e_now)
deb=""
for round in 1 2; do
    if [ ! -s "$RESOLVED" ] || [ "${E2E_REFRESH:-0}" = 1 ] || [ "$round" = 2 ]; then
        e2e_apt_update s390x "$SUITE" "$([ "$round" = 2 ] && echo 1 || echo 0)"
        resolve > "$RESOLVED.tmp" || e2e_die "cannot resolve s390-tools in $SUITE"
        mv -f "$RESOLVED.tmp" "$RESOLVED"
    fi
    read -r pkg ver < "$RESOLVED"
    if deb=$(e2e_deb_file "$DEBS" "$pkg" "$ver"); then break; fi
    e2e_log "downloading $pkg $ver (s390x $SUITE)"
    if (cd "$DEBS" && e2e_apt s390x "$SUITE" -qq download "$pkg=$ver" >&2) &&
       deb=$(e2e_deb_file "$DEBS" "$pkg" "$ver"); then
        break
    fi
    deb=""
    e2e_log "download failed; refreshing the lists and resolving again"
done
[ -n "$deb" ] || e2e_die "could not download s390-tools from $SUITE"

want=$(sha256sum < "$deb" | cut -d' ' -f1)
if [ ! -f "$ROOT.unpacked" ] || [ "$(cat "$ROOT.unpacked")" != "$want" ]; then
    e2e_log "unpacking $(basename "$deb") into $ROOT"
    rm -rf "$ROOT" "$ROOT.unpacked"
    mkdir -p "$ROOT"
    dpkg-deb -x "$deb" "$ROOT"
    echo "$want" > "$ROOT.unpacked"
fi

stage3=""
for s in lib/s390-tools/stage3.bin usr/lib/s390-tools/stage3.bin; do
    [ -f "$ROOT/$s" ] && { stage3=$ROOT/$s; break; }
done
[ -n "$stage3" ] || e2e_die "no stage3.bin in sid's s390-tools $ver"
zipl=""
for s in sbin/zipl usr/sbin/zipl; do
    [ -f "$ROOT/$s" ] && { zipl=$ROOT/$s; break; }
done

# The global SCLAB at the end of stage3.bin (secure-ipl.md 2.6).
python3 - "$stage3" <<'PY' || e2e_die "sid's stage3.bin ($ver) has no usable SCLAB trailer"
import struct, sys
data = open(sys.argv[1], "rb").read()
t = data[-32:]
fmt, flags, psw, addr = t[0], struct.unpack_from(">H", t, 2)[0], \
    struct.unpack_from(">Q", t, 8)[0], struct.unpack_from(">Q", t, 16)[0]
loc = struct.unpack_from(">HH4s", t, 24)
want = (0, 0xC000, 0x000800008000A000, 0xA000, (0, 0x20, b"zIPL"))
got = (fmt, flags, psw, addr, loc)
if got != want:
    sys.exit(f"{sys.argv[1]}: trailer {t.hex()} is not the stage3 SCLAB {want}")
if len(data) % 512:
    sys.exit(f"{sys.argv[1]}: {len(data)} bytes is not a multiple of 512")
PY
printf 'export E2E_SID_STAGE3=%q\n' "$stage3"
printf 'export E2E_SID_ZIPL=%q\n' "$zipl"
printf 'export E2E_SID_TOOLS_VERSION=%q\n' "$ver"
e2e_log "sid s390-tools $ver: stage3.bin $(stat -c %s "$stage3") bytes with SCLAB, ready in $(e2e_elapsed "$t0")s"
