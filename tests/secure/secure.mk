# SPDX-License-Identifier: GPL-2.0-or-later
#
# Secure IPL scenarios: the host firmware build and the emulated machine of
# tests/harness.mk, with the BearSSL reference hypervisor (tests/ref) as its
# DIAG 0x320/0x508. Included by tests/unit/unit.mk.
#
#   secure-check   generate keys and signed disks, build, run
#
# The cross-check with a disk signed by the real zipl runs when the e2e
# fixture exists ($(O)/e2e/real-signed.img, tests/e2e/mk-signed-disk.sh).

SECURE_DATA := $(O)/host/secure-data
SECURE_SRCS := $(wildcard tests/secure/*.c)
SECURE_OBJS := $(patsubst %.c,$(HARNESS_O)/%.o,$(SECURE_SRCS))
SECURE_BIN := $(HARNESS_O)/secure-scenario

$(HARNESS_O)/tests/secure/%.o: tests/secure/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HARNESS_CC) $(HARNESS_CFLAGS) -Itests/ref -MMD -MP -c -o $@ $<

$(SECURE_BIN): $(HARNESS_EMU_OBJS) $(SECURE_OBJS) $(HARNESS_FW_OBJS) $(REF_LIB)
	@echo "  HOSTLD  $@"
	$(Q)$(HARNESS_CC) $(HARNESS_LDFLAGS) -o $@ $^ -lbearssl

$(SECURE_DATA)/disks/stamp: tests/secure/mkdisks.py tests/data/keys/mk-keys.sh
	@echo "  GEN     $(SECURE_DATA)"
	$(Q)tests/data/keys/mk-keys.sh $(SECURE_DATA)/keys >/dev/null
	$(Q)python3 tests/secure/mkdisks.py $(SECURE_DATA)/disks $(SECURE_DATA)/keys

-include $(SECURE_OBJS:.o=.d)

.PHONY: secure-check
secure-check: $(SECURE_BIN) $(SECURE_DATA)/disks/stamp
	$(Q)mkdir -p $(HARNESS_O)/tmp; \
	real=$(O)/e2e/real-signed.img; cert=$(O)/e2e/keys/cert.pem; \
	if [ -f $$real ] && [ -f $$cert ]; then export SECURE_REAL_DISK=$$real SECURE_REAL_CERT=$$cert; fi; \
	SECURE_DATA=$(SECURE_DATA) EMU_TMPDIR=$(HARNESS_O)/tmp $(SECURE_BIN) $(HARNESS_ARGS)
