// SPDX-License-Identifier: GPL-2.0-or-later
/* Machine file: SERVICE CALL behind sclp_insn.h. */
#include "drivers/sclp/sclp_insn.h"

int sclp_servc(uint32_t command, void *sccb)
{
	int ipm;

	asm volatile(".insn rre,0xb2200000,%[cmd],%[addr]\n\tipm %[c]"
		     : [c] "=d"(ipm)
		     : [cmd] "d"(command), [addr] "a"(sccb)
		     : "cc", "memory");
	return (ipm >> 28) & 3;
}
