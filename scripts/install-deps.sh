#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# install-deps.sh: install the Debian packages secure-ccw's build and tests
# need, if any is missing. Runs apt-get as root (or through sudo); prints the
# command to run otherwise.
set -euo pipefail

PKGS=(
	make gcc libc6-dev gcc-s390x-linux-gnu binutils-s390x-linux-gnu
	qemu-system-misc qemu-utils
	libbearssl-dev libgnutls28-dev openssl
	clang llvm libclang-rt-14-dev
	python3 cpio gzip xz-utils zstd bc
	fdisk e2fsprogs kmod xorriso
	gcovr libglib2.0-dev pkg-config curl
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
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
