// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reserved ".enroll" section of the image: the empty store, which
 * secure-ccw-enroll fills in a copy of the image (include/abi/enroll.h).
 * Not const, so the compiler cannot fold its contents into the code.
 */
#include "abi/enroll.h"
#include "crypto/sigverify.h"

__attribute__((section(ENROLL_SECTION), used, aligned(4096)))
uint8_t enroll_section[ENROLL_AREA_SIZE] = {
	's', 'c', 'c', 'w', 'S', 'T', 'O', 'R',  /* magic */
	0, 0, 0, ENROLL_VERSION,                  /* version */
	0, 0, 0, sizeof(struct enroll_header),    /* hdr_len */
	0, 0, 0, sizeof(struct enroll_header),    /* total_len */
	0, 0, (ENROLL_AREA_SIZE >> 8) & 0xff, 0,  /* size */
	ENROLL_MODE_NONE,                         /* mode; the rest is zero */
};
_Static_assert((ENROLL_AREA_SIZE & 0xff) == 0 && ENROLL_AREA_SIZE < 0x10000, "size encoding");

const void *enroll_area(void)
{
	return enroll_section;
}
