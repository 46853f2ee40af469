#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/secure-enrolled.sh [NAME-REGEX...] - Secure IPL on QEMUs without
# Secure IPL (the host's 7.2, sid's 11.1): secure-ccw verifies the
# signatures itself, with certificates enrolled into copies of $BIOS by
# build/tools/secure-ccw-enroll.
#
# Fixtures (into $E2E_OUT, the disks stamped like the other builders):
#   enrolled/{secure,audit,strict,wrong,deny}.img   $BIOS enrolled with
#       keys/cert.pem (wrong: keys/other-cert.pem; deny: cert.pem trusted and
#       denied), made on every run
#   own-strict.img    zipl-write --secure 1 --sign-key/--sign-cert: stage3,
#                     parameters, kernel, command line and the marker initrd
#                     (sign-component --sclab) all signed; marker "own-strict"
#   own-strict-unsigned-initrd.img   the same with the initrd unsigned
# and those of mk-signed-disk.sh (real-signed.img: the real zipl --secure 1,
# real-signed-tampered.img, real-vblk.img unsigned).
#
# Cases (QEMU/ours/NAME@BUS, console logs in $E2E_OUT/logs/):
#   7.2   secure-ok@vblk            boots, "Verified component" twice, Linux
#                                   reports /sys/firmware/ipl/secure = 1
#   7.2   audit-tampered@vblk       boots with the audit warning, secure = 0
#   7.2   secure-tampered, secure-wrong-cert, secure-unsigned, deny-cert
#                                   must not boot (QEMU stops by itself)
#   7.2   strict-unsigned-initrd    must not boot (strict policy)
#   7.2   strict-ok@vblk            boots with all five components verified
#   11.1  secure-ok@vblk, @scsi     boot with secure = 1
#   11.1  secure-tampered@vblk      must not boot
# The 7.2 secure-ok case also reports how long the firmware took to verify
# the kernel (its "Verified component at 0x10000 ... in N ms" line).
# Each case prints PASS/FAIL/SKIP; the last line is
# "N passed, N failed, N skipped"; exit 1 on failures.
#
# Environment: BIOS (default build/secure-ccw.img), FIXTURES=0 (do not run
# mk-signed-disk.sh), BOOT_TIMEOUT, NEG_TIMEOUT, MEM (see boot.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"
e2e_need timeout python3 openssl
BASE_BIOS=${BIOS:-$E2E_REPO/build/secure-ccw.img}
# shellcheck source-path=SCRIPTDIR source=secure-lib.sh
. "$E2E_LIB_DIR/secure-lib.sh"
mkdir -p "$E2E_OUT/logs" "$E2E_OUT/enrolled" "$E2E_OUT/signed"
ENROLL=$E2E_REPO/build/tools/secure-ccw-enroll
ZW=$E2E_REPO/build/tools/zipl-write
SIGN=$E2E_REPO/tools/sign-component

if [ ! -x "$ENROLL" ] || [ ! -x "$ZW" ] || [ ! -f "$BASE_BIOS" ]; then
    report SKIP "SKIP secure-enrolled: needs $BASE_BIOS and build/tools/{secure-ccw-enroll,zipl-write} (make; make tools)"
    finish
fi
sec_fixtures secure-enrolled
KEY=$E2E_OUT/keys/key.pem CERT=$E2E_OUT/keys/cert.pem OTHER=$E2E_OUT/keys/other-cert.pem
for f in "$KEY" "$CERT" "$OTHER" "$E2E_OUT/signed/vmlinuz.signed" "$E2E_OUT/signed/stage3.signed" \
         "$E2E_OUT/marker.cpio.gz"; do
    [ -f "$f" ] || { report SKIP "SKIP secure-enrolled: fixture $f not built (tests/e2e/mk-signed-disk.sh)"; finish; }
done

# ------------------------------------------------------------- images
sec_enroll secure --mode secure --cert "$CERT"
sec_enroll audit --mode audit --cert "$CERT"
sec_enroll strict --mode strict --cert "$CERT"
sec_enroll wrong --mode secure --cert "$OTHER"
sec_enroll deny --mode secure --cert "$CERT" --deny-cert "$CERT"

