#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-checks.sh [SUITE...]: run secure-ccw's test suites (default: all) and
# print one total. Every suite prints one line per test starting with PASS,
# FAIL or SKIP; a suite that exits non-zero without printing a FAIL line
# counts as one failure. The last line is "N passed, N failed, N skipped".
#
# Suites: lint repro fixtures unit harness secure fuzz e2e eckd secure-qemu secure-enrolled pkg fresh
# (fixtures builds the e2e disks first, so that the harness can cross-check
# disks written by the real zipl; pkg: the Debian package and make install;
# fresh: make boot on a machine without the packages, in an overlay)
# Env: CHECK_QUICK=1 skips the QEMU boot suite (e2e).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# started by hand, not by make: install missing packages first (as make does)
[ "${SKIP_DEPS:-0}" = 1 ] || scripts/install-deps.sh check || exit 1
O=${O:-build}
mkdir -p "$O/logs"

suite_cmd() {
	case $1 in
	lint) echo "scripts/lint.sh" ;;
	repro) echo "scripts/repro-check.sh" ;;
	fixtures) echo "tests/e2e/run.sh ^fixtures-only$" ;;
	unit) echo "make --no-print-directory -s unit-check" ;;
	secure) echo "make --no-print-directory -s secure-check" ;;
	harness) echo "make --no-print-directory -s harness-check" ;;
	fuzz) echo "make --no-print-directory -s fuzz-check" ;;
	e2e) echo "tests/e2e/run.sh" ;;
	secure-qemu) echo "tests/e2e/secure-qemu.sh" ;;
	secure-enrolled) echo "tests/e2e/secure-enrolled.sh" ;;
	eckd) echo "tests/e2e/eckd-check.sh" ;;
	pkg) echo "tests/pkg/pkg-check.sh" ;;
	fresh) echo "tests/pkg/fresh-check.sh" ;;
	esac
}

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(lint repro fixtures unit harness secure fuzz e2e eckd secure-qemu secure-enrolled pkg fresh)
pass=0 fail=0 skip=0
for s in "${suites[@]}"; do
	if [ "$s" = e2e ] && [ "${CHECK_QUICK:-0}" = 1 ]; then
		echo "SKIP e2e: CHECK_QUICK=1"
		skip=$((skip + 1))
		continue
	fi
	cmd=$(suite_cmd "$s")
	if [ -z "$cmd" ]; then
		echo "FAIL $s: unknown suite"
		fail=$((fail + 1))
		continue
	fi
	echo "=== $s: $cmd"
	log=$O/logs/check-$s.log
	t0=$(date +%s)
	$cmd 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^\s*PASS\b' "$log")
	f=$(grep -cE '^\s*FAIL\b' "$log")
	k=$(grep -cE '^\s*SKIP\b' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $s: suite exited with status $rc"
		f=1
	fi
	echo "=== $s: $p passed, $f failed, $k skipped ($(( $(date +%s) - t0 )) s)"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + k))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
