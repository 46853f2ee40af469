# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# tests/e2e/lib.sh - helpers shared by the end-to-end fixture builders and the
# QEMU boot-test runner. Source it (it does nothing by itself):
#
#   . "$(dirname "$0")/lib.sh"
#
# It provides
#   * logging (e2e_log, e2e_die) and host-tool checks (e2e_need);
#   * the two directories everything lives in:
#       E2E_CACHE  downloads and unpacked packages, outside the clone:
#                  ${SECURE_CCW_CACHE:-$HOME/.cache/secure-ccw}
#       E2E_OUT    generated fixtures and logs: ${E2E_OUT:-<repo>/build/e2e}
#   * a private apt configuration per (architecture, suite) that never reads
#     or writes /etc/apt state nor dpkg's database (e2e_apt, e2e_apt_cache);
#   * input-hash stamps so builders skip work whose inputs did not change
#     (e2e_stamp_ok / e2e_stamp_write);
#   * a reproducible cpio+gzip writer (e2e_mk_cpio) and an msdos partition
#     table writer (e2e_msdos_label; no fdisk/sfdisk needed);
#   * helpers that stage a small s390x root file system from the unpacked
#     packages (e2e_stage_skeleton, e2e_copy_rel, e2e_libs_for,
#     e2e_copy_libs) and make a partitioned disk of it (e2e_mk_root_disk).

E2E_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_REPO=$(cd "$E2E_LIB_DIR/../.." && pwd)
E2E_CACHE=${SECURE_CCW_CACHE:-${HOME:-/root}/.cache/secure-ccw}
E2E_OUT=${E2E_OUT:-$E2E_REPO/build/e2e}
E2E_KEYRING=${E2E_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
export E2E_CACHE E2E_OUT

# ------------------------------------------------------------------ logging
e2e_log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
e2e_die() { e2e_log "ERROR: $*"; exit 1; }

# e2e_need TOOL...: fail early, naming the Debian package to install.
e2e_need() {
    local t pkg missing=()
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        case $t in
            mke2fs|debugfs) pkg=e2fsprogs ;;
            qemu-system-s390x) pkg=qemu-system-misc ;;
            s390x-linux-gnu-*) pkg=binutils-s390x-linux-gnu ;;
            dpkg-deb) pkg=dpkg ;;
            apt-get|apt-cache|apt-config) pkg=apt ;;
            flock|truncate|timeout|sha256sum) pkg="util-linux/coreutils" ;;
            *) pkg=$t ;;
        esac
        missing+=("$t (Debian package: $pkg)")
    done
    [ ${#missing[@]} -eq 0 ] || e2e_die "missing host tools: ${missing[*]}"
}

# e2e_now: seconds since the epoch with microseconds (bash 5 $EPOCHREALTIME)
e2e_now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
# e2e_elapsed T0 [T1]: "12.3" (one decimal)
e2e_elapsed() {
    local t1=${2:-$(e2e_now)}
    awk -v a="$1" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
}

# ------------------------------------------------------------ input stamps
# e2e_hash_inputs ARG...: one digest over files (content) and plain strings.
# A file argument is "f:PATH", anything else is hashed as text.
e2e_hash_inputs() {
    local a
    for a in "$@"; do
        case $a in
            f:*) [ -e "${a#f:}" ] || e2e_die "stamp input missing: ${a#f:}"
                 printf 'file %s\n' "$(sha256sum < "${a#f:}" | cut -d' ' -f1)" ;;
            *)   printf 'text %s\n' "$a" ;;
        esac
    done | sha256sum | cut -d' ' -f1
}
# e2e_stamp_ok NAME OUTPUT-FILE INPUT...: true if OUTPUT-FILE exists and was
# built from exactly these inputs.
e2e_stamp_ok() {
    local name=$1 out=$2; shift 2
    local st=$E2E_OUT/.stamps/$name
    [ -e "$out" ] && [ -f "$st" ] && [ "$(cat "$st")" = "$(e2e_hash_inputs "$@")" ]
}
# e2e_stamp_write NAME INPUT...
e2e_stamp_write() {
    local name=$1; shift
    mkdir -p "$E2E_OUT/.stamps"
    e2e_hash_inputs "$@" > "$E2E_OUT/.stamps/$name"
}

