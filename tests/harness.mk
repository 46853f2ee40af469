# SPDX-License-Identifier: GPL-2.0-or-later
#
# Host test harness: the portable firmware C built natively with ASan and
# UBSan, linked against the emulated s390-ccw machine in tests/emu.
#
# Included by the top-level Makefile (which defines FW_PORTABLE_SRCS and
# FW_CFLAGS_COMMON); also usable alone:  make -f tests/harness.mk harness-check
#
#   harness-check      build and run the emulator unit tests and the scenarios
#   harness-build      build only
#   harness-unit       emulator unit tests (tests/unit/emu/*_test.c)
#   harness-scenario   scenario tests (tests/scenario/*_test.c + firmware)
#   harness-data       the scenarios' disk images (tests/scenario/mkdata.py)
#   fuzz, fuzz-check   libFuzzer targets (tests/fuzz/fuzz.mk)
#   coverage           line coverage of the firmware by the harness
#                      (tests/coverage.mk)
#
# Outputs go to $(O)/host/. Add a scenario by dropping tests/scenario/x_test.c
# (TEST(...) functions, see tests/emu/emu.h); all scenario files are linked
# into one runner. Arguments for the runners: HARNESS_ARGS=substring; tests
# run TF_JOBS at a time (default: one per CPU).

O ?= build
Q ?= @
HOST_CC ?= cc
HARNESS_O := $(O)/host
HARNESS_CC ?= $(HOST_CC)

HARNESS_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HARNESS_WARN := -Wall -Wextra -Werror -Wvla -Wshadow -Wundef -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wimplicit-fallthrough \
	-Wno-address-of-packed-member
HARNESS_BASE := -std=gnu11 -O1 -g $(HARNESS_SAN) -fno-strict-aliasing -DFW_HOSTED=1 \
	-I. -Iinclude
# Emulator and tests: host headers allowed.
HARNESS_CFLAGS := $(HARNESS_BASE) $(HARNESS_WARN) -Itests/emu -D_GNU_SOURCE
# Firmware sources: the shared flags (warnings, -I, defines; FW_CFLAGS_COMMON
# must not carry target-only flags), sanitizers, and no frame-size limit
# (ASan red zones inflate frames; the target build keeps that check).
HARNESS_FW_CFLAGS := $(HARNESS_BASE) $(FW_CFLAGS_COMMON) -Wno-frame-larger-than
HARNESS_LDFLAGS := $(HARNESS_SAN)

