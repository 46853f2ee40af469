#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/pkg/fresh-check.sh (suite "fresh"): the README's first command on a
# machine where the project's packages are not installed, without touching
# the host.
#
# As root, in a private mount namespace (unshare --mount): an overlay of /
# whose upper layer is a tmpfs, /proc, /sys, /dev (with /dev/pts) and the
# host's resolv.conf and hosts bound into it, chroot. Inside, apt-get purges
# the project's packages ($FRESH_PURGE: the cross compiler, QEMU, the host
# compiler, BearSSL ...), which changes only the tmpfs. Then, on a fresh
# clone of this tree (HEAD plus uncommitted changes, as repro-check.sh
# copies it), "make boot" must succeed the first time: install-deps.sh
# really installs the packages again, the image is built and Debian's
# kernel reaches the initrd marker. The host's dpkg status file must be
# unchanged afterwards. Then "make check SUITES=unit" (the second README
# command, limited to the unit suite to keep the time down) must install
# the rest (BearSSL, GnuTLS, pkg-config, which the unit tests' makefile
# asks for) and run every unit test, none skipped but those that need the
# e2e fixtures (not built in the fresh clone). Last ("deb"): with the
# cross tool chain and debhelper purged again, "apt-get build-dep ./" and
# "dpkg-buildpackage -us -uc -b" on another clean clone must give the
# packages (Build-Depends complete).
#
# The project's download cache ($SECURE_CCW_CACHE, default
# ~/.cache/secure-ccw) is bound into the tree, so the kernel and s390-tools
# packages are not fetched again; apt's archive cache inside is the host's
# /var/cache/apt/archives with a second overlay whose upper layer is
# $SECURE_CCW_CACHE/fresh-apt, so packages apt downloads are kept there.
#
# SKIP (not FAIL) when not root, or when unshare, chroot or overlayfs is not
# available. Logs: $O/logs/fresh/. Env: FRESH_PURGE (packages to purge),
# FRESH_RUNS (make goals run in order, '|' between them;
# "deb" for the package build; default "boot|check SUITES=unit|deb").
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
name=fresh
cache=${SECURE_CCW_CACHE:-${HOME:-/root}/.cache/secure-ccw}
FRESH_PURGE=${FRESH_PURGE:-gcc gcc-s390x-linux-gnu binutils-s390x-linux-gnu qemu-system-misc \
libbearssl-dev libgnutls28-dev pkg-config pkgconf}
FRESH_RUNS=${FRESH_RUNS:-boot|check SUITES=unit|deb}
O=${O:-build}
logdir=$top/$O/logs/fresh

