#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/mk-signed-disk.sh - Secure IPL boot disks: one whose boot records
# (with SIGNATURE components) are written by the real s390x `zipl --secure 1`
# inside a QEMU guest, and one written by the project's own tools/zipl-write,
# both from components signed with tools/sign-component. Into $E2E_OUT:
#
#   keys/key.pem, keys/cert.pem   RSA-2048 key and self-signed certificate
#                                 (openssl req -x509, 36500 days, like QEMU's
#                                 functional test) that signed the components
#   keys/other-key.pem, keys/other-cert.pem
#                                 an unrelated key/certificate (negative tests)
#                                 Both pairs are made once, when missing.
#   signed/vmlinuz.signed         the bookworm kernel + appended signature
#   signed/stage3.signed          sid's stage3.bin (it has the global SCLAB;
#                                 bookworm's has none) + appended signature
#   real-signed.img               64 MiB, msdos label + ext2; zipl (bookworm's
#                                 s390-tools, run in the guest on virtio-blk)
#                                 read /etc/zipl.conf (section "signed",
#                                 "console=ttysclp0 rd.marker=signed", marker
#                                 initrd unsigned) with the signed stage3 at
#                                 /lib/s390-tools/stage3.bin, and ran
#                                 `zipl --secure 1 -V`
#   real-signed-tampered.img      the same with one byte of the kernel's data
#                                 inverted on disk (in the zero padding before
#                                 the kernel's SCLAB trailer: the signature no
#                                 longer verifies, the kernel still runs)
#   own-signed.img                build/tools/zipl-write --secure 1 with the
#                                 same signed files (marker "own-signed")
#
# Checks (the build fails otherwise): zipl exits 0 and reports the stage3 and
# kernel signatures; zipl-walk.py verify --secure (every signed LOAD is
# exactly the signed payload, block-aligned, preceded by its PKCS#7; SCLAB and
# global-SCLAB rules); `openssl cms -verify` of every SIGNATURE component
# against the LOAD data read back from the disk succeeds with cert.pem, fails
# with other-cert.pem and fails for the tampered kernel. The component tables
# of real-signed.img and own-signed.img are compared in
# $E2E_OUT/logs/compare-signed.txt (differences are reported, not fatal).
#
# The kernel and stage3 are rewritten inside the guest before zipl runs, so
# they have no holes: mke2fs -d stores all-zero blocks as holes, and newer
# zipl versions map holes to wrong blocks.
#
# Stamped like the other builders: a second run with unchanged inputs does
# nothing. Env: E2E_INSTALL_QEMU (default qemu-system-s390x, the host's 7.2),
# E2E_INSTALL_TIMEOUT (180 s), ZIPL_WRITE (default build/tools/zipl-write).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INSTALL_QEMU=${E2E_INSTALL_QEMU:-qemu-system-s390x}
e2e_need mke2fs openssl python3 timeout s390x-linux-gnu-readelf "$INSTALL_QEMU"
t_all=$(e2e_now)
e2e_load_env s390x
"$E2E_LIB_DIR/mk-initrd.sh"
eval "$("$E2E_LIB_DIR/fetch-sid-tools.sh")"

OUT=$E2E_OUT
LOGS=$OUT/logs
KEYS=$OUT/keys
SIGNED=$OUT/signed
mkdir -p "$LOGS" "$KEYS" "$SIGNED"
SELF=${BASH_SOURCE[0]}
WALK=$E2E_LIB_DIR/zipl-walk.py
SIGN=$E2E_REPO/tools/sign-component
ZW=${ZIPL_WRITE:-$E2E_REPO/build/tools/zipl-write}
KVER=$E2E_KVER
ROOT=$E2E_S390X_ROOT
INITRD=$OUT/marker.cpio.gz
SIZE_MB=64
[ -x "$SIGN" ] || e2e_die "no $SIGN"
[ -x "$ZW" ] || e2e_die "no $ZW: run 'make tools'"

# ------------------------------------------------------------------ keys
mk_key() {   # mk_key PREFIX CN
    local k=$KEYS/${1}key.pem c=$KEYS/${1}cert.pem
    [ -s "$k" ] && [ -s "$c" ] && return 0
    openssl req -new -x509 -newkey rsa:2048 -sha256 -nodes -days 36500 \
        -subj "/CN=$2/" -keyout "$k.tmp" -out "$c.tmp" 2>/dev/null ||
        e2e_die "openssl req failed for $2"
    mv -f "$k.tmp" "$k"
    mv -f "$c.tmp" "$c"
    e2e_log "made key and certificate '$2' in $KEYS"
}
mk_key "" "secure-ccw e2e signing key"
mk_key other- "secure-ccw e2e unrelated key"
KEY=$KEYS/key.pem
CERT=$KEYS/cert.pem
OTHER_CERT=$KEYS/other-cert.pem

