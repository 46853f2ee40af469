#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/eckd/run.sh [NAME-REGEX...] - boot zipl ECKD-scheme DASD images
# (written by tools/eckd-write) from virtio-blk with DASD geometry under QEMU,
# with QEMU's stock BIOS (the independent check that the images are laid out
# right) and with secure-ccw.
#
# Cases are named QEMU/BIOS/CASE, e.g. 7.2/ours/cdl-ldipl; each prints one
# line "PASS name (x.xs)", "FAIL name: why" or "SKIP name: why"; the last line
# is "N passed, N failed, N skipped"; exit status 1 if anything failed.
#
#   boot cases   must reach the initrd with the expected section: the kernel
#                command line carries rd.marker=<section> and the initrd prints
#                its line (INITRD-INIT: / SECURE-CCW-MARKER: / INITRD-OK).
#                Some also require a console line (e.g. which ECKD path ran).
#   neg cases    (our BIOS only) must stop by themselves without booting and
#                print the expected error.
#   menu cases   (the zipl menu in stage 2) are boot cases; with keys=K the
#                keys K and Enter are typed on the console once a BIOS asks
#                "Please choose", one at a time (QEMU's stock BIOS takes one
#                character per console read and drops the rest).
#
# Environment:
#   KERNEL, INITRD   s390x kernel image and initrd (required; every case SKIPs
#                    without them); the initrd should power the machine off,
#                    e.g. KERNEL=$E2E_OUT/vmlinuz INITRD=$E2E_OUT/marker.cpio.gz
#                    (tests/e2e/mk-initrd.sh) and STAGE3=$E2E_STAGE3
#   STAGE3           s390-tools' stage3.bin (optional; its cases SKIP without)
#   BIOS             our firmware (default <repo>/build/secure-ccw.img); a
#                    missing file SKIPs the "ours" cases
#   QEMUS            QEMUs to use, "host" (qemu-system-s390x in PATH), "sid"
#                    ($QEMU_SID, default $SECURE_CCW_CACHE/qemu-sid/bin/
#                    qemu-system-s390x) or paths; default "host sid"
#   STOCK=0          skip the stock-BIOS column
#   ECKD_WRITE       the writer (default: built from tools/eckd-write.c into OUT)
#   OUT              work directory (default <repo>/build/e2e/eckd)
#   BOOT_TIMEOUT=120 NEG_TIMEOUT=60 MEM=512 JOBS=<cpus>
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=${OUT:-$REPO/build/e2e/eckd}
BIOS=${BIOS-$REPO/build/secure-ccw.img}
QEMUS=${QEMUS:-host sid}
STOCK=${STOCK:-1}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
NEG_TIMEOUT=${NEG_TIMEOUT:-60}
MEM=${MEM:-512}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CACHE=${SECURE_CCW_CACHE:-${HOME:-/root}/.cache/secure-ccw}
QEMU_SID=${QEMU_SID:-$CACHE/qemu-sid/bin/qemu-system-s390x}
FILTERS=("$@")

