// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio over channel I/O (virtio 1.x section 4.3) and polled split
 * virtqueues (section 2.7).
 *
 * Revision 1 is negotiated first (little-endian rings and configuration,
 * rings of our chosen size); a device that rejects it is driven as a legacy
 * revision 0 device (big-endian, one contiguous ring of the device's size).
 * The device is never trusted: used-ring ids and lengths are checked and
 * every wait has a deadline.
 */
#include "diag/diag.h"
#include "drivers/virtio/virtio.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define VIRTQUEUE_MAX_SIZE 1024     /* largest ring a legacy device may demand */
#define VRING_MEM_SIZE (32 * KiB)   /* legacy layout for 1024 entries */
#define CCW_TIMEOUT_MS 5000

struct vccw_dma {
	struct ccw1 ccw;
	union {
		struct virtio_feature_desc feat;
		struct vq_config_block vqconf;
		struct vq_info_block info;
		struct vq_info_block_legacy linfo;
		struct virtio_rev_info rev;
		uint8_t status;
		uint8_t config[256];
	} u;
};

static struct vccw_dma *vccw;
static uint8_t *ring_mem[VIRTIO_MAX_QUEUES];

static void vccw_alloc(void)
{
	if (vccw)
		return;
	vccw = dma_alloc(sizeof(*vccw), 8);
	for (unsigned int i = 0; i < VIRTIO_MAX_QUEUES; i++)
		ring_mem[i] = dma_alloc(VRING_MEM_SIZE, PAGE_SIZE);
}

static int ccw_cmd(struct vdev *vd, uint8_t cmd, uint16_t len, const char *what)
{
	struct css_status st;
	int rc;

	css_ccw(&vccw->ccw, cmd, CCW_FLAG_SLI, len ? &vccw->u : NULL, len);
	rc = css_run(&vd->css, &vccw->ccw, CCW_TIMEOUT_MS, &st);
	if (rc && what) {
		fw_printf("virtio %s: %s failed: ", vd->css.name, what);
		css_describe(&st);
		fw_printf("\n");
	}
	return rc;
}

static int write_status(struct vdev *vd, uint8_t status)
{
	vccw->u.status = status;
	return ccw_cmd(vd, CCW_CMD_WRITE_STATUS, 1, "write status");
}

void virtio_ccw_reset(struct vdev *vd)
{
	vccw_alloc();
	(void)ccw_cmd(vd, CCW_CMD_VDEV_RESET, 0, NULL);
	vd->ready = false;
}

static int negotiate_revision(struct vdev *vd)
{
	int rc;

	/* QEMU fixes the revision with the first virtio command after the
	 * subchannel is enabled: cycle the enable bit, then ask for 1. */
	rc = css_reenable(&vd->css);
	if (rc) {
		fw_printf("virtio %s: cannot re-enable the subchannel\n", vd->css.name);
		return rc;
	}
	vccw->u.rev.revision = cpu_to_be16(1);
	vccw->u.rev.length = 0;
	if (ccw_cmd(vd, CCW_CMD_SET_VIRTIO_REV, sizeof(vccw->u.rev), NULL) == 0) {
		vd->revision = 1;
		vd->le = true;
	} else {
		vd->revision = 0;       /* legacy-only device */
		vd->le = false;
	}
	return ccw_cmd(vd, CCW_CMD_VDEV_RESET, 0, "reset");
}

static int negotiate_features(struct vdev *vd, uint64_t wanted)
{
	uint64_t offered = 0;
	unsigned int words = vd->revision ? 2 : 1;

	if (vd->revision)
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	for (unsigned int i = 0; i < words; i++) {
		vccw->u.feat.features = 0;
		vccw->u.feat.index = (uint8_t)i;
		if (ccw_cmd(vd, CCW_CMD_READ_FEAT, sizeof(vccw->u.feat), "read features"))
			return FW_EIO;
		offered |= (uint64_t)le32_to_cpu(vccw->u.feat.features) << (32 * i);
	}
	vd->features = offered & wanted;
	if (vd->revision && !virtio_has_feature(vd, VIRTIO_F_VERSION_1)) {
		fw_printf("virtio %s: revision 1 without VERSION_1 feature\n", vd->css.name);
		return FW_ENOTSUP;
	}
	for (unsigned int i = 0; i < words; i++) {
		vccw->u.feat.features = cpu_to_le32((uint32_t)(vd->features >> (32 * i)));
		vccw->u.feat.index = (uint8_t)i;
		if (ccw_cmd(vd, CCW_CMD_WRITE_FEAT, sizeof(vccw->u.feat), "write features"))
			return FW_EIO;
	}
	return 0;
}

static int setup_queue(struct vdev *vd, unsigned int index)
{
	struct vqueue *vq = &vd->vq[index];
	uint16_t max, num;
	uint8_t *mem = ring_mem[index];

	vccw->u.vqconf.index = cpu_to_be16((uint16_t)index);
	vccw->u.vqconf.num = 0;
	if (ccw_cmd(vd, CCW_CMD_READ_VQ_CONF, sizeof(vccw->u.vqconf), "read queue config"))
		return FW_EIO;
	max = be16_to_cpu(vccw->u.vqconf.num);
	if (max < 4 || max > VIRTQUEUE_MAX_SIZE || (max & (max - 1))) {
		fw_printf("virtio %s: queue %u has unusable size %u\n", vd->css.name, index, max);
		return FW_ENOTSUP;
	}
	/* Revision 1 lets us pick a smaller ring; legacy needs the device's. */
	num = vd->revision ? MIN(max, VIRTIO_RING_MAX) : max;
	memset(mem, 0, VRING_MEM_SIZE);
	vq->index = (uint16_t)index;
	vq->num = num;
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (struct vring_avail *)(mem + num * sizeof(struct vring_desc));
	vq->used = (struct vring_used *)(mem + ALIGN_UP(num * sizeof(struct vring_desc) +
						       sizeof(struct vring_avail) + 2 * num + 2,
						       VRING_USED_ALIGN));
	vq->avail_idx = 0;
	vq->used_idx = 0;
	vq->cookie = 0;
	vq->avail->flags = vd16(vd, VRING_AVAIL_F_NO_INTERRUPT);

	memset(&vccw->u, 0, sizeof(vccw->u.info));
	if (vd->revision) {
		vccw->u.info.desc = cpu_to_be64(ptr_to_abs(vq->desc));
		vccw->u.info.index = cpu_to_be16((uint16_t)index);
		vccw->u.info.num = cpu_to_be16(num);
		vccw->u.info.avail = cpu_to_be64(ptr_to_abs(vq->avail));
		vccw->u.info.used = cpu_to_be64(ptr_to_abs(vq->used));
		return ccw_cmd(vd, CCW_CMD_SET_VQ, sizeof(vccw->u.info), "set queue");
	}
	vccw->u.linfo.queue = cpu_to_be64(ptr_to_abs(vq->desc));
	vccw->u.linfo.align = cpu_to_be32(VRING_USED_ALIGN);
	vccw->u.linfo.index = cpu_to_be16((uint16_t)index);
	vccw->u.linfo.num = cpu_to_be16(num);
	return ccw_cmd(vd, CCW_CMD_SET_VQ, sizeof(vccw->u.linfo), "set queue");
}

int virtio_ccw_setup(struct vdev *vd, uint64_t wanted, unsigned int nr_queues,
		     void *config, uint32_t config_len)
{
	uint8_t status = VIRTIO_STAT_ACKNOWLEDGE | VIRTIO_STAT_DRIVER;
	int rc;

	vccw_alloc();
	if (nr_queues > VIRTIO_MAX_QUEUES || config_len > sizeof(vccw->u.config))
		return FW_ENOTSUP;
	vd->nr_queues = nr_queues;
	rc = negotiate_revision(vd);
	if (rc)
		return rc;
	rc = write_status(vd, VIRTIO_STAT_ACKNOWLEDGE);
	if (!rc)
		rc = write_status(vd, status);
	if (!rc)
		rc = negotiate_features(vd, wanted);
	if (!rc && vd->revision) {
		status |= VIRTIO_STAT_FEATURES_OK;
		rc = write_status(vd, status);
	}
	if (!rc && config_len) {
		memset(vccw->u.config, 0, config_len);
		rc = ccw_cmd(vd, CCW_CMD_READ_CONF, (uint16_t)config_len, "read config");
		if (!rc)
			memcpy(config, vccw->u.config, config_len);
	}
	for (unsigned int i = 0; !rc && i < nr_queues; i++)
		rc = setup_queue(vd, i);
	if (!rc)
		rc = write_status(vd, status | VIRTIO_STAT_DRIVER_OK);
	if (rc)
		(void)write_status(vd, VIRTIO_STAT_FAILED);
	vd->ready = rc == 0;
	return rc;
}

int virtio_request(struct vdev *vd, unsigned int q, const struct vbuf *bufs, unsigned int n,
		   uint32_t *used_lenp)
{
	struct vqueue *vq = &vd->vq[q];
	uint64_t writable = 0, deadline;
	struct vring_used_elem elem;
	uint16_t slot;

	if (!vd->ready) {
		fw_printf("virtio %s: device was reset after an error\n", vd->css.name);
		return FW_EIO;
	}
	if (q >= vd->nr_queues || n == 0 || n > vq->num)
		return FW_EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = vd64(vd, bufs[i].addr);
		d->len = vd32(vd, bufs[i].len);
		d->flags = vd16(vd, (uint16_t)((i + 1 < n ? VRING_DESC_F_NEXT : 0) |
					       (bufs[i].device_writes ? VRING_DESC_F_WRITE : 0)));
		d->next = vd16(vd, (uint16_t)(i + 1 < n ? i + 1 : 0));
		if (bufs[i].device_writes)
			writable += bufs[i].len;
	}
	slot = vq->avail_idx % vq->num;
	vq->avail->ring[slot] = vd16(vd, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->avail_idx++;
	vq->avail->idx = vd16(vd, vq->avail_idx);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->cookie = diag500_notify(vd->css.schid, vq->index, vq->cookie);

	deadline = mach_tod() + VIRTIO_TIMEOUT_MS * TOD_PER_MS;
	while (vd16(vd, __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE)) == vq->used_idx) {
		if (mach_tod() > deadline) {
			fw_printf("virtio %s: request on queue %u not completed within %u s\n",
				  vd->css.name, q, VIRTIO_TIMEOUT_MS / 1000);
			virtio_ccw_reset(vd);
			return FW_ETIMEDOUT;
		}
		diag44_yield();
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(&elem, &vq->used->ring[vq->used_idx % vq->num], sizeof(elem));
	vq->used_idx++;
	if (vd16(vd, vq->used->idx) != vq->used_idx || vd32(vd, elem.id) != 0) {
		fw_printf("virtio %s: device returned a descriptor we did not give it "
			  "(used idx %u, id %u)\n", vd->css.name, vd16(vd, vq->used->idx),
			  vd32(vd, elem.id));
		virtio_ccw_reset(vd);
		return FW_EIO;
	}
	if (vd32(vd, elem.len) > writable) {
		fw_printf("virtio %s: device claims %u bytes written into %llu bytes of buffers\n",
			  vd->css.name, vd32(vd, elem.len), (unsigned long long)writable);
		virtio_ccw_reset(vd);
		return FW_EIO;
	}
	*used_lenp = vd32(vd, elem.len);
	return 0;
}
