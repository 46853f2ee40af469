# SPDX-License-Identifier: GPL-2.0-or-later
#
# crypto/: the enrolled trust store, the DER/CMS/X.509 reader shared with
# tests/ref, and the in-firmware signature verifier on BearSSL.
# Included by the top-level Makefile after FW_PORTABLE_SRCS is defined and
# before FW_OBJS.
#
# BearSSL is Debian's source package (crypto/README.md), fetched and checked
# by crypto/fetch-bearssl.sh into the cache, never into the clone; only the
# modules below are compiled: once freestanding for s390x (linked into the
# image), once natively for the host harness, tests and tools.

SECURE_CCW_CACHE ?= $(or $(HOME),/root)/.cache/secure-ccw
BEARSSL_VERSION := 0.6+dfsg.1
BEARSSL_DIR := $(SECURE_CCW_CACHE)/bearssl/src-$(BEARSSL_VERSION)
BEARSSL_STAMP := $(BEARSSL_DIR)/.unpacked-$(BEARSSL_VERSION)

# The modules: SHA-256/384/512, RSA PKCS#1 v1.5 verification (i31), ECDSA
# verification on P-256/384/521 (prime_i31). --gc-sections drops the rest.
BEARSSL_MODULES := \
	codec/ccopy codec/dec32be codec/enc32be codec/dec64be codec/enc64be \
	hash/sha2small hash/sha2big \
	int/i31_add int/i31_bitlen int/i31_decmod int/i31_decode int/i31_decred \
	int/i31_encode int/i31_fmont int/i31_iszero int/i31_modpow int/i31_modpow2 int/i31_montmul \
	int/i31_muladd int/i31_ninv31 int/i31_reduce int/i31_rshift int/i31_sub \
	int/i31_tmont int/i32_div32 \
	rsa/rsa_i31_pkcs1_vrfy rsa/rsa_i31_pub rsa/rsa_pkcs1_sig_unpad \
	ec/ec_prime_i31 ec/ec_secp256r1 ec/ec_secp384r1 ec/ec_secp521r1 \
	ec/ecdsa_atr ec/ecdsa_i31_bits ec/ecdsa_i31_vrfy_asn1 ec/ecdsa_i31_vrfy_raw

CRYPTO_SRCS := \
	crypto/der.c \
	crypto/enroll_area.c \
	crypto/pkcs7.c \
	crypto/sigverify.c \
	crypto/store.c \
	crypto/x509.c

FW_PORTABLE_SRCS += $(CRYPTO_SRCS)

CRYPTO_BEARSSL_INC := -isystem $(BEARSSL_DIR)/inc

$(BEARSSL_STAMP): crypto/fetch-bearssl.sh
	$(Q)crypto/fetch-bearssl.sh $(BEARSSL_DIR)
	$(Q)touch $@

# Firmware: the target flags without our warning set (third-party code),
# BearSSL's <string.h> from crypto/shim; paths mapped for reproducibility.
BEARSSL_FW_OBJS := $(patsubst %,$(O)/fw/bearssl/%.o,$(BEARSSL_MODULES))
BEARSSL_FW_CFLAGS = $(filter-out -W% -I% -D% -Os,$(TARGET_CFLAGS)) -O2 -w -Icrypto/shim -Iinclude \
	-I$(BEARSSL_DIR)/inc -I$(BEARSSL_DIR)/src -ffile-prefix-map=$(BEARSSL_DIR)=bearssl \
	-D_LIBC_LIMITS_H_ -DBR_USE_UNIX_TIME=0 -DBR_USE_WIN32_TIME=0 -DBR_USE_URANDOM=0 \
	-DBR_USE_WIN32_RAND=0
CRYPTO_FW_OBJS := $(BEARSSL_FW_OBJS)

$(BEARSSL_FW_OBJS): $(O)/fw/bearssl/%.o: $(BEARSSL_STAMP) crypto/crypto.mk
	@mkdir -p $(dir $@)
	@echo "  CC      bearssl/$*.c"
	$(Q)$(TARGET_CC) $(BEARSSL_FW_CFLAGS) -c -o $@ $(BEARSSL_DIR)/src/$*.c