# --------------------------------------------------------------- apt mirror
# e2e_debian_mirror: the main Debian archive URI of the host's apt
# configuration (first deb entry that is not a security or deb-src one), or
# $DEBIAN_MIRROR when set. No host name is ever hard-coded here.
e2e_debian_mirror() {
    if [ -n "${DEBIAN_MIRROR:-}" ]; then printf '%s\n' "${DEBIAN_MIRROR%/}"; return; fi
    local files=() f uri
    [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    for f in "${files[@]}"; do
        case $f in
            *.sources)
                # deb822: paragraphs of "Field: value"; pick Types with deb,
                # not disabled, whose suites are not *-security.
                uri=$(awk '
                    function flush() {
                        if (uris != "" && types ~ /(^| )deb( |$)/ && enabled !~ /^[Nn]o/ &&
                            suites !~ /security/ && uris !~ /security/) {
                            split(uris, u, " "); print u[1]; found = 1; exit
                        }
                        uris = ""; types = ""; suites = ""; enabled = ""
                    }
                    /^[ \t]*#/ { next }
                    /^[ \t]*$/ { flush(); next }
                    { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
                      if (key == "uris") uris = $0; else if (key == "types") types = $0
                      else if (key == "suites") suites = $0; else if (key == "enabled") enabled = $0 }
                    END { if (!found) flush() }' "$f") ;;
            *)
                uri=$(awk '
                    /^[ \t]*deb[ \t]/ {
                        i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                        if ($(i) ~ /security/ || $(i + 1) ~ /security/) next
                        print $(i); exit }' "$f") ;;
        esac
        if [ -n "$uri" ]; then printf '%s\n' "${uri%/}"; return; fi
    done
    e2e_die "no Debian archive in the host's apt sources; set DEBIAN_MIRROR"
}

# ------------------------------------------------------------- private apt
# Each (arch, suite) gets $E2E_CACHE/apt/<arch>-<suite>/ with its own
# sources, lists, archive cache, an empty dpkg status and an apt.conf that
# keeps only the host's Acquire:: settings (proxies etc.): no host hooks, no
# host preferences, no host sources, no dpkg database.
_e2e_apt_dir() { printf '%s\n' "$E2E_CACHE/apt/$1-$2"; }

_e2e_apt_setup() {
    local arch=$1 suite=$2 d mirror
    d=$(_e2e_apt_dir "$arch" "$suite")
    [ -f "$d/apt.conf" ] && return 0
    mirror=$(e2e_debian_mirror)
    mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/empty"
    : > "$d/status"
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
        "$mirror" "$suite" "$E2E_KEYRING" > "$d/debian.sources"
    {
        echo "// private apt configuration of tests/e2e ($arch, $suite)"
        echo "Dir::Etc::parts \"$d/empty\";"
        echo "Dir::Etc::main \"/dev/null\";"
        echo "Dir::Etc::sourcelist \"$d/debian.sources\";"
        echo "Dir::Etc::sourceparts \"$d/empty\";"
        echo "Dir::Etc::preferences \"$d/empty/none\";"
        echo "Dir::Etc::preferencesparts \"$d/empty\";"
        echo "Dir::State \"$d\";"
        echo "Dir::State::lists \"$d/lists\";"
        echo "Dir::State::status \"$d/status\";"
        echo "Dir::Cache \"$d\";"
        echo "Dir::Cache::archives \"$d/archives\";"
        echo "Dir::Cache::pkgcache \"\";"
        echo "Dir::Cache::srcpkgcache \"\";"
        echo "APT::Architecture \"$arch\";"
        echo "APT::Architectures { \"$arch\"; };"
        echo "APT::Install-Recommends \"false\";"
        echo "APT::Install-Suggests \"false\";"
        echo "APT::Sandbox::User \"$(id -un)\";"
        echo "Debug::NoLocking \"true\";"
        echo "Acquire::Languages { \"none\"; };"
        echo "Acquire::Retries \"3\";"
        # the host's transport settings (proxy, Check-Valid-Until, ...)
        apt-config dump 2>/dev/null | grep -E '^Acquire::(http|https|ftp|Check-Valid-Until|Check-Date|ForceIPv4|ForceIPv6)' || true
    } > "$d/apt.conf.tmp"
    mv "$d/apt.conf.tmp" "$d/apt.conf"
}

# e2e_apt ARCH SUITE apt-get-args...
e2e_apt() {
    local arch=$1 suite=$2; shift 2
    _e2e_apt_setup "$arch" "$suite"
    APT_CONFIG="$(_e2e_apt_dir "$arch" "$suite")/apt.conf" apt-get -q "$@"
}
# e2e_apt_cache ARCH SUITE apt-cache-args...
e2e_apt_cache() {
    local arch=$1 suite=$2; shift 2
    _e2e_apt_setup "$arch" "$suite"
    APT_CONFIG="$(_e2e_apt_dir "$arch" "$suite")/apt.conf" apt-cache "$@"
}

# e2e_apt_update ARCH SUITE [force]: fetch the lists when there are none (or
# when forced / E2E_REFRESH=1). The archive sometimes answers "File has
# unexpected size ... Mirror sync in progress?": retry a few times.
e2e_apt_update() {
    local arch=$1 suite=$2 force=${3:-0} d try
    d=$(_e2e_apt_dir "$arch" "$suite")
    _e2e_apt_setup "$arch" "$suite"
    [ "${E2E_REFRESH:-0}" = 1 ] && force=1
    if [ "$force" != 1 ] && compgen -G "$d/lists/*_Packages*" >/dev/null; then
        return 0
    fi
    for try in 1 2 3 4 5; do
        e2e_log "apt-get update ($arch $suite, private lists), try $try"
        if e2e_apt "$arch" "$suite" -qq update >"$d/update.log" 2>&1 &&
           ! grep -qE '^(W|E): Failed to fetch|Mirror sync in progress' "$d/update.log"; then
            return 0
        fi
        sed 's/^/    /' "$d/update.log" >&2
        [ "$try" = 5 ] || sleep $((try * 8))
    done
    e2e_die "apt-get update failed for $arch $suite"
}

# e2e_deb_file DIR PKG VERSION: the path apt-get download gives that package
# (':' in the version becomes %3a), printed if the file exists.
e2e_deb_file() {
    local g
    for g in "$1/${2}_${3//:/%3a}_"*.deb; do
        [ -f "$g" ] && { printf '%s\n' "$g"; return 0; }
    done
    return 1
}

# ---------------------------------------------------------- cpio / images
# e2e_mk_cpio DIR OUT.cpio.gz: reproducible newc archive of DIR (sorted
# names, owner 0:0, every mtime 0), gzip -n -9.
e2e_mk_cpio() {
    local dir=$1 out=$2
    find "$dir" -exec touch -h -d @0 {} +
    (cd "$dir" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
        cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) |
        gzip -n -9 > "$out.tmp"
    mv -f "$out.tmp" "$out"
}

# e2e_msdos_label IMAGE START_SECTOR SECTORS [TYPE] [DISK_ID]: write an msdos
# partition table with one primary partition into the first sector of IMAGE
# (512-byte sectors; CHS fields set to the LBA-only marker values).
e2e_msdos_label() {
    python3 - "$@" <<'PY'
import struct, sys
img, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ptype = int(sys.argv[4], 0) if len(sys.argv) > 4 else 0x83
diskid = int(sys.argv[5], 0) if len(sys.argv) > 5 else 0x5ecc0001
chs_max = b"\xfe\xff\xff"
entry = struct.pack("<B3sB3sII", 0, chs_max, ptype, chs_max, start, count)
with open(img, "r+b") as f:
    f.seek(440); f.write(struct.pack("<IH", diskid, 0))
    f.seek(446); f.write(entry + bytes(48))
    f.seek(510); f.write(b"\x55\xaa")
PY
}

# ------------------------------------------------------ staged root trees
# For the real-zipl disk builders: a root file system in a directory, made
# from the unpacked s390x packages (ROOT, e.g. $E2E_S390X_ROOT), which
# mke2fs -d turns into the disk's partition.

# e2e_stage_skeleton DIR: a fresh DIR with the usual top-level directories
# and busybox as /bin/busybox and /bin/sh.
e2e_stage_skeleton() {
    local d=$1
    rm -rf "$d"
    mkdir -p "$d"/bin "$d"/sbin "$d"/etc "$d"/boot "$d"/proc "$d"/sys "$d"/dev \
             "$d"/tmp "$d"/run "$d"/mnt "$d"/lib
    cp "$E2E_BUSYBOX" "$d/bin/busybox"
    ln -s busybox "$d/bin/sh"
}

# e2e_libs_for ROOT ELF...: the shared objects (paths inside ROOT) the ELF
# files need, recursively, plus the program interpreter of the first one.
e2e_libs_for() {
    local root=$1
    shift
    local todo=("$@") seen=" " f n lib d
    while [ ${#todo[@]} -gt 0 ]; do
        f=${todo[0]}; todo=("${todo[@]:1}")
        for n in $(s390x-linux-gnu-readelf -d "$f" 2>/dev/null |
                   sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            case $seen in *" $n "*) continue ;; esac
            seen="$seen$n "
            lib=
            for d in lib/s390x-linux-gnu usr/lib/s390x-linux-gnu lib usr/lib; do
                [ -e "$root/$d/$n" ] && { lib=$d/$n; break; }
            done
            [ -n "$lib" ] || e2e_die "$(basename "$f") needs $n, not in the fetched packages"
            echo "$lib"
            todo+=("$root/$lib")
        done
    done
    s390x-linux-gnu-readelf -l "$1" | sed -n 's/.*interpreter: \/\(.*\)\]/\1/p'
}

# e2e_copy_rel ROOT REL DEST: copy ROOT/REL to DEST/REL, following a symlink
# chain (the links are kept, so /lib/ld64.so.1 stays what the binaries name).
e2e_copy_rel() {
    local root=$1 rel=$2 dest=$3 tgt
    while :; do
        mkdir -p "$dest/$(dirname "$rel")"
        if [ -L "$root/$rel" ]; then
            tgt=$(readlink "$root/$rel")
            ln -sfn "$tgt" "$dest/$rel"
            case $tgt in /*) rel=${tgt#/} ;; *) rel=$(dirname "$rel")/$tgt ;; esac
        else
            cp "$root/$rel" "$dest/$rel"
            return
        fi
    done
}

# e2e_copy_libs ROOT DEST ELF: copy what e2e_libs_for ROOT ELF names from
# ROOT to DEST (e2e_copy_rel).
e2e_copy_libs() {
    local root=$1 dest=$2 elf=$3 rel
    for rel in $(e2e_libs_for "$root" "$elf"); do e2e_copy_rel "$root" "$rel" "$dest"; done
}

# e2e_mk_root_disk IMAGE SIZE_MB DIR UUID HASH_SEED: a raw IMAGE of SIZE_MB
# MiB with an msdos partition table whose one partition, from 1 MiB to
# 1 MiB before the end, holds a reproducible ext2 file system (4 KiB blocks,
# label zipl-root, file system UUID and directory hash seed as given) with
# the files of DIR.
e2e_mk_root_disk() {
    local img=$1 size=$2 dir=$3 uuid=$4 seed=$5
    local start=$((1 << 20)) psectors      # partition at 1 MiB (sector 2048)
    truncate -s "${size}M" "$img"
    psectors=$(( (size << 20) / 512 - start / 512 - 2048 ))   # 1 MiB free at the end
    e2e_msdos_label "$img" $((start / 512)) "$psectors"
    E2FSPROGS_FAKE_TIME=1 mke2fs -q -F -t ext2 -b 4096 -L zipl-root -U "$uuid" \
        -E "offset=$start,root_owner=0:0,hash_seed=$seed" \
        -d "$dir" "$img" $((psectors / 8)) >/dev/null
}

# e2e_kver ROOT: kernel version of the (single) kernel under ROOT/boot
e2e_kver() {
    local k
    for k in "$1"/boot/vmlinuz-*; do
        [ -f "$k" ] && { basename "$k" | sed 's/^vmlinuz-//'; return 0; }
    done
    return 1
}

# e2e_load_env: run fetch.sh (a no-op when everything is cached) and import
# the paths it prints (E2E_S390X_ROOT, E2E_KVER, E2E_QEMU_SID, ...).
e2e_load_env() {
    local envf
    envf=$("$E2E_LIB_DIR/fetch.sh" "${@:-all}") || e2e_die "fetch.sh failed"
    eval "$envf"
}
