#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/run.sh [NAME-REGEX...] - the end-to-end boot matrix (make check).
#
# 1. Fixtures: fetch.sh (Debian packages, sid's QEMU), mk-initrd.sh,
#    mk-real-zipl-disk.sh (real-vblk, real-scsi, real-menu), mk-bad-disks.sh.
#    All cached/stamped: a second run rebuilds nothing.
# 2. Boots, for every QEMU in $QEMUS (host = Debian 12's 7.2, sid = 11.x):
#      - every "boot" case below with our BIOS ($BIOS) and, as a reference,
#        with QEMU's stock BIOS (a stock failure means the fixture is broken
#        and counts as FAIL too);
#      - every "neg" case with our BIOS: it must stop within NEG_TIMEOUT
#        seconds without booting (and print the expected error, once the
#        table EXPECT_ERR below is filled in);
#      - "direct" cases once (stock column): -kernel/-initrd sanity check of
#        the marker initrd, independent of any BIOS.
#    Case names are QEMU/BIOS/CASE@BUS, e.g. 7.2/ours/real-menu@scsi; each
#    case prints PASS/FAIL/SKIP and its console log is in $E2E_OUT/logs/.
# 3. The last line is "N passed, N failed, N skipped"; exit 1 on failures.
#
# Arguments: extended regexes; only cases whose full name matches one run.
# Environment:
#   BIOS=path        our firmware (default build/secure-ccw.img of the repo;
#                    missing -> those cases SKIP). BIOS=stock or BIOS= (set
#                    but empty) runs the "ours" column with the stock BIOS.
#   QEMUS="host sid" which QEMUs to use (also a path to a qemu binary)
#   STOCK=0          skip the stock-BIOS reference column
#   FIXTURES=0       do not fetch/build fixtures (use what $E2E_OUT has)
#   BOOT_TIMEOUT=60 NEG_TIMEOUT=30 MEM=512   see boot.sh
#   EXPECT_ERR_<case>='regex'  override one entry of EXPECT_ERR (case name
#                    with '-' and '@' written as '_', e.g. EXPECT_ERR_bad_magic)
#   E2E_EXTRA_CASES=file  more case lines (same format as CASES below)
#   E2E_OUT, SECURE_CCW_CACHE, DEBIAN_MIRROR: see lib.sh / fetch.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"

