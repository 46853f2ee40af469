/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DMA area: the only firmware memory handed to the machine (CCW
 * programs and data, SCCBs, IPLB, virtqueues and their buffers). A bump
 * allocator over mach_dma_area(); allocations are zeroed, never freed, and
 * made once when a module first needs them.
 */
#ifndef FW_DMA_H
#define FW_DMA_H

#include "fw/types.h"

/* dma_alloc - @size bytes aligned to @align (a power of two); halts on
 * exhaustion, which is a build-time sizing error. */
void *dma_alloc(size_t size, size_t align);

#endif
