/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which guest memory a boot component may be loaded into: below the end of
 * RAM, not in the lowcore prefix area, not in the firmware (image, bss,
 * stack, DMA area with the virtqueues) nor in the pages below it where QEMU
 * keeps the fallback IPL blocks (and, for Secure IPL, the certificates).
 */
#ifndef LOADER_MEMMAP_H
#define LOADER_MEMMAP_H

#include "fw/compiler.h"
#include "fw/types.h"

struct memmap {
	uint64_t ram_size;
	absaddr_t fw_start;     /* lowest firmware-owned address (incl. pages below) */
	absaddr_t fw_end;
};

/* memmap_init - from the RAM size and mach_fw_region(). */
void memmap_init(struct memmap *mm, uint64_t ram_size);

/*
 * memmap_check - may [addr, addr + len) be written by a boot component?
 * Returns 0, or FW_ERANGE after setting *whyp to a short reason.
 */
int memmap_check(const struct memmap *mm, uint64_t addr, uint64_t len, const char **whyp)
	FW_MUST_CHECK;

#endif