# ============================================================ CASE TABLE
# One case per line:  KIND  NAME  DISK  BUS  EXPECT  [EXTRA QEMU ARGS...]
#   KIND    boot    must boot DISK and print the marker of section EXPECT
#           neg     must NOT boot DISK (EXPECT is ignored: see EXPECT_ERR)
#           direct  -kernel vmlinuz -initrd DISK (a marker initrd), EXPECT is
#                   the rd.marker= value passed on the command line
#   NAME    case name (the bus is appended: NAME@BUS)
#   DISK    image file in $E2E_OUT; a missing one makes the case SKIP
#   BUS     vblk = virtio-blk-ccw, scsi = virtio-scsi-ccw + scsi-hd, cd =
#           virtio-scsi-ccw + scsi-cd, vblkpci = virtio-blk-pci, scsipci =
#           virtio-scsi-pci + scsi-hd, with 4k/2k suffix for that logical
#           block size (boot.sh boot_disk_args), - = none
#   EXTRA   more QEMU arguments; "MEM=N" sets the guest RAM, "KEYS=a,b,..."
#           types keys on the console (boot.sh KEYS, commas between keys),
#           "NOSTOCK" skips the stock-BIOS column (a case the stock BIOS
#           cannot do), "MINQEMU=N" runs the case only on QEMU N.x or
#           later, %OUT% in an argument stands for $E2E_OUT, and ~
#           stands for a space
# Disks written by the project's own writer (tools/zipl-write) go here too:
# add one line per disk/bus and a builder step in build_fixtures below.
CASES='
boot    real-vblk           real-vblk.img       vblk  debian
boot    real-vblk           real-vblk.img       scsi  debian
boot    real-scsi           real-scsi.img       scsi  debian
boot    real-scsi           real-scsi.img       vblk  debian
boot    real-menu           real-menu.img       vblk  alt
boot    real-menu           real-menu.img       scsi  alt
boot    real-menu-lp1       real-menu.img       vblk  debian  -machine loadparm=1
boot    real-menu-lp3       real-menu.img       scsi  third   -machine loadparm=3
boot    real-menu-key3      real-menu.img       vblk  third   KEYS=3,\r -boot menu=on,splash-time=10000
boot    real-menu-prompt    real-menu.img       vblk  debian  KEYS=1,\r -machine loadparm=PROMPT
boot    real-menu-timeout   real-menu.img       vblk  alt     -boot menu=on,splash-time=2000
boot    own-stage3          own-stage3.img      vblk  own-stage3
boot    own-stage3          own-stage3.img      scsi  own-stage3
boot    own-direct          own-direct.img      vblk  own-direct
boot    own-direct          own-direct.img      scsi  own-direct
boot    own-4k              own-4k.img          vblk4k own-4k
boot    own-4k              own-4k.img          scsi4k own-4k
boot    own-frag            own-frag.img        vblk  own-frag
boot    own-menu-lp3        own-menu.img        scsi  own3    -machine loadparm=3
boot    own-high            own-high.img        scsi  own-high NOSTOCK
boot    own-high            own-high.img        vblk  own-high NOSTOCK
boot    real-signed         real-signed.img     vblk  signed
boot    real-signed-tampered real-signed-tampered.img vblk signed
boot    own-signed          own-signed.img      vblk  own-signed
boot    iso                 iso.iso             cd    iso
boot    iso-lp2             iso.iso             cd    iso-alt -machine loadparm=2
boot    iso                 iso.iso             vblk  iso
boot    iso                 iso.iso             vblk2k iso
boot    iso                 iso.iso             scsi2k iso
boot    fallback-3dev       bad-blank.img       vblk  debian  -drive file=%OUT%/bad-magic.img,if=none,id=f1,format=raw,readonly=on -device virtio-blk-ccw,drive=f1,bootindex=2 -drive file=%OUT%/real-scsi.img,if=none,id=f2,format=raw,readonly=on -device virtio-scsi-ccw,id=fs -device scsi-hd,drive=f2,bus=fs.0,bootindex=3 NOSTOCK
boot    probe-no-bootindex  -                   -     debian  -drive file=%OUT%/bad-blank.img,if=none,id=f1,format=raw,readonly=on -device virtio-blk-ccw,drive=f1 -drive file=%OUT%/real-vblk.img,if=none,id=f2,format=raw,readonly=on -device virtio-blk-ccw,drive=f2
boot    pci-real-vblk       real-vblk.img       vblkpci debian MINQEMU=11
boot    pci-menu-lp3        -                   -     third   MINQEMU=11 -drive file=%OUT%/real-menu.img,if=none,id=p0,format=raw,readonly=on -device virtio-blk-pci,drive=p0,bootindex=1,loadparm=3
boot    pci-iso             iso.iso             vblkpci iso  MINQEMU=11
boot    pci-fallback        bad-blank.img       vblk  debian  MINQEMU=11 -drive file=%OUT%/real-vblk.img,if=none,id=p1,format=raw,readonly=on -device virtio-blk-pci,drive=p1,bootindex=2
boot    pci-scsi            real-scsi.img       scsipci debian MINQEMU=11 NOSTOCK
boot    pci-no-bootindex    -                   -     debian  NOSTOCK -drive file=%OUT%/bad-blank.img,if=none,id=f1,format=raw,readonly=on -device virtio-blk-ccw,drive=f1 -drive file=%OUT%/real-vblk.img,if=none,id=p0,format=raw,readonly=on -device virtio-blk-pci,drive=p0
boot    pci-harmless        real-vblk.img       vblk  debian  -drive file=%OUT%/real-menu.img,if=none,id=p0,format=raw,readonly=on -device virtio-blk-pci,drive=p0,bootindex=2
neg     bad-blank           bad-blank.img       vblk  -
neg     bad-blank           bad-blank.img       scsi  -
neg     bad-magic           bad-magic.img       vblk  -
neg     bad-prog-table      bad-prog-table.img  vblk  -
neg     bad-prog-table-eod  bad-prog-table-eod.img vblk -
neg     bad-comp-over-fw    bad-comp-over-fw.img vblk -   MEM=128
neg     bad-blocklist-eod   bad-blocklist-eod.img vblk -
neg     bad-loadparm        real-vblk.img       vblk  -       -machine loadparm=7
neg     no-device           -                   -     -
direct  kernel-initrd       marker.cpio.gz      -     direct
'

