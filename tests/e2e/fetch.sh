#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/fetch.sh [all|s390x|qemu-sid]
#
# Downloads what the end-to-end tests run on, with a private apt
# configuration (lib.sh: e2e_apt), never touching /etc/apt or dpkg's database:
#
#   s390x     Debian bookworm s390x: the kernel linux-image-s390x points at,
#             busybox-static, s390-tools (zipl, stage3.bin) and libc6, unpacked
#             on top of each other into $E2E_CACHE/s390x-bookworm/root; then
#             modules.dep is generated for the kernel's modules (depmod when
#             the host has kmod, else an equivalent built here from each
#             module's .modinfo "depends=").
#   qemu-sid  Debian sid's qemu-system-s390x (amd64) with its whole run-time
#             dependency closure, unpacked into $E2E_CACHE/qemu-sid/root, and a
#             wrapper $E2E_CACHE/qemu-sid/bin/qemu-system-s390x that runs it
#             through the prefix's own dynamic loader and libraries. A
#             qemu-bundle link next to that loader makes QEMU find sid's
#             firmware/data files, not the host's (7.2) /usr/share/qemu.
#
# Everything is cached: once the packages of a part are downloaded and
# unpacked, re-running makes no network access at all (E2E_REFRESH=1 resolves
# the newest versions again). Logs go to stderr; stdout gets shell
# assignments for the callers to eval:
#
#   eval "$(tests/e2e/fetch.sh)"    # E2E_S390X_ROOT E2E_KVER E2E_VMLINUZ
#                                   # E2E_QEMU_SID E2E_QEMU_SID_VERSION ...
#
# Env: DEBIAN_MIRROR (default: the host's apt sources), SECURE_CCW_CACHE,
#      E2E_REFRESH=1, E2E_SID_SUITE (default sid), E2E_S390X_SUITE (bookworm),
#      E2E_KERNEL_PKG (pin e.g. linux-image-6.1.0-40-s390x).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WHAT=${1:-all}
case $WHAT in all|s390x|qemu-sid) ;; *) echo "usage: $0 [all|s390x|qemu-sid]" >&2; exit 2 ;; esac
e2e_need apt-get apt-cache apt-config dpkg-deb python3 sha256sum flock

S390X_SUITE=${E2E_S390X_SUITE:-bookworm}
SID_SUITE=${E2E_SID_SUITE:-sid}
mkdir -p "$E2E_CACHE"
exec 9>"$E2E_CACHE/.fetch.lock"
flock 9     # two concurrent runs must not unpack into the same prefix

