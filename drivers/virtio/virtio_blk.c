// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-blk: reads of many blocks per request, split only where the
 * device's segment limits (SEG_MAX, SIZE_MAX) or our per-request cap demand
 * it; 64-bit sector numbers; logical block sizes 512..4096. Up to two
 * requests in flight (read_start/flush), so that the device starts the next
 * extent while we take the completion of the last one.
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
#define VBLK_SLOTS 2                   /* requests in flight */

struct vblk_dma {
	struct virtio_blk_outhdr hdr;
	uint8_t status;
};

/* A request in flight: its chain starts at descriptor @head. */
struct vblk_slot {
	bool busy;
	uint16_t head;
	uint64_t lba;                  /* in blocks */
	uint64_t bytes;
};

struct vblk {
	struct vdev *vd;
	uint32_t seg_size;             /* bytes per data descriptor, block multiple */
	uint32_t max_segs;
	unsigned int nslots;           /* 1, or VBLK_SLOTS when the queue holds them */
	struct vblk_dma *dma;          /* [VBLK_SLOTS] */
	struct vblk_slot slot[VBLK_SLOTS];
	int error;                     /* first failure of a started read */
};

static struct vblk vblk;

static int vblk_fail(struct vblk *b, int rc)
{
	if (!b->error)
		b->error = rc;
	return rc;
}

/*
 * Take the next completion: the slot it names, its status and length. A
 * completion that names no request in flight, claims too much, or a
 * transport error ends every request (the device was reset).
 */
static int vblk_complete_one(struct blockdev *bd, struct vblk *b)
{
	struct vdev *vd = b->vd;
	struct vblk_slot *s = NULL;
	uint32_t id, used;
	int rc = virtio_complete(vd, 0, &id, &used);

	for (unsigned int i = 0; !rc && i < b->nslots; i++)
		if (b->slot[i].busy && b->slot[i].head == id)
			s = &b->slot[i];
	if (!rc)
		rc = virtio_check_used(vd, 0, id, s != NULL, used, s ? s->bytes + 1 : 0);
	if (rc) {
		for (unsigned int i = 0; i < b->nslots; i++)
			b->slot[i].busy = false;
		return vblk_fail(b, rc);
	}
	s->busy = false;
	if (b->dma[s - b->slot].status != VIRTIO_BLK_S_OK) {
		fw_printf("virtio-blk %s: read of %llu blocks at block %llu failed "
			  "(status %u)\n", bd->name, (unsigned long long)(s->bytes / bd->block_size),
			  (unsigned long long)s->lba, b->dma[s - b->slot].status);
		return vblk_fail(b, FW_EIO);
	}
	if (used != s->bytes + 1) {
		fw_printf("virtio-blk %s: short read at block %llu: %u of %llu bytes\n",
			  bd->name, (unsigned long long)s->lba, used ? used - 1 : 0,
			  (unsigned long long)s->bytes);
		return vblk_fail(b, FW_EIO);
	}
	return 0;
}

/* Wait for every request in flight; the first failure since the last flush. */
static int vblk_flush(struct blockdev *bd)
{
	struct vblk *b = bd->priv;
	struct vdev *vd = b->vd;
	uint32_t id, len;
	int rc;

	for (unsigned int i = 0; i < b->nslots; i++)
		while (b->slot[i].busy)
			(void)vblk_complete_one(bd, b);
	/* nothing is in flight: an entry now is one more than we asked for */
	rc = vd->ready ? virtqueue_used(vd, 0, &id, &len) : 0;
	if (rc > 0)
		rc = virtio_check_used(vd, 0, id, false, len, 0);
	else if (rc < 0)
		virtio_reset(vd);
	if (rc)
		vblk_fail(b, rc);
	rc = b->error;
	b->error = 0;
	return rc;
}

/* Post reads for @count blocks at @lba; they complete in vblk_flush(). */
static int vblk_start(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	struct vblk *b = bd->priv;
	struct vdev *vd = b->vd;
	struct vbuf bufs[VBLK_MAX_SEGS + 2];
	uint64_t sectors_per_block = bd->block_size / 512;

	while (count && !b->error) {
		uint64_t bytes = MIN(count * bd->block_size,
				     MIN((uint64_t)b->seg_size * b->max_segs, VBLK_REQ_MAX));
		uint64_t left = bytes;
		struct vblk_slot *s = NULL;
		struct vblk_dma *dma;
		unsigned int n = 1;

		for (;;) {
			for (unsigned int i = 0; !s && i < b->nslots; i++)
				if (!b->slot[i].busy)
					s = &b->slot[i];
			if (s || vblk_complete_one(bd, b))
				break;
		}
		if (!s)
			break;
		dma = &b->dma[s - b->slot];
		memset(dma, 0, sizeof(*dma));
		dma->hdr.type = vd32(vd, VIRTIO_BLK_T_IN);
		dma->hdr.sector = vd64(vd, lba * sectors_per_block);
		dma->status = 0xff;
		bufs[0] = (struct vbuf){ ptr_to_abs(&dma->hdr), sizeof(dma->hdr), false };
		for (absaddr_t a = dst; left; n++) {
			uint32_t seg = (uint32_t)MIN(left, (uint64_t)b->seg_size);

			bufs[n] = (struct vbuf){ a, seg, true };
			a += seg;
			left -= seg;
		}
		bufs[n++] = (struct vbuf){ ptr_to_abs(&dma->status), 1, true };
		if (vblk_fail(b, virtio_submit(vd, 0, s->head, bufs, n)))
			break;
		s->busy = true;
		s->lba = lba;
		s->bytes = bytes;
		lba += bytes / bd->block_size;
		count -= bytes / bd->block_size;
		dst += bytes;
	}
	return b->error;
}

static int vblk_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	int rc = vblk_flush(bd);

	if (!rc)
		rc = vblk_start(bd, lba, count, dst);
	if (!rc)
		return vblk_flush(bd);
	(void)vblk_flush(bd);
	return rc;
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
		vblk.dma = dma_alloc(VBLK_SLOTS * sizeof(*vblk.dma), 8);
	vblk.vd = vd;
	memset(vblk.slot, 0, sizeof(vblk.slot));
	vblk.error = 0;
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
	/* two requests in flight when the queue holds both chains */
	vblk.nslots = 2 * (vblk.max_segs + 2) <= vd->vq[0].num ? VBLK_SLOTS : 1;
	for (unsigned int i = 0; i < vblk.nslots; i++)
		vblk.slot[i].head = (uint16_t)(i * (vblk.max_segs + 2));
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
	bd->read_start = vblk_start;
	bd->flush = vblk_flush;
	bd->priv = &vblk;
	blockdev_ready(bd);
	return 0;
}
