#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/mk-initrd.sh - builds the s390x initramfs images the end-to-end
# tests boot, from Debian's busybox-static (fetched by fetch.sh), into $E2E_OUT:
#
#   marker.cpio.gz      /init mounts proc, sysfs and devtmpfs, prints ONE line
#                         SECURE-CCW-MARKER: marker=<rd.marker= value or none>
#                           secure=<content of /sys/firmware/ipl/secure or n/a>
#                           kernel=<uname -r>
#                       on /dev/console and powers off (poweroff -f; QEMU exits 0).
#   marker-64m.cpio.gz  the same plus an incompressible 64 MiB file
#                       (/bench/random-64m.bin: AES-128-CTR keystream with an
#                       all-zero key and IV, i.e. the same bytes every time),
#                       for load-time benchmarks.
#   installer.cpio.gz   /init loads virtio_blk, virtio_scsi, sd_mod, ext4 (and
#                       their dependencies from modules.dep), mounts the first
#                       partition of /dev/vda or /dev/sda, chroots into it and
#                       runs the disk's own /sbin/zipl with the arguments given
#                       as rd.zipl=ARG,ARG,... (commas become spaces), prints
#                       "ZIPL-RC=<rc>" and powers off. mk-real-zipl-disk.sh
#                       uses it to write boot records with the real zipl.
#   vmlinuz             copy of the bookworm s390x kernel the initrds match.
#
# The archives are reproducible (sorted names, owner 0:0, mtime 0, gzip -n).
# Re-running rebuilds only archives whose inputs changed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_need cpio gzip openssl python3 sha256sum
e2e_load_env s390x

OUT=$E2E_OUT
mkdir -p "$OUT"
SELF=${BASH_SOURCE[0]}
MODDIR=$E2E_S390X_ROOT/lib/modules/$E2E_KVER
INSTALLER_MODULES="virtio_blk virtio_scsi sd_mod crc32c_generic ext4"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/e2e-initrd.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Applets the /init scripts call; linked to busybox at build time so the
# archives need no run-time "busybox --install".
APPLETS="sh ash cat echo uname mount umount poweroff sleep insmod chroot sync ls tr mkdir"

skeleton() {   # skeleton DIR: a busybox-only root
    local d=$1 a
    mkdir -p "$d"/bin "$d"/proc "$d"/sys "$d"/dev "$d"/mnt "$d"/tmp "$d"/root
    cp "$E2E_BUSYBOX" "$d/bin/busybox"
    chmod 755 "$d/bin/busybox"
    for a in $APPLETS; do ln -s busybox "$d/bin/$a"; done
    ln -s bin "$d/sbin"
}

