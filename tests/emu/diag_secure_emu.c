// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DIAG 0x320 and 0x508 of the emulated machine (see emu_secure.h). Without
 * the Secure IPL facilities (every QEMU before 11.2) both raise a
 * specification exception, as QEMU does when the CPU model lacks them.
 */
#include "diag/diag.h"
#include "emu_int.h"
#include "emu_secure.h"

#define PGM_SPECIFICATION 0x0006

static const struct emu_secure_ops *secure_ops;

void emu_set_secure_ops(const struct emu_secure_ops *ops)
{
	secure_ops = ops;
}

uint64_t diag320(uint64_t subcode, absaddr_t addr)
{
	if (secure_ops && secure_ops->diag320)
		return secure_ops->diag320(subcode, addr);
	emu_pgm(PGM_SPECIFICATION, "DIAG 0x320 subcode %llu (addr 0x%llx) without the "
		"certificate-store facility", (unsigned long long)subcode,
		(unsigned long long)addr);
}

uint64_t diag508(uint64_t subcode, absaddr_t addr)
{
	if (secure_ops && secure_ops->diag508)
		return secure_ops->diag508(subcode, addr);
	emu_pgm(PGM_SPECIFICATION, "DIAG 0x508 subcode 0x%llx (addr 0x%llx) without Secure "
		"IPL", (unsigned long long)subcode, (unsigned long long)addr);
}
