// SPDX-License-Identifier: GPL-2.0-or-later
/* Machine file: the DIAGNOSE instructions behind diag/diag.h. */
#include "diag/diag.h"

/*
 * DIAG with an address in the even register R1 (r2), the subcode in R3 and
 * the result in R1+1 (r3). The DIAG code is part of the instruction, so each
 * code gets its own function.
 */
#define DIAG_RX_RY(name, code)                                          \
	uint64_t name(uint64_t subcode, absaddr_t addr)                 \
	{                                                               \
		register uint64_t r2 asm("2") = addr;                   \
		register uint64_t r3 asm("3") = 0;                      \
									\
		asm volatile("diag %[rx],%[ry]," #code                  \
			     : [rx] "+d"(r2), "+d"(r3)                  \
			     : [ry] "d"(subcode)                        \
			     : "memory", "cc");                         \
		return r3;                                              \
	}

static DIAG_RX_RY(diag308, 0x308)
DIAG_RX_RY(diag320, 0x320)
DIAG_RX_RY(diag508, 0x508)

uint64_t diag308_store(absaddr_t iplb)
{
	return diag308(DIAG308_STORE, iplb);
}

uint64_t diag308_set(absaddr_t iplb)
{
	return diag308(DIAG308_SET, iplb);
}

uint64_t diag308_load_normal(void)
{
	return diag308(DIAG308_LOAD_NORMAL, 0);
}

int64_t diag500_notify(uint32_t schid, uint32_t vq, int64_t cookie)
{
	register uint64_t r1 asm("1") = 3; /* KVM_S390_VIRTIO_CCW_NOTIFY */
	register uint64_t r2 asm("2") = schid;
	register uint64_t r3 asm("3") = vq;
	register int64_t r4 asm("4") = cookie;

	asm volatile("diag 2,4,0x500"
		     : "+d"(r2)
		     : "d"(r1), "d"(r3), "d"(r4)
		     : "memory", "cc");
	return (int64_t)r2;
}

void diag44_yield(void)
{
	asm volatile("diag 0,0,0x44" : : : "memory");
}
