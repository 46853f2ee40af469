# SPDX-License-Identifier: GPL-2.0-or-later
#
# Secure IPL reference hypervisor (tests/ref: DIAG 0x320 / 0x508 on BearSSL),
# its unit tests and its PKCS#7 fuzz target. Included from the top Makefile
# (-include tests/unit/ref/ref.mk); also usable alone:
#   make -f tests/unit/ref/ref.mk ref-check
#
#   ref-check     build and run tests/unit/ref (ASan + UBSan, openssl CLI at run time)
#   ref-lib       build $(O)/host/ref/libref.a for the emulator
#   fuzz-pkcs7    libFuzzer run of the DER/CMS reader for FUZZ_SECONDS (default 10)
#
# The emulator links $(REF_LIB) and -lbearssl and adds -Itests/ref; the
# objects are built with the harness sanitizers so they can be linked into it.
# Outputs: $(O)/host/ref/ and $(O)/fuzz/. REF_ARGS=substring selects tests.

O ?= build
Q ?= @
HOST_CC ?= cc
REF_CC ?= $(HOST_CC)
REF_O := $(O)/host/ref
REF_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
REF_WARN := -Wall -Wextra -Werror -Wvla -Wshadow -Wundef -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wimplicit-fallthrough -Wformat=2 \
	-Wno-format-nonliteral
REF_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g $(REF_SAN) $(REF_WARN) -I. -Iinclude -Itests/ref
REF_LDLIBS := -lbearssl

# The DER/CMS/X.509 readers are the firmware's (crypto/).
REF_SHARED_SRCS := crypto/der.c crypto/pkcs7.c crypto/x509.c
REF_SRCS := $(wildcard tests/ref/*.c) $(REF_SHARED_SRCS)
REF_OBJS := $(patsubst %.c,$(REF_O)/%.o,$(REF_SRCS))
REF_LIB := $(REF_O)/libref.a
REF_TEST_SRCS := tests/unit/ref/ref_test.c tests/unit/testutil.c
REF_TEST_OBJS := $(patsubst %.c,$(REF_O)/%.o,$(REF_TEST_SRCS))
REF_TEST_BIN := $(REF_O)/ref-test

# Optional: the same GnuTLS calls QEMU makes, to compare verdicts with
# (tests "gnutls: ..." are skipped without GnuTLS development files).
REF_GNUTLS := $(shell pkg-config --exists gnutls 2>/dev/null && echo yes)
REF_ORACLE := $(if $(REF_GNUTLS),$(REF_O)/gnutls-oracle)

FUZZ_SECONDS ?= 10
REF_FUZZ_CC ?= clang
REF_FUZZ_O := $(O)/fuzz
REF_FUZZ_BIN := $(REF_FUZZ_O)/fuzz_pkcs7
REF_FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(REF_WARN) -I. -Iinclude -Itests/ref

.PHONY: ref-check ref-lib ref-build fuzz-pkcs7

ref-lib: $(REF_LIB)
ref-build: $(REF_TEST_BIN)

$(REF_O)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(REF_CC) $(REF_CFLAGS) -MMD -MP -c -o $@ $<

$(REF_LIB): $(REF_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(REF_TEST_BIN): $(REF_TEST_OBJS) $(REF_LIB)
	@echo "  HOSTLD  $@"
	$(Q)$(REF_CC) $(REF_SAN) -o $@ $^ $(REF_LDLIBS)

$(REF_O)/gnutls-oracle: tests/unit/ref/gnutls_oracle.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(REF_CC) -std=c11 -D_DEFAULT_SOURCE -O1 -g $(REF_WARN) \
		$(shell pkg-config --cflags gnutls) -o $@ $< $(shell pkg-config --libs gnutls)

-include $(REF_OBJS:.o=.d) $(REF_TEST_OBJS:.o=.d)

# PASS/FAIL/SKIP lines, then "N passed, N failed"; fails on any failure.
ref-check: $(REF_TEST_BIN) $(REF_ORACLE)
	@echo "  RUN     $(REF_TEST_BIN)"
	$(Q)rm -rf $(REF_O)/tmp; \
	REF_SRCDIR=$(CURDIR) REF_TMPDIR=$(abspath $(REF_O))/tmp \
	REF_GNUTLS_ORACLE=$(if $(REF_ORACLE),$(abspath $(REF_ORACLE))) $(REF_TEST_BIN) $(REF_ARGS) \
		> $(REF_TEST_BIN).log 2>&1; rc=$$?; \
	grep -E '^(PASS|FAIL|SKIP) ' $(REF_TEST_BIN).log; \
	if [ $$rc -ne 0 ]; then echo "  --- $(REF_TEST_BIN).log (failures) ---"; \
		grep -vE '^(PASS|SKIP) ' $(REF_TEST_BIN).log | tail -n 60; fi; \
	tail -n 1 $(REF_TEST_BIN).log; exit $$rc

$(REF_FUZZ_BIN): tests/fuzz/fuzz_pkcs7.c $(REF_SRCS) $(wildcard tests/ref/*.h crypto/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(REF_FUZZ_CC) $(REF_FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_pkcs7.c $(REF_SRCS) \
		$(REF_LDLIBS)

# Runs on a copy of the seed corpus (the committed one is never written).
fuzz-pkcs7: $(REF_FUZZ_BIN)
	@echo "  FUZZ    $< ($(FUZZ_SECONDS) s)"
	$(Q)rm -rf $(REF_FUZZ_O)/pkcs7-corpus $(REF_FUZZ_O)/pkcs7-artifacts; \
	mkdir -p $(REF_FUZZ_O)/pkcs7-corpus $(REF_FUZZ_O)/pkcs7-artifacts; \
	cp tests/fuzz/corpus/pkcs7/* $(REF_FUZZ_O)/pkcs7-corpus/; \
	if $< -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(REF_FUZZ_O)/pkcs7-artifacts/ $(REF_FUZZ_O)/pkcs7-corpus \
		> $(REF_FUZZ_O)/fuzz_pkcs7.log 2>&1; then \
		echo "PASS fuzz-pkcs7: $$(sed -n 's/^stat::number_of_executed_units: *//p' \
			$(REF_FUZZ_O)/fuzz_pkcs7.log) runs in $(FUZZ_SECONDS) s"; \
	else \
		echo "FAIL fuzz-pkcs7: see $(REF_FUZZ_O)/fuzz_pkcs7.log"; \
		tail -n 40 $(REF_FUZZ_O)/fuzz_pkcs7.log; exit 1; \
	fi
