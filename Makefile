# SPDX-License-Identifier: GPL-2.0-or-later
#
# secure-ccw: s390x boot firmware for QEMU's s390-ccw-virtio machine.
#
#   make            build build/secure-ccw.img (+ image checks, size report)
#   make check      install missing Debian packages, run every test
#   make boot       build, then boot Debian's s390x kernel with it under QEMU
#   make bench      firmware phase (instructions, time) against QEMU's stock BIOS
#   make repro      build twice in different directories and compare
#   make install    install the image (DESTDIR, PREFIX)
#
# V=1 shows the commands.

CROSS ?= s390x-linux-gnu-
TARGET_CC := $(CROSS)gcc
TARGET_STRIP := $(CROSS)strip
TARGET_READELF := $(CROSS)readelf
HOST_CC ?= cc
PREFIX ?= /usr/local
O ?= build
export LC_ALL := C

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Everything outside tests/ and tools/ that is portable C: built for the
# firmware and natively for the host harness (tests/harness.mk).
FW_PORTABLE_SRCS := \
	drivers/css/css.c \
	drivers/sclp/sclp.c \
	drivers/virtio/virtio_blk.c \
	drivers/virtio/virtio_ccw.c \
	drivers/virtio/virtio_scsi.c \
	drivers/virtio/virtqueue.c \
	iplb/iplb.c \
	lib/dma.c \
	lib/ebcdic.c \
	lib/printf.c \
	loader/boot.c \
	loader/eckd.c \
	loader/eltorito.c \
	loader/jump.c \
	loader/main.c \
	loader/memmap.c \
	loader/menu.c \
	loader/secure.c \
	loader/zipl.c

# Machine files: the only C that executes privileged instructions or turns
# integers into pointers. Never built for the host.
FW_MACHINE_SRCS := \
	diag/diag_s390x.c \
	drivers/css/css_s390x.c \
	drivers/sclp/sclp_s390x.c \
	lib/machine_s390x.c \
	lib/string_s390x.c

FW_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

FW_WARNINGS := -Wall -Wextra -Werror -Wundef -Wshadow -Wvla -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wwrite-strings \
	-Wimplicit-fallthrough -Wdate-time -Wformat=2 -Wframe-larger-than=1024 \
	-Wno-address-of-packed-member
FW_CFLAGS_COMMON := -std=gnu11 -I. -Iinclude $(FW_WARNINGS) \
	-DFW_VERSION='"$(FW_VERSION)"' -fno-strict-aliasing \
	-ffile-prefix-map=$(CURDIR)=.

TARGET_CFLAGS := $(FW_CFLAGS_COMMON) -Os -g -march=z900 -mtune=z13 -m64 \
	-ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(TARGET_CC) -print-file-name=include) \
	-fPIE -msoft-float -mno-backchain -fno-common -fno-delete-null-pointer-checks \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections \
	-include include/fw/visibility.h -Wlogical-op -Wduplicated-cond
TARGET_LDFLAGS := -nostdlib -Wl,-pie -Wl,--no-dynamic-linker -Wl,--build-id=none \
	-Wl,--gc-sections -Wl,-z,text -Wl,-z,noexecstack -Wl,-z,norelro \
	-Wl,--hash-style=sysv -Wl,-T,linker.ld -Wl,-Map,$(O)/secure-ccw.map

FW_OBJS := $(patsubst %.c,$(O)/fw/%.o,$(FW_PORTABLE_SRCS) $(FW_MACHINE_SRCS)) $(O)/fw/start.o

.PHONY: all check check-quick boot bench repro install clean deps tools lint fuzz coverage
.DEFAULT_GOAL := all

all: $(O)/secure-ccw.img

$(O)/fw/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/fw/start.o: start.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/secure-ccw.elf: $(FW_OBJS) linker.ld
	@echo "  LD      $@"
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(TARGET_LDFLAGS) -o $@ $(FW_OBJS) -lgcc

$(O)/secure-ccw.img: $(O)/secure-ccw.elf scripts/check-image.sh
	@echo "  STRIP   $@"
	$(Q)$(TARGET_STRIP) --strip-unneeded -o $@.tmp $<
	$(Q)scripts/check-image.sh $@.tmp
	$(Q)mv $@.tmp $@

-include $(FW_OBJS:.o=.d)

# Host side: tools and the test harness.
HOST_TOOL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -Iinclude
TOOLS := $(O)/tools/zipl-write $(O)/tools/eckd-write

tools: $(TOOLS)

$(O)/tools/zipl-write: $(wildcard tools/zipl-write*.c tools/zipl-write*.h) tools/toolutil.c \
		tools/toolutil.h include/abi/zipl.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(HOST_TOOL_CFLAGS) -o $@ $(filter %.c,$^)

$(O)/tools/eckd-write: $(wildcard tools/eckd-write*.c tools/eckd-write*.h) tools/toolutil.c \
		tools/toolutil.h include/abi/eckd.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(HOST_TOOL_CFLAGS) -o $@ $(filter %.c,$^)

-include tests/harness.mk
-include tests/unit/unit.mk

deps:
	$(Q)scripts/install-deps.sh

# Every test suite; the last line is "N passed, N failed, N skipped".
check: deps
	$(Q)$(MAKE) --no-print-directory all tools
	$(Q)scripts/run-checks.sh

boot: deps all tools
	$(Q)scripts/boot-demo.sh

bench: deps all tools bench-plugin
	$(Q)tests/e2e/bench.sh

repro:
	$(Q)scripts/repro-check.sh

install: all
	install -D -m 0644 $(O)/secure-ccw.img $(DESTDIR)$(PREFIX)/share/secure-ccw/secure-ccw.img

include tests/bench/bench.mk

clean:
	rm -rf $(O)
