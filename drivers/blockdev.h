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
	void *priv;
};

static inline int blockdev_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	return bd->read(bd, lba, count, dst);
}

#endif
