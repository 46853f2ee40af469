// SPDX-License-Identifier: GPL-2.0-or-later
/* Machine file: channel-subsystem instructions behind css_insn.h. */
#include "drivers/css/css_insn.h"

#define CC_FROM_IPM(x) ((int)(((x) >> 28) & 3))

int css_stsch(uint32_t schid, struct schib *schib)
{
	register uint32_t r1 asm("1") = schid;
	int ipm;

	asm volatile("stsch 0(%[a])\n\tipm %[c]"
		     : [c] "=d"(ipm), "=m"(*schib)
		     : "d"(r1), [a] "a"(schib)
		     : "cc");
	return CC_FROM_IPM(ipm);
}

int css_msch(uint32_t schid, const struct schib *schib)
{
	register uint32_t r1 asm("1") = schid;
	int ipm;

	asm volatile("msch 0(%[a])\n\tipm %[c]"
		     : [c] "=d"(ipm)
		     : "d"(r1), [a] "a"(schib), "m"(*schib)
		     : "cc");
	return CC_FROM_IPM(ipm);
}

int css_ssch(uint32_t schid, const struct orb *orb)
{
	register uint32_t r1 asm("1") = schid;
	int ipm;

	asm volatile("ssch 0(%[a])\n\tipm %[c]"
		     : [c] "=d"(ipm)
		     : "d"(r1), [a] "a"(orb), "m"(*orb)
		     : "cc", "memory");
	return CC_FROM_IPM(ipm);
}

int css_tsch(uint32_t schid, struct irb *irb)
{
	register uint32_t r1 asm("1") = schid;
	int ipm;

	asm volatile("tsch 0(%[a])\n\tipm %[c]"
		     : [c] "=d"(ipm), "=m"(*irb)
		     : "d"(r1), [a] "a"(irb)
		     : "cc", "memory");
	return CC_FROM_IPM(ipm);
}

int css_csch(uint32_t schid)
{
	register uint32_t r1 asm("1") = schid;
	int ipm;

	asm volatile("csch\n\tipm %[c]" : [c] "=d"(ipm) : "d"(r1) : "cc");
	return CC_FROM_IPM(ipm);
}

int css_tpi(struct tpi_info *info)
{
	int ipm;

	asm volatile("tpi 0(%[a])\n\tipm %[c]"
		     : [c] "=d"(ipm), "=m"(*info)
		     : [a] "a"(info)
		     : "cc", "memory");
	return CC_FROM_IPM(ipm);
}

int css_chsc(void *block)
{
	int ipm;

	asm volatile(".insn rre,0xb25f0000,%[a],0\n\tipm %[c]"
		     : [c] "=d"(ipm)
		     : [a] "d"(block)
		     : "cc", "memory");
	return CC_FROM_IPM(ipm);
}