# ================================= EXPECTED FIRMWARE ERROR MESSAGES (neg)
# Firmware author: fill in an extended regex that secure-ccw prints for each
# negative case (key = NAME@BUS). Empty = only require that QEMU stops by
# itself within NEG_TIMEOUT seconds without booting anything.
declare -A EXPECT_ERR=(
    [bad-blank@vblk]='0\.0\.0000: no boot record \(neither zipl nor El Torito\)'
    [bad-blank@scsi]='LUN 0:0:0: no boot record \(neither zipl nor El Torito\)'
    [bad-magic@vblk]='0\.0\.0000: no boot record \(neither zipl nor El Torito\)'
    [bad-prog-table@vblk]='program table \(block [0-9]+\) has no zIPL magic'
    [bad-prog-table-eod@vblk]='program table: blocks [0-9]+\.\.[0-9]+ are past the end of the disk'
    [bad-comp-over-fw@vblk]='component 4 \(load address 0x7a20000\): .* overlaps the firmware'
    [bad-blocklist-eod@vblk]='component [0-9]+ block list: blocks [0-9]+\.\.[0-9]+ are past the end of the disk'
    [bad-loadparm@vblk]='Invalid loadparm: the selected boot entry does not exist'
    [no-device]='No suitable device for IPL'
)
# ========================================================================

e2e_need timeout python3
STOCK=${STOCK:-1}
QEMUS=${QEMUS:-host sid}
BIOS=${BIOS-$E2E_REPO/build/secure-ccw.img}
case $BIOS in ""|stock) OURS=stock ;; *) OURS=$(realpath -m -- "$BIOS") ;; esac
FILTERS=("$@")
NPASS=0 NFAIL=0 NSKIP=0
RESULTS=$E2E_OUT/results.txt
mkdir -p "$E2E_OUT/logs"
: > "$RESULTS"

record() {   # record PASS|FAIL|SKIP LINE
    case $1 in PASS) NPASS=$((NPASS + 1)) ;; FAIL) NFAIL=$((NFAIL + 1)) ;; *) NSKIP=$((NSKIP + 1)) ;; esac
    printf '%s\n' "$2" >> "$RESULTS"
}
report() { printf '%s\n' "$2"; record "$1" "$2"; }