# fetch_debs ARCH SUITE DEBDIR RESOLVED-FILE CMD...: makes sure every
# "pkg version" line of RESOLVED-FILE is downloaded into DEBDIR. CMD (a shell
# function) resolves the package set into RESOLVED-FILE; it is only run when
# that file is missing, on E2E_REFRESH=1, or when a download fails (the
# version may have left the archive).
fetch_debs() {
    local arch=$1 suite=$2 debs=$3 resolved=$4; shift 4
    local missing=() pkg ver round
    mkdir -p "$debs"
    for round in 1 2; do
        if [ ! -s "$resolved" ] || [ "${E2E_REFRESH:-0}" = 1 ] || [ "$round" = 2 ]; then
            e2e_apt_update "$arch" "$suite" "$([ "$round" = 2 ] && echo 1 || echo 0)"
            "$@" > "$resolved.tmp" || e2e_die "cannot resolve packages for $arch $suite"
            [ -s "$resolved.tmp" ] || e2e_die "empty package set for $arch $suite"
            mv -f "$resolved.tmp" "$resolved"
        fi
        missing=()
        while read -r pkg ver; do
            e2e_deb_file "$debs" "$pkg" "$ver" >/dev/null || missing+=("$pkg=$ver")
        done < "$resolved"
        [ ${#missing[@]} -eq 0 ] && return 0
        e2e_log "downloading ${#missing[@]} package(s) for $arch $suite"
        if (cd "$debs" && e2e_apt "$arch" "$suite" -qq download "${missing[@]}" >&2); then
            return 0
        fi
        e2e_log "download failed; refreshing the lists and resolving again"
    done
    e2e_die "could not download: ${missing[*]}"
}

# unpack_all ROOT RESOLVED DEBDIR: (re)extract every package into ROOT when
# the resolved set differs from the one ROOT was made from.
unpack_all() {
    local root=$1 resolved=$2 debs=$3 pkg ver f
    local want; want=$(sha256sum < "$resolved" | cut -d' ' -f1)
    if [ -f "$root.unpacked" ] && [ "$(cat "$root.unpacked")" = "$want" ]; then
        return 0
    fi
    e2e_log "unpacking $(wc -l < "$resolved") package(s) into $root"
    rm -rf "$root" "$root.unpacked"
    mkdir -p "$root"
    while read -r pkg ver; do
        f=$(e2e_deb_file "$debs" "$pkg" "$ver") || e2e_die "no .deb for $pkg $ver"
        dpkg-deb -x "$f" "$root"
    done < "$resolved"
    echo "$want" > "$root.unpacked"
}

# ================================================================== s390x
S390X_DIR=$E2E_CACHE/s390x-$S390X_SUITE
S390X_ROOT=$S390X_DIR/root

resolve_s390x() {
    local kpkg=${E2E_KERNEL_PKG:-} p v
    if [ -z "$kpkg" ]; then
        kpkg=$(e2e_apt_cache s390x "$S390X_SUITE" depends linux-image-s390x 2>/dev/null |
               sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-s390x\)$/\1/p' | head -n1)
    fi
    [ -n "$kpkg" ] || { e2e_log "linux-image-s390x does not name a kernel package"; return 1; }
    for p in "$kpkg" busybox-static s390-tools libc6; do
        v=$(e2e_apt_cache s390x "$S390X_SUITE" policy "$p" | awk '/Candidate:/ { print $2 }')
        if [ -z "$v" ] || [ "$v" = "(none)" ]; then e2e_log "no candidate for $p"; return 1; fi
        printf '%s %s\n' "$p" "$v"
    done
}

# gen_modules_dep ROOT KVER: modules.dep without kmod. Each module's .modinfo
# holds "depends=a,b"; modules.dep lists, for every module, the whole
# dependency closure ordered so that loading it back to front satisfies every
# dependency (like depmod: modprobe loads the list from the end).
gen_modules_dep() {
    python3 - "$1/lib/modules/$2" <<'PY'
import lzma, os, re, sys
base = sys.argv[1]
mods = {}                       # name -> relative path
deps = {}
for dirpath, _, files in os.walk(os.path.join(base, "kernel")):
    for fn in files:
        if not re.search(r"\.ko(\.xz)?$", fn):
            continue
        path = os.path.join(dirpath, fn)
        rel = os.path.relpath(path, base)
        data = open(path, "rb").read()
        if fn.endswith(".xz"):
            data = lzma.decompress(data)
        name = re.sub(r"\.ko(\.xz)?$", "", fn).replace("-", "_")
        mods[name] = rel
        m = re.search(rb"(?:^|\0)depends=([^\0]*)\0", data)
        deps[name] = [d.replace("-", "_") for d in m.group(1).decode().split(",") if d] if m else []
def postorder(n, seen, out):
    for d in deps.get(n, []):
        if d not in seen and d in mods:
            seen.add(d)
            postorder(d, seen, out)
            out.append(d)
    return out
with open(os.path.join(base, "modules.dep.tmp"), "w") as f:
    for n in sorted(mods, key=lambda k: mods[k]):
        order = postorder(n, {n}, [])        # dependencies before dependents
        f.write(mods[n] + ":" + "".join(" " + mods[d] for d in reversed(order)) + "\n")
os.rename(os.path.join(base, "modules.dep.tmp"), os.path.join(base, "modules.dep"))
PY
}

fetch_s390x() {
    local debs=$S390X_DIR/debs resolved=$S390X_DIR/packages.txt kver
    fetch_debs s390x "$S390X_SUITE" "$debs" "$resolved" resolve_s390x
    unpack_all "$S390X_ROOT" "$resolved" "$debs"
    kver=$(e2e_kver "$S390X_ROOT") || e2e_die "no /boot/vmlinuz-* in $S390X_ROOT"
    if [ ! -s "$S390X_ROOT/lib/modules/$kver/modules.dep" ]; then
        if command -v depmod >/dev/null 2>&1; then
            e2e_log "depmod $kver"
            depmod -b "$S390X_ROOT" "$kver"
        else
            e2e_log "generating modules.dep for $kver (no depmod on this host)"
            gen_modules_dep "$S390X_ROOT" "$kver"
        fi
    fi
    local zipl=$S390X_ROOT/sbin/zipl stage3=$S390X_ROOT/lib/s390-tools/stage3.bin
    [ -f "$zipl" ] || zipl=$S390X_ROOT/usr/sbin/zipl
    [ -f "$stage3" ] || stage3=$S390X_ROOT/usr/lib/s390-tools/stage3.bin
    if [ ! -f "$zipl" ] || [ ! -f "$stage3" ]; then e2e_die "zipl or stage3.bin missing in $S390X_ROOT"; fi
    local busybox=$S390X_ROOT/bin/busybox
    [ -f "$busybox" ] || busybox=$S390X_ROOT/usr/bin/busybox
    [ -f "$busybox" ] || e2e_die "busybox missing in $S390X_ROOT"
    printf 'export E2E_S390X_ROOT=%q\n' "$S390X_ROOT"
    printf 'export E2E_KVER=%q\n' "$kver"
    printf 'export E2E_VMLINUZ=%q\n' "$S390X_ROOT/boot/vmlinuz-$kver"
    printf 'export E2E_ZIPL=%q\n' "$zipl"
    printf 'export E2E_STAGE3=%q\n' "$stage3"
    printf 'export E2E_BUSYBOX=%q\n' "$busybox"
    printf 'export E2E_S390X_PACKAGES=%q\n' "$(tr '\n' ' ' < "$resolved")"
}

# =============================================================== qemu-sid
QSID_DIR=$E2E_CACHE/qemu-$SID_SUITE
QSID_ROOT=$QSID_DIR/root
QSID_MULTIARCH=x86_64-linux-gnu

resolve_qemu_sid() {
    # A simulated install against the empty private status lists the whole
    # closure as "Inst pkg (version ...)". systemd only comes in through an
    # "adduser | systemd-sysusers"-style alternative and is not needed to run
    # the emulator, so it is left out.
    local out
    out=$(e2e_apt amd64 "$SID_SUITE" -s install "qemu-system-s390x/$SID_SUITE" 2>&1) ||
        { printf '%s\n' "$out" >&2; return 1; }
    printf '%s\n' "$out" | sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1 \2/p' |
        grep -vE '^(systemd|systemd-sysv|libsystemd-shared|systemd-dev) ' | LC_ALL=C sort
}

fetch_qemu_sid() {
    local debs=$QSID_DIR/debs resolved=$QSID_DIR/packages.txt ldso bundle rel
    fetch_debs amd64 "$SID_SUITE" "$debs" "$resolved" resolve_qemu_sid
    unpack_all "$QSID_ROOT" "$resolved" "$debs"
    ldso=$QSID_ROOT/usr/lib/$QSID_MULTIARCH/ld-linux-x86-64.so.2
    [ -e "$ldso" ] || ldso=$QSID_ROOT/lib/$QSID_MULTIARCH/ld-linux-x86-64.so.2
    [ -e "$ldso" ] || e2e_die "sid's dynamic loader is missing in $QSID_ROOT"
    # QEMU takes its "exec dir" from /proc/self/exe, i.e. the loader's
    # directory; "<exec dir>/qemu-bundle/<configured path>" is tried before
    # every configured absolute path (firmware, data, modules).
    bundle=$(dirname "$(readlink -f "$ldso")")/qemu-bundle
    rel=$(realpath --relative-to="$(dirname "$bundle")" "$QSID_ROOT")
    if [ "$(readlink "$bundle" 2>/dev/null || true)" != "$rel" ]; then
        rm -rf "$bundle"
        ln -s "$rel" "$bundle"
    fi
    [ -f "$QSID_ROOT/usr/share/qemu/s390-ccw.img" ] || e2e_die "sid's s390-ccw.img is missing"
    mkdir -p "$QSID_DIR/bin"
    local w=$QSID_DIR/bin/qemu-system-s390x
    cat > "$w.tmp" <<EOF
#!/bin/sh
# Generated by secure-ccw tests/e2e/fetch.sh: runs Debian $SID_SUITE's
# qemu-system-s390x from its unpacked prefix, with the prefix's own loader and
# libraries (the host's /etc/ld.so.cache is not consulted).
R=\$(cd "\$(dirname "\$(readlink -f "\$0")")/../root" && pwd) || exit 127
L=\$R/usr/lib/$QSID_MULTIARCH:\$R/lib/$QSID_MULTIARCH
export QEMU_MODULE_DIR="\$R/usr/lib/$QSID_MULTIARCH/qemu"
export GCONV_PATH="\$R/usr/lib/$QSID_MULTIARCH/gconv"
exec "\$R/${ldso#"$QSID_ROOT"/}" --inhibit-cache --library-path "\$L" \\
    --argv0 "\$0" "\$R/usr/bin/qemu-system-s390x" "\$@"
EOF
    chmod 755 "$w.tmp"
    mv -f "$w.tmp" "$w"
    local ver
    ver=$("$w" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([^ ]*\).*/\1/p')
    [ -n "$ver" ] || e2e_die "sid's qemu-system-s390x does not run: $("$w" --version 2>&1 | head -n3)"
    printf 'export E2E_QEMU_SID=%q\n' "$w"
    printf 'export E2E_QEMU_SID_VERSION=%q\n' "$ver"
}

t0=$(e2e_now)
case $WHAT in
    all)      fetch_s390x; fetch_qemu_sid ;;
    s390x)    fetch_s390x ;;
    qemu-sid) fetch_qemu_sid ;;
esac
e2e_log "fetch $WHAT: ready in $(e2e_elapsed "$t0")s (cache $E2E_CACHE)"
