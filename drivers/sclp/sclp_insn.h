/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SCLP seam: SERVICE CALL. drivers/sclp/sclp_s390x.c executes it; the harness
 * implements it in tests/emu/sclp_emu.c. @sccb is a page in the DMA area.
 * Returns the condition code. When it is 0 the request completes with a
 * service-signal external interruption, which the caller waits for with
 * mach_wait_ext().
 */
#ifndef SCLP_INSN_H
#define SCLP_INSN_H

#include "fw/types.h"

int sclp_servc(uint32_t command, void *sccb);

#endif
