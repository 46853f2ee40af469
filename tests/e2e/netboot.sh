#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/netboot.sh [NAME-REGEX...] - network boot under QEMU 7.2 and
# 11.x with QEMU's user network and its built-in TFTP server:
#   -netdev user,id=n1,tftp=DIR[,bootfile=F] -device virtio-net-ccw,netdev=n1,...
# Debian's kernel and the marker initrd of the fixtures (run.sh builds them;
# missing ones make the cases SKIP). Each case gets its own TFTP directory
# under $E2E_OUT/netboot/NAME (the kernel and initrd are symbolic links).
# Cases: every pxelinux.cfg name kind, labels by machine and per-device
# loadparm, the menu with a key and with its timeout, the DHCP boot file as
# kernel, as combined kernel+initrd+parameters image (the ISO fixture's) and
# as .INS file, virtio-net-pci (11.x), fallback from a null disk behind the
# UUID file, a missing kernel file, no TFTP server. One PASS/FAIL/SKIP line per case; the last line is the total.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/boot.sh"

OURS=${BIOS-$E2E_REPO/build/secure-ccw.img}
MAC=52:54:00:12:34:56
NPASS=0 NFAIL=0 NSKIP=0
ND=$E2E_OUT/netboot
K=$E2E_OUT/vmlinuz
I=$E2E_OUT/marker.cpio.gz

report() {
    echo "$2"
    case $1 in PASS) NPASS=$((NPASS + 1)) ;; SKIP) NSKIP=$((NSKIP + 1)) ;; *) NFAIL=$((NFAIL + 1)) ;; esac
}

selected() {   # selected NAME: no regexes given, or one matches
    [ ${#SEL[@]} -eq 0 ] && return 0
    local re
    for re in "${SEL[@]}"; do [[ $1 =~ $re ]] && return 0; done
    return 1
}

# tftpdir NAME: a fresh TFTP root with the kernel and the marker initrd
tftpdir() {
    local d=$ND/$1
    rm -rf "$d"
    mkdir -p "$d/pxelinux.cfg"
    ln -s "$K" "$d/vmlinuz"
    ln -s "$I" "$d/initrd"
    echo "$d"
}

# a pxelinux.cfg with three entries; the default is the second
pxecfg() {
    cat <<CFG
# pxelinux
default second
label first
  kernel vmlinuz
  initrd initrd
  append console=ttysclp0 rd.marker=net-1
label second
  kernel vmlinuz
  initrd initrd
  append console=ttysclp0 rd.marker=net-2
label third
  kernel vmlinuz
  initrd initrd
  append console=ttysclp0 rd.marker=net-3
CFG
}

# netcase QEMU NAME EXPECT-MARKER NETDEV-OPTS DEVICE-OPTS [qemu args...]
# EXPECT-MARKER "!regex": the boot must fail with that message.
netcase() {
    local q=$1 name=$2 expect=$3 nopts=$4 dopts=$5 ql re
    shift 5
    local qpath
    qpath=$(boot_qemu_path "$q")
    ql=$([ "$q" = host ] && echo 7.2 || echo 11.x)
    local full=$ql/ours/net-$name
    selected "$full" || return 0
    if [ ! -f "$K" ] || [ ! -f "$I" ]; then
        report SKIP "SKIP $full: fixtures vmlinuz/marker.cpio.gz not built (tests/e2e/run.sh)"
        return 0
    fi
    local args=(-netdev "user,id=n1$nopts" -device "${NETDEV_MODEL:-virtio-net-ccw},netdev=n1,mac=$MAC$dopts" "$@")
    if [ "${expect:0:1}" = '!' ]; then
        NEGATIVE=1 NEG_TIMEOUT=${NEG_TIMEOUT:-60} BOOT_QUIET=1 \
            boot_case "$full" "$qpath" "$OURS" "${expect:1}" "${args[@]}" || true
    else
        re="SECURE-CCW-MARKER: marker=$expect "
        [ "$expect" = LINUX ] && re='Linux version'
        BOOT_QUIET=1 boot_case "$full" "$qpath" "$OURS" "$re" "${args[@]}" || true
    fi
    case $BC_RESULT in
        PASS) report PASS "PASS $full (${BC_SECONDS}s)" ;;
        *)    report "$BC_RESULT" "$BC_RESULT $full: $BC_REASON" ;;
    esac
}

SEL=("$@")
mkdir -p "$ND"