# module_closure NAME...: .ko paths (relative to MODDIR) needed for NAMEs,
# dependencies first, each once. modules.dep lists a module's whole closure
# with the nearest dependency first, so the list is loaded back to front.
module_closure() {
    awk -v want="$*" '
        { key = $1; sub(/:$/, "", key); dep[key] = ""
          for (i = NF; i >= 2; i--) dep[key] = dep[key] " " $i
          n = key; sub(/^.*\//, "", n); sub(/\.ko.*$/, "", n); gsub(/-/, "_", n); path[n] = key }
        END {
          k = split(want, w, " ")
          for (i = 1; i <= k; i++) {
            m = w[i]; gsub(/-/, "_", m)
            if (!(m in path)) { print "no module " m > "/dev/stderr"; exit 1 }
            c = split(dep[path[m]] " " path[m], l, " ")
            for (j = 1; j <= c; j++) if (!(l[j] in seen)) { seen[l[j]] = 1; print l[j] }
          }
        }' "$MODDIR/modules.dep"
}

write_marker_init() {
    cat > "$1/init" <<'EOF'
#!/bin/sh
# secure-ccw e2e marker initrd: report how we were booted, then power off.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
marker=none
for arg in $(cat /proc/cmdline); do
    case $arg in rd.marker=*) marker=${arg#rd.marker=} ;; esac
done
secure=n/a
[ -r /sys/firmware/ipl/secure ] && secure=$(cat /sys/firmware/ipl/secure)
echo "SECURE-CCW-MARKER: marker=$marker secure=$secure kernel=$(uname -r)" > /dev/console
sync
poweroff -f
EOF
    chmod 755 "$1/init"
}

write_installer_init() {
    cat > "$1/init" <<'EOF'
#!/bin/sh
# secure-ccw e2e installer initrd: run the target disk's own zipl.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
say() { echo "INSTALLER: $*" > /dev/console; }
done_rc() { echo "ZIPL-RC=$1" > /dev/console; sync; poweroff -f; }
for ko in $(cat /lib/modules/load-order); do
    insmod "/lib/modules/$ko" || say "insmod $ko failed"
done
part=
tries=0
while [ -z "$part" ] && [ $tries -lt 150 ]; do
    for p in /dev/vda1 /dev/sda1; do
        if [ -b "$p" ]; then part=$p; break; fi
    done
    [ -n "$part" ] || sleep 0.1
    tries=$((tries + 1))
done
[ -n "$part" ] || { say "no /dev/vda1 or /dev/sda1"; cat /proc/partitions; done_rc 90; }
say "target $part"
mount -t ext4 "$part" /mnt || { say "mount $part failed"; done_rc 91; }
mount -t proc proc /mnt/proc
mount -t sysfs sysfs /mnt/sys
mount -t devtmpfs devtmpfs /mnt/dev
args=
for arg in $(cat /proc/cmdline); do
    case $arg in rd.zipl=*) args="$args $(echo "${arg#rd.zipl=}" | tr ',' ' ')" ;; esac
done
say "chroot /mnt /sbin/zipl$args"
# shellcheck disable=SC2086
chroot /mnt /sbin/zipl $args > /dev/console 2>&1
rc=$?
umount /mnt/dev /mnt/sys /mnt/proc
umount /mnt || rc=92
sync
done_rc $rc
EOF
    chmod 755 "$1/init"
}

t0=$(e2e_now)
cp_if_changed() { cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
cp_if_changed "$E2E_VMLINUZ" "$OUT/vmlinuz"

# ---- marker.cpio.gz
if e2e_stamp_ok marker "$OUT/marker.cpio.gz" "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS"; then
    e2e_log "marker.cpio.gz up to date"
else
    d=$WORK/marker; skeleton "$d"; write_marker_init "$d"
    e2e_mk_cpio "$d" "$OUT/marker.cpio.gz"
    e2e_stamp_write marker "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS"
    e2e_log "built marker.cpio.gz ($(stat -c %s "$OUT/marker.cpio.gz") bytes)"
fi

# ---- marker-64m.cpio.gz
if e2e_stamp_ok marker-64m "$OUT/marker-64m.cpio.gz" "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS"; then
    e2e_log "marker-64m.cpio.gz up to date"
else
    d=$WORK/marker-64m; skeleton "$d"; write_marker_init "$d"
    mkdir -p "$d/bench"
    head -c $((64 << 20)) /dev/zero |
        openssl enc -aes-128-ctr -nosalt -K 00000000000000000000000000000000 \
            -iv 00000000000000000000000000000000 > "$d/bench/random-64m.bin"
    [ "$(stat -c %s "$d/bench/random-64m.bin")" = $((64 << 20)) ] || e2e_die "64 MiB blob has the wrong size"
    e2e_mk_cpio "$d" "$OUT/marker-64m.cpio.gz"
    e2e_stamp_write marker-64m "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS"
    e2e_log "built marker-64m.cpio.gz ($(stat -c %s "$OUT/marker-64m.cpio.gz") bytes)"
fi

# ---- installer.cpio.gz
mapfile -t KOS < <(module_closure "$INSTALLER_MODULES")
[ ${#KOS[@]} -gt 0 ] || e2e_die "module closure of $INSTALLER_MODULES is empty"
ko_inputs=()
for ko in "${KOS[@]}"; do ko_inputs+=("$ko" "f:$MODDIR/$ko"); done
if e2e_stamp_ok installer "$OUT/installer.cpio.gz" "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS" "${ko_inputs[@]}"; then
    e2e_log "installer.cpio.gz up to date"
else
    d=$WORK/installer; skeleton "$d"; write_installer_init "$d"
    mkdir -p "$d/lib/modules"
    : > "$d/lib/modules/load-order"
    for ko in "${KOS[@]}"; do
        cp "$MODDIR/$ko" "$d/lib/modules/"
        basename "$ko" >> "$d/lib/modules/load-order"
    done
    e2e_mk_cpio "$d" "$OUT/installer.cpio.gz"
    e2e_stamp_write installer "f:$SELF" "f:$E2E_BUSYBOX" "$APPLETS" "${ko_inputs[@]}"
    e2e_log "built installer.cpio.gz ($(stat -c %s "$OUT/installer.cpio.gz") bytes;" \
        "modules: $(tr '\n' ' ' < "$d/lib/modules/load-order"))"
fi
e2e_log "initrds ready in $(e2e_elapsed "$t0")s"
