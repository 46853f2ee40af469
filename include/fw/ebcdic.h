/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EBCDIC (code page 037 subset) to ASCII for loadparm and zipl menu text. */
#ifndef FW_EBCDIC_H
#define FW_EBCDIC_H

#include "fw/types.h"

/* ebcdic_to_ascii - one character; unknown codes become '?'. */
char ebcdic_to_ascii(uint8_t c);

/* ebcdic_to_ascii_buf - convert @n bytes of @src to @dst (not terminated). */
void ebcdic_to_ascii_buf(char *dst, const uint8_t *src, size_t n);

#endif
