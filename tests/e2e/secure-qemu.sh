#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/secure-qemu.sh [NAME-REGEX...] - Secure IPL end to end on a real
# QEMU with secure-ccw as the BIOS.
#
# Secure IPL is first in QEMU 11.2 (machine properties secure-boot and
# boot-certs of s390-ccw-virtio). This test looks at every QEMU it can find:
#   host  qemu-system-s390x from PATH (Debian 12: 7.2)
#   sid   Debian sid's, unpacked by fetch.sh (11.1 today)
#   $QEMU_SECURE   any other qemu-system-s390x, e.g. a QEMU 11.2 build
#                  (default: /opt/qemu-sipl/bin/qemu-system-s390x when it
#                  exists, where a local build with the Secure IPL host side
#                  is conventionally installed)
# and uses those whose `-M s390-ccw-virtio,help` lists the secure-boot and
# boot-certs properties. When there is none it prints
#   SKIP secure-ipl-qemu: <the versions found and why they do not qualify>
#   0 passed, 0 failed, 1 skipped
# and exits 0.
#
# Otherwise, for each such QEMU (cases QEMU/ours/NAME@BUS, console logs in
# $E2E_OUT/logs/), with -bios $BIOS and the fixtures of mk-signed-disk.sh:
#   secure-ok@vblk, @scsi   real-signed.img (zipl --secure 1), secure-boot=on,
#                           boot-certs = cert.pem: "Verified component" twice,
#                           no audit warning, marker initrd prints secure=1
#   secure-own@vblk         own-signed.img (zipl-write --secure 1), the same
#   secure-two-certs@vblk   boot-certs = other-cert.pem, cert.pem: verified by
#                           the second store certificate, secure=1
#   audit-ok@vblk           boot-certs only: verified twice, secure=0
#   audit-tampered@vblk     real-signed-tampered.img in audit mode: boots with
#                           "AUDIT MODE WARNING: Could not verify component",
#                           secure=0
#   secure-tampered@vblk    must not boot: "Could not verify component", and
#                           QEMU stops by itself
#   secure-wrong-cert@vblk  real-signed.img with other-cert.pem: must not boot
#   secure-unsigned@vblk    real-vblk.img (unsigned, bookworm stage3): must not
#                           boot ("components are not signed")
#   secure-no-cert@vblk     secure-boot=on without certificates: must not boot
#   secure-ok@vblkpci, audit-tampered@vblkpci, secure-tampered@vblkpci
#                           the same on virtio-blk-pci, for a QEMU that also
#                           boots from PCI (virtio-blk-pci has loadparm, 11.x);
#                           SKIP on one that has Secure IPL but no PCI IPL
#                           (e.g. the 10.2-based build of shared/tools/qemu-sipl)
#   qemu-decides@vblk       an image enrolled (audit, other-cert.pem) under
#                           secure-boot=on with cert.pem: QEMU decides (DIAG
#                           0x508), boots with secure=1
#   enrolled-deny-on-top@vblk  an image denying cert.pem under secure-boot=on
#                           with cert.pem: must not boot (deny list on top)
# Each case prints PASS/FAIL/SKIP; the last line is
# "N passed, N failed, N skipped"; exit 1 on failures.
#
# Environment:
#   QEMU_SECURE=path  one more QEMU to consider
#   BIOS=path         our firmware (default build/secure-ccw.img)
#   FIXTURES=0        do not fetch/build fixtures (use what $E2E_OUT has)
#   BOOT_TIMEOUT, NEG_TIMEOUT, MEM: see boot.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"
e2e_need timeout python3

BIOS=${BIOS:-$E2E_REPO/build/secure-ccw.img}
# shellcheck source-path=SCRIPTDIR source=secure-lib.sh
. "$E2E_LIB_DIR/secure-lib.sh"
mkdir -p "$E2E_OUT/logs"

# ------------------------------------------------------- find the QEMUs
# has_secure QEMU: the s390-ccw-virtio machine has secure-boot and boot-certs
has_secure() {
    local help
    help=$("$1" -M s390-ccw-virtio,help 2>&1) || return 1
    grep -qE '^[[:space:]]*secure-boot=' <<< "$help" &&
        grep -qE '^[[:space:]]*boot-certs(\.[0-9]+)?[.=]' <<< "$help"
}

# has_pci_ipl QEMU: QEMU boots from virtio-blk-pci (11.x: it got loadparm with it)
has_pci_ipl() {
    "$1" -device virtio-blk-pci,help 2>&1 | grep -qE '^[[:space:]]*loadparm='
}

if [ "${FIXTURES:-1}" != 0 ] && [ ! -x "$(boot_qemu_path sid)" ]; then
    "$E2E_LIB_DIR/fetch.sh" qemu-sid > /dev/null 2> "$E2E_OUT/logs/secure-fetch-qemu-sid.log" ||
        e2e_log "fetch.sh qemu-sid failed (log: $E2E_OUT/logs/secure-fetch-qemu-sid.log)"
fi
CANDIDATES=(host sid)
if [ -z "${QEMU_SECURE:-}" ] && [ -x /opt/qemu-sipl/bin/qemu-system-s390x ]; then
    QEMU_SECURE=/opt/qemu-sipl/bin/qemu-system-s390x
