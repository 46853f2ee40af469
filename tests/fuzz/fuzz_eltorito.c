/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the El Torito loader (loader/eltorito.c). Input: byte 0
 * block size (512 << (b % 3)), byte 1 the boot entry, byte 2 flags (bit 0:
 * a CD-ROM), then the ISO image from sector 16 (the system area, sectors
 * 0-15, reads as zeros, which keeps the seeds small). The machine
 * (fuzz_machine.c) aborts on a read off the disk or into memory the loader
 * may not write; ASan/UBSan on the rest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/iso9660.h"
#include "fuzz_machine.h"
#include "loader/eltorito.h"

#define SYSTEM_AREA (16 * ISO_SECTOR_SIZE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *img;
	static size_t cap;
	struct os_start start;
	struct fz_disk disk;
	struct memmap mm;
	uint32_t bs;
	size_t len;
	int rc;

	if (size < 3)
		return 0;
	bs = 512u << (data[0] % 3);
	len = SYSTEM_AREA + size - 3;
	if (len > cap) {
		free(img);
		img = malloc(len);
		if (!img)
			abort();
		cap = len;
	}
	memset(img, 0, SYSTEM_AREA);
	memcpy(img + SYSTEM_AREA, data + 3, size - 3);
	fz_reset();
	fz_memmap(&mm);
	fz_disk_init(&disk, img, len, bs, len / bs, data[2] & 1);
	if (setjmp(fz_jb))
		return 0;
	if (!disk.bd.is_cdrom && iso_has_signature(&disk.bd) != 1)
		return 0;
	rc = eltorito_load(&disk.bd, &mm, data[1] % 8, &start);
	if (getenv("FZ_ECHO"))
		fprintf(stderr, "eltorito_load: %d\n", rc);
	return 0;
}
