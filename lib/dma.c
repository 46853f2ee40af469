// SPDX-License-Identifier: GPL-2.0-or-later
/* Bump allocator over the machine's DMA area (see fw/dma.h). */
#include "fw/assert.h"
#include "fw/dma.h"
#include "fw/halt.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

static uint8_t *dma_base;
static size_t dma_size, dma_used;

void *dma_alloc(size_t size, size_t align)
{
	size_t start;

	if (!dma_base)
		dma_base = mach_dma_area(&dma_size);
	start = ALIGN_UP(dma_used, align);
	FW_ASSERT(start <= dma_size && size <= dma_size - start);
	dma_used = start + size;
	memset(dma_base + start, 0, size);
	return dma_base + start;
}

void fw_assert_fail(const char *file, int line, const char *expr)
{
	fw_printf("\nsecure-ccw: internal error at %s:%d: %s\n", file, line, expr);
	mach_halt(HALT_ASSERT);
}
