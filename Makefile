# SPDX-License-Identifier: GPL-2.0-or-later
#
# secure-ccw: s390x boot firmware for QEMU's s390-ccw-virtio machine.
#
#   make            build build/secure-ccw.img (+ image checks, size report)
#   make check      install missing Debian packages, run every test
#   make boot       build, then boot Debian's s390x kernel with it under QEMU
#   make bench      firmware phase (instructions, time) against QEMU's stock BIOS
#   make repro      build twice in different directories and compare
#   make install    install image, tools and man pages (DESTDIR, PREFIX)
#
# V=1 shows the commands. SKIP_DEPS=1 does not install packages (package
# builds: debian/rules).

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Stage 1: a "make GOAL..." typed in a shell first installs the Debian
# packages the goals need (scripts/install-deps.sh), then runs make again
# with SKIP_DEPS=1 for the real work (stage 2, the rest of this file). Stage 1
# evaluates nothing that needs an installed tool (compiler include
# directories, pkg-config...): on a fresh machine those tools do not exist
# yet while this file is parsed. SKIP_DEPS=1 reaches every make below
# through MAKEFLAGS.
ifneq ($(SKIP_DEPS),1)
O ?= build
STAGE1_GOALS := $(or $(MAKECMDGOALS),all)
# Which packages: none for clean and deps, "build" for the image and the
# tools, "boot" for the QEMU boots, "check" (all) for anything else.
STAGE1_REST := $(filter-out clean deps,$(STAGE1_GOALS))
STAGE1_DEPS := $(if $(STAGE1_REST),build)
STAGE1_DEPS := $(if $(filter boot bench,$(STAGE1_REST)),boot,$(STAGE1_DEPS))
STAGE1_DEPS := $(if $(filter-out all tools install repro boot bench $(O)/secure-ccw.% \
	$(O)/tools/%,$(STAGE1_REST)),check,$(STAGE1_DEPS))
.PHONY: $(STAGE1_GOALS) stage1
$(STAGE1_GOALS): stage1
	@:
stage1:
	$(Q)$(if $(STAGE1_DEPS),scripts/install-deps.sh $(STAGE1_DEPS))
	$(Q)$(MAKE) --no-print-directory SKIP_DEPS=1 $(MAKECMDGOALS)
else
# Stage 2: the build. Above all, evaluated only once the packages are in.
# Scripts started from here see SKIP_DEPS=1 too (scripts/run-checks.sh).
export SKIP_DEPS

CROSS ?= s390x-linux-gnu-
TARGET_CC := $(CROSS)gcc
TARGET_STRIP := $(CROSS)strip
TARGET_READELF := $(CROSS)readelf
HOST_CC ?= cc
PREFIX ?= /usr/local
O ?= build
export LC_ALL := C

# Everything outside tests/ and tools/ that is portable C: built for the
# firmware and natively for the host harness (tests/harness.mk).
FW_PORTABLE_SRCS := \
	drivers/blockdev.c \
	drivers/css/css.c \
	drivers/pci/zpci.c \
	drivers/sclp/sclp.c \
	drivers/virtio/virtio_blk.c \
	drivers/virtio/virtio_ccw.c \
	drivers/virtio/virtio_pci.c \
	drivers/virtio/virtio_scsi.c \
	drivers/virtio/virtqueue.c \
	iplb/iplb.c \
	lib/dma.c \
	lib/ebcdic.c \
	lib/printf.c \
	loader/boot.c \
	loader/bootfile.c \
	loader/eckd.c \
	loader/eltorito.c \
	loader/insfile.c \
	loader/jump.c \
	loader/main.c \
	loader/memmap.c \
	loader/menu.c \
	loader/pxelinux.c \
	loader/secure.c \
	loader/zipl.c

# Machine files: the only C that executes privileged instructions or turns
# integers into pointers. Never built for the host.
FW_MACHINE_SRCS := \
	diag/diag_s390x.c \
	drivers/css/css_s390x.c \
	drivers/pci/zpci_s390x.c \
	drivers/sclp/sclp_s390x.c \
	lib/machine_s390x.c \
	lib/string_s390x.c

# Network boot: the IPv4 stack (net/), the virtio-net driver, the loader side.
FW_PORTABLE_SRCS += \
	drivers/net/virtio_net.c \
	loader/netboot.c \
	net/dhcp.c \
	net/net.c \
	net/tftp.c

include crypto/crypto.mk

# The version: debian/changelog's first entry, the one place it is kept
# (the package, make install and the firmware's banner all use it).
FW_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)