fi
[ -z "${QEMU_SECURE:-}" ] || CANDIDATES+=("$QEMU_SECURE")
SECURE_QEMUS=() FOUND=()
for c in "${CANDIDATES[@]}"; do
    q=$(boot_qemu_path "$c")
    label=$c
    [ "$c" = "${QEMU_SECURE:-}" ] && label=QEMU_SECURE
    if ! command -v "$q" > /dev/null 2>&1 || ! ver=$("$q" --version 2>/dev/null |
            sed -n 's/^QEMU emulator version \([^ ]*\).*/\1/p') || [ -z "$ver" ]; then
        FOUND+=("$label: not available")
        continue
    fi
    if has_secure "$q"; then
        SECURE_QEMUS+=("$q")
        FOUND+=("$label $ver: has secure-boot")
    else
        FOUND+=("$label $ver: no secure-boot machine property")
    fi
done
found=$(printf '%s; ' "${FOUND[@]}")
found=${found%; }
if [ ${#SECURE_QEMUS[@]} -eq 0 ]; then
    report SKIP "SKIP secure-ipl-qemu: no QEMU with Secure IPL (s390-ccw-virtio secure-boot/boot-certs, first in QEMU 11.2; set QEMU_SECURE=path): $found"
    finish
fi
e2e_log "QEMUs: $found"

# ------------------------------------------------------------- fixtures
sec_fixtures secure-ipl-qemu
CERT=$E2E_OUT/keys/cert.pem
OTHER=$E2E_OUT/keys/other-cert.pem

VERIFIED='Verified component'
WARN='AUDIT MODE WARNING'
for q in "${SECURE_QEMUS[@]}"; do
    ql=$("$q" --version | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
    ql=${ql:-qemu}
    e2e_log "QEMU $ql ($q), BIOS $BIOS"
    S="secure-boot=on,boot-certs.0.path=$CERT"
    A="boot-certs.0.path=$CERT"
    sec_case "$q" "$ql" secure-ok real-signed.img vblk "$S" boot \
        "marker=signed secure=1" "2:$VERIFIED" "!$WARN"
    sec_case "$q" "$ql" secure-ok real-signed.img scsi "$S" boot \
        "marker=signed secure=1" "2:$VERIFIED" "!$WARN"
    sec_case "$q" "$ql" secure-own own-signed.img vblk "$S" boot \
        "marker=own-signed secure=1" "2:$VERIFIED" "!$WARN"
    sec_case "$q" "$ql" secure-two-certs real-signed.img vblk \
        "secure-boot=on,boot-certs.0.path=$OTHER,boot-certs.1.path=$CERT" boot \
        "marker=signed secure=1" "2:$VERIFIED" "!$WARN" "!$VERIFIED.* certificate [^2]"
    sec_case "$q" "$ql" audit-ok real-signed.img vblk "$A" boot \
        "marker=signed secure=0" "2:$VERIFIED" "!$WARN"
    sec_case "$q" "$ql" audit-tampered real-signed-tampered.img vblk "$A" boot \
        "marker=signed secure=0" "1:$VERIFIED" "1:$WARN: Could not verify component"
    sec_case "$q" "$ql" secure-tampered real-signed-tampered.img vblk "$S" neg \
        'Could not verify component'
    sec_case "$q" "$ql" secure-wrong-cert real-signed.img vblk \
        "secure-boot=on,boot-certs.0.path=$OTHER" neg 'Could not verify component'
    sec_case "$q" "$ql" secure-unsigned real-vblk.img vblk "$S" neg \
        'components are not signed|SCLAB does not exist'
    sec_case "$q" "$ql" secure-no-cert real-signed.img vblk "secure-boot=on" neg \
        'Need at least one certificate for secure boot'
    if has_pci_ipl "$q"; then
        sec_case "$q" "$ql" secure-ok real-signed.img vblkpci "$S" boot \
            "marker=signed secure=1" "2:$VERIFIED" "!$WARN"
        sec_case "$q" "$ql" audit-tampered real-signed-tampered.img vblkpci "$A" boot \
            "marker=signed secure=0" "1:$VERIFIED" "1:$WARN: Could not verify component"
        sec_case "$q" "$ql" secure-tampered real-signed-tampered.img vblkpci "$S" neg \
            'Could not verify component'
    elif selected "$ql/ours/secure-pci@vblkpci"; then
        report SKIP "SKIP $ql/ours/secure-pci@vblkpci: this QEMU has Secure IPL but no IPL from PCI devices (virtio-blk-pci has no loadparm)"
    fi
    # QEMU's Secure IPL and an enrolled image: QEMU decides, the enrolled
    # deny list applies on top
    if [ -x "$E2E_REPO/build/tools/secure-ccw-enroll" ]; then
        BASE_BIOS=$BIOS
        sec_enroll other-audit --mode audit --cert "$OTHER"
        sec_enroll deny-cert --mode audit --cert "$OTHER" --deny-cert "$CERT"
        BIOS=$E2E_OUT/enrolled/other-audit.img
        sec_case "$q" "$ql" qemu-decides real-signed.img vblk "$S" boot \
            "marker=signed secure=1" "2:$VERIFIED" "!$WARN" "1:signatures: DIAG 0x508" \
            "1:QEMU's mode and store decide"
        BIOS=$E2E_OUT/enrolled/deny-cert.img
        sec_case "$q" "$ql" enrolled-deny-on-top real-signed.img vblk "$S" neg \
            'ERROR: Component is signed by a denied certificate'
        BIOS=$BASE_BIOS
    fi
done
finish
