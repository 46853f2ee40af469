/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal machine seam for the parser fuzz targets (fuzz_zipl,
 * fuzz_eltorito, fuzz_iplb): guest RAM is a static buffer laid out like
 * QEMU 9.2's (firmware 3 MiB below the top, DMA area inside it), the clock
 * advances on every read, mach_halt() returns to the target by longjmp,
 * and an in-memory block device checks every transfer against the rules
 * its callers promise (on the disk, destination allowed). A broken promise
 * aborts: libFuzzer reports it as a crash.
 */
#ifndef TESTS_FUZZ_FUZZ_MACHINE_H
#define TESTS_FUZZ_FUZZ_MACHINE_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/blockdev.h"
#include "loader/memmap.h"

#define FZ_RAM_SIZE (32ULL << 20)

/* guest memory (FZ_RAM_SIZE bytes); fz_reset() zeroes the low 2 MiB for a
 * new input (FZ_ECHO=1 in the environment: the console goes to stderr) */
uint8_t *fz_ram(void);
void fz_reset(void);

/* mach_halt() jumps here; fz_halted says whether it did */
extern jmp_buf fz_jb;
extern uint32_t fz_halt_code;

/* Secure IPL DIAGs of the machine (NULL: answer 0x0102) */
extern uint64_t (*fz_diag320)(uint64_t subcode, absaddr_t addr);
extern uint64_t (*fz_diag508)(uint64_t subcode, absaddr_t addr);

/* the firmware's memory map for this machine */
void fz_memmap(struct memmap *mm);

/*
 * An in-memory disk: @data (@len bytes) is its start; @blocks may exceed
 * what @data holds (the rest reads as zeros). Reads into guest memory must
 * lie on the disk and land in allowed memory or entirely in the DMA area.
 */
struct fz_disk {
	struct blockdev bd;
	const uint8_t *data;
	size_t len;
	unsigned int reads;
};

void fz_disk_init(struct fz_disk *d, const uint8_t *data, size_t len, uint32_t block_size,
		  uint64_t blocks, bool cdrom);

#endif