FW_WARNINGS := -Wall -Wextra -Werror -Wundef -Wshadow -Wvla -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wwrite-strings \
	-Wimplicit-fallthrough -Wdate-time -Wformat=2 -Wframe-larger-than=1024 \
	-Wno-address-of-packed-member
FW_CFLAGS_COMMON := -std=gnu11 -I. -Iinclude $(FW_WARNINGS) \
	-DFW_VERSION='"$(FW_VERSION)"' -fno-strict-aliasing \
	-ffile-prefix-map=$(CURDIR)=.

# The cross compiler's own headers (stdbool.h ...), asked for when the first
# firmware file is compiled, not while this file is parsed.
TARGET_INCLUDE = $(eval TARGET_INCLUDE := $(or $(filter /%,$(shell $(TARGET_CC) \
	-print-file-name=include 2>/dev/null)),$(error $(TARGET_CC) not found; \
	scripts/install-deps.sh build installs it)))$(TARGET_INCLUDE)
TARGET_CFLAGS = $(FW_CFLAGS_COMMON) -Os -g -march=z900 -mtune=z13 -m64 \
	-ffreestanding -fno-builtin -nostdinc \
	-isystem $(TARGET_INCLUDE) \
	-fPIE -msoft-float -mno-backchain -fno-common -fno-delete-null-pointer-checks \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections \
	-include include/fw/visibility.h -Wlogical-op -Wduplicated-cond
TARGET_LDFLAGS := -nostdlib -Wl,-pie -Wl,--no-dynamic-linker -Wl,--build-id=none \
	-Wl,--gc-sections -Wl,-z,text -Wl,-z,noexecstack -Wl,-z,norelro \
	-Wl,--hash-style=sysv -Wl,-T,linker.ld -Wl,-Map,$(O)/secure-ccw.map

FW_OBJS := $(patsubst %.c,$(O)/fw/%.o,$(FW_PORTABLE_SRCS) $(FW_MACHINE_SRCS)) $(O)/fw/start.o $(CRYPTO_FW_OBJS)

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
# CFLAGS, CPPFLAGS and LDFLAGS from the environment (dpkg-buildflags in the
# package build) come after ours.
HOST_TOOL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -Iinclude \
	-ffile-prefix-map=$(CURDIR)=. $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
TOOLS := $(O)/tools/zipl-write $(O)/tools/eckd-write $(O)/tools/secure-ccw-enroll

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

# Every test suite (SUITES="lint unit ..." for some); the last line is
# "N passed, N failed, N skipped".
check: all tools
	$(Q)scripts/run-checks.sh $(SUITES)

boot: all tools
	$(Q)scripts/boot-demo.sh

bench: all tools bench-plugin
	$(Q)tests/e2e/bench.sh
	$(Q)tests/e2e/netboot-bench.sh

repro:
	$(Q)scripts/repro-check.sh

# The installed layout, the same as the Debian package's (debian/): the
# image in $(datadir)/secure-ccw, a link to it in QEMU's data directory so
# that "-bios secure-ccw.img" finds it by name, the host tools as
# secure-ccw-<tool> in $(bindir) (no clash with s390-tools), a man page each.
bindir ?= $(PREFIX)/bin
datadir ?= $(PREFIX)/share
mandir ?= $(datadir)/man
QEMU_DATADIR ?= $(datadir)/qemu
# Tools to install: every host tool built by "make tools" and the scripts.
INSTALL_TOOLS = $(TOOLS) tools/sign-component
tool_name = $(patsubst secure-ccw-secure-ccw-%,secure-ccw-%,secure-ccw-$(notdir $(1)))

install: all tools
	install -d $(DESTDIR)$(datadir)/secure-ccw $(DESTDIR)$(QEMU_DATADIR) \
		$(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1
	install -m 0644 $(O)/secure-ccw.img $(DESTDIR)$(datadir)/secure-ccw/secure-ccw.img
	ln -sfn ../secure-ccw/secure-ccw.img $(DESTDIR)$(QEMU_DATADIR)/secure-ccw.img
	$(foreach t,$(INSTALL_TOOLS),install -m 0755 $(t) $(DESTDIR)$(bindir)/$(call tool_name,$(t)) &&) true
	install -m 0644 $(wildcard docs/man/*.1) $(DESTDIR)$(mandir)/man1

$(O)/fw/loader/main.o: debian/changelog

include tests/bench/bench.mk

clean:
	rm -rf $(O)

endif # stage 2: add nothing below this line