$(patsubst %.c,$(O)/fw/%.o,$(CRYPTO_SRCS)): TARGET_CFLAGS += -Icrypto/shim $(CRYPTO_BEARSSL_INC)
$(patsubst %.c,$(O)/fw/%.o,$(CRYPTO_SRCS)): | $(BEARSSL_STAMP)

# Host: the same modules, natively, as a static library for the harness,
# the unit tests and the tools.
BEARSSL_HOST_LIB := $(O)/host/bearssl/libbearssl-fw.a
BEARSSL_HOST_OBJS := $(patsubst %,$(O)/host/bearssl/%.o,$(BEARSSL_MODULES))

$(BEARSSL_HOST_OBJS): $(O)/host/bearssl/%.o: $(BEARSSL_STAMP) crypto/crypto.mk
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  bearssl/$*.c"
	$(Q)$(HOST_CC) -std=gnu11 -O2 -g -w -fPIC -I$(BEARSSL_DIR)/inc -I$(BEARSSL_DIR)/src \
		-ffile-prefix-map=$(BEARSSL_DIR)=bearssl -ffile-prefix-map=$(CURDIR)=. \
		-c -o $@ $(BEARSSL_DIR)/src/$*.c

$(BEARSSL_HOST_LIB): $(BEARSSL_HOST_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(patsubst %.c,$(O)/host/fw/%.o,$(CRYPTO_SRCS)): HARNESS_FW_CFLAGS += $(CRYPTO_BEARSSL_INC)
$(patsubst %.c,$(O)/host/fw/%.o,$(CRYPTO_SRCS)): | $(BEARSSL_STAMP)

$(patsubst %.c,$(O)/cov/fw/%.o,$(CRYPTO_SRCS)): COV_FW_CFLAGS += $(CRYPTO_BEARSSL_INC)
$(patsubst %.c,$(O)/cov/fw/%.o,$(CRYPTO_SRCS)): | $(BEARSSL_STAMP)

# Every harness program that links the firmware's portable objects.
$(O)/host/scenario $(O)/host/fw-unit $(O)/host/secure-scenario: $(BEARSSL_HOST_LIB)

# The enrollment tool: host C on the same parsers as the firmware.
ENROLL_TOOL_SRCS := tools/secure-ccw-enroll.c tools/toolutil.c crypto/der.c crypto/x509.c \
	crypto/store.c crypto/enroll_area.c

$(O)/tools/secure-ccw-enroll: $(ENROLL_TOOL_SRCS) tools/toolutil.h include/abi/enroll.h \
		$(wildcard crypto/*.h) $(BEARSSL_HOST_LIB)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(HOST_TOOL_CFLAGS) $(CRYPTO_BEARSSL_INC) -o $@ $(ENROLL_TOOL_SRCS) \
		$(BEARSSL_HOST_LIB)

# crypto-bench: time the verifier inside a firmware image under QEMU
# (tests/bench/crypto-bench.sh; the image is start.S + the firmware's
# objects with tests/bench/crypto_bench.c's fw_main instead of the loader's).
comma := ,
CRYPTO_BENCH_IMG := $(O)/bench/crypto-bench.img
CRYPTO_BENCH_OBJS = $(filter-out $(O)/fw/loader/main.o,$(FW_OBJS)) $(O)/fw/tests/bench/crypto_bench.o

$(CRYPTO_BENCH_IMG): $(O)/fw/tests/bench/crypto_bench.o $(O)/secure-ccw.elf linker.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(filter-out -Wl$(comma)-Map$(comma)%,$(TARGET_LDFLAGS)) \
		-o $@.elf $(CRYPTO_BENCH_OBJS) -lgcc
	$(Q)$(TARGET_STRIP) --strip-unneeded -o $@ $@.elf
	$(Q)scripts/check-image.sh $@

.PHONY: crypto-bench
crypto-bench: $(CRYPTO_BENCH_IMG) $(O)/tools/secure-ccw-enroll
	$(Q)tests/bench/crypto-bench.sh $(CRYPTO_BENCH_IMG) $(O)/tools/secure-ccw-enroll
