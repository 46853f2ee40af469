# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# tests/e2e/secure-lib.sh - what the Secure IPL QEMU suites share (source it
# after boot.sh; it does nothing by itself):
#   report PASS|FAIL|SKIP LINE   count and print a result line
#   finish                       print the total, exit 1 on failures
#   selected NAME                is NAME matched by the suite's FILTERS?
#   sec_fixtures SUITE           build mk-signed-disk.sh's disks (cached)
#   sec_enroll NAME ARGS...      an enrolled copy of $BASE_BIOS
#   sec_case QEMU QLABEL NAME DISK BUS MACHINE-OPTS KIND CHECK...
#                                one boot with -bios $BIOS, DISK from $E2E_OUT:
#     KIND boot:  CHECK[0] = "marker=M secure=S" (the marker initrd's line);
#                 further CHECKs "N:regex" (exactly N console lines match)
#                 or "!regex" (none does)
#     KIND neg:   must not boot, QEMU stops by itself; CHECK[0] = the
#                 expected error regex
# The case is QLABEL/ours/NAME@BUS; its console log is
# $E2E_OUT/logs/<case>.log, its path left in SEC_LOG.
NPASS=0 NFAIL=0 NSKIP=0
FILTERS=("$@")

report() {   # report PASS|FAIL|SKIP LINE
    case $1 in PASS) NPASS=$((NPASS + 1)) ;; FAIL) NFAIL=$((NFAIL + 1)) ;; *) NSKIP=$((NSKIP + 1)) ;; esac
    printf '%s\n' "$2"
}
finish() {
    echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"
    exit $((NFAIL > 0))
}
selected() {
    local f
    [ ${#FILTERS[@]} -eq 0 ] && return 0
    for f in "${FILTERS[@]}"; do [[ $1 =~ $f ]] && return 0; done
    return 1
}

# sec_fixtures SUITE: mk-signed-disk.sh's disks (unless FIXTURES=0); a
# failure is the suite's one FAIL and ends it
sec_fixtures() {
    [ "${FIXTURES:-1}" != 0 ] || return 0
    local flog=$E2E_OUT/logs/fixture-mk-signed-disk.sh.log
    if ! "$E2E_LIB_DIR/mk-signed-disk.sh" > "$flog" 2>&1; then
        tail -n 20 "$flog" >&2
        report FAIL "FAIL $1 fixtures: tests/e2e/mk-signed-disk.sh failed (log: $flog)"
        finish
    fi
}

# sec_enroll NAME ARGS...: $E2E_OUT/enrolled/NAME.img, $BASE_BIOS with
# `secure-ccw-enroll ARGS` (made on every run: cheap, and BIOS may change)
sec_enroll() {
    local out=$E2E_OUT/enrolled/$1.img log=$E2E_OUT/logs/enroll-$1.log
    shift
    mkdir -p "$E2E_OUT/enrolled"
    "$E2E_REPO/build/tools/secure-ccw-enroll" -o "$out.tmp" "$@" "$BASE_BIOS" > "$log" 2>&1 ||
        { cat "$log" >&2; e2e_die "secure-ccw-enroll $* failed"; }
    mv -f "$out.tmp" "$out"
}

# count_in LOG REGEX: number of console lines matching REGEX
count_in() { grep -av '^#' "$1" | grep -cE "$2" || true; }

sec_case() {
    local qemu=$1 ql=$2 name=$3 disk=$4 bus=$5 mopts=$6 kind=$7
    shift 7
    local full=$ql/ours/$name@$bus log args=() c n re got why=""
    selected "$full" || return 0
    if [ ! -f "$E2E_OUT/$disk" ]; then report SKIP "SKIP $full: fixture $disk not built"; return 0; fi
    mapfile -t args < <(boot_disk_args "$bus" "$E2E_OUT/$disk")
    [ -z "$mopts" ] || args+=(-machine "$mopts")
    log=$E2E_OUT/logs/${full//\//_}.log
    case $kind in
        boot)
            local want=$1; shift
            BOOT_QUIET=1 boot_case "$full" "$qemu" "$BIOS" "SECURE-CCW-MARKER: $want " "${args[@]}" || true
            if [ "$BC_RESULT" = PASS ]; then
                for c in "$@"; do
                    case $c in
                        !*) re=${c#!}; got=$(count_in "$log" "$re")
                            [ "$got" = 0 ] || why="${why:+$why; }unexpected /$re/ ($got line(s))" ;;
                        *)  n=${c%%:*}; re=${c#*:}; got=$(count_in "$log" "$re")
                            [ "$got" = "$n" ] || why="${why:+$why; }/$re/ seen $got time(s), expected $n" ;;
                    esac
                done
                if [ -n "$why" ]; then BC_RESULT=FAIL BC_REASON="booted, but $why (log: $log)"; fi
            fi ;;
        neg)
            NEGATIVE=1 BOOT_QUIET=1 boot_case "$full" "$qemu" "$BIOS" "$1" "${args[@]}" || true ;;
    esac
    # shellcheck disable=SC2034 # read by the suites
    SEC_LOG=$log
    case $BC_RESULT in
        PASS) report PASS "PASS $full (${BC_SECONDS}s)" ;;
        *)    report "$BC_RESULT" "$BC_RESULT $full: $BC_REASON" ;;
    esac
}