mkdir -p "$OUT/img" "$OUT/logs" "$OUT/res"
rm -f "$OUT"/res/*

# --------------------------------------------------------------- writer
if [ -z "${ECKD_WRITE:-}" ]; then
    ECKD_WRITE=$OUT/eckd-write
    if [ ! -x "$ECKD_WRITE" ] || [ "$REPO/tools/eckd-write.c" -nt "$ECKD_WRITE" ] ||
       [ "$REPO/tools/toolutil.c" -nt "$ECKD_WRITE" ] ||
       [ "$REPO/tools/toolutil.h" -nt "$ECKD_WRITE" ] ||
       [ "$REPO/include/abi/eckd.h" -nt "$ECKD_WRITE" ]; then
        ${HOST_CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -I"$REPO" -I"$REPO/include" \
            -o "$ECKD_WRITE" "$REPO/tools/eckd-write.c" "$REPO/tools/toolutil.c" ||
            { echo "FAIL build eckd-write"; exit 1; }
    fi
fi

# ---------------------------------------------------------------- images
# image NAME WRITER-ARGS...: writes $OUT/img/NAME.img and NAME.cyls; the
# sections are "one" and "two" (marker = NAME-one / NAME-two is not used:
# the marker is the section name, checked on the kernel command line).
HAVE_INPUTS=1
[ -n "${KERNEL:-}" ] && [ -f "$KERNEL" ] && [ -n "${INITRD:-}" ] && [ -f "$INITRD" ] || HAVE_INPUTS=0
HAVE_STAGE3=0
[ -n "${STAGE3:-}" ] && [ -f "${STAGE3:-}" ] && HAVE_STAGE3=1

sec() {  # sec NAME -> --section argument
    printf 'kernel=%s,initrd=%s,cmdline=console=ttysclp0 rd.marker=%s,name=%s' \
        "$KERNEL" "$INITRD" "$1" "$1"
}

image() {
    local name=$1; shift
    local img=$OUT/img/$name.img out
    out=$("$ECKD_WRITE" -o "$img" "$@" 2>"$OUT/img/$name.err") ||
        { echo "image $name: eckd-write failed: $(cat "$OUT/img/$name.err")" >&2; rm -f "$img"; return 1; }
    sed -n 's/.*cylinders=\([0-9]*\).*/\1/p' <<<"$out" > "$OUT/img/$name.cyls"
    sed -n 's/.*block-size=\([0-9]*\).*/\1/p' <<<"$out" > "$OUT/img/$name.bs"
}

build_images() {
    local two=(--section "$(sec one)" --section "$(sec two)")
    local s3=()
    image cdl            --layout cdl "${two[@]}"
    image cdl-def2       --layout cdl "${two[@]}" --default 2
    image ldl            --layout ldl "${two[@]}"
    image cms            --layout cms "${two[@]}"
    image unlabeled      --layout unlabeled "${two[@]}"
    image cdl-ldipl      --layout cdl --ldipl "${two[@]}"
    image cdl-frag       --layout cdl --ldipl --max-blocks-per-ptr 1 "${two[@]}"
    image ldl-512        --layout ldl --block-size 512 "${two[@]}"
    image ldipl-bad-list --layout cdl --ldipl "${two[@]}" --corrupt ld-list-ptr
    image ldipl-br-magic --layout cdl --ldipl "${two[@]}" --corrupt ld-br-magic
    image ldipl-bmt-null --layout cdl --ldipl "${two[@]}" --corrupt ld-bmt-null
    image ldipl-no-exec  --layout cdl --ldipl "${two[@]}" --corrupt ld-script-no-exec
    image ldipl-no-default --layout cdl --ldipl "${two[@]}" --corrupt ld-default-empty
    # boot data beyond cylinder 65535: EAV cylinder bits in the CCW pointers'
    # head field (sparse images of ~50 GB)
    image eav-ldipl      --layout cdl --ldipl --data-cylinder 70000 "${two[@]}"
    image eav-ldl        --layout ldl --data-cylinder 66000 "${two[@]}"
    # zipl's menu in stage 2: prompt with a 2 s timeout
    image cdl-menu       --layout cdl --menu-prompt --menu-timeout 2 "${two[@]}"
    image ldipl-menu     --layout cdl --ldipl --menu-prompt --menu-timeout 2 "${two[@]}"
    if [ "$HAVE_STAGE3" = 1 ]; then
        s3=(--stage3 "$STAGE3")
        image cdl-stage3       --layout cdl "${s3[@]}" "${two[@]}"
        image ldl-stage3       --layout ldl "${s3[@]}" "${two[@]}"
        image cdl-ldipl-stage3 --layout cdl --ldipl "${s3[@]}" "${two[@]}"
    fi
    local c
    for c in ipl2-magic vol1-key bootinfo-version bootinfo-flags bootinfo-devtype bootinfo-dump \
             bmt-ptr-head bmt-ptr-sector bmt-ptr-size bmt-ptr-range bmt-magic bmt-default-empty \
             script-magic script-no-exec script-bad-type exec-long-psw exec-outside load-lowcore \
             list-ptr-range list-ptr-sector; do
        image "bad-$c" --layout cdl "${two[@]}" --corrupt "$c"
    done
    # the last slot of a list block is only used when the block is full
    for c in list-loop list-last-slot; do
        image "bad-$c" --layout cdl --max-blocks-per-ptr 1 "${two[@]}" --corrupt "$c"
    done
    image bad-ldl-bmt-ptr-sector --layout ldl "${two[@]}" --corrupt bmt-ptr-sector
    image bad-ldl-ipl2-magic     --layout ldl "${two[@]}" --corrupt ipl2-magic
    # a disk without any boot record, in the DASD geometry
    truncate -s 0 "$OUT/img/blank.img"; truncate -s $((100 * 180 * 4096)) "$OUT/img/blank.img"
    echo 100 > "$OUT/img/blank.cyls"; echo 4096 > "$OUT/img/blank.bs"
}

