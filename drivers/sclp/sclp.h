/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SCLP: the ASCII console (output, and key input for the boot menu) and
 * Read SCP Info (memory size, loadparm, facility bytes).
 */
#ifndef SCLP_SCLP_H
#define SCLP_SCLP_H

#include "fw/compiler.h"
#include "fw/types.h"

struct sclp_info {
	uint64_t ram_size;      /* bytes */
	char loadparm[9];       /* ASCII, NUL-terminated, trailing blanks kept */
	uint8_t fac134;         /* certificate-store facility bit */
	uint16_t fac_ipl;       /* bytes 136-137: Secure-IPL facility bits */
};

/* sclp_console_init - enable ASCII console output and register it as the
 * fw_printf() sink. Returns 0 or FW_EIO (nothing can be printed then). */
int sclp_console_init(void) FW_MUST_CHECK;

/* sclp_console_write - write @len bytes, '\n' becomes "\r\n". */
void sclp_console_write(const char *s, size_t len);

/* sclp_read_info - Read SCP Info. Returns 0, FW_EIO or FW_ETIMEDOUT. */
int sclp_read_info(struct sclp_info *info) FW_MUST_CHECK;

/* sclp_read_key - one console character, waiting until @deadline (TOD).
 * Returns the character (0..255) or FW_ETIMEDOUT. */
int sclp_read_key(uint64_t deadline);

#endif
