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

/*
 * jump_to_os - start the OS at short PSW @psw. @iplb (a DMA page) is the IPL
 * block to set for the device with subchannel id @schid; @boot_index is its
 * position in QEMU's boot order (used for QEMU-SCSI blocks on 9.2+).
 * Returns only if the machine refused the load (the response code).
 */
uint64_t jump_to_os(uint64_t psw, struct iplb *iplb, uint32_t schid, unsigned int boot_index);

#endif