# ----------------------------------------------------------------- cases
# KIND | NAME | IMAGE | EXPECT | OPTIONS | QEMU ARGS
#   boot  EXPECT = the section (rd.marker) that must boot
#   neg   EXPECT = regex of our error message (our BIOS only)
#   OPTIONS (';'-separated): log=REGEX (a console line our BIOS must print),
#   stocklog=REGEX (the stock BIOS must print), ours-only (QEMU's BIOS
#   cannot boot it: not run with it), nogeo (no cyls/heads/secs properties:
#   QEMU then reports its PC-disk guess), keys=K (type K and Enter at the
#   menu prompt)
CASES=$(cat <<'EOF2'
boot|cdl|cdl|one|log=eckd.*: CDL, VOLSER=\[0X0100\]|
boot|cdl-lp1|cdl|one||-machine loadparm=1
boot|cdl-lp2|cdl|two||-machine loadparm=2
boot|cdl-def2|cdl-def2|two||
boot|cdl-nogeo|cdl|two|ours-only;nogeo;log=eckd.*: CDL.*15 heads x 12 blocks.*guessed|-machine loadparm=2
boot|ldl|ldl|one|log=eckd.*: LDL version 2, VOLSER;stocklog=LDL version 2|
boot|ldl-lp2|ldl|two||-machine loadparm=2
boot|cms|cms|one|log=eckd.*: CMS, VOLSER;stocklog=CMS version|
boot|unlabeled|unlabeled|one|log=eckd.*: unlabeled LDL;stocklog=unlabeled LDL|
boot|cdl-ldipl|cdl-ldipl|one|log=eckd.*: List-Directed IPL|
boot|cdl-ldipl-lp2|cdl-ldipl|two|log=eckd.*: List-Directed IPL|-machine loadparm=2
boot|cdl-frag|cdl-frag|one||
boot|cdl-frag-lp2|cdl-frag|two||-machine loadparm=2
boot|ldl-512|ldl-512|one|ours-only;log=eckd.*: LDL version 2.*guessed|
boot|ldipl-bad-list|ldipl-bad-list|one|ours-only;log=retrying IPL with the CCW-IPL records|
boot|ldipl-br-magic|ldipl-br-magic|one|log=eckd.*: CDL, VOLSER|
boot|ldipl-bmt-null|ldipl-bmt-null|one|log=has no boot map table; using the CCW-IPL|
boot|ldipl-no-exec|ldipl-no-exec|one|log=retrying IPL with the CCW-IPL records|
boot|ldipl-no-default|ldipl-no-default|one|ours-only;log=retrying IPL with the CCW-IPL records|
boot|eav-ldipl|eav-ldipl|two|ours-only;log=eckd.*: List-Directed IPL|-machine loadparm=2
boot|eav-ldl|eav-ldl|one|ours-only;log=eckd.*: LDL version 2|
boot|cdl-stage3|cdl-stage3|one||
boot|cdl-stage3-lp2|cdl-stage3|two||-machine loadparm=2
boot|ldl-stage3|ldl-stage3|one||
boot|cdl-ldipl-stage3|cdl-ldipl-stage3|two||-machine loadparm=2
boot|menu-zipl-timeout|cdl-menu|one|log=zIPL boot menu of .*;stocklog=s390-ccw zIPL Boot Menu|
boot|menu-zipl-key|cdl-menu|two|keys=2;log=loaded ECKD boot entry 2;stocklog=s390-ccw zIPL Boot Menu|
boot|menu-prompt-key|cdl|two|keys=2;log=Please choose:|-machine loadparm=PROMPT
boot|menu-ldipl-key|ldipl-menu|two|ours-only;keys=2;log=List-Directed IPL|
neg|lp-empty|cdl|boot entry 5 is empty||-machine loadparm=5
neg|lp-range|cdl|boot entry 31 does not exist||-machine loadparm=31
neg|ldipl-lp-empty|cdl-ldipl|boot entry 7 is empty||-machine loadparm=7
neg|blank|blank|no ECKD boot record||
neg|bad-ipl2-magic|bad-ipl2-magic|CDL disk without a zIPL boot record in IPL2||
neg|bad-vol1-key|bad-vol1-key|CDL disk without a VOL1 volume label||
neg|bad-bootinfo-version|bad-bootinfo-version|boot info version 2||
neg|bad-bootinfo-flags|bad-bootinfo-flags|not written for 64-bit||
neg|bad-bootinfo-devtype|bad-bootinfo-devtype|boot info is for device type 1||
neg|bad-bootinfo-dump|bad-bootinfo-dump|a dump record, not for IPL||
neg|bad-bmt-ptr-head|bad-bmt-ptr-head|head number beyond the geometry||
neg|bad-bmt-ptr-sector|bad-bmt-ptr-sector|record number outside the track||
neg|bad-bmt-ptr-size|bad-bmt-ptr-size|block size differs from the disk's||
neg|bad-bmt-ptr-range|bad-bmt-ptr-range|past the end of the disk||
neg|bad-bmt-magic|bad-bmt-magic|boot map table has no zIPL magic||
neg|bad-bmt-default-empty|bad-bmt-default-empty|boot map table has no default entry||
neg|bad-script-magic|bad-script-magic|boot script has no zIPL magic||
neg|bad-script-no-exec|bad-script-no-exec|boot script entry 3 has unknown type 0x00||
neg|bad-script-bad-type|bad-script-bad-type|boot script entry 0 has unknown type 0x07||
neg|bad-exec-long-psw|bad-exec-long-psw|is not a short PSW||
neg|bad-exec-outside|bad-exec-outside|points outside the loaded components||
neg|bad-load-lowcore|bad-load-lowcore|overlaps the lowcore||
neg|bad-list-ptr-range|bad-list-ptr-range|past the end of the disk||
neg|bad-list-ptr-sector|bad-list-ptr-sector|record number outside the track||
neg|bad-list-loop|bad-list-loop|points to itself||
neg|bad-list-last-slot|bad-list-last-slot|is not a continuation pointer||
neg|bad-ldl-bmt-ptr-sector|bad-ldl-bmt-ptr-sector|record number outside the track||
neg|bad-ldl-ipl2-magic|bad-ldl-ipl2-magic|LDL disk without a zIPL boot record in block 0||
EOF2
)

