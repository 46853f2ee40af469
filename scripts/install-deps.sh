#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# install-deps.sh [build|boot|check]: install the Debian packages secure-ccw
# needs, if any is missing. Runs apt-get as root (or through sudo); prints the
# command to run otherwise.
#
#   build   the image and the host tools (make, make tools, make install)
#   boot    build + what make boot and make bench run (QEMU, the downloads)
#   check   everything make check uses (default)
#
# The top-level Makefile runs this before it evaluates anything that needs
# an installed tool (see "Stage 1" there). This script itself uses only
# bash, coreutils, dpkg-query and apt-get.
set -euo pipefail

set_name=${1:-check}

BUILD_PKGS=(
	make gcc libc6-dev gcc-s390x-linux-gnu binutils-s390x-linux-gnu python3
)
BOOT_PKGS=(
	"${BUILD_PKGS[@]}"
	qemu-system-misc cpio gzip xz-utils zstd kmod openssl
	# make bench: its TCG plugin
	libglib2.0-dev pkg-config
)
CHECK_PKGS=(
	"${BOOT_PKGS[@]}"
	git qemu-utils
	libbearssl-dev libgnutls28-dev
	clang llvm libclang-rt-14-dev
	bc fdisk e2fsprogs xorriso
	gcovr
	# the pkg suite (tests/pkg): package build, lintian, man page checks
	dpkg-dev debhelper fakeroot lintian mandoc man-db
)

case $set_name in
build) PKGS=("${BUILD_PKGS[@]}") ;;
boot) PKGS=("${BOOT_PKGS[@]}") ;;
check) PKGS=("${CHECK_PKGS[@]}") ;;
*) echo "usage: $0 [build|boot|check]" >&2; exit 2 ;;
esac

# one dpkg-query for the whole list: this runs before every make goal
missing=()
declare -A ok=()
while read -r name status; do
	[ "$status" = installed ] && ok[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null || true)
for p in "${PKGS[@]}"; do
	[ -n "${ok[$p]:-}" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null; then
		SUDO=sudo
	else
		echo "install-deps: run as root: apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
for try in 1 2 3; do
	if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		exit 0
	fi
	echo "install-deps: apt-get failed (try $try), retrying" >&2
	sleep $((try * 10))
done
echo "install-deps: could not install ${missing[*]}" >&2
exit 1
