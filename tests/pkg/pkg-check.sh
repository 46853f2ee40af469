#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/pkg/pkg-check.sh (suite "pkg"): the Debian package and make install.
#
#   man          every page in docs/man passes "mandoc -T lint" and
#                "man --warnings" without a message
#   install      make install DESTDIR=... PREFIX=/usr gives the image, the
#                link in usr/share/qemu, the tools as secure-ccw-<tool> (each
#                runs --help) and a man page for every tool
#   deb-build    dpkg-buildpackage -us -uc -b in two copies of the tree
#                (tracked files plus uncommitted changes, as a clean clone
#                would have them) at different paths and times
#   deb-repro    the two builds' .deb files are bit-identical
#   lintian      no errors (warnings are printed and listed in the README)
#   deb-contents dpkg -c: the packages hold exactly the make install tree
#                (plus /usr/share/doc and lintian overrides)
#   boot-bare    qemu-system-s390x -L <DESTDIR>/usr/share/qemu -bios
#                secure-ccw.img (by bare name) boots Debian's kernel to the
#                initrd marker from a disk written by the installed
#                secure-ccw-zipl-write, on QEMU 7.2 and 11.x, and the
#                console shows the version of debian/changelog
#
# Needs the fixtures' downloads (tests/e2e/fetch.sh s390x; cached). One
# PASS/FAIL/SKIP line per test.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
O=${O:-build}
work=$(mktemp -d "${TMPDIR:-/tmp}/pkg-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
logdir=$top/$O/logs/pkg
rm -rf "$logdir"; mkdir -p "$logdir"
fails=0
pass() { echo "PASS pkg/$1: $2"; }
fail() { echo "FAIL pkg/$1: $2"; fails=$((fails + 1)); }
skip() { echo "SKIP pkg/$1: $2"; }
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)

