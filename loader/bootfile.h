/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a file fetched as the DHCP boot file is, by QEMU's netboot rules
 * (shared/docs/s390-ccw-bios.md 6.5 and 5): an .INS file ("* " at the
 * start), a pxelinux.cfg ("# pxelinux", any case), or else an image that
 * is loaded to address 0 and started like QEMU's jump_to_low_kernel():
 * a Linux kernel ("S390EP" at 0x10008; entry 0x10000), possibly with an
 * initrd and command line inside it as the ISO boot images have them
 * (initrd start/size at 0x10408/0x10410 pointing inside the file), or any
 * other image, started through the short PSW at 0 when that has the
 * PSW bits, else at 0x10000. Pure functions on bytes already received.
 *
 * QEMU looks for the two config kinds only in files shorter than 2047
 * bytes; here the limit is BOOTFILE_CFG_MAX, since no kernel image starts
 * with "* " or "# " (its first bytes are a PSW).
 */
#ifndef LOADER_BOOTFILE_H
#define LOADER_BOOTFILE_H

#include "abi/lowcore.h"
#include "fw/types.h"

#define BOOTFILE_MIN_SIZE 8             /* QEMU: "'x' is too small" below */
#define BOOTFILE_CFG_MAX (64 * 1024)    /* config files larger are images */

/* Command line size when the kernel leaves LINUX_CMDLINE_MAX (abi/lowcore.h)
 * at 0 (older kernels; QEMU's netboot always uses this size). */
#define LINUX_CMDLINE_DEFAULT 896u

enum bootfile_kind {
	BOOTFILE_TOO_SMALL,     /* fewer than BOOTFILE_MIN_SIZE bytes */
	BOOTFILE_INS,           /* .INS file: loader/insfile.h */
	BOOTFILE_PXELINUX,      /* pxelinux.cfg: loader/pxelinux.h */
	BOOTFILE_KERNEL,        /* Linux kernel image, no initrd inside */
	BOOTFILE_COMBINED,      /* Linux kernel + initrd (+ parmline) image */
	BOOTFILE_IMAGE,         /* anything else: loaded to 0 and started */
};

/* bootfile_kind_name - "kernel", ".INS file", ... for messages. */
const char *bootfile_kind_name(enum bootfile_kind kind);

/*
 * bootfile_classify - the kind of a file of @file_size bytes whose first
 * @len bytes (all of it, or at least the first 0x10418 bytes of a large
 * file) are at @buf, as it will sit at address 0.
 */
enum bootfile_kind bootfile_classify(const void *buf, size_t len, uint64_t file_size);

/* Facts of a Linux image as loaded at address 0. */
struct linux_info {
	uint64_t initrd_start, initrd_size;     /* 0, 0 when none */
	uint64_t cmdline_max;   /* bytes at LINUX_CMDLINE incl. NUL */
};

/*
 * bootfile_linux_info - read the image facts from the first @len bytes of
 * an image of @file_size bytes at @buf (loaded at 0). Returns true for a
 * Linux image ("S390EP"); the initrd is reported only when it lies inside
 * the file, after the command line area (else 0/0: it is not there).
 */
bool bootfile_linux_info(const void *buf, size_t len, uint64_t file_size,
			 struct linux_info *li);

/*
 * bootfile_start_addr - where QEMU's jump_to_low_kernel() starts the image
 * at @buf (first @len bytes): LINUX_IMAGE_START for a Linux image; 0 (meaning:
 * load the PSW at address 0) when the first word has a short-PSW, EA or
 * BA bit; else LINUX_IMAGE_START.
 */
uint64_t bootfile_start_addr(const void *buf, size_t len);

#endif
