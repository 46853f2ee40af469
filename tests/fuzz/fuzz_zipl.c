/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the zipl SCSI-scheme loader (loader/zipl.c) on a disk
 * image made of the input. Input: byte 0 block size (512 << (b & 3)),
 * byte 1 the boot entry, byte 2 flags (bit 0 list the entries first, bits
 * 4-7 make the disk up to 16 times larger than the data, reading zeros),
 * then the disk from block 0. The machine (fuzz_machine.c) aborts on a read
 * off the disk or into memory the loader may not write; ASan/UBSan on the
 * rest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_machine.h"
#include "loader/zipl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct zipl_result res;
	bool present[ZIPL_MAX_ENTRY + 1];
	struct fz_disk disk;
	struct memmap mm;
	uint32_t bs;
	uint64_t blocks;
	int rc;

	if (size < 3)
		return 0;
	bs = 512u << (data[0] & 3);
	blocks = (size - 3) / bs;
	if (!blocks)
		return 0;
	blocks *= 1 + (data[2] >> 4);
	fz_reset();
	fz_memmap(&mm);
	fz_disk_init(&disk, data + 3, size - 3, bs, blocks, false);
	if (setjmp(fz_jb))
		return 0;       /* a halt (internal consistency check): fine */
	if (zipl_has_magic(&disk.bd) != 1)
		return 0;
	if ((data[2] & 1) && zipl_list_entries(&disk.bd, present))
		return 0;
	rc = zipl_load(&disk.bd, &mm, data[1] % 40, &res);
	if (getenv("FZ_ECHO"))
		fprintf(stderr, "zipl_load: %d, %u components\n", rc, res.nr_components);
	return 0;
}
