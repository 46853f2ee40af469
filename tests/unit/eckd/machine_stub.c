// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The few fw/machine.h functions loader/eckd.c, loader/memmap.c and
 * lib/dma.c need, for the host unit test: firmware memory (the DMA area) is
 * ordinary host memory whose "absolute address" is its host address, far
 * above the small guest RAM the test uses (see eckd_test.c fake_read()).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fw/layout.h"
#include "fw/machine.h"
#include "machine_stub.h"

static uint8_t dma_area[FW_DMA_SIZE] FW_ALIGNED(4096);

absaddr_t stub_fw_start, stub_fw_end;

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	(void)addr;
	(void)len;
	return NULL;    /* eckd.c never turns guest addresses into pointers */
}

absaddr_t ptr_to_abs(const void *p)
{
	return (absaddr_t)(uintptr_t)p;
}

void mach_fw_region(absaddr_t *startp, absaddr_t *endp)
{
	*startp = stub_fw_start;
	*endp = stub_fw_end;
}

void *mach_dma_area(size_t *sizep)
{
	*sizep = sizeof(dma_area);
	return dma_area;
}

void mach_halt(uint32_t code)
{
	fprintf(stderr, "mach_halt(0x%08x)\n", code);
	abort();
}
