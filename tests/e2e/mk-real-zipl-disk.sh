#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/mk-real-zipl-disk.sh [VARIANT...] - SCSI-scheme boot disks whose
# boot records are written by Debian bookworm's real s390x zipl.
#
# For each variant:
#   1. host: a raw image with an msdos partition table (one partition at
#      1 MiB) holding an ext2 file system made with mke2fs -d from a staged
#      root: busybox, zipl + the libraries it needs + /lib/s390-tools
#      (stage3.bin), /etc/zipl.conf, /boot/vmlinuz-KVER and
#      /boot/initrd.img-KVER (a marker initrd from mk-initrd.sh);
#   2. guest: QEMU (host 7.2) boots vmlinuz + installer.cpio.gz with the
#      image attached on the variant's bus; the installer chroots into the
#      partition and runs the disk's own `zipl -V`, which reads
#      /etc/zipl.conf and writes /boot/bootmap and the MBR;
#   3. host: zipl-walk.py verifies that what every boot program would load
#      equals the kernel, the initrd and stage3.bin.
#
# Variants (default: all), written to $E2E_OUT/<variant>.img:
#   real-vblk      64 MiB, zipl run on virtio-blk, section rd.marker=debian
#   real-scsi      64 MiB, zipl run on virtio-scsi (scsi-hd), rd.marker=debian
#   real-menu      64 MiB, virtio-blk, sections debian/alt/third and a :menu
#                  with default=2 (alt), prompt=1, timeout=5
#   real-vblk-64m  256 MiB, virtio-blk, initrd = marker-64m.cpio.gz
# Every section's parameters are "console=ttysclp0 rd.marker=<section>".
#
# A variant is rebuilt only when one of its inputs changed (stamps).
# Env: E2E_INSTALL_QEMU (default qemu-system-s390x, the host's 7.2),
#      E2E_INSTALL_TIMEOUT (default 180 s).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INSTALL_QEMU=${E2E_INSTALL_QEMU:-qemu-system-s390x}
e2e_need mke2fs python3 timeout s390x-linux-gnu-readelf "$INSTALL_QEMU"
e2e_load_env s390x
"$E2E_LIB_DIR/mk-initrd.sh"

OUT=$E2E_OUT
LOGS=$OUT/logs
mkdir -p "$LOGS"
SELF=${BASH_SOURCE[0]}
WALK=$E2E_LIB_DIR/zipl-walk.py
KVER=$E2E_KVER
ROOT=$E2E_S390X_ROOT
ALL="real-vblk real-scsi real-menu real-vblk-64m"

zipl_rel() { local z=${E2E_ZIPL#"$ROOT"/}; echo "$z"; }

section() {   # section NAME: one zipl.conf boot section
    cat <<EOF

[$1]
target=/boot
image=/boot/vmlinuz-$KVER
ramdisk=/boot/initrd.img-$KVER
parameters="console=ttysclp0 rd.marker=$1"
EOF
}

zipl_conf() {   # zipl_conf MENU(0|1)
    if [ "$1" = 1 ]; then
        printf '[defaultboot]\ndefaultmenu=menu\n'
        section debian; section alt; section third
        printf '\n:menu\ntarget=/boot\n1=debian\n2=alt\n3=third\ndefault=2\nprompt=1\ntimeout=5\n'
    else
        printf '[defaultboot]\ndefault=debian\n'
        section debian
    fi
}

stage_root() {   # stage_root DIR INITRD MENU
    local d=$1 initrd=$2 menu=$3 rel
    e2e_stage_skeleton "$d"
    rel=$(zipl_rel)
    e2e_copy_rel "$ROOT" "$rel" "$d"
    [ "$rel" = sbin/zipl ] || ln -sfn "/$rel" "$d/sbin/zipl"
    cp -a "$(dirname "$E2E_STAGE3")" "$d/lib/"      # /lib/s390-tools
    e2e_copy_libs "$ROOT" "$d" "$E2E_ZIPL"
    zipl_conf "$menu" > "$d/etc/zipl.conf"
    cp "$OUT/vmlinuz" "$d/boot/vmlinuz-$KVER"
    cp "$initrd" "$d/boot/initrd.img-$KVER"
}

disk_args() {   # disk_args BUS IMAGE: QEMU args attaching IMAGE read-write
    local bus=$1 img=$2
    printf '%s\n' -drive "file=$img,if=none,id=d0,format=raw,cache=unsafe"
    case $bus in
        vblk) printf '%s\n' -device virtio-blk-ccw,drive=d0 ;;
        scsi) printf '%s\n' -device virtio-scsi-ccw,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0 ;;
        *) e2e_die "unknown bus $bus" ;;
    esac
}