# ------------------------------------------------------------ man pages
for page in docs/man/*.1; do
	n=man/$(basename "$page")
	msg=$( { mandoc -T lint -W warning "$page"; \
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null; } 2>&1)
	if [ -n "$msg" ]; then fail "$n" "$(printf '%s' "$msg" | head -n 3 | tr '\n' ' ')"
	else pass "$n" "mandoc -T lint and man --warnings are silent"; fi
done

# -------------------------------------------------------- make install
dest=$work/dest
if ! make --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr > "$logdir/install.log" 2>&1; then
	fail install "make install failed: $(tail -n 2 "$logdir/install.log" | tr '\n' ' ')"
else
	problems=()
	[ -f "$dest/usr/share/secure-ccw/secure-ccw.img" ] || problems+=("no usr/share/secure-ccw/secure-ccw.img")
	cmp -s "$dest/usr/share/qemu/secure-ccw.img" "$O/secure-ccw.img" ||
		problems+=("usr/share/qemu/secure-ccw.img is not the image")
	[ -L "$dest/usr/share/qemu/secure-ccw.img" ] || problems+=("usr/share/qemu/secure-ccw.img is not a link")
	ntools=0
	for t in "$dest"/usr/bin/*; do
		b=$(basename "$t")
		ntools=$((ntools + 1))
		case $b in secure-ccw-*) ;; *) problems+=("$b: not named secure-ccw-*") ;; esac
		[ -f "$dest/usr/share/man/man1/$b.1" ] || problems+=("$b: no man page")
		"$t" --help > /dev/null 2>&1; rc=$?
		# --help: status 0, or 2 for the scripts that print usage and exit 2
		[ "$rc" = 0 ] || [ "$rc" = 2 ] || problems+=("$b --help: status $rc")
	done
	for b in secure-ccw-zipl-write secure-ccw-eckd-write secure-ccw-sign-component; do
		[ -x "$dest/usr/bin/$b" ] || problems+=("no usr/bin/$b")
	done
	if [ ${#problems[@]} -gt 0 ]; then fail install "${problems[*]}"
	else pass install "image, link in usr/share/qemu, $ntools tools with man pages"; fi
fi

# ------------------------------------------------------- package builds
build_deb() {   # build_deb DIR: a copy of the tree in DIR/secure-ccw, then build
	mkdir -p "$1/secure-ccw"
	git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - |
		tar -C "$1/secure-ccw" -xf -
	(cd "$1/secure-ccw" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SKIP_DEPS \
		dpkg-buildpackage -us -uc -b) > "$1/build.log" 2>&1
}
if ! command -v dpkg-buildpackage > /dev/null || ! dpkg-query -W debhelper > /dev/null 2>&1; then
	skip deb-build "dpkg-dev or debhelper not installed (scripts/install-deps.sh)"
else
	t0=$(date +%s)
	ok=1
	da=$work/a/first db=$work/b/second/deeper   # the .debs land here
	for d in "$da" "$db"; do
		if ! build_deb "$d"; then
			ok=0
			cp "$d/build.log" "$logdir/deb-build.log"
			fail deb-build "dpkg-buildpackage in $d: $(tail -n 3 "$d/build.log" | tr '\n' ' ')"
			break
		fi
		sleep 1
	done
	debs=$(find "$da" -maxdepth 1 -name '*.deb' -printf '%f\n' | sort | tr '\n' ' ')
	if [ "$ok" = 1 ] && [ -z "$debs" ]; then
		ok=0
		fail deb-build "dpkg-buildpackage made no .deb"
	fi
	if [ "$ok" = 1 ]; then
		cp "$da/build.log" "$logdir/deb-build.log"
		pass deb-build "dpkg-buildpackage -us -uc -b twice: $debs($(( $(date +%s) - t0 )) s)"

		# bit-identical
		diffs=()
		for f in "$da"/*.deb; do
			cmp -s "$f" "$db/$(basename "$f")" || diffs+=("$(basename "$f")")
		done
		if [ ${#diffs[@]} -gt 0 ]; then fail deb-repro "differ: ${diffs[*]}"
		else pass deb-repro "two builds in different directories at different times are identical ($(cd "$da" && sha256sum ./*.deb | cut -c1-16 | tr '\n' ' '))"; fi

		# lintian
		if command -v lintian > /dev/null; then
			lintian --pedantic -I "$da"/*.changes > "$logdir/lintian.log" 2>&1
			lrc=$?
			errs=$(grep -c '^E:' "$logdir/lintian.log")
			# lintian exits 0, or 1 when it reports errors; anything else: it did not run
			[ "$lrc" -le 1 ] || errs="lintian failed (status $lrc):"
			warns=$(grep -E '^W:' "$logdir/lintian.log" | tr '\n' ';')
			if [ "$errs" != 0 ]; then fail lintian "$errs errors: $(grep '^E:' "$logdir/lintian.log" | head -n 3 | tr '\n' ' ')"
			else pass lintian "no errors${warns:+; warnings: $warns}"; fi
		else
			skip lintian "lintian not installed"
		fi

		# contents = make install tree (+ /usr/share/doc)
		for f in "$da"/*.deb; do
			case $f in *-dbgsym_*) continue ;; esac
			dpkg-deb -c "$f"
		done | awk '{ p = $6; sub(/^\./, "", p); sub(/\/$/, "", p); if ($1 !~ /^d/) print p }' |
			grep -vE '^/usr/share/(doc|lintian)/' | sed 's/\.gz$//' | sort > "$work/deb.list"
		(cd "$dest" && find . ! -type d | sed 's/^\.//' | sort) > "$work/install.list"
		if [ -s "$work/deb.list" ] && cmp -s "$work/deb.list" "$work/install.list"; then
			pass deb-contents "the packages hold the make install tree: $(tr '\n' ' ' < "$work/deb.list")"
		else
			fail deb-contents "package and make install differ: $(diff "$work/deb.list" "$work/install.list" | grep '^[<>]' | head -n 4 | tr '\n' ' ')"
		fi
	fi
fi

# --------------------------------------------- bare-name boot, installed
# shellcheck source=tests/e2e/boot.sh
. "$top/tests/e2e/boot.sh"
set +e   # boot.sh sets -e; this script counts failures itself
if [ ! -f "$dest/usr/share/qemu/secure-ccw.img" ]; then
	skip boot-bare "no installed tree"
elif ! eval "$("$top/tests/e2e/fetch.sh" s390x 2>> "$logdir/fetch.log")" ||
	! "$top/tests/e2e/mk-initrd.sh" > /dev/null 2>> "$logdir/fetch.log"; then
	skip boot-bare "cannot fetch Debian's s390x kernel (see $logdir/fetch.log)"
else
	disk=$work/installed.img
	if ! "$dest/usr/bin/secure-ccw-zipl-write" -o "$disk" --stage3 "$E2E_STAGE3" \
		--section "kernel=$E2E_OUT/vmlinuz,initrd=$E2E_OUT/marker.cpio.gz,cmdline=console=ttysclp0 rd.marker=installed" \
		> "$logdir/zipl-write.log" 2>&1; then
		fail boot-bare "secure-ccw-zipl-write: $(tail -n 1 "$logdir/zipl-write.log")"
	else
		mapfile -t dargs < <(boot_disk_args vblk "$disk")
		for q in host:7.2 sid:11.x; do
			n=boot-bare-${q#*:}
			BOOT_QUIET=1 boot_case "pkg-$n" "${q%%:*}" "" 'SECURE-CCW-MARKER: marker=installed ' \
				-L "$dest/usr/share/qemu" -bios secure-ccw.img "${dargs[@]}"
			rc=$?
			log=$E2E_OUT/logs/pkg-$n.log
			if [ "$rc" = 77 ]; then skip "$n" "$BC_REASON"
			elif [ "$rc" != 0 ]; then fail "$n" "$BC_REASON"
			elif ! grep -q "^secure-ccw $version\$" "$log"; then
				fail "$n" "booted, but the console does not show 'secure-ccw $version'"
			else
				pass "$n" "-L <DESTDIR>/usr/share/qemu -bios secure-ccw.img reached the initrd marker (${BC_SECONDS}s), banner 'secure-ccw $version'"
			fi
		done
	fi
fi
[ "$fails" = 0 ]
