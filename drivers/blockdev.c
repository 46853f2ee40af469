// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Block reads through a small read-ahead cache.
 *
 * A zipl disk is read as a chain of small dependent reads: block 0, the
 * program table, the component table, every block-pointer list, the one
 * block each hole of the kernel image points at, short extents of the kernel
 * file; an ISO's volume descriptors and directories alike. On QEMU each is a
 * device round trip (about 0.1 ms under TCG), and zipl writes them close
 * together in its bootmap file. So a read of at most BC_SMALL bytes fetches
 * the aligned BC_WIN-byte window(s) around it (clipped to the disk), and
 * later small reads inside a window are copied from memory. Large reads (a
 * kernel, an initrd) go from the device straight to their destination, and
 * drivers that can may keep several in flight (blockdev_read_start, then
 * blockdev_flush), so that the device is busy while we take a completion.
 *
 * The disk does not change while we boot. A window belongs to one opened
 * device (its cache_id, never reused) and is never used for another; a
 * window whose read failed is dropped, and the caller's blocks are then read
 * from the device as asked.
 */
#include "drivers/blockdev.h"
#include "fw/dma.h"
#include "fw/machine.h"
#include "fw/string.h"

#define BC_WIN (32 * KiB)       /* window bytes: a multiple of every block size */
#define BC_NWIN 4
#define BC_SMALL (BC_WIN / 2)   /* so a small read spans at most two windows */

struct bc_win {
	uint32_t id;            /* cache_id of the device; 0: empty */
	uint32_t used;          /* LRU stamp */
	uint64_t index;         /* window number: first block / blocks per window */
	uint64_t blocks;        /* blocks held (fewer at the end of the disk) */
};

static struct {
	uint8_t *mem;           /* BC_NWIN windows of DMA memory */
	struct bc_win win[BC_NWIN];
	uint32_t ids, stamp;
} bc;

void blockdev_ready(struct blockdev *bd)
{
	bd->cache_id = ++bc.ids;        /* 0 after 2^32 opens: uncached */
	bd->started = false;
}

static uint8_t *win_mem(const struct bc_win *w)
{
	return bc.mem + (size_t)(w - bc.win) * BC_WIN;
}

/* Window @index of @bd, read from the device unless cached; NULL on error. */
static struct bc_win *window(struct blockdev *bd, uint64_t index)
{
	const uint64_t per = BC_WIN / bd->block_size;
	struct bc_win *w = NULL, *lru = &bc.win[0];

	for (unsigned int i = 0; i < BC_NWIN; i++) {
		if (bc.win[i].id == bd->cache_id && bc.win[i].index == index) {
			w = &bc.win[i];
			break;
		}
		if (bc.win[i].used < lru->used)
			lru = &bc.win[i];
	}
	if (!w) {
		w = lru;
		w->id = 0;
		w->index = index;
		w->blocks = MIN(per, bd->blocks - index * per);
		if (bd->read(bd, index * per, w->blocks, ptr_to_abs(win_mem(w))))
			return NULL;
		w->id = bd->cache_id;
	}
	w->used = ++bc.stamp;
	return w;
}

int blockdev_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	const uint32_t bs = bd->block_size;
	uint64_t per;

	if (!bd->cache_id || bs == 0 || bs > BC_SMALL || BC_WIN % bs || count == 0 ||
	    count > BC_SMALL / bs || lba >= bd->blocks || count > bd->blocks - lba)
		return bd->read(bd, lba, count, dst);
	if (!bc.mem)
		bc.mem = dma_alloc(BC_NWIN * BC_WIN, PAGE_SIZE);
	per = BC_WIN / bs;
	while (count) {
		struct bc_win *w = window(bd, lba / per);
		uint64_t off = lba % per, n;

		if (!w || off >= w->blocks)
			return bd->read(bd, lba, count, dst);
		n = MIN(count, w->blocks - off);
		memcpy(abs_to_ptr(dst, n * bs), win_mem(w) + off * bs, n * bs);
		lba += n;
		count -= n;
		dst += n * bs;
	}
	return 0;
}

int blockdev_read_start(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	if (!bd->read_start || count * bd->block_size <= BC_SMALL)
		return blockdev_read(bd, lba, count, dst);
	bd->started = true;
	return bd->read_start(bd, lba, count, dst);
}

/* Cheap when nothing was started: zipl flushes before every repeated
 * extent, hundreds of times for a kernel image's holes. */
int blockdev_flush(struct blockdev *bd)
{
	if (!bd->started || !bd->flush)
		return 0;
	bd->started = false;
	return bd->flush(bd);
}
