// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DIAG 0x320 and 0x508 of the emulated machine. Without the Secure IPL
 * facilities (every QEMU before 11.2) both raise a specification exception,
 * as QEMU does when the CPU model lacks them. The BearSSL reference
 * hypervisor side (tests/ref) is plugged in here for Secure IPL scenarios.
 */
#include "diag/diag.h"
#include "emu_int.h"

#define PGM_SPECIFICATION 0x0006

uint64_t diag320(uint64_t subcode, absaddr_t addr)
{
	emu_pgm(PGM_SPECIFICATION, "DIAG 0x320 subcode %llu (addr 0x%llx) without the "
		"certificate-store facility", (unsigned long long)subcode,
		(unsigned long long)addr);
}

uint64_t diag508(uint64_t subcode, absaddr_t addr)
{
	emu_pgm(PGM_SPECIFICATION, "DIAG 0x508 subcode 0x%llx (addr 0x%llx) without Secure "
		"IPL", (unsigned long long)subcode, (unsigned long long)addr);
}
