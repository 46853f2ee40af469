/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Channel-subsystem instruction seam (Principles of Operation, chapters 14
 * and 15). drivers/css/css_s390x.c executes the instructions; the harness
 * implements them in tests/emu/css_emu.c. Each returns the condition code.
 *
 * The operand blocks (SCHIB, ORB, IRB, TPI info) are ordinary firmware
 * memory; the channel program an ORB points to must be in the DMA area.
 */
#ifndef CSS_INSN_H
#define CSS_INSN_H

#include "abi/css.h"

int css_stsch(uint32_t schid, struct schib *schib);
int css_msch(uint32_t schid, const struct schib *schib);
int css_ssch(uint32_t schid, const struct orb *orb);
int css_tsch(uint32_t schid, struct irb *irb);
int css_csch(uint32_t schid);
/* TPI: cc 1 when an I/O interruption was pending (and is now cleared). */
int css_tpi(struct tpi_info *info);
/* CHSC with the request/response block at @block (4 KiB, page aligned). */
int css_chsc(void *block);

#endif
