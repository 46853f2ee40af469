# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/bench.mk - the TCG plugin of `make bench` (included by the
# top-level Makefile). qemu-plugin.h comes from Debian's qemu source package,
# cached outside the clone (tests/bench/fetch-plugin-header.sh).

BENCH_PLUGIN := $(O)/bench/libphase.so

$(BENCH_PLUGIN): tests/bench/phase-plugin.c tests/bench/fetch-plugin-header.sh
	@mkdir -p $(dir $@)
	@echo "  PLUGIN  $@"
	$(Q)hdr=$$(tests/bench/fetch-plugin-header.sh) && \
	$(HOST_CC) -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
		-I$$(dirname $$hdr) $$(pkg-config --cflags glib-2.0) -o $@ $< -ldl

bench-plugin: $(BENCH_PLUGIN)

.PHONY: bench-plugin

# The s390x self-test image (tests/bench/selftest_s390x.c): the firmware's
# objects with its own fw_main instead of the loader's.
bench_comma := ,
BENCH_SELFTEST := $(O)/bench/selftest.elf
BENCH_SELFTEST_OBJS := $(filter-out $(O)/fw/loader/main.o,$(FW_OBJS)) \
	$(O)/fw/tests/bench/selftest_s390x.o

$(BENCH_SELFTEST): $(BENCH_SELFTEST_OBJS) linker.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(filter-out -Wl$(bench_comma)-Map%,$(TARGET_LDFLAGS)) \
		-o $@ $(BENCH_SELFTEST_OBJS) -lgcc

# String functions on s390x and the plugin under every QEMU at hand (one
# short boot each; no timing): part of make check's unit suite.
bench-check: $(BENCH_SELFTEST)
	$(Q)plugin=; if $(MAKE) --no-print-directory -s bench-plugin >/dev/null 2>&1; then \
		plugin=$(BENCH_PLUGIN); fi; \
	tests/bench/selftest.sh $(BENCH_SELFTEST) "$$plugin"

.PHONY: bench-check
