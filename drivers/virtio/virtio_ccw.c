// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio over channel I/O (virtio 1.x section 4.3): the virtio-ccw transport.
 *
 * Revision 1 is negotiated first (little-endian rings and configuration,
 * rings of our chosen size); a device that rejects it is driven as a legacy
 * revision 0 device (big-endian, one contiguous ring of the device's size).
 * Every channel program has a deadline. Completions are signalled with
 * classic indicators (SET_IND): the device sets a bit in our indicator word
 * and makes the subchannel status pending with an I/O interruption, which
 * virtqueue requests wait for (vccw_wait).
 */
#include "diag/diag.h"
#include "drivers/virtio/virtio.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define CCW_TIMEOUT_MS 5000

struct vccw_dma {
	struct ccw1 ccw;
	uint64_t indicators;         /* set by devices; only the interruption counts */
	union {
		be64 ind_addr;
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

static void vccw_alloc(void)
{
	if (!vccw)
		vccw = dma_alloc(sizeof(*vccw), 8);
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

static void vccw_reset(struct vdev *vd)
{
	vccw_alloc();
	(void)ccw_cmd(vd, CCW_CMD_VDEV_RESET, 0, NULL);
	vd->ready = false;
	vd->irq = false;
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
	virtqueue_init(vd, index, virtqueue_mem(index), num);

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

static int vccw_setup(struct vdev *vd, uint64_t wanted, unsigned int nr_queues,
		      void *config, uint32_t config_len)
{
	uint8_t status = VIRTIO_STAT_ACKNOWLEDGE | VIRTIO_STAT_DRIVER;
	int rc;

	vccw_alloc();
	if (nr_queues > VIRTIO_MAX_QUEUES || config_len > sizeof(vccw->u.config))
		return FW_ENOTSUP;
	vd->nr_queues = nr_queues;
	vd->ready = false;
	vd->irq = false;
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
	if (!rc) {
		/* Without indicators the device cannot interrupt: poll then. */
		vccw->u.ind_addr = cpu_to_be64(ptr_to_abs(&vccw->indicators));
		vd->irq = ccw_cmd(vd, CCW_CMD_SET_IND, sizeof(vccw->u.ind_addr), NULL) == 0;
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

static void vccw_notify(struct vdev *vd, unsigned int q)
{
	struct vqueue *vq = &vd->vq[q];

	vq->cookie = diag500_notify(vd->css.schid, vq->index, vq->cookie);
}

/* The indicator bits tell which queue; with one request in flight the
 * interruption is all that matters. */
static void vccw_wait(struct vdev *vd, uint64_t deadline)
{
	css_wait_io(&vd->css, deadline);
}

static const struct virtio_transport vccw_transport = {
	.name = "virtio-ccw",
	.setup = vccw_setup,
	.reset = vccw_reset,
	.notify = vccw_notify,
	.wait = vccw_wait,
};

void virtio_ccw_bind(struct vdev *vd, const struct css_dev *dev)
{
	memset(vd, 0, sizeof(*vd));
	vd->t = &vccw_transport;
	vd->css = *dev;
	vd->name = vd->css.name;
	vd->device_id = dev->cu_model;
}
