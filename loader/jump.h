/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hand-over to the loaded operating system, as QEMU's BIOS does it: lowcore
 * subsystem id and IPLB address, DIAG 308 set of the IPLB of the device
 * that booted (so re-IPL and /sys/firmware/ipl refer to it), the short PSW
 * at absolute 0, DIAG 308 load normal.
 */
#ifndef LOADER_JUMP_H
#define LOADER_JUMP_H

#include "abi/iplb.h"
#include "fw/types.h"

#define OS_LOWCORE_IMAGE_SIZE 0x2000

/* How to start what was loaded. */
struct os_start {
	uint64_t psw;           /* short PSW to load from absolute 0 */
	/* Images loaded at 0 bring their own first 8 KiB (lowcore); they are
	 * kept here and copied in just before the jump. NULL if none. */
	const uint8_t *lowcore_image;
	uint32_t lowcore_len;
	/* Start in 64-bit mode at @target through the firmware trampoline,
	 * after restoring the 8 bytes at 0 (Linux images: entry 0x10000). */
	bool via_trampoline;
	uint64_t target;
};

/*
 * jump_to_os - start the OS as @start says. @iplb (a DMA page) is the IPL
 * block to set for the device with subchannel id @schid; @boot_index is its
 * position in QEMU's boot order (used for QEMU-SCSI blocks on 9.2+).
 * Returns only if the machine refused: FW_ESECURITY when Secure IPL could
 * not set the IPL block ("Failed to set IPLB", nothing was changed), else
 * FW_EIO after printing the load's response code.
 */
int jump_to_os(const struct os_start *start, struct iplb *iplb, uint32_t schid,
	       unsigned int boot_index);

#endif
