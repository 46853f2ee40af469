// SPDX-License-Identifier: GPL-2.0-or-later
/* Machine file: the zPCI instructions behind zpci_insn.h. */
#include "drivers/pci/zpci_insn.h"
#include "fw/compiler.h"

#define CC_FROM_IPM(x) ((int)(((x) >> 28) & 3))

bool zpci_facility(void)
{
	static uint64_t fac[2] FW_ALIGNED(8);
	register uint64_t r0 asm("0") = 1;       /* store two doublewords */

	/* STORE FACILITY LIST EXTENDED */
	asm volatile(".insn s,0xb2b00000,0(%[a])" : "+d"(r0) : [a] "a"(fac) : "cc", "memory");
	return (fac[1] >> (127 - 69)) & (fac[1] >> (127 - 71)) & 1;
}

int zpci_clp(void *blk)
{
	uint64_t ignored;
	int ipm;

	/* CLP R1,R2 with logical-processor selector 2 (PCI) in M4 */
	asm volatile(".insn rrf,0xb9a00000,%[ign],%[blk],0,2\n\tipm %[c]"
		     : [c] "=d"(ipm), [ign] "=d"(ignored)
		     : [blk] "a"(blk)
		     : "cc", "memory");
	return CC_FROM_IPM(ipm);
}

int zpci_pcilg(uint64_t req, uint64_t offset, uint64_t *data, uint8_t *status)
{
	register uint64_t r2 asm("2") = req;
	register uint64_t r3 asm("3") = offset;
	uint64_t val = 0;
	int ipm;

	asm volatile(".insn rre,0xb9d20000,%[val],%[r2]\n\tipm %[c]"
		     : [c] "=d"(ipm), [val] "=d"(val), [r2] "+d"(r2), "+d"(r3)
		     :
		     : "cc", "memory");
	*data = val;
	*status = (uint8_t)(r2 >> 24);
	return CC_FROM_IPM(ipm);
}

int zpci_pcistg(uint64_t req, uint64_t offset, uint64_t data, uint8_t *status)
{
	register uint64_t r2 asm("2") = req;
	register uint64_t r3 asm("3") = offset;
	int ipm;

	asm volatile(".insn rre,0xb9d00000,%[val],%[r2]\n\tipm %[c]"
		     : [c] "=d"(ipm), [r2] "+d"(r2), "+d"(r3)
		     : [val] "d"(data)
		     : "cc", "memory");
	*status = (uint8_t)(r2 >> 24);
	return CC_FROM_IPM(ipm);
}