# -- pxelinux.cfg name kinds (the lookups in QEMU's order)
d=$(tftpdir default); pxecfg > "$d/pxelinux.cfg/default"
netcase sid  pxe-default  net-2 ",tftp=$d" ",bootindex=1"
netcase host pxe-default  net-2 ",tftp=$d" ",bootindex=1"
d=$(tftpdir mac); pxecfg > "$d/pxelinux.cfg/01-${MAC//:/-}"
echo "label broken" > "$d/pxelinux.cfg/default"
netcase host pxe-mac      net-2 ",tftp=$d" ",bootindex=1"
d=$(tftpdir iphex); pxecfg > "$d/pxelinux.cfg/0A00020"      # 10.0.2.15, 7 digits
netcase sid  pxe-iphex    net-2 ",tftp=$d" ",bootindex=1"
# option 209 is not offered by slirp; the boot file's directory is the base
d=$(tftpdir bootdir); mkdir -p "$d/s390/pxelinux.cfg"; pxecfg > "$d/s390/pxelinux.cfg/default"
netcase sid  pxe-bootdir  net-2 ",tftp=$d,bootfile=s390/" ",bootindex=1"

# -- entry selection
d=$(tftpdir select); pxecfg > "$d/pxelinux.cfg/default"
netcase host lp-machine   net-3 ",tftp=$d" ",bootindex=1" -machine loadparm=3
netcase sid  lp-device    net-1 ",tftp=$d" ",bootindex=1,loadparm=1" -machine loadparm=3
KEYS="3 \r" KEYS_DELAY=3 netcase sid menu-key net-3 ",tftp=$d" ",bootindex=1" \
    -boot menu=on,splash-time=20000
netcase host menu-timeout net-2 ",tftp=$d" ",bootindex=1" -boot menu=on,splash-time=1000

# -- the DHCP boot file
d=$(tftpdir kernel)
netcase host bootfile-kernel LINUX ",tftp=$d,bootfile=vmlinuz" ",bootindex=1"
d=$(tftpdir combined)
if [ -f "$E2E_OUT/iso.iso" ] && command -v xorriso >/dev/null; then
    xorriso -osirrox on -indev "$E2E_OUT/iso.iso" -extract /boot/linux.img "$d/linux.img" \
        >/dev/null 2>&1 || true
fi
netcase sid  bootfile-combined iso ",tftp=$d,bootfile=linux.img" ",bootindex=1"
d=$(tftpdir ins)
printf 'console=ttysclp0 rd.marker=net-ins\n' > "$d/parmfile"
python3 - "$I" "$d/initrd.off" <<'PY'
import os, struct, sys
open(sys.argv[2], "wb").write(struct.pack(">QQ", 0x2000000, os.path.getsize(sys.argv[1])))
PY
printf '* secure-ccw e2e .INS\nvmlinuz 0x00000000\ninitrd 0x02000000\ninitrd.off 0x00010408\nparmfile 0x00010480\n' \
    > "$d/boot.ins"
netcase host bootfile-ins  net-ins ",tftp=$d,bootfile=boot.ins" ",bootindex=1"

# -- virtio-net-pci: QEMU 11.1 describes it with a PCI IPL block (type 4);
# its own BIOS does not boot it (romfile= : s390x has no option ROM)
d=$(tftpdir pci); pxecfg > "$d/pxelinux.cfg/default"
NETDEV_MODEL=virtio-net-pci netcase sid pci-default net-2 ",tftp=$d" ",bootindex=1,romfile="

# -- fallback and failures
# as QEMU's pxelinux test: the UUID file behind an unbootable disk
d=$(tftpdir fallback); pxecfg > "$d/pxelinux.cfg/4f6d6b20-3c1e-4a3b-9c1c-2f1e5a7b9d10"
echo "label broken" > "$d/pxelinux.cfg/default"
netcase sid  null-disk-uuid net-2 ",tftp=$d" ",bootindex=2" \
    -drive driver=null-co,read-zeroes=on,if=none,id=d0 -device virtio-blk-ccw,drive=d0,bootindex=1 \
    -uuid 4f6d6b20-3c1e-4a3b-9c1c-2f1e5a7b9d10
d=$(tftpdir nokernel); printf 'default a\nlabel a\nkernel nokernel\n' > "$d/pxelinux.cfg/default"
netcase host missing-kernel '!cannot load the kernel nokernel' ",tftp=$d" ",bootindex=1"
# slirp without tftp= answers every request with "Access violation"
netcase sid  no-tftp-server '!server error 2: Access violation' "" ",bootindex=1"

echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"
[ "$NFAIL" = 0 ]
