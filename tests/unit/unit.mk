# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unit tests: pure firmware functions (tests/unit/fw, linked with the
# harness's host build of the firmware and its emulated machine), the host
# tools (tests/unit/tools), and, when present, the reference hypervisor
# (tests/unit/ref/ref.mk) and the ECKD helpers (tests/unit/eckd/eckd.mk).
# Included by the top-level Makefile after tests/harness.mk.
#
#   unit-check   build and run them all; PASS/FAIL lines, a summary per suite

UNIT_FW_SRCS := $(wildcard tests/unit/fw/*.c)
UNIT_FW_OBJS := $(patsubst %.c,$(HARNESS_O)/%.o,$(UNIT_FW_SRCS))
UNIT_FW_BIN := $(HARNESS_O)/fw-unit

-include tests/unit/ref/ref.mk
-include tests/unit/crypto/crypto.mk
-include tests/unit/eckd/eckd.mk
include tests/secure/secure.mk

$(UNIT_FW_BIN): $(HARNESS_EMU_OBJS) $(UNIT_FW_OBJS) $(HARNESS_FW_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HARNESS_CC) $(HARNESS_LDFLAGS) -o $@ $^

-include $(UNIT_FW_OBJS:.o=.d)

.PHONY: unit-check
unit-check: $(UNIT_FW_BIN) tools $(O)/secure-ccw.img
	$(Q)rc=0; \
	EMU_TMPDIR=$(HARNESS_O)/tmp $(UNIT_FW_BIN) || rc=1; \
	ZIPL_WRITE=$(O)/tools/zipl-write tests/unit/tools/zipl_write_test.sh || rc=1; \
	ENROLL=$(O)/tools/secure-ccw-enroll IMG=$(O)/secure-ccw.img tests/unit/tools/enroll_test.sh || rc=1; \
	if $(MAKE) -s -n ref-check >/dev/null 2>&1; then $(MAKE) --no-print-directory -s ref-check || rc=1; \
		else echo "SKIP ref-check: tests/unit/ref not present"; fi; \
	$(MAKE) --no-print-directory -s crypto-check || rc=1; \
	if $(MAKE) -s -n eckd-unit-check >/dev/null 2>&1; then $(MAKE) --no-print-directory -s eckd-unit-check || rc=1; \
		else echo "SKIP eckd-unit-check: tests/unit/eckd not present"; fi; \
	$(MAKE) --no-print-directory -s bench-check || rc=1; \
	exit $$rc