HARNESS_FW_SRCS := $(filter-out %_s390x.c,$(FW_PORTABLE_SRCS))
HARNESS_EMU_SRCS := $(wildcard tests/emu/*.c)
HARNESS_UNIT_SRCS := $(wildcard tests/unit/emu/*.c)
HARNESS_SCEN_SRCS := $(wildcard tests/scenario/*.c)

HARNESS_EMU_OBJS := $(patsubst %.c,$(HARNESS_O)/%.o,$(HARNESS_EMU_SRCS))
HARNESS_UNIT_OBJS := $(patsubst %.c,$(HARNESS_O)/%.o,$(HARNESS_UNIT_SRCS))
HARNESS_SCEN_OBJS := $(patsubst %.c,$(HARNESS_O)/%.o,$(HARNESS_SCEN_SRCS))
HARNESS_FW_OBJS := $(patsubst %.c,$(HARNESS_O)/fw/%.o,$(HARNESS_FW_SRCS))

HARNESS_DATA := $(HARNESS_O)/scenario-data/stamp
HARNESS_UNIT_BIN := $(HARNESS_O)/emu-unit
HARNESS_SCEN_BIN := $(if $(HARNESS_SCEN_SRCS),$(if $(HARNESS_FW_SRCS),$(HARNESS_O)/scenario))
HARNESS_BINS := $(HARNESS_UNIT_BIN) $(HARNESS_SCEN_BIN)

.PHONY: harness-check harness-build harness-unit harness-scenario harness-data

harness-build: $(HARNESS_BINS)
harness-data: $(HARNESS_DATA)

# The writer of the scenario disks; the top-level Makefile has the rule,
# this one serves make -f tests/harness.mk.
ifndef TOOLS
$(O)/tools/zipl-write: $(wildcard tools/zipl-write*.c) tools/toolutil.c tools/toolutil.h \
		include/abi/zipl.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -Iinclude -o $@ \
		$(filter %.c,$^)
$(O)/tools/eckd-write: $(wildcard tools/eckd-write*.c) tools/toolutil.c tools/toolutil.h \
		include/abi/eckd.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -Iinclude -o $@ \
		$(filter %.c,$^)
endif

$(HARNESS_DATA): tests/scenario/mkdata.py $(O)/tools/zipl-write $(O)/tools/eckd-write
	@echo "  GEN     $(dir $@)"
	$(Q)python3 -B tests/scenario/mkdata.py $(dir $@) $(O)/tools/zipl-write \
		$(O)/tools/eckd-write

$(HARNESS_O)/fw/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HARNESS_CC) $(HARNESS_FW_CFLAGS) -MMD -MP -c -o $@ $<

$(HARNESS_O)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HARNESS_CC) $(HARNESS_CFLAGS) -MMD -MP -c -o $@ $<

$(HARNESS_UNIT_BIN): $(HARNESS_EMU_OBJS) $(HARNESS_UNIT_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HARNESS_CC) $(HARNESS_LDFLAGS) -o $@ $^

$(HARNESS_O)/scenario: $(HARNESS_EMU_OBJS) $(HARNESS_SCEN_OBJS) $(HARNESS_FW_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HARNESS_CC) $(HARNESS_LDFLAGS) -o $@ $^

-include $(HARNESS_EMU_OBJS:.o=.d) $(HARNESS_UNIT_OBJS:.o=.d) $(HARNESS_SCEN_OBJS:.o=.d) \
	$(HARNESS_FW_OBJS:.o=.d)

# Run one runner, keep its log, fail on any failed test.
define harness_run
	@rm -rf $(HARNESS_O)/tmp && mkdir -p $(HARNESS_O)/tmp
	@echo "  RUN     $(1)"
	$(Q)SCN_DATA=$(HARNESS_O)/scenario-data EMU_TMPDIR=$(HARNESS_O)/tmp $(1) $(HARNESS_ARGS) \
		> $(1).log 2>&1; rc=$$?; \
		grep -E '^(PASS|FAIL|SKIP) ' $(1).log | sed 's/^/    /'; \
		if [ $$rc -ne 0 ]; then echo "  --- $(1).log (failures) ---"; \
			grep -vE '^(PASS|SKIP) ' $(1).log | tail -n 80 | sed 's/^/  | /'; fi; \
		tail -n 1 $(1).log; exit $$rc
endef

harness-unit: $(HARNESS_UNIT_BIN)
	$(call harness_run,$(HARNESS_UNIT_BIN))

harness-scenario: $(HARNESS_SCEN_BIN) $(HARNESS_DATA)
	$(if $(HARNESS_SCEN_BIN),$(call harness_run,$(HARNESS_SCEN_BIN)),@echo "  (no scenario tests or no firmware sources)")

# The summary line sums every runner: "N passed, N failed, N skipped".
harness-check: $(HARNESS_BINS) $(HARNESS_DATA)
	$(Q)pass=0; fail=0; skip=0; rc=0; rm -rf $(HARNESS_O)/tmp; mkdir -p $(HARNESS_O)/tmp; \
	for b in $(HARNESS_BINS); do \
		echo "  RUN     $$b"; \
		SCN_DATA=$(HARNESS_O)/scenario-data EMU_TMPDIR=$(HARNESS_O)/tmp $$b $(HARNESS_ARGS) \
			> $$b.log 2>&1 || rc=1; \
		grep -E '^(PASS|FAIL|SKIP) ' $$b.log | sed 's/^/    /'; \
		if grep -q '^FAIL ' $$b.log; then \
			echo "  --- $$b.log (failures) ---"; \
			grep -vE '^(PASS|SKIP) ' $$b.log | tail -n 80 | sed 's/^/  | /'; fi; \
		line=$$(tail -n 1 $$b.log); \
		p=$$(echo "$$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p'); \
		f=$$(echo "$$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p'); \
		k=$$(echo "$$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p'); \
		if [ -z "$$p" ]; then echo "  $$b: no summary (crashed?)"; rc=1; p=0; f=1; fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); skip=$$((skip + $${k:-0})); \
	done; \
	rm -rf $(HARNESS_O)/tmp; \
	echo "harness: $$pass passed, $$fail failed, $$skip skipped"; exit $$rc

-include tests/fuzz/fuzz.mk
-include tests/coverage.mk
