// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-blk: reads of many blocks per request, split only where the
 * device's segment limits (SEG_MAX, SIZE_MAX) or our per-request cap demand
 * it; 64-bit sector numbers; logical block sizes 512..4096.
 */
#include "drivers/virtio/virtio_blk.h"
#include "fw/dma.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define VBLK_SEG_DEFAULT (1 * MiB)     /* segment size without SIZE_MAX */
#define VBLK_MAX_SEGS 32               /* descriptors for data per request */
#define VBLK_REQ_MAX (8 * MiB)         /* bytes per request */

struct vblk_dma {
	struct virtio_blk_outhdr hdr;
	uint8_t status;
};

struct vblk {
	struct vdev *vd;
	uint32_t seg_size;             /* bytes per data descriptor, block multiple */
	uint32_t max_segs;
	struct vblk_dma *dma;
};

static struct vblk vblk;

static int vblk_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	struct vblk *b = bd->priv;
	struct vdev *vd = b->vd;
	struct vbuf bufs[VBLK_MAX_SEGS + 2];
	uint64_t sectors_per_block = bd->block_size / 512;

	while (count) {
		uint64_t bytes = MIN(count * bd->block_size,
				     MIN((uint64_t)b->seg_size * b->max_segs, VBLK_REQ_MAX));
		uint64_t left = bytes;
		unsigned int n = 1;
		uint32_t used;
		int rc;

		memset(b->dma, 0, sizeof(*b->dma));
		b->dma->hdr.type = vd32(vd, VIRTIO_BLK_T_IN);
		b->dma->hdr.sector = vd64(vd, lba * sectors_per_block);
		b->dma->status = 0xff;
		bufs[0] = (struct vbuf){ ptr_to_abs(&b->dma->hdr), sizeof(b->dma->hdr), false };
		for (absaddr_t a = dst; left; n++) {
			uint32_t seg = (uint32_t)MIN(left, (uint64_t)b->seg_size);

			bufs[n] = (struct vbuf){ a, seg, true };
			a += seg;
			left -= seg;
		}
		bufs[n++] = (struct vbuf){ ptr_to_abs(&b->dma->status), 1, true };
		rc = virtio_request(vd, 0, bufs, n, &used);
		if (rc)
			return rc;
		if (b->dma->status != VIRTIO_BLK_S_OK) {
			fw_printf("virtio-blk %s: read of %llu blocks at block %llu failed "
				  "(status %u)\n", bd->name, (unsigned long long)(bytes / bd->block_size),
				  (unsigned long long)lba, b->dma->status);
			return FW_EIO;
		}
		if (used != bytes + 1) {
			fw_printf("virtio-blk %s: short read at block %llu: %u of %llu bytes\n",
				  bd->name, (unsigned long long)lba, used ? used - 1 : 0,
				  (unsigned long long)bytes);
			return FW_EIO;
		}
		lba += bytes / bd->block_size;
		count -= bytes / bd->block_size;
		dst += bytes;
	}
	return 0;
}

int virtio_blk_open(struct vdev *vd, struct blockdev *bd, struct vblk_geometry *geo)
{
	uint64_t wanted = (1ULL << VIRTIO_BLK_F_SIZE_MAX) | (1ULL << VIRTIO_BLK_F_SEG_MAX) |
			  (1ULL << VIRTIO_BLK_F_GEOMETRY) | (1ULL << VIRTIO_BLK_F_BLK_SIZE) |
			  (1ULL << VIRTIO_BLK_F_RO);
	struct virtio_blk_config cfg;
	uint32_t bs = 512, segs;
	uint64_t capacity;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	rc = virtio_setup(vd, wanted, 1, &cfg, sizeof(cfg));
	if (rc)
		return rc;
	if (!vblk.dma)
		vblk.dma = dma_alloc(sizeof(*vblk.dma), 8);
	vblk.vd = vd;
	if (virtio_has_feature(vd, VIRTIO_BLK_F_BLK_SIZE))
		bs = vd32(vd, cfg.blk_size);
	if (bs < 512 || bs > 4096 || (bs & (bs - 1))) {
		fw_printf("virtio-blk %s: unsupported logical block size %u\n", vd->name, bs);
		return FW_ENOTSUP;
	}
	capacity = vd64(vd, cfg.capacity);         /* 512-byte sectors */
	if (capacity < bs / 512) {
		fw_printf("virtio-blk %s: no medium (capacity %llu sectors)\n", vd->name,
			  (unsigned long long)capacity);
		return FW_ENOTSUP;
	}
	vblk.seg_size = VBLK_SEG_DEFAULT;
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SIZE_MAX) && vd32(vd, cfg.size_max))
		vblk.seg_size = MIN(vblk.seg_size, vd32(vd, cfg.size_max));
	vblk.seg_size &= ~(bs - 1);
	if (vblk.seg_size == 0) {
		fw_printf("virtio-blk %s: segment size limit %u below the block size %u\n",
			  vd->name, vd32(vd, cfg.size_max), bs);
		return FW_ENOTSUP;
	}
	segs = MIN((uint32_t)VBLK_MAX_SEGS, (uint32_t)vd->vq[0].num - 2);
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SEG_MAX) && vd32(vd, cfg.seg_max))
		segs = MIN(segs, vd32(vd, cfg.seg_max));
	vblk.max_segs = segs ? segs : 1;
	if (geo) {
		memset(geo, 0, sizeof(*geo));
		if (virtio_has_feature(vd, VIRTIO_BLK_F_GEOMETRY)) {
			geo->cylinders = vd16(vd, cfg.cylinders);
			geo->heads = cfg.heads;
			geo->sectors = cfg.sectors;
		}
	}
	bd->name = vd->name;
	bd->block_size = bs;
	bd->blocks = capacity / (bs / 512);
	bd->is_cdrom = false;
	bd->read = vblk_read;
	bd->priv = &vblk;
	return 0;
}
