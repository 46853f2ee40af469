// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Machine file: the s390x implementation of fw/machine.h. Guest memory is
 * identity-mapped (DAT off, prefix 0), so this is the only place where
 * integers become pointers. Assembly helpers live in start.S.
 */
#include "abi/lowcore.h"
#include "fw/endian.h"
#include "fw/halt.h"
#include "fw/layout.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

/* linker.ld / start.S */
extern char _start[], _end[];
extern char mach_trampoline_code[];
extern uint64_t mach_trampoline_data[2];
int mach_enabled_wait(uint64_t deadline, uint64_t cr0_bits, uint64_t mask);
FW_NORETURN void mach_unexpected_interrupt(int kind);

static uint8_t dma_area[FW_DMA_SIZE] FW_ALIGNED(4096);

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	if (addr + len < addr)
		return NULL;
	/* Hide the value from the optimizer: address 0 (lowcore) is real
	 * memory here, not a null pointer. */
	asm("" : "+d"(addr));
	return (void *)(uintptr_t)addr;
}

absaddr_t ptr_to_abs(const void *p)
{
	return (absaddr_t)(uintptr_t)p;
}

void mach_fw_region(absaddr_t *startp, absaddr_t *endp)
{
	*startp = ptr_to_abs(_start);
	*endp = ptr_to_abs(_end);
}

void *mach_dma_area(size_t *sizep)
{
	*sizep = sizeof(dma_area);
	return dma_area;
}

uint64_t mach_tod(void)
{
	uint64_t tod;

	asm volatile("stck %0" : "=Q"(tod) : : "cc");
	return tod;
}

bool mach_vm_uuid(uint8_t uuid[16])
{
	static uint8_t sysib[PAGE_SIZE] FW_ALIGNED(PAGE_SIZE);
	register uint64_t r0 asm("0") = 3ULL << 28 | 2;        /* SYSIB 3.2.2 */
	register uint64_t r1 asm("1") = 2;
	int cc;

	asm volatile("stsi 0(%[p])\n\tipm %[cc]\n\tsrl %[cc],28"
		     : [cc] "=d"(cc), "+d"(r0)
		     : [p] "a"(sysib), "d"(r1)
		     : "cc", "memory");
	if (cc)
		return false;
	memcpy(uuid, sysib + SYSIB322_VM0_UUID, 16);
	for (unsigned int i = 0; i < 16; i++)
		if (uuid[i])
			return true;
	return false;
}

/* CR0 external-interruption subclass masks */
#define CR0_CLOCK_COMP 0x0800
#define CR0_SERVICE_SIGNAL 0x0200
#define PSW_WAIT_EXT (PSW_MASK_EXT | PSW_MASK_WAIT | PSW_MASK_64)

uint16_t mach_wait_ext(uint64_t deadline)
{
	const uint8_t *lc = abs_to_ptr(0, LC_SIZE);
	uint16_t code;

	(void)mach_enabled_wait(deadline, CR0_CLOCK_COMP | CR0_SERVICE_SIGNAL, PSW_WAIT_EXT);
	code = get_be16(lc + LC_EXT_INT_CODE);
	return code == EXT_CODE_CLOCK_COMP ? 0 : code;
}

bool mach_wait_io(uint64_t deadline, uint32_t *schidp)
{
	const uint8_t *lc = abs_to_ptr(0, LC_SIZE);

	if (!mach_enabled_wait(deadline, CR0_CLOCK_COMP, PSW_WAIT_EXT | PSW_MASK_IO))
		return false;
	if (schidp)
		*schidp = get_be32(lc + LC_SUBCHANNEL_ID);
	return true;
}

absaddr_t mach_trampoline(uint64_t saved_psw, uint64_t target)
{
	mach_trampoline_data[0] = saved_psw;
	mach_trampoline_data[1] = target;
	return ptr_to_abs(mach_trampoline_code);
}

void mach_unexpected_interrupt(int kind)
{
	static const uint16_t old_psw[] = { 0, LC_EXT_OLD_PSW, 0x140, LC_PGM_OLD_PSW,
					    LC_MCCK_OLD_PSW, LC_IO_OLD_PSW };
	static const char *const names[] = { "?", "external", "supervisor-call",
					     "program", "machine-check", "I/O" };
	static bool reported;
	const uint8_t *lc = abs_to_ptr(0, LC_SIZE);

	if (kind < 1 || kind > 5)
		kind = 0;
	if (!reported) {
		reported = true;
		fw_printf("\nsecure-ccw: unexpected %s interruption, old PSW %016llx %016llx",
			  names[kind], (unsigned long long)get_be64(lc + old_psw[kind]),
			  (unsigned long long)get_be64(lc + old_psw[kind] + 8));
		if (kind == 3)
			fw_printf(", program interruption code 0x%04x",
				  get_be16(lc + LC_PGM_CODE));
		if (kind == 1)
			fw_printf(", code 0x%04x", get_be16(lc + LC_EXT_INT_CODE));
		fw_printf("\n");
	}
	mach_halt(HALT_INTERRUPT + (uint32_t)kind);
}
