/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parser fuzz targets' machine (see fuzz_machine.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "fuzz_machine.h"
#include "fw/layout.h"
#include "fw/log.h"
#include "fw/machine.h"

#define FZ_DMA_OFFSET (1ULL << 20)      /* DMA area inside the footprint */
#define FZ_READS_MAX 100000             /* transfers per input: a runaway loop */

jmp_buf fz_jb;
uint32_t fz_halt_code;

static uint8_t *ram;
static uint64_t tod = 0xdb00000000000000ULL;

static uint64_t fw_base(void)
{
	return fw_qemu_base(FZ_RAM_SIZE, FW_QEMU92_WINDOW);
}

uint8_t *fz_ram(void)
{
	if (!ram) {
		ram = aligned_alloc(4096, FZ_RAM_SIZE);
		if (!ram)
			abort();
		memset(ram, 0, FZ_RAM_SIZE);
	}
	return ram;
}

static void fz_echo(const char *s, size_t len)
{
	fwrite(s, 1, len, stderr);
}

void fz_reset(void)
{
	static bool once;

	if (!once) {
		once = true;
		if (getenv("FZ_ECHO"))  /* replaying an input: show the console */
			fw_set_console(fz_echo);
	}
	memset(fz_ram(), 0, 2ULL << 20);
	fz_halt_code = 0;
}

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	if (len > FZ_RAM_SIZE || addr > FZ_RAM_SIZE - len)
		return NULL;
	return fz_ram() + addr;
}

absaddr_t ptr_to_abs(const void *p)
{
	const uint8_t *b = p;

	if (b < fz_ram() || b >= fz_ram() + FZ_RAM_SIZE) {
		fprintf(stderr, "fuzz: ptr_to_abs(%p): not guest memory\n", p);
		abort();
	}
	return (absaddr_t)(b - fz_ram());
}

void mach_fw_region(absaddr_t *startp, absaddr_t *endp)
{
	*startp = fw_base();
	*endp = fw_base() + FW_MAX_FOOTPRINT;
}

void *mach_dma_area(size_t *sizep)
{
	*sizep = FW_DMA_SIZE;
	return fz_ram() + fw_base() + FZ_DMA_OFFSET;
}

uint64_t mach_tod(void)
{
	tod += 10ULL << 12;
	return tod;
}

uint16_t mach_wait_ext(uint64_t deadline)
{
	if (deadline > tod)
		tod = deadline;
	return 0;
}

void mach_halt(uint32_t code)
{
	fz_halt_code = code;
	longjmp(fz_jb, 1);
}

absaddr_t mach_trampoline(uint64_t saved_psw, uint64_t target)
{
	(void)saved_psw;
	(void)target;
	return fw_base() + 0x400;
}

/* The Secure IPL DIAGs answer 0x0102 unless a target (fuzz_secure)
 * installs its own hypervisor. */
uint64_t (*fz_diag320)(uint64_t subcode, absaddr_t addr);
uint64_t (*fz_diag508)(uint64_t subcode, absaddr_t addr);

uint64_t diag320(uint64_t subcode, absaddr_t addr)
{
	return fz_diag320 ? fz_diag320(subcode, addr) : 0x0102;
}

uint64_t diag508(uint64_t subcode, absaddr_t addr)
{
	return fz_diag508 ? fz_diag508(subcode, addr) : 0x0102;
}

/* polling loops (net/) yield; the clock moves on every read anyway */
void diag44_yield(void)
{
}

void fz_memmap(struct memmap *mm)
{
	memmap_init(mm, FZ_RAM_SIZE);
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int fz_disk_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	struct fz_disk *d = bd->priv;
	uint64_t bytes = count * bd->block_size, off = lba * bd->block_size;
	uint64_t dma = fw_base() + FZ_DMA_OFFSET;
	uint64_t below = (fw_base() & ~0xfffULL) - FW_BELOW_PAGES * 4096ULL;

	if (++d->reads > FZ_READS_MAX) {
		fprintf(stderr, "fuzz: more than %u block reads for one input\n", FZ_READS_MAX);
		abort();
	}
	if (count == 0 || lba >= bd->blocks || count > bd->blocks - lba) {
		fprintf(stderr, "fuzz: read of %llu blocks at %llu, disk has %llu\n",
			(unsigned long long)count, (unsigned long long)lba,
			(unsigned long long)bd->blocks);
		abort();
	}
	if (!(dst >= dma && bytes <= FW_DMA_SIZE && dst - dma <= FW_DMA_SIZE - bytes) &&
	    (dst < 0x2000 || bytes > FZ_RAM_SIZE || dst > FZ_RAM_SIZE - bytes ||
	     overlaps(dst, bytes, below, fw_base() + FW_MAX_FOOTPRINT - below))) {
		fprintf(stderr, "fuzz: read of %llu bytes to 0x%llx: not allowed memory\n",
			(unsigned long long)bytes, (unsigned long long)dst);
		abort();
	}
	memset(fz_ram() + dst, 0, bytes);
	if (off < d->len)
		memcpy(fz_ram() + dst, d->data + off, d->len - off < bytes ? d->len - off : bytes);
	return 0;
}

void fz_disk_init(struct fz_disk *d, const uint8_t *data, size_t len, uint32_t block_size,
		  uint64_t blocks, bool cdrom)
{
	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	d->bd.name = "fuzz";
	d->bd.block_size = block_size;
	d->bd.blocks = blocks;
	d->bd.is_cdrom = cdrom;
	d->bd.read = fz_disk_read;
	d->bd.priv = d;
	blockdev_ready(&d->bd);
}