# --------------------------------------------------------------- signing
sign() {   # sign IN OUT
    local in=$1 out=$2
    if e2e_stamp_ok "sign-$(basename "$out")" "$out" "f:$in" "f:$KEY" "f:$CERT" "f:$SIGN"; then
        return 0
    fi
    "$SIGN" --hash sha256 "$KEY" "$CERT" "$in" "$out.tmp"
    mv -f "$out.tmp" "$out"
    e2e_stamp_write "sign-$(basename "$out")" "f:$in" "f:$KEY" "f:$CERT" "f:$SIGN"
    e2e_log "signed $(basename "$in") -> $out ($(stat -c %s "$in") + $(( $(stat -c %s "$out") - $(stat -c %s "$in") )) bytes)"
}
S_KERNEL=$SIGNED/vmlinuz.signed
S_STAGE3=$SIGNED/stage3.signed
sign "$OUT/vmlinuz" "$S_KERNEL"
sign "$E2E_SID_STAGE3" "$S_STAGE3"

# -------------------------------------------------------- staged file system
# stage_root DIR: busybox, bookworm's zipl (as /sbin/zipl.real) behind a
# /sbin/zipl wrapper that rewrites the signed files without holes first,
# /lib/s390-tools with the signed sid stage3.bin (bookworm's zipl reads
# /lib/s390-tools/stage3.bin), /etc/zipl.conf, the signed kernel and the
# marker initrd.
stage_root() {
    local d=$1 rel
    e2e_stage_skeleton "$d"
    rel=${E2E_ZIPL#"$ROOT"/}
    [ "$rel" = sbin/zipl ] || e2e_die "bookworm's zipl is not /sbin/zipl ($rel)"
    mkdir -p "$d/sbin"
    cp "$E2E_ZIPL" "$d/sbin/zipl.real"
    e2e_copy_libs "$ROOT" "$d" "$E2E_ZIPL"
    cp -a "$(dirname "$E2E_STAGE3")" "$d/lib/"      # /lib/s390-tools
    cp "$S_STAGE3" "$d/lib/s390-tools/stage3.bin"
    cp "$S_KERNEL" "$d/boot/vmlinuz-$KVER"
    cp "$INITRD" "$d/boot/initrd.img-$KVER"
    cat > "$d/etc/zipl.conf" <<EOF
[defaultboot]
default=signed

[signed]
target=/boot
image=/boot/vmlinuz-$KVER
ramdisk=/boot/initrd.img-$KVER
parameters="console=ttysclp0 rd.marker=signed"
EOF
    cat > "$d/sbin/zipl" <<EOF
#!/bin/sh
# secure-ccw e2e: give the signed files real blocks (mke2fs -d made their
# all-zero blocks holes), then run zipl.
for f in /boot/vmlinuz-$KVER /lib/s390-tools/stage3.bin; do
    /bin/busybox cat "\$f" > "\$f.new" && /bin/busybox mv -f "\$f.new" "\$f" ||
        { echo "zipl wrapper: cannot rewrite \$f"; exit 95; }
done
/bin/busybox sync
exec /sbin/zipl.real "\$@"
EOF
    chmod 755 "$d/sbin/zipl"
}

# sig_pairs IMAGE: "SIG-INDEX LOAD-INDEX" for each SIGNATURE entry of program 0
sig_pairs() {
    python3 "$WALK" show --json "$1" | python3 -c '
import json, sys
m = json.load(sys.stdin)
es = [t for t in m["programs"] if t["program"] == 0][0]["entries"]
for a, b in zip(es, es[1:]):
    if a["type"] == "SIGNATURE" and b["type"] == "LOAD":
        print(a["index"], b["index"], "0x%x" % b["address"])'
}

# cms_check IMAGE CERT: openssl verifies every SIGNATURE component against the
# LOAD data after it, as read back from IMAGE. Prints one line per pair;
# returns the number of pairs that failed (0 = all verified).
cms_check() {
    local img=$1 cert=$2 s l a bad=0 n=0 tmp
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/e2e-cms.XXXXXX")
    while read -r s l a; do
        n=$((n + 1))
        python3 "$WALK" extract "$img" "$s" "$tmp/sig" >/dev/null
        python3 "$WALK" extract "$img" "$l" "$tmp/data" >/dev/null
        if openssl cms -verify -binary -inform DER -in "$tmp/sig" -content "$tmp/data" \
                -certfile "$cert" -noverify -out /dev/null 2>"$tmp/err"; then
            echo "  #$s signs #$l (at $a, $(stat -c %s "$tmp/data") bytes): verified with $(basename "$cert")"
        else
            echo "  #$s signs #$l (at $a): NOT verified with $(basename "$cert"): $(head -n1 "$tmp/err")"
            bad=$((bad + 1))
        fi
    done < <(sig_pairs "$img")
    rm -rf "$tmp"
    [ "$n" -gt 0 ] || { echo "  no SIGNATURE entries"; return 99; }
    return "$bad"
}

# --------------------------------------------------------- real-signed.img
IMG=$OUT/real-signed.img
TAMPERED=$OUT/real-signed-tampered.img
REAL_INPUTS=("f:$SELF" "f:$E2E_LIB_DIR/lib.sh" "f:$WALK" "f:$S_KERNEL" "f:$S_STAGE3" "f:$INITRD"
             "f:$OUT/vmlinuz" "f:$OUT/installer.cpio.gz" "f:$E2E_ZIPL" "f:$E2E_BUSYBOX"
             "f:$CERT" "f:$OTHER_CERT" "size=$SIZE_MB kver=$KVER"
             "$("$INSTALL_QEMU" --version | head -n1)")

build_real() {
    local t0 t1 work=$OUT/.work-real-signed log=$LOGS/install-real-signed.log
    local vlog=$LOGS/verify-real-signed.log rc
    t0=$(e2e_now)
    stage_root "$work/root"
    rm -f "$IMG" "$IMG.tmp" "$TAMPERED"
    e2e_mk_root_disk "$IMG.tmp" "$SIZE_MB" "$work/root" \
        5ecc0000-0000-4000-8000-000000000011 5ecc0000-0000-4000-8000-000000000012
    rm -rf "$work"

    t1=$(e2e_now)
    if ! timeout "${E2E_INSTALL_TIMEOUT:-180}" "$INSTALL_QEMU" -M s390-ccw-virtio -m 512 \
            -nodefaults -nographic -serial stdio -no-reboot -action panic=exit-failure \
            -kernel "$OUT/vmlinuz" -initrd "$OUT/installer.cpio.gz" \
            -append "console=ttysclp0 quiet rd.zipl=--secure,1,-V" \
            -drive "file=$IMG.tmp,if=none,id=d0,format=raw,cache=unsafe" \
            -device virtio-blk-ccw,drive=d0 </dev/null >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        e2e_die "real-signed: installer guest failed or timed out (log: $log)"
    fi
    tr -d '\r' < "$log" | grep -q '^ZIPL-RC=0$' ||
        { tail -n 40 "$log" >&2; e2e_die "real-signed: zipl --secure 1 failed in the guest (log: $log)"; }
    # zipl -V lists a "signature for" line per signed component it wrote
    local nsig
    nsig=$(tr -d '\r' < "$log" | grep -c 'signature for' || true)
    [ "$nsig" -ge 2 ] ||
        { tail -n 40 "$log" >&2; e2e_die "real-signed: zipl reported $nsig signature(s), expected stage3 and kernel (log: $log)"; }
    e2e_log "real-signed: zipl --secure 1 ran in the guest in $(e2e_elapsed "$t1")s ($nsig signatures written)"

    if ! python3 "$WALK" verify "$IMG.tmp" --secure --kernel "$S_KERNEL" --initrd "$INITRD" \
            --stage3 "$S_STAGE3" > "$vlog" 2>&1; then
        cat "$vlog" >&2
        e2e_die "real-signed: host-side boot map / Secure IPL record check failed"
    fi
    {
        echo "# openssl cms -verify of the components read back from real-signed.img"
        cms_check "$IMG.tmp" "$CERT" || rc=$?
        [ "${rc:-0}" = 0 ] || e2e_die "real-signed: a signed component does not verify with cert.pem (log: $vlog)"
        cms_check "$IMG.tmp" "$OTHER_CERT" && e2e_die "real-signed: verifies with other-cert.pem?"
        true
    } >> "$vlog" 2>&1 || { cat "$vlog" >&2; exit 1; }

    cp --sparse=always "$IMG.tmp" "$TAMPERED.tmp"
    python3 "$WALK" flip-byte "$TAMPERED.tmp" --component kernel --offset -64 >> "$vlog"
    {
        echo "# tampered copy"
        if cms_check "$TAMPERED.tmp" "$CERT"; then
            e2e_die "real-signed-tampered: still verifies"
        fi
        if python3 "$WALK" verify "$TAMPERED.tmp" --kernel "$S_KERNEL" --stage3 "$S_STAGE3"; then
            e2e_die "real-signed-tampered: kernel data still equals the file"
        fi
        true
    } >> "$vlog" 2>&1 || { cat "$vlog" >&2; exit 1; }
    mv -f "$TAMPERED.tmp" "$TAMPERED"
    mv -f "$IMG.tmp" "$IMG"
    python3 "$WALK" show "$IMG" --kernel "$S_KERNEL" --initrd "$INITRD" --stage3 "$S_STAGE3" \
        > "$LOGS/bootmap-real-signed.txt" 2>&1 || true
    e2e_stamp_write real-signed "${REAL_INPUTS[@]}"
    e2e_log "real-signed.img and real-signed-tampered.img built and verified in $(e2e_elapsed "$t0")s"
}

rebuilt=0
if e2e_stamp_ok real-signed "$IMG" "${REAL_INPUTS[@]}" && [ -f "$TAMPERED" ]; then
    e2e_log "real-signed.img up to date"
else
    build_real
    rebuilt=1
fi

# ---------------------------------------------------------- own-signed.img
OWN=$OUT/own-signed.img
OWN_SPEC="kernel=$S_KERNEL,initrd=$INITRD,cmdline=console=ttysclp0 rd.marker=own-signed"
OWN_INPUTS=("f:$SELF" "f:$WALK" "f:$ZW" "f:$S_KERNEL" "f:$S_STAGE3" "f:$INITRD" "f:$CERT" "$OWN_SPEC")
if e2e_stamp_ok own-signed "$OWN" "${OWN_INPUTS[@]}"; then
    e2e_log "own-signed.img up to date"
else
    rm -f "$OWN" "$OWN.tmp"
    "$ZW" -o "$OWN.tmp" --secure 1 --stage3 "$S_STAGE3" --section "$OWN_SPEC" \
        > "$LOGS/zipl-write-own-signed.log" 2>&1 ||
        { cat "$LOGS/zipl-write-own-signed.log" >&2; e2e_die "zipl-write --secure 1 failed"; }
    vlog=$LOGS/verify-own-signed.log
    if ! python3 "$WALK" verify "$OWN.tmp" --secure --kernel "$S_KERNEL" --initrd "$INITRD" \
            --stage3 "$S_STAGE3" > "$vlog" 2>&1; then
        cat "$vlog" >&2
        e2e_die "own-signed: host-side boot map / Secure IPL record check failed"
    fi
    rc=0
    { echo "# openssl cms -verify"; cms_check "$OWN.tmp" "$CERT"; } >> "$vlog" 2>&1 || rc=$?
    [ "$rc" = 0 ] || { cat "$vlog" >&2; e2e_die "own-signed: a signed component does not verify"; }
    mv -f "$OWN.tmp" "$OWN"
    e2e_stamp_write own-signed "${OWN_INPUTS[@]}"
    e2e_log "own-signed.img built and verified"
    rebuilt=1
fi

# ------------------------------------------ compare the component tables
CMP=$LOGS/compare-signed.txt
if [ "$rebuilt" = 0 ] && [ -s "$CMP" ]; then
    e2e_log "signed disks ready in $(e2e_elapsed "$t_all")s (nothing to do)"
    exit 0
fi
python3 - "$WALK" "$IMG" "$OWN" "$S_KERNEL" "$S_STAGE3" "$INITRD" > "$CMP" <<'PY'
import json, subprocess, sys
walk, real, own, kernel, stage3, initrd = sys.argv[1:7]
def table(img):
    out = subprocess.run([sys.executable, walk, "show", "--json", img, "--kernel", kernel,
                          "--stage3", stage3, "--initrd", initrd],
                         check=True, capture_output=True, text=True).stdout
    rows = []
    for e in json.loads(out)["programs"][0]["entries"]:
        if e["type"] == "SIGNATURE":
            rows.append(("SIGNATURE", "-", f"{e['sig_len']} bytes (format {e['sig_format']})",
                         e.get("matches", "")))
        elif e["type"] == "LOAD":
            rows.append(("LOAD", f"0x{e['address']:x}", f"{e['length']} bytes", e.get("matches", "")))
        else:
            rows.append((e["type"], f"PSW 0x{e['address']:016x}", "", ""))
    return rows
a, b = table(real), table(own)
print(f"{'#':>2}  {'real-signed.img (zipl --secure 1)':56s}  own-signed.img (zipl-write --secure 1)")
diff = 0
for i in range(max(len(a), len(b))):
    ra = " ".join(x for x in a[i] if x) if i < len(a) else "-"
    rb = " ".join(x for x in b[i] if x) if i < len(b) else "-"
    same = i < len(a) and i < len(b) and a[i][:3] == b[i][:3]
    diff += not same
    print(f"{i:>2}  {ra:56s}  {rb}{'' if same else '   <- differs'}")
print(f"{diff} row(s) differ")
PY
ndiff=$(sed -n 's/^\([0-9]*\) row(s) differ$/\1/p' "$CMP")
e2e_log "component tables real-signed vs own-signed: ${ndiff:-?} row(s) differ (see $CMP)"
e2e_log "signed disks ready in $(e2e_elapsed "$t_all")s"