spt_for() {  # blocks per track of a 3390 with BS-byte blocks
    case $1 in 512) echo 49 ;; 1024) echo 33 ;; 2048) echo 21 ;; *) echo 12 ;; esac
}

qemu_path() {
    case $1 in
        host) command -v qemu-system-s390x || echo qemu-system-s390x ;;
        sid) echo "$QEMU_SID" ;;
        *) echo "$1" ;;
    esac
}

qemu_label() {   # 7.2 / 11.1 / basename
    local v
    v=$("$1" --version 2>/dev/null | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p')
    echo "${v:-$(basename "$1")}"
}

# run_case RESFILE NAME KIND QEMU BIOS IMAGE EXPECT OURLOG STOCKLOG ARGS...
run_case() {
    local res=$1 name=$2 kind=$3 q=$4 bios=$5 img=$6 expect=$7 ourlog=$8 stocklog=$9
    shift 9
    local log=$OUT/logs/${name//\//_}.log cyls bs t0 t1 rc to bargs=() geo=""
    cyls=$(cat "$OUT/img/$img.cyls"); bs=$(cat "$OUT/img/$img.bs")
    [ "$cyls" -gt 65535 ] && cyls=65535    # virtio-blk's limit; the capacity says the rest
    [ "${GEO:-1}" = 1 ] && geo=",cyls=$cyls,heads=15,secs=$(spt_for "$bs")"
    [ -n "$bios" ] && bargs=(-bios "$bios")
    to=$BOOT_TIMEOUT; [ "$kind" = neg ] && to=$NEG_TIMEOUT
    local stdin=/dev/null fifo="" kfd feeder=""
    : > "$log"
    if [ -n "${KEYS:-}" ]; then
        # the console input: a FIFO kept open here, fed once the menu asks
        fifo=$OUT/logs/${name//\//_}.in
        rm -f "$fifo"; mkfifo "$fifo"; exec {kfd}<>"$fifo"; stdin=$fifo
        ( for _ in $(seq $((to * 10))); do
              grep -q "Please choose" "$log" 2>/dev/null && break; sleep 0.1
          done
          k=$KEYS$'\r'
          for ((i = 0; i < ${#k}; i++)); do sleep 0.3; printf '%s' "${k:i:1}" >&"$kfd"; done ) &
        feeder=$!
    fi
    t0=$(date +%s.%N)
    timeout "$to" "$q" -M s390-ccw-virtio -m "$MEM" -nodefaults -display none -serial stdio \
        -no-reboot -action panic=exit-failure "${bargs[@]}" \
        -drive "file=$OUT/img/$img.img,if=none,id=d0,format=raw,readonly=on" \
        -device "virtio-blk-ccw,drive=d0,bootindex=1,logical_block_size=$bs,physical_block_size=$bs$geo" \
        "$@" <"$stdin" >"$log" 2>&1
    rc=$?
    if [ -n "$fifo" ]; then
        kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
        exec {kfd}>&-; rm -f "$fifo"
    fi
    t1=$(date +%s.%N)
    local secs; secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    local booted=0
    grep -qE "Kernel command line:.*rd\.marker=" "$log" && booted=1
    if [ "$kind" = boot ]; then
        if [ $rc -eq 124 ]; then
            echo "FAIL $name: timeout after ${to}s (log: $log)" > "$res"
        elif ! grep -qE "Kernel command line:.*rd\.marker=$expect([[:space:]]|\$)" "$log"; then
            echo "FAIL $name: section '$expect' not booted (rc $rc; log: $log)" > "$res"
        elif ! grep -qE 'INITRD-INIT:|SECURE-CCW-MARKER:|INITRD-OK' "$log"; then
            echo "FAIL $name: the initrd did not run (rc $rc; log: $log)" > "$res"
        elif grep -q 'SECURE-CCW-MARKER:' "$log" &&
             ! grep -qE "SECURE-CCW-MARKER: marker=$expect([[:space:]]|\$)" "$log"; then
            echo "FAIL $name: the marker initrd saw another section (log: $log)" > "$res"
        elif [ -n "$bios" ] && [ -n "$ourlog" ] && ! grep -qE -- "$ourlog" "$log"; then
            echo "FAIL $name: no console line matching '$ourlog' (log: $log)" > "$res"
        elif [ -z "$bios" ] && [ -n "$stocklog" ] && ! grep -qE -- "$stocklog" "$log"; then
            echo "FAIL $name: no console line matching '$stocklog' (log: $log)" > "$res"
        else
            echo "PASS $name (${secs}s)" > "$res"
        fi
    else
        if [ $rc -eq 124 ]; then
            echo "FAIL $name: did not stop within ${to}s (log: $log)" > "$res"
        elif [ $booted = 1 ]; then
            echo "FAIL $name: booted a kernel (log: $log)" > "$res"
        elif ! grep -qE -- "$expect" "$log"; then
            echo "FAIL $name: no error matching '$expect' (rc $rc; log: $log)" > "$res"
        else
            echo "PASS $name (${secs}s)" > "$res"
        fi
    fi
}

matches() {
    local f
    [ ${#FILTERS[@]} -eq 0 ] && return 0
    for f in "${FILTERS[@]}"; do [[ $1 =~ $f ]] && return 0; done
    return 1
}

skip() { echo "SKIP $1: $2" > "$OUT/res/$(printf '%04d' "$N")"; }

if [ "$HAVE_INPUTS" = 1 ]; then
    build_images || { echo "FAIL eckd/images: could not write the test images"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

N=0
running=0
for qa in $QEMUS; do
    q=$(qemu_path "$qa")
    qok=1; [ -x "$q" ] || command -v "$q" >/dev/null 2>&1 || qok=0
    if [ $qok = 1 ]; then ql=$(qemu_label "$q"); else ql=$qa; fi
    while IFS='|' read -r kind cname img expect opts qargs; do
        [ -n "$kind" ] || continue
        ourlog="" stocklog="" oursonly=0 geo=1 keys=""
        IFS=';' read -r -a optv <<<"$opts"
        for o in "${optv[@]}"; do
            case $o in
                log=*) ourlog=${o#log=} ;;
                stocklog=*) stocklog=${o#stocklog=} ;;
                ours-only) oursonly=1 ;;
                nogeo) geo=0 ;;
                keys=*) keys=${o#keys=} ;;
            esac
        done
        # shellcheck disable=SC2206
        args=($qargs)
        columns="ours"; [ "$STOCK" = 1 ] && [ "$kind" = boot ] && [ $oursonly = 0 ] && columns="stock ours"
        for col in $columns; do
            name="$ql/$col/$cname"
            matches "$name" || continue
            N=$((N + 1))
            if [ "$HAVE_INPUTS" = 0 ]; then skip "$name" "KERNEL and INITRD not set"; continue; fi
            if [ $qok = 0 ]; then skip "$name" "no QEMU '$q'"; continue; fi
            if [ ! -f "$OUT/img/$img.img" ]; then skip "$name" "no image $img (STAGE3 not set?)"; continue; fi
            bios=""
            if [ "$col" = ours ]; then
                if [ -z "$BIOS" ] || [ ! -f "$BIOS" ]; then skip "$name" "no BIOS '$BIOS'"; continue; fi
                bios=$BIOS
            fi
            GEO=$geo KEYS=$keys run_case "$OUT/res/$(printf '%04d' $N)" "$name" "$kind" "$q" "$bios" \
                "$img" "$expect" "$ourlog" "$stocklog" "${args[@]}" &
            running=$((running + 1))
            if [ $running -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
        done
    done <<<"$CASES"
done
wait

pass=0 fail=0 skipped=0
for r in "$OUT"/res/*; do
    [ -f "$r" ] || continue
    line=$(cat "$r"); echo "$line"
    case $line in PASS*) pass=$((pass + 1)) ;; FAIL*) fail=$((fail + 1)) ;; *) skipped=$((skipped + 1)) ;; esac
done
echo "$pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]