make_variant() {
    local v=$1 bus=vblk size=64 menu=0 initrd=$OUT/marker.cpio.gz
    case $v in
        real-vblk) ;;
        real-scsi) bus=scsi ;;
        real-menu) menu=1 ;;
        real-vblk-64m) size=256; initrd=$OUT/marker-64m.cpio.gz ;;
        *) e2e_die "unknown variant $v (known: $ALL)" ;;
    esac
    local img=$OUT/$v.img
    local inputs=("f:$SELF" "f:$E2E_LIB_DIR/lib.sh" "f:$WALK" "f:$OUT/vmlinuz" "f:$initrd"
                  "f:$OUT/installer.cpio.gz" "f:$E2E_ZIPL" "f:$E2E_STAGE3" "f:$E2E_BUSYBOX"
                  "bus=$bus size=$size menu=$menu kver=$KVER"
                  "$("$INSTALL_QEMU" --version | head -n1)")
    if e2e_stamp_ok "$v" "$img" "${inputs[@]}"; then
        e2e_log "$v.img up to date"
        return 0
    fi
    local t0 t1 work=$OUT/.work-$v
    t0=$(e2e_now)
    stage_root "$work/root" "$initrd" "$menu"
    rm -f "$img" "$img.tmp"
    e2e_mk_root_disk "$img.tmp" "$size" "$work/root" \
        5ecc0000-0000-4000-8000-000000000001 5ecc0000-0000-4000-8000-000000000002
    rm -rf "$work"

    local log=$LOGS/install-$v.log args
    mapfile -t args < <(disk_args "$bus" "$img.tmp")
    t1=$(e2e_now)
    if ! timeout "${E2E_INSTALL_TIMEOUT:-180}" "$INSTALL_QEMU" -M s390-ccw-virtio -m 512 \
            -nodefaults -nographic -serial stdio -no-reboot -action panic=exit-failure \
            -kernel "$OUT/vmlinuz" -initrd "$OUT/installer.cpio.gz" \
            -append "console=ttysclp0 quiet rd.zipl=-V" "${args[@]}" \
            </dev/null >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        e2e_die "$v: installer guest failed or timed out (log: $log)"
    fi
    tr -d '\r' < "$log" | grep -q '^ZIPL-RC=0$' ||
        { tail -n 30 "$log" >&2; e2e_die "$v: zipl failed in the guest (log: $log)"; }
    e2e_log "$v: zipl ran in the guest on $bus in $(e2e_elapsed "$t1")s"

    local vlog=$LOGS/verify-$v.log
    if ! python3 "$WALK" verify "$img.tmp" --kernel "$OUT/vmlinuz" --initrd "$initrd" \
            --stage3 "$E2E_STAGE3" > "$vlog" 2>&1; then
        cat "$vlog" >&2
        e2e_die "$v: host-side boot map check failed"
    fi
    mv -f "$img.tmp" "$img"
    python3 "$WALK" show "$img" --kernel "$OUT/vmlinuz" --initrd "$initrd" \
        --stage3 "$E2E_STAGE3" > "$LOGS/bootmap-$v.txt" 2>&1 || true
    e2e_stamp_write "$v" "${inputs[@]}"
    e2e_log "$v.img built and verified in $(e2e_elapsed "$t0")s" \
        "($(grep -c '^program .*: OK' "$vlog") boot program(s))"
}

VARIANTS=${*:-$ALL}
for v in $VARIANTS; do make_variant "$v"; done
