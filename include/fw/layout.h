/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where QEMU puts the firmware and what the firmware reserves. Shared by
 * the firmware (linker.ld mirrors FW_MAX_FOOTPRINT) and the host harness,
 * which places its emulated firmware where QEMU would.
 */
#ifndef FW_LAYOUT_H
#define FW_LAYOUT_H

#include "fw/types.h"

/* QEMU 7.2 reserves 2 MiB below min(RAM, 2 GiB); 9.2+ reserves 3 MiB. */
#define FW_QEMU72_WINDOW (2 * MiB)
#define FW_QEMU92_WINDOW (3 * MiB)
#define FW_MAX_FOOTPRINT FW_QEMU72_WINDOW  /* image + bss + stack + DMA */

/* fwbase = (min(ram, 2 GiB) - window) & ~0xffff (QEMU hw/s390x/ipl.c) */
static inline uint64_t fw_qemu_base(uint64_t ram_size, uint64_t window)
{
	uint64_t top = ram_size < 2 * GiB ? ram_size : 2 * GiB;

	return (top - window) & ~0xffffULL;
}

/* QEMU 9.2+ puts up to 7 fallback IPLBs in the pages below the entry page;
 * QEMU 11.2 reuses them for the verifying certificates of Secure IPL. */
#define FW_BELOW_PAGES 7

#define FW_DMA_SIZE (384 * KiB)
#define FW_STACK_SIZE (64 * KiB)

#endif
