#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# lint.sh: the layering rules of secure-ccw, one PASS/FAIL line each.
#  1. assembly only in start.S and machine files (*_s390x.c)
#  2. integer-to-pointer casts only in machine files
#  3. no host header outside tests/ and tools/; BearSSL headers only there
#     and in crypto/ (the verifier built on it)
#  4. ABI headers are data only: no function prototypes or bodies
#  5. every source file carries an SPDX licence line
#  6. every header compiles on its own
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
fails=0
check() {   # check NAME OUTPUT: PASS when OUTPUT is empty
	if [ -z "$2" ]; then
		echo "PASS lint: $1"
	else
		echo "FAIL lint: $1"
		printf '%s\n' "$2" | sed 's/^/    /'
		fails=$((fails + 1))
	fi
}

fw_c=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | grep -vE '^(tests|tools)/')
portable=$(printf '%s\n' "$fw_c" | grep -v '_s390x\.c$')

check "assembly only in start.S and *_s390x.c" \
	"$(printf '%s\n' $portable | xargs -r grep -nE '\b(asm|__asm__)\b *(volatile|goto|__volatile__)? *\(' | grep -v '^include/fw/visibility.h' || true)"
check "integer-to-pointer casts only in *_s390x.c" \
	"$(printf '%s\n' $portable | xargs -r grep -nE '\((const )?(volatile )?[a-z_0-9 ]+\*\) *\(?(0x[0-9a-fA-F]+|\(uintptr_t\)|[0-9]+\b)' || true)"
check "no host headers outside tests/ and tools/" \
	"$(printf '%s\n' $fw_c | xargs -r grep -nE '#include <(stdio|stdlib|string|unistd|fcntl|errno|sys/[a-z_]+)\.h>' || true)"
check "BearSSL headers only in crypto/*.c (and tests/, tools/)" \
	"$(printf '%s\n' $fw_c | grep -v '^crypto/[a-z0-9_]*\.c$' | xargs -r grep -nE '#include [<"]bearssl[a-z_]*\.h[>"]' || true)"
check "ABI headers are data only" \
	"$(grep -nE '^[a-z_][a-z_0-9 \*]*\(' include/abi/*.h | grep -v 'static inline' || true)"
check "SPDX licence line in every source file" \
	"$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' '*.S' '*.sh' '*.py' '*.ld' Makefile '*.mk' | \
		while read -r f; do head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' || echo "$f"; done)"
hdr_out=""
for h in $(printf '%s\n' $fw_c | grep '\.h$'); do
	echo "#include \"$h\"" | ${CC:-cc} -std=gnu11 -I. -Iinclude -Wall -Werror -fsyntax-only -x c - 2>/dev/null || hdr_out+="$h"$'\n'
done
check "every firmware header compiles on its own" "${hdr_out%$'\n'}"
[ "$fails" = 0 ]
