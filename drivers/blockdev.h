/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A block device as the boot-record parsers see it: a name for messages, a
 * block size, a capacity and a read function that transfers straight into
 * guest memory. virtio-blk and virtio-scsi provide one; the boot-record code
 * knows nothing else about devices.
 */
#ifndef DRIVERS_BLOCKDEV_H
#define DRIVERS_BLOCKDEV_H

#include "fw/compiler.h"
#include "fw/types.h"

struct blockdev {
	const char *name;       /* e.g. "0.0.0001" or "0.0.0002 LUN 0:1:0" */
	uint32_t block_size;    /* bytes: 512, 1024, 2048 or 4096 */
	uint64_t blocks;        /* capacity in blocks */
	bool is_cdrom;
	/*
	 * read - read @count blocks from @lba into guest memory at @dst. The
	 * caller has checked lba + count <= blocks and that the destination is
	 * memory it may write. Returns 0 or a negative FW_E* (after printing why).
	 */
	int (*read)(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst);
	/*
	 * Optional (NULL: reads are synchronous): read_start() posts the read
	 * and may return before the data is there; flush() waits for every
	 * read started and returns the first failure among them (0 if none).
	 * read() waits for what was started before it, too.
	 */
	int (*read_start)(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst);
	int (*flush)(struct blockdev *bd);
	void *priv;
	uint32_t cache_id;      /* set by blockdev_ready(); 0: no read cache */
	bool started;           /* read_start() used since the last flush */
};

/*
 * blockdev_ready - a driver's open has filled in @bd: give it a read cache of
 * its own (an id no earlier device had, so nothing cached for another disk
 * is ever used for this one).
 */
void blockdev_ready(struct blockdev *bd);

/*
 * blockdev_read - read @count blocks from @lba into guest memory at @dst,
 * with the caller's guarantees of the read member. Small reads (boot
 * records, block lists, short extents) go through a read-ahead cache of
 * aligned windows; large ones go straight from the device to @dst.
 */
int blockdev_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst) FW_MUST_CHECK;

/*
 * blockdev_read_start - like blockdev_read(), but the data may arrive later:
 * only after blockdev_flush() returned 0 is it in place (and before that,
 * nothing may look at or change the destination). The error of a read that
 * fails after it started is returned by blockdev_flush().
 */
int blockdev_read_start(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
	FW_MUST_CHECK;
int blockdev_flush(struct blockdev *bd) FW_MUST_CHECK;

#endif
