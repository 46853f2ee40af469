/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DIAGNOSE seam. diag/diag_s390x.c issues the instructions; the host harness
 * implements the same functions in tests/emu/diag_emu.c.
 *
 * DIAG 0x308 (IPL functions): rx = address (page-aligned), ry = subcode, the
 * response code comes back in rx+1.
 */
#ifndef DIAG_DIAG_H
#define DIAG_DIAG_H

#include "fw/types.h"

#define DIAG308_LOAD_CLEAR 3
#define DIAG308_LOAD_NORMAL 1
#define DIAG308_SET 5
#define DIAG308_STORE 6

#define DIAG308_RC_OK 0x0001
#define DIAG308_RC_NOCONFIG 0x0102
#define DIAG308_RC_INVALID 0x0402

/* diag308_store - DIAG 308 subcode 6 into the 4 KiB page at @iplb. */
uint64_t diag308_store(absaddr_t iplb);

/* diag308_set - DIAG 308 subcode 5 from the 4 KiB page at @iplb. */
uint64_t diag308_set(absaddr_t iplb);

/*
 * diag308_load_normal - DIAG 308 subcode 1: reset the I/O subsystem and the
 * CPU and start at the PSW stored at absolute 0. Returns only on failure
 * (the response code).
 */
uint64_t diag308_load_normal(void);

/*
 * diag500_notify - virtio-ccw guest notification (DIAG 0x500 subcode 3) for
 * queue @vq of subchannel @schid. Returns the host cookie (negative on error).
 */
int64_t diag500_notify(uint32_t schid, uint32_t vq, int64_t cookie);

/*
 * DIAG 0x320 (certificate store) and DIAG 0x508 (signature verification),
 * QEMU 11.2+ Secure IPL. @addr goes in the even register R1, @subcode in R3;
 * the result comes back in R1+1: a response code (0x0001 = OK), or for DIAG
 * 0x508 subcode 0 the mask of installed subcodes. A hypervisor without them
 * raises a specification exception.
 */
#define DIAG320_QUERY_ISM 0
#define DIAG320_QUERY_VCSI 1
#define DIAG320_STORE_VC 2
#define DIAG508_QUERY 0x0000
#define DIAG508_VERIFY 0x8000

uint64_t diag320(uint64_t subcode, absaddr_t addr);
uint64_t diag508(uint64_t subcode, absaddr_t addr);

/* diag44_yield - DIAG 0x44: give the host CPU away while polling. */
void diag44_yield(void);

#endif