# -------------------------------------------------------- strict disks
S_KERNEL=$E2E_OUT/signed/vmlinuz.signed S_STAGE3=$E2E_OUT/signed/stage3.signed
INITRD=$E2E_OUT/marker.cpio.gz S_INITRD=$E2E_OUT/signed/marker-sclab.signed
SELF=${BASH_SOURCE[0]}
if ! e2e_stamp_ok marker-sclab "$S_INITRD" "f:$INITRD" "f:$KEY" "f:$CERT" "f:$SIGN"; then
    "$SIGN" --sclab "$KEY" "$CERT" "$INITRD" "$S_INITRD.tmp"
    mv -f "$S_INITRD.tmp" "$S_INITRD"
    e2e_stamp_write marker-sclab "f:$INITRD" "f:$KEY" "f:$CERT" "f:$SIGN"
fi
strict_disk() {   # strict_disk NAME INITRD
    local img=$E2E_OUT/$1.img spec="kernel=$S_KERNEL,initrd=$2,cmdline=console=ttysclp0 rd.marker=own-strict"
    local inputs=("f:$SELF" "f:$ZW" "f:$S_KERNEL" "f:$S_STAGE3" "f:$2" "f:$KEY" "f:$CERT" "$spec")
    e2e_stamp_ok "$1" "$img" "${inputs[@]}" && return 0
    rm -f "$img.tmp"
    "$ZW" -o "$img.tmp" --secure 1 --sign-key "$KEY" --sign-cert "$CERT" --stage3 "$S_STAGE3" \
        --section "$spec" > "$E2E_OUT/logs/zipl-write-$1.log" 2>&1 ||
        { cat "$E2E_OUT/logs/zipl-write-$1.log" >&2; e2e_die "zipl-write for $1 failed"; }
    mv -f "$img.tmp" "$img"
    e2e_stamp_write "$1" "${inputs[@]}"
}
strict_disk own-strict "$S_INITRD"
strict_disk own-strict-unsigned-initrd "$INITRD"

# -------------------------------------------------------------- cases
VERIFIED='Verified component'
WARN='AUDIT MODE WARNING'
img() { BIOS=$E2E_OUT/enrolled/$1.img; }
for q in host sid; do
    qp=$(boot_qemu_path "$q")
    ql=$("$qp" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p') || true
    if [ -z "$ql" ]; then report SKIP "SKIP $q/ours/secure-enrolled: no QEMU at $qp"; continue; fi
    img secure
    BC_RESULT=
    sec_case "$qp" "$ql" secure-ok real-signed.img vblk "" boot \
        "marker=signed secure=1" "2:$VERIFIED" "!$WARN" "1:signatures: enrolled store"
    if [ "$q" = host ] && [ "$BC_RESULT" = PASS ]; then
        ms=$(sed -n 's/.*Verified component at 0x10000 (\([0-9]*\) bytes).* in \([0-9]*\) ms.*/\1 bytes: \2 ms/p' "$SEC_LOG")
        e2e_log "QEMU $ql TCG: firmware verified the kernel ($ms)"
        echo "# kernel verification under TCG, QEMU $ql: ${ms:-?}"
    fi
    if [ "$q" = sid ]; then
        sec_case "$qp" "$ql" secure-ok real-signed.img scsi "" boot \
            "marker=signed secure=1" "2:$VERIFIED" "!$WARN"
    fi
    sec_case "$qp" "$ql" secure-tampered real-signed-tampered.img vblk "" neg \
        'ERROR: Could not verify component'
    [ "$q" = host ] || continue
    sec_case "$qp" "$ql" secure-unsigned real-vblk.img vblk "" neg \
        'components are not signed|SCLAB does not exist'
    img wrong
    sec_case "$qp" "$ql" secure-wrong-cert real-signed.img vblk "" neg \
        'ERROR: Could not verify component'
    img deny
    sec_case "$qp" "$ql" deny-cert real-signed.img vblk "" neg \
        'ERROR: Component is signed by a denied certificate'
    img audit
    sec_case "$qp" "$ql" audit-tampered real-signed-tampered.img vblk "" boot \
        "marker=signed secure=0" "1:$VERIFIED" "1:$WARN: Could not verify component"
    img strict
    sec_case "$qp" "$ql" strict-unsigned-initrd own-strict-unsigned-initrd.img vblk "" neg \
        'ERROR: Unsigned component is not allowed by the strict policy'
    sec_case "$qp" "$ql" strict-ok own-strict.img vblk "" boot \
        "marker=own-strict secure=1" "5:$VERIFIED" "!$WARN"
done
finish
