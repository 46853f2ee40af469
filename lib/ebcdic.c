// SPDX-License-Identifier: GPL-2.0-or-later
/* EBCDIC to ASCII: letters, digits, blank and the punctuation zipl uses. */
#include "fw/ebcdic.h"

static const struct {
	uint8_t ebcdic;
	char ascii;
} punct[] = {
	{ 0x00, '\0' }, { 0x40, ' ' }, { 0x4b, '.' }, { 0x4d, '(' }, { 0x4e, '+' },
	{ 0x5b, '$' }, { 0x5c, '*' }, { 0x5d, ')' }, { 0x5e, ';' }, { 0x60, '-' },
	{ 0x61, '/' }, { 0x6b, ',' }, { 0x6d, '_' }, { 0x7a, ':' }, { 0x7b, '#' },
	{ 0x7c, '@' }, { 0x7d, '\'' }, { 0x7e, '=' }, { 0x7f, '"' }, { 0x25, '\n' },
};

char ebcdic_to_ascii(uint8_t c)
{
	static const struct {
		uint8_t first, last;
		char base;
	} runs[] = {
		{ 0x81, 0x89, 'a' }, { 0x91, 0x99, 'j' }, { 0xa2, 0xa9, 's' },
		{ 0xc1, 0xc9, 'A' }, { 0xd1, 0xd9, 'J' }, { 0xe2, 0xe9, 'S' },
		{ 0xf0, 0xf9, '0' },
	};

	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		if (c >= runs[i].first && c <= runs[i].last)
			return (char)(runs[i].base + (c - runs[i].first));
	}
	for (size_t i = 0; i < ARRAY_SIZE(punct); i++) {
		if (punct[i].ebcdic == c)
			return punct[i].ascii;
	}
	return '?';
}

void ebcdic_to_ascii_buf(char *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = ebcdic_to_ascii(src[i]);
}
