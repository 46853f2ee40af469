# SPDX-License-Identifier: GPL-2.0-or-later
#
# Host unit test of the ECKD-scheme loader (loader/eckd.c) and the image
# writer (tools/eckd-write.c): the loader and the few portable sources it
# needs, built natively with ASan and UBSan, run against images the writer
# makes (see tests/unit/eckd/eckd_test.c).
#
#   make eckd-unit-check                          (included by the Makefile)
#   make -f tests/unit/eckd/eckd.mk eckd-unit-check   (alone)
#
# Outputs under $(O)/host/eckd/. The last line is "N passed, N failed".

O ?= build
Q ?= @
HOST_CC ?= cc
ECKD_UNIT_O := $(O)/host/eckd

ECKD_UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ECKD_UNIT_WARN := -Wall -Wextra -Werror -Wvla -Wshadow -Wundef -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wimplicit-fallthrough -Wwrite-strings \
	-Wformat=2 -Wno-address-of-packed-member
ECKD_UNIT_CFLAGS := -std=gnu11 -O1 -g $(ECKD_UNIT_SAN) -fno-strict-aliasing -DFW_HOSTED=1 \
	-I. -Iinclude $(ECKD_UNIT_WARN)

# firmware sources under test, and the test itself
ECKD_UNIT_FW_SRCS := loader/eckd.c loader/memmap.c lib/printf.c lib/ebcdic.c lib/dma.c \
	drivers/blockdev.c
ECKD_UNIT_TEST_SRCS := tests/unit/eckd/eckd_test.c tests/unit/eckd/machine_stub.c
ECKD_UNIT_OBJS := $(patsubst %.c,$(ECKD_UNIT_O)/%.o,$(ECKD_UNIT_FW_SRCS) $(ECKD_UNIT_TEST_SRCS))
ECKD_UNIT_BIN := $(ECKD_UNIT_O)/eckd-unit
ECKD_UNIT_WRITER := $(ECKD_UNIT_O)/eckd-write

.PHONY: eckd-unit-check eckd-unit-build

eckd-unit-build: $(ECKD_UNIT_BIN) $(ECKD_UNIT_WRITER)

$(ECKD_UNIT_O)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOST_CC) $(ECKD_UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(ECKD_UNIT_BIN): $(ECKD_UNIT_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(ECKD_UNIT_SAN) -o $@ $^

# the writer with the sanitizers too: its corruption code is exercised here
$(ECKD_UNIT_WRITER): tools/eckd-write.c tools/toolutil.c $(wildcard tools/eckd-write*.h) \
		tools/toolutil.h include/abi/eckd.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(ECKD_UNIT_CFLAGS) -o $@ tools/eckd-write.c tools/toolutil.c

eckd-unit-check: $(ECKD_UNIT_BIN) $(ECKD_UNIT_WRITER)
	$(Q)rm -rf $(ECKD_UNIT_O)/work && mkdir -p $(ECKD_UNIT_O)/work
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(ECKD_UNIT_BIN) $(ECKD_UNIT_WRITER) $(ECKD_UNIT_O)/work

-include $(ECKD_UNIT_OBJS:.o=.d)