skip() { echo "SKIP $name: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (unshare --mount, overlay, chroot)"
for t in unshare chroot mount dpkg-query apt-get git; do
	command -v "$t" >/dev/null || skip "$t not found"
done
grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || true
grep -qw overlay /proc/filesystems || skip "no overlay file system in this kernel"
unshare --mount true 2>/dev/null || skip "unshare --mount is not permitted here"
rm -rf "$logdir"; mkdir -p "$logdir"

work=$(mktemp -d "${TMPDIR:-/tmp}/fresh.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$cache"

# the tree to clone: HEAD plus the working tree's changes (tracked and new)
git clone -q --no-hardlinks "$top" "$work/src" || { echo "FAIL $name: git clone"; exit 1; }
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	tar --null -T - -cf -) | tar -C "$work/src" -xf -
(cd "$work/src" && git add -A && git -c user.name=fresh -c user.email=fresh@localhost \
	commit -q --allow-empty -m "fresh-check: working tree") ||
	{ echo "FAIL $name: cannot commit the working tree into the clone"; exit 1; }

status_before=$(sha256sum < /var/lib/dpkg/status)

# Runs in the new mount namespace: build the overlay, enter it, print the
# result lines. Everything mounted here disappears with the namespace.
cat > "$work/inner.sh" <<'INNER'
set -uo pipefail
work=$1 cache=$2 purge=$3 targets=$4
root=$work/ovl/merged
mount --make-rprivate /
mkdir -p "$work/ovl"
mount -t tmpfs -o size=8g fresh "$work/ovl" || { echo "FAIL fresh: tmpfs mount"; exit 1; }
mkdir -p "$work/ovl/upper" "$work/ovl/work" "$root"
if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$work/ovl/upper,workdir=$work/ovl/work" "$root" \
		2> "$work/overlay.err"; then
	echo "SKIP fresh: overlay of / not possible: $(cat "$work/overlay.err")"
	exit 0
fi
for d in proc sys dev; do mount --rbind "/$d" "$root/$d"; done
for d in proc sys dev; do mount --make-rslave "$root/$d"; done
for f in /etc/resolv.conf /etc/hosts; do
	[ -f "$f" ] && mount --bind "$f" "$root$f"
done
mkdir -p "$root/fresh-cache" "$root/fresh" "$root/tmp"
mount --bind "$cache" "$root/fresh-cache"
# apt's downloads: the host's archive cache below, new ones kept in the
# project cache above (a second overlay), so a second run downloads nothing;
# one run at a time (overlay upper layers cannot be shared)
apt_cache=$cache/fresh-apt
mkdir -p "$apt_cache/upper" "$apt_cache/work"
exec 8> "$apt_cache/lock"
if flock -n 8 && mount -t overlay overlay -o "lowerdir=/var/cache/apt/archives,upperdir=$apt_cache/upper,workdir=$apt_cache/work" \
		"$root/var/cache/apt/archives" 2>> "$work/overlay.err"; then
	echo "apt archives: host cache + $apt_cache" >> "$work/overlay.err"
else
	echo "apt archives: downloads are not kept (second overlay not possible)" >> "$work/overlay.err"
fi
cp -a "$work/src" "$root/fresh/clone-src"
# no services may start inside
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

in_root() {
	chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb SECURE_CCW_CACHE=/fresh-cache \
		DEBIAN_FRONTEND=noninteractive "$@"
}

t0=$(date +%s)
# shellcheck disable=SC2086 # a list of package names
if ! in_root apt-get purge -y -q --autoremove $purge > "$work/purge.log" 2>&1; then
	echo "FAIL fresh: apt-get purge inside the overlay failed: $(grep -E '^(E|W):' "$work/purge.log" | head -n 3 | tr '\n' ' ')"
	exit 1
fi
left=$(in_root sh -c 'for t in s390x-linux-gnu-gcc qemu-system-s390x gcc; do command -v $t; done')
if [ -n "$left" ]; then
	echo "FAIL fresh: still present after the purge: $left"
	exit 1
fi
echo "PASS fresh: purged $purge inside an overlay of / ($(( $(date +%s) - t0 )) s)"

# the README's commands on a fresh clone, in order, each the first time
in_root git clone -q /fresh/clone-src /fresh/secure-ccw > "$work/clone.log" 2>&1 ||
	{ echo "FAIL fresh: git clone inside: $(tail -n 1 "$work/clone.log")"; exit 1; }
IFS='|' read -r -a runs <<< "$targets"
n=0
for goal in "${runs[@]}"; do
	n=$((n + 1))
	log=$work/make-$n.log
	t0=$(date +%s)
	if [ "$goal" = deb ]; then
		# Build-Depends complete: without the cross tool chain and
		# debhelper, "apt-get build-dep" installs what debian/control
		# names and dpkg-buildpackage must then work on a clean clone
		in_root apt-get purge -y -q --autoremove gcc-s390x-linux-gnu binutils-s390x-linux-gnu \
			debhelper > "$log" 2>&1
		in_root git clone -q /fresh/clone-src /fresh/deb/secure-ccw >> "$log" 2>&1
		if ! in_root sh -c 'cd /fresh/deb/secure-ccw && apt-get build-dep -y -q ./' >> "$log" 2>&1; then
			echo "FAIL fresh: apt-get build-dep: $(grep -E '^E:' "$log" | head -n 2 | tr '\n' ' ')"
		elif ! in_root sh -c 'cd /fresh/deb/secure-ccw && dpkg-buildpackage -us -uc -b' >> "$log" 2>&1; then
			echo "FAIL fresh: dpkg-buildpackage with only Build-Depends installed: $(tail -n 3 "$log" | tr '\n' ' ')"
		else
			echo "PASS fresh: dpkg-buildpackage -us -uc -b on a clean clone with only Build-Depends installed: $(cd "$root/fresh/deb" && echo *.deb) ($(( $(date +%s) - t0 )) s)"
		fi
		continue
	fi
	in_root sh -c "cd /fresh/secure-ccw && make $goal" > "$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	installed=$(sed -n 's/^install-deps: installing //p' "$log" | head -n 1)
	what="make $goal"
	if [ "$rc" != 0 ]; then
		echo "FAIL fresh: $what in the fresh clone failed (status $rc, ${secs} s): $(grep -v '^\[' "$log" | tail -n 3 | tr '\n' ' ')"
		continue
	fi
	if [ -z "$installed" ]; then
		echo "FAIL fresh: $what did not install any package (install-deps.sh did not run?)"
		continue
	fi
	case $goal in
	boot*)
		if ! grep -q "booted: Debian's kernel reached the initrd" "$log"; then
			echo "FAIL fresh: $what succeeded without reaching the initrd marker"; continue
		fi
		missing=$(in_root sh -c 'for t in s390x-linux-gnu-gcc qemu-system-s390x gcc; do command -v $t >/dev/null || echo $t; done')
		if [ -n "$missing" ]; then
			echo "FAIL fresh: after $what still missing: $missing"; continue
		fi ;;
	check*)
		# every test ran: nothing skipped for want of a package (a test
		# that needs the e2e fixtures, which a fresh clone has not built,
		# may skip; it says so)
		noskip=$(grep -E '^\s*SKIP' "$log" | grep -v 'e2e fixture' | head -n 2 | tr '\n' ' ')
		if ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, 0 failed, [0-9]+ skipped$' ||
		   [ -n "$noskip" ]; then
			echo "FAIL fresh: $what: $(tail -n 1 "$log") ($(grep -E '^(FAIL|SKIP)' "$log" | head -n 2 | tr '\n' ' '))"; continue
		fi ;;
	esac
	echo "PASS fresh: make $goal in the fresh clone worked the first time, installing $installed (${secs} s)"
done
INNER

t0=$(date +%s)
unshare --mount --propagation private bash "$work/inner.sh" "$work" "$cache" "$FRESH_PURGE" \
	"$FRESH_RUNS" | tee "$logdir/result.txt"
for f in "$work"/*.log "$work"/*.err; do
	[ -f "$f" ] && cp "$f" "$logdir/"
done
status_after=$(sha256sum < /var/lib/dpkg/status)
if [ "$status_before" = "$status_after" ]; then
	echo "PASS $name: the host's dpkg status is unchanged (${status_after%% *})"
else
	echo "FAIL $name: the host's dpkg status changed during the test"
fi
command -v s390x-linux-gnu-gcc >/dev/null && command -v qemu-system-s390x >/dev/null ||
	echo "FAIL $name: the host lost its packages"
echo "$name: $(( $(date +%s) - t0 )) s in the overlay; logs in $logdir"
