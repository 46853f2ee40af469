# SPDX-License-Identifier: GPL-2.0-or-later
#
# Tests of crypto/ (the in-firmware verifier): unit tests and the
# differential test against tests/ref and openssl; with the e2e fixture
# $(O)/e2e/real-signed.img (tests/e2e/mk-signed-disk.sh) also the disk the
# real zipl --secure 1 wrote, Debian kernel included. Included from
# tests/unit/unit.mk after tests/unit/ref/ref.mk.
#
#   crypto-check   build and run; PASS/FAIL/SKIP lines and a summary

CRYPTO_TEST_BIN := $(O)/host/crypto/sigverify-test
CRYPTO_TEST_SRCS := tests/unit/crypto/sigverify_test.c tests/unit/testutil.c crypto/der.c \
	crypto/pkcs7.c crypto/x509.c crypto/store.c crypto/sigverify.c crypto/enroll_area.c

$(CRYPTO_TEST_BIN): $(CRYPTO_TEST_SRCS) $(wildcard crypto/*.h tests/ref/*.h) tests/unit/testutil.h \
		$(REF_LIB) $(BEARSSL_HOST_LIB)
	@mkdir -p $(dir $@)
	@echo "  HOSTLD  $@"
	$(Q)$(REF_CC) -std=gnu11 -D_DEFAULT_SOURCE -O1 -g $(REF_SAN) $(REF_WARN) -I. -Iinclude \
		-Itests/ref $(CRYPTO_BEARSSL_INC) -o $@ $(CRYPTO_TEST_SRCS) $(REF_LIB) \
		$(BEARSSL_HOST_LIB) -lbearssl

.PHONY: crypto-check
crypto-check: $(CRYPTO_TEST_BIN)
	@echo "  RUN     $(CRYPTO_TEST_BIN)"
	$(Q)real=$(O)/e2e/real-signed.img; cert=$(O)/e2e/keys/cert.pem; \
	if [ -f $$real ] && [ -f $$cert ]; then export CRYPTO_REAL_DISK=$$real CRYPTO_REAL_CERT=$$cert \
		CRYPTO_REAL_TAMPERED=$(O)/e2e/real-signed-tampered.img; fi; \
	CRYPTO_SRCDIR=$(CURDIR) $(CRYPTO_TEST_BIN) $(CRYPTO_ARGS) > $(CRYPTO_TEST_BIN).log 2>&1; \
	rc=$$?; grep -E '^(PASS|FAIL|SKIP) ' $(CRYPTO_TEST_BIN).log; \
	if [ $$rc -ne 0 ]; then grep -vE '^(PASS|SKIP) ' $(CRYPTO_TEST_BIN).log | tail -n 40; fi; \
	tail -n 1 $(CRYPTO_TEST_BIN).log; exit $$rc
