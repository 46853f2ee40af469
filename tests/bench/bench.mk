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
