# SPDX-License-Identifier: GPL-2.0-or-later
#
# Line coverage of the portable firmware by the host harness: the firmware
# sources, the emulated machine and the test runners built with gcc
# --coverage (-O0, with the harness's sanitizers) into $(O)/cov, run, and
# reported by gcovr for the firmware files only (not tests/, not tools/).
#
# Runners: the scenarios (tests/scenario), and when they are present the
# firmware unit tests (tests/unit/fw), the Secure IPL scenarios
# (tests/secure, with the BearSSL reference hypervisor of tests/ref) and the
# ECKD loader's unit test (tests/unit/eckd, its own machine stub).
#
#   coverage       build, run, print the per-file table and the total;
#                  also writes $(O)/cov/coverage.txt and coverage.html
#
# Included by tests/harness.mk (before tests/unit/unit.mk, which brings in
# the Secure IPL and reference makefiles: their parts are expanded late).

COV_O := $(O)/cov
COV_CC ?= gcc
COV_BASE := -std=gnu11 -O0 -g --coverage $(HARNESS_SAN) -fno-strict-aliasing -DFW_HOSTED=1 \
	-I. -Iinclude
COV_CFLAGS := $(COV_BASE) $(HARNESS_WARN) -Itests/emu -Itests/ref -D_GNU_SOURCE -DTF_COVERAGE
COV_FW_CFLAGS := $(COV_BASE) $(FW_CFLAGS_COMMON) -Wno-frame-larger-than
COV_LDFLAGS := --coverage $(HARNESS_SAN)

cov_objs = $(patsubst %.c,$(COV_O)/%.o,$(1))
COV_EMU_OBJS := $(call cov_objs,$(HARNESS_EMU_SRCS))
COV_FW_OBJS := $(patsubst %.c,$(COV_O)/fw/%.o,$(HARNESS_FW_SRCS))
COV_SCEN_OBJS := $(call cov_objs,$(HARNESS_SCEN_SRCS))
COV_UNIT_OBJS := $(call cov_objs,$(wildcard tests/unit/fw/*.c))
COV_SECURE_OBJS := $(call cov_objs,$(wildcard tests/secure/*.c))
COV_ECKD_OBJS := $(call cov_objs,$(wildcard tests/unit/eckd/*.c))
COV_ECKD_FW := loader/eckd.c loader/memmap.c lib/printf.c lib/ebcdic.c lib/dma.c \
	drivers/blockdev.c

# runners: objects, extra link inputs, prerequisites, environment, arguments
COV_RUNNERS := scenario $(if $(COV_UNIT_OBJS),fw-unit) $(if $(COV_SECURE_OBJS),secure) \
	$(if $(COV_ECKD_OBJS),eckd)
COV_OBJS_scenario := $(COV_EMU_OBJS) $(COV_SCEN_OBJS) $(COV_FW_OBJS)
COV_OBJS_fw-unit := $(COV_EMU_OBJS) $(COV_UNIT_OBJS) $(COV_FW_OBJS)
COV_OBJS_secure := $(COV_EMU_OBJS) $(COV_SECURE_OBJS) $(COV_FW_OBJS)
COV_OBJS_eckd := $(COV_ECKD_OBJS) $(patsubst %.c,$(COV_O)/fw/%.o,$(COV_ECKD_FW))
COV_LIBS_scenario = $(BEARSSL_HOST_LIB)
COV_LIBS_fw-unit = $(BEARSSL_HOST_LIB)
COV_LIBS_secure = $(REF_LIB) $(BEARSSL_HOST_LIB) -lbearssl
COV_DEPS_scenario = $(HARNESS_DATA)
COV_DEPS_secure = $(SECURE_DATA)/disks/stamp
COV_DEPS_eckd = $(ECKD_UNIT_WRITER)
COV_ENV_secure = SECURE_DATA=$(SECURE_DATA)
COV_ARGS_eckd = $(ECKD_UNIT_WRITER) $(COV_O)/tmp

# gcovr's filter: the firmware's portable sources
COV_FILTER := $(foreach f,$(HARNESS_FW_SRCS),--filter '$(subst .,\.,$(f))$$')

.PHONY: coverage
.SECONDEXPANSION:

$(COV_O)/fw/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  COVCC   $<"
	$(Q)$(COV_CC) $(COV_FW_CFLAGS) -MMD -MP -c -o $@ $<

$(COV_O)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  COVCC   $<"
	$(Q)$(COV_CC) $(COV_CFLAGS) -MMD -MP -c -o $@ $<

# the ECKD unit test has its own settings (it defines _GNU_SOURCE itself)
$(COV_O)/tests/unit/eckd/%.o: tests/unit/eckd/%.c
	@mkdir -p $(dir $@)
	@echo "  COVCC   $<"
	$(Q)$(COV_CC) $(COV_BASE) $(HARNESS_WARN) -MMD -MP -c -o $@ $<

define cov_runner
$(COV_O)/$(1): $(COV_OBJS_$(1)) $$$$(filter %.a,$$$$(COV_LIBS_$(1)))
	@echo "  COVLD   $$@"
	$(Q)$(COV_CC) $(COV_LDFLAGS) -o $$@ $(COV_OBJS_$(1)) $$(COV_LIBS_$(1))
endef
$(foreach r,$(COV_RUNNERS),$(eval $(call cov_runner,$(r))))

-include $(COV_EMU_OBJS:.o=.d) $(COV_FW_OBJS:.o=.d) $(COV_SCEN_OBJS:.o=.d) \
	$(COV_UNIT_OBJS:.o=.d) $(COV_SECURE_OBJS:.o=.d) $(COV_ECKD_OBJS:.o=.d)

coverage: $(foreach r,$(COV_RUNNERS),$(COV_O)/$(r) $$(COV_DEPS_$(r)))
	$(Q)command -v gcovr >/dev/null || { echo "coverage: gcovr is not installed"; exit 1; }
	$(Q)find $(COV_O) -name '*.gcda' -delete; rm -rf $(COV_O)/tmp; mkdir -p $(COV_O)/tmp
	$(Q)$(foreach r,$(COV_RUNNERS),echo "  RUN     $(COV_O)/$(r)"; \
		$(COV_ENV_$(r)) SCN_DATA=$(HARNESS_O)/scenario-data EMU_TMPDIR=$(COV_O)/tmp \
			$(COV_O)/$(r) \
			$(or $(COV_ARGS_$(r)),$(HARNESS_ARGS)) > $(COV_O)/$(r).log 2>&1; \
		tail -n 1 $(COV_O)/$(r).log | sed 's/^/    /';)
	$(Q)rm -rf $(COV_O)/tmp
	$(Q)gcovr --root . --object-directory $(COV_O) $(COV_FILTER) \
		--exclude-unreachable-branches --output $(COV_O)/coverage.txt $(COV_O) && \
	gcovr --root . --object-directory $(COV_O) $(COV_FILTER) \
		--html-details $(COV_O)/coverage.html $(COV_O) >/dev/null && \
	cat $(COV_O)/coverage.txt && \
	echo "coverage: $$(sed -n 's/^TOTAL *[0-9]* *[0-9]* *\([0-9]*%\).*/\1/p' \
		$(COV_O)/coverage.txt) of the firmware's lines (details: $(COV_O)/coverage.html)"