selected() {   # selected NAME: true when no filter or one matches
    local f
    [ ${#FILTERS[@]} -eq 0 ] && return 0
    for f in "${FILTERS[@]}"; do [[ $1 =~ $f ]] && return 0; done
    return 1
}

# ---------------------------------------------------------------- fixtures
build_fixtures() {
    local step
    for step in "fetch.sh all" "mk-initrd.sh" \
                "mk-real-zipl-disk.sh real-vblk real-scsi real-menu real-vblk-64m" "mk-bad-disks.sh" \
                "mk-own-disks.sh" "mk-signed-disk.sh"; do
        # shellcheck disable=SC2086
        if ! "$E2E_LIB_DIR"/$step > "$E2E_OUT/logs/fixture-${step%% *}.log" 2>&1; then
            tail -n 20 "$E2E_OUT/logs/fixture-${step%% *}.log" >&2
            report FAIL "FAIL fixtures: tests/e2e/$step failed (log: $E2E_OUT/logs/fixture-${step%% *}.log)"
            return 0
        fi
    done
}

t_start=$(e2e_now)
if [ "${FIXTURES:-1}" != 0 ]; then
    e2e_log "building fixtures (cached after the first run)"
    build_fixtures
    e2e_log "fixtures ready after $(e2e_elapsed "$t_start")s"
fi

qemu_label() {   # qemu_label PATH: "7.2", "11.1", ...
    "$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p'
}

# run_case QEMU QLABEL BIOSLABEL BIOS KIND NAME DISK BUS EXPECT EXTRA...
run_case() {
    local qemu=$1 ql=$2 bl=$3 bios=$4 kind=$5 name=$6 disk=$7 bus=$8 expect=$9
    shift 9
    local id full mem=512 keys="" args=() a key re
    id=$name; [ "$bus" = - ] || id=$name@$bus
    full=$ql/$bl/$id
    selected "$full" || return 0
    for a in "$@"; do
        case $a in
            MEM=*)  mem=${a#MEM=} ;;
            KEYS=*) keys=${a#KEYS=}; keys=${keys//,/ } ;;
            NOSTOCK) [ "$bl" = stock ] && return 0 ;;
            MINQEMU=*) [ "${ql%%.*}" -ge "${a#MINQEMU=}" ] 2>/dev/null || return 0 ;;
            *)      a=${a//%OUT%/$E2E_OUT}; args+=("${a//\~/ }") ;;
        esac
    done
    if [ "$disk" != - ] && [ ! -f "$E2E_OUT/$disk" ]; then
        report SKIP "SKIP $full: fixture $disk not built"; return 0
    fi
    case $kind in
        boot)
            [ "$disk" = - ] || mapfile -t -O "${#args[@]}" args < <(boot_disk_args "$bus" "$E2E_OUT/$disk")
            re="SECURE-CCW-MARKER: marker=$expect "
            KEYS=$keys MEM=$mem BOOT_QUIET=1 boot_case "$full" "$qemu" "$bios" "$re" "${args[@]}" || true ;;
        direct)
            args+=(-kernel "$E2E_OUT/vmlinuz" -initrd "$E2E_OUT/$disk" -append "rd.marker=$expect")
            re="SECURE-CCW-MARKER: marker=$expect "
            KEYS=$keys MEM=$mem BOOT_QUIET=1 boot_case "$full" "$qemu" "$bios" "$re" "${args[@]}" || true ;;
        neg)
            [ "$disk" = - ] || mapfile -t -O "${#args[@]}" args < <(boot_disk_args "$bus" "$E2E_OUT/$disk")
            key=EXPECT_ERR_${id//[-@]/_}
            re=${!key-${EXPECT_ERR[$id]-}}
            NEGATIVE=1 KEYS=$keys MEM=$mem BOOT_QUIET=1 boot_case "$full" "$qemu" "$bios" "$re" "${args[@]}" || true ;;
        *) e2e_die "unknown case kind '$kind' in the case table" ;;
    esac
    case $BC_RESULT in
        PASS) report PASS "PASS $full (${BC_SECONDS}s)" ;;
        *)    report "$BC_RESULT" "$BC_RESULT $full: $BC_REASON" ;;
    esac
}

all_cases() {
    printf '%s\n' "$CASES"
    if [ -n "${E2E_EXTRA_CASES:-}" ]; then cat "$E2E_EXTRA_CASES"; fi
}

for q in $QEMUS; do
    qpath=$(boot_qemu_path "$q")
    if ! command -v "$qpath" >/dev/null 2>&1; then
        report SKIP "SKIP $q/*: QEMU $qpath not available"
        continue
    fi
    ql=$(qemu_label "$qpath"); ql=${ql:-$q}
    e2e_log "QEMU $ql ($qpath); ours: $OURS"
    columns=("ours")
    if [ "$STOCK" != 0 ] && [ "$OURS" != stock ]; then columns+=(stock); fi
    for col in "${columns[@]}"; do
        if [ "$col" = ours ]; then bios=$OURS; else bios=stock; fi
        while read -r kind name disk bus expect rest; do
            case $kind in ""|\#*) continue ;; esac
            read -r -a extra <<< "${rest:-}"
            case $kind in
                neg)    [ "$col" = ours ] || continue ;;
                direct) [ "$col" = stock ] || [ "$OURS" = stock ] || [ "$STOCK" = 0 ] || continue ;;
            esac
            run_case "$qpath" "$ql" "$col" "$bios" "$kind" "$name" "$disk" "$bus" "$expect" "${extra[@]}"
        done < <(all_cases)
    done
done

e2e_log "matrix done in $(e2e_elapsed "$t_start")s; results in $RESULTS, logs in $E2E_OUT/logs"
echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"
[ "$NFAIL" = 0 ]
