// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-pci modern transport on zPCI (see virtio_pci.h). Configuration
 * space is read once into memory and its capability list parsed there, so
 * that a hostile list can only make the walk fail. Every BAR access goes
 * through zpci_bar_read/write, which refuse offsets outside the BAR; the
 * device's answers are checked (queue sizes, notify offsets, status).
 *
 * One virtio-pci device is driven at a time (the one being booted).
 */
#include "drivers/virtio/virtio_pci.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define VPCI_MAX_CAPS 48                /* 256-byte space, 4-byte aligned */
#define VPCI_RESET_POLLS 1000
#define VPCI_CONFIG_TRIES 4

struct vpci {
	struct zpci_fn fn;
	struct vpci_caps caps;
	uint32_t notify_off[VIRTIO_MAX_QUEUES]; /* within the notify region */
};

static struct vpci vpci;

static const char *const cap_names[] = {
	[VIRTIO_PCI_CAP_COMMON] = "common configuration",
	[VIRTIO_PCI_CAP_NOTIFY] = "notification",
	[VIRTIO_PCI_CAP_ISR] = "ISR",
	[VIRTIO_PCI_CAP_DEVICE] = "device configuration",
};

/* Validate the vendor capability at @pos and record it if it is the first
 * of its type. */
static int take_cap(const char *name, const uint8_t *cfg, unsigned int pos,
		    const uint64_t *bar_len, struct vpci_caps *caps)
{
	static const uint32_t min_len[] = { 0, VPCI_COMMON_LEN, 2, 1, 0 };
	const struct virtio_pci_cap *c = (const struct virtio_pci_cap *)(cfg + pos);
	struct vpci_region *r;
	uint8_t type = c->cfg_type;
	uint32_t off, len;

	if (type < VIRTIO_PCI_CAP_COMMON || type > VIRTIO_PCI_CAP_DEVICE ||
	    (caps->found & (1u << type)))
		return 0;               /* not ours, or a later duplicate */
	if (c->cap_len < sizeof(*c) || pos + c->cap_len > PCI_CFG_SPACE_SIZE ||
	    (type == VIRTIO_PCI_CAP_NOTIFY && c->cap_len < sizeof(struct virtio_pci_notify_cap))) {
		fw_printf("%s: virtio %s capability at 0x%x has bad length %u\n", name,
			  cap_names[type], pos, c->cap_len);
		return FW_EINVAL;
	}
	off = get_le32(&c->offset);
	len = get_le32(&c->length);
	if (c->bar >= ZPCI_BAR_COUNT || !bar_len[c->bar] || len < min_len[type] ||
	    off >= bar_len[c->bar] || len > bar_len[c->bar] - off) {
		fw_printf("%s: virtio %s structure (BAR %u, 0x%x+0x%x) is outside its BAR\n",
			  name, cap_names[type], c->bar, off, len);
		return FW_EINVAL;
	}
	r = type == VIRTIO_PCI_CAP_COMMON ? &caps->common :
	    type == VIRTIO_PCI_CAP_NOTIFY ? &caps->notify :
	    type == VIRTIO_PCI_CAP_ISR ? &caps->isr : &caps->device;
	r->bar = c->bar;
	r->off = off;
	r->len = len;
	if (type == VIRTIO_PCI_CAP_NOTIFY)
		caps->notify_mult = get_le32(cfg + pos + 16);
	caps->found |= 1u << type;
	return 0;
}

int vpci_parse_caps(const char *name, const uint8_t *cfg, const uint64_t *bar_len,
		    struct vpci_caps *caps)
{
	uint64_t seen = 0;              /* one bit per dword of config space */
	unsigned int pos, n = 0;
	int rc;

	memset(caps, 0, sizeof(*caps));
	if (!(get_le16(cfg + PCI_CFG_STATUS) & PCI_STATUS_CAP_LIST)) {
		fw_printf("%s: PCI function has no capability list\n", name);
		return FW_ENOTSUP;
	}
	for (pos = cfg[PCI_CFG_CAP_PTR] & 0xfc; pos; pos = cfg[pos + 1] & 0xfc) {
		if (pos < PCI_CFG_HDR_END || pos > PCI_CFG_SPACE_SIZE - 4) {
			fw_printf("%s: PCI capability pointer 0x%x is out of range\n", name, pos);
			return FW_EINVAL;
		}
		if ((seen >> (pos / 4 - PCI_CFG_HDR_END / 4)) & 1 || ++n > VPCI_MAX_CAPS) {
			fw_printf("%s: PCI capability list loops at 0x%x\n", name, pos);
			return FW_EINVAL;
		}
		seen |= 1ULL << (pos / 4 - PCI_CFG_HDR_END / 4);
		if (cfg[pos] != PCI_CAP_ID_VNDR)
			continue;
		rc = take_cap(name, cfg, pos, bar_len, caps);
		if (rc)
			return rc;
	}
	for (unsigned int t = VIRTIO_PCI_CAP_COMMON; t <= VIRTIO_PCI_CAP_DEVICE; t++) {
		if (t != VIRTIO_PCI_CAP_ISR && !(caps->found & (1u << t))) {
			fw_printf("%s: no virtio %s capability\n", name, cap_names[t]);
			return FW_ENOTSUP;
		}
	}
	return 0;
}

uint8_t virtio_pci_device_id(uint16_t vendor_id, uint16_t device_id)
{
	if (vendor_id != PCI_VENDOR_VIRTIO)
		return 0;
	switch (device_id) {
	case PCI_DEVICE_VIRTIO_TRANS_NET:
		return VIRTIO_ID_NET;
	case PCI_DEVICE_VIRTIO_TRANS_BLK:
		return VIRTIO_ID_BLOCK;
	case PCI_DEVICE_VIRTIO_TRANS_SCSI:
		return VIRTIO_ID_SCSI;
	case PCI_DEVICE_VIRTIO_MODERN + VIRTIO_ID_NET:
	case PCI_DEVICE_VIRTIO_MODERN + VIRTIO_ID_BLOCK:
	case PCI_DEVICE_VIRTIO_MODERN + VIRTIO_ID_SCSI:
		return (uint8_t)(device_id - PCI_DEVICE_VIRTIO_MODERN);
	default:
		return 0;
	}
}

/* --- register access ------------------------------------------------------ */

static int common_read(unsigned int off, unsigned int len, uint64_t *v)
{
	const struct vpci_region *r = &vpci.caps.common;

	return zpci_bar_read(&vpci.fn, r->bar, r->off + off, len, v);
}

static int common_write(unsigned int off, unsigned int len, uint64_t v)
{
	const struct vpci_region *r = &vpci.caps.common;

	return zpci_bar_write(&vpci.fn, r->bar, r->off + off, len, v);
}

static int set_status(struct vdev *vd, uint8_t status)
{
	uint64_t v;
	int rc = common_write(VPCI_STATUS, 1, status);

	if (!rc)
		rc = common_read(VPCI_STATUS, 1, &v);
	if (rc)
		return rc;
	if (v != status) {
		fw_printf("virtio %s: device status is 0x%02llx after writing 0x%02x\n", vd->name,
			  (unsigned long long)v, status);
		return FW_EIO;
	}
	return 0;
}

static void vpci_reset(struct vdev *vd)
{
	uint64_t v = 1;

	(void)vd;
	if (common_write(VPCI_STATUS, 1, 0))
		return;
	/* the device reads back 0 once the reset is done */
	for (int i = 0; i < VPCI_RESET_POLLS && v; i++)
		if (common_read(VPCI_STATUS, 1, &v))
			return;
}

static int negotiate(struct vdev *vd, uint64_t wanted)
{
	uint64_t offered = 0, w = 0;
	int rc = 0;

	wanted |= 1ULL << VIRTIO_F_VERSION_1;
	for (unsigned int i = 0; i < 2 && !rc; i++) {
		rc = common_write(VPCI_DFSELECT, 4, i);
		if (!rc)
			rc = common_read(VPCI_DF, 4, &w);
		offered |= (w & 0xffffffffu) << (32 * i);
	}
	vd->features = offered & wanted;
	if (!rc && !virtio_has_feature(vd, VIRTIO_F_VERSION_1)) {
		fw_printf("virtio %s: device does not offer VERSION_1\n", vd->name);
		return FW_ENOTSUP;
	}
	for (unsigned int i = 0; i < 2 && !rc; i++) {
		rc = common_write(VPCI_GFSELECT, 4, i);
		if (!rc)
			rc = common_write(VPCI_GF, 4, (uint32_t)(vd->features >> (32 * i)));
	}
	return rc;
}

static int read_config(struct vdev *vd, uint8_t *config, uint32_t len)
{
	const struct vpci_region *r = &vpci.caps.device;
	uint64_t gen0, gen1, v;
	int rc;

	if (len > r->len) {
		fw_printf("virtio %s: device configuration is %u bytes, need %u\n", vd->name,
			  r->len, len);
		return FW_ENOTSUP;
	}
	for (int t = 0; t < VPCI_CONFIG_TRIES; t++) {
		rc = common_read(VPCI_CFGGEN, 1, &gen0);
		for (uint32_t i = 0; !rc && i < len; i++) {
			rc = zpci_bar_read(&vpci.fn, r->bar, r->off + i, 1, &v);
			config[i] = (uint8_t)v;
		}
		if (!rc)
			rc = common_read(VPCI_CFGGEN, 1, &gen1);
		if (rc || gen0 == gen1)
			return rc;
	}
	fw_printf("virtio %s: device configuration keeps changing\n", vd->name);
	return FW_EIO;
}

static int write64(unsigned int off, uint64_t v)
{
	int rc = common_write(off, 4, (uint32_t)v);

	return rc ? rc : common_write(off + 4, 4, v >> 32);
}

static int setup_queue(struct vdev *vd, unsigned int index)
{
	struct vqueue *vq = &vd->vq[index];
	const struct vpci_region *n = &vpci.caps.notify;
	uint64_t max, noff, where;
	uint16_t num = VIRTIO_RING_MAX;
	int rc;

	rc = common_write(VPCI_Q_SELECT, 2, index);
	if (!rc)
		rc = common_read(VPCI_Q_SIZE, 2, &max);
	if (!rc)
		rc = common_read(VPCI_Q_NOFF, 2, &noff);
	if (rc)
		return rc;
	if (max < 2) {
		fw_printf("virtio %s: queue %u is not available (size %llu)\n", vd->name, index,
			  (unsigned long long)max);
		return FW_ENOTSUP;
	}
	while (num > max)
		num /= 2;
	where = noff * vpci.caps.notify_mult;
	if (where + 2 > n->len) {
		fw_printf("virtio %s: queue %u notify offset 0x%llx is outside the notify "
			  "region\n", vd->name, index, (unsigned long long)where);
		return FW_EINVAL;
	}
	vpci.notify_off[index] = (uint32_t)where;
	virtqueue_init(vd, index, virtqueue_mem(index), num);
	rc = common_write(VPCI_Q_SIZE, 2, num);
	if (!rc)
		rc = common_write(VPCI_Q_MSIX, 2, VIRTIO_MSI_NO_VECTOR);
	if (!rc)
		rc = write64(VPCI_Q_DESCLO, ptr_to_abs(vq->desc));
	if (!rc)
		rc = write64(VPCI_Q_AVAILLO, ptr_to_abs(vq->avail));
	if (!rc)
		rc = write64(VPCI_Q_USEDLO, ptr_to_abs(vq->used));
	if (!rc)
		rc = common_write(VPCI_Q_ENABLE, 2, 1);
	return rc;
}

static int vpci_setup(struct vdev *vd, uint64_t wanted, unsigned int nr_queues, void *config,
		      uint32_t config_len)
{
	uint8_t status = VIRTIO_STAT_ACKNOWLEDGE | VIRTIO_STAT_DRIVER;
	int rc;

	if (nr_queues > VIRTIO_MAX_QUEUES)
		return FW_ENOTSUP;
	vd->nr_queues = nr_queues;
	vd->ready = false;
	vd->le = true;
	vd->revision = 1;
	vpci_reset(vd);
	rc = set_status(vd, VIRTIO_STAT_ACKNOWLEDGE);
	if (!rc)
		rc = set_status(vd, status);
	if (!rc)
		rc = negotiate(vd, wanted);
	if (!rc) {
		status |= VIRTIO_STAT_FEATURES_OK;
		rc = set_status(vd, status);
		if (rc)
			fw_printf("virtio %s: device refuses the features 0x%llx\n", vd->name,
				  (unsigned long long)vd->features);
	}
	if (!rc && config_len)
		rc = read_config(vd, config, config_len);
	for (unsigned int i = 0; !rc && i < nr_queues; i++)
		rc = setup_queue(vd, i);
	if (!rc)
		rc = set_status(vd, status | VIRTIO_STAT_DRIVER_OK);
	if (rc)
		(void)common_write(VPCI_STATUS, 1, VIRTIO_STAT_FAILED);
	vd->ready = rc == 0;
	return rc;
}

static void vpci_notify(struct vdev *vd, unsigned int q)
{
	const struct vpci_region *n = &vpci.caps.notify;

	/* a failed store has printed why; the request then runs into its
	 * deadline and the device is reset */
	if (zpci_bar_write(&vpci.fn, n->bar, n->off + vpci.notify_off[q], 2, q))
		vd->ready = false;
}

static const struct virtio_transport vpci_transport = {
	.name = "virtio-pci",
	.setup = vpci_setup,
	.reset = vpci_reset,
	.notify = vpci_notify,
};

int virtio_pci_bind(struct vdev *vd, const struct zpci_fn *fn)
{
	static uint8_t cfg[PCI_CFG_SPACE_SIZE];
	uint64_t bar_len[ZPCI_BAR_COUNT];
	uint32_t v = 0;
	int rc;

	memset(vd, 0, sizeof(*vd));
	memset(&vpci, 0, sizeof(vpci));
	vpci.fn = *fn;
	vd->name = vpci.fn.name;
	rc = zpci_enable(&vpci.fn);
	if (rc)
		return rc;
	for (unsigned int off = 0; !rc && off < sizeof(cfg); off += 4) {
		rc = zpci_cfg_read(&vpci.fn, off, 4, &v);
		for (unsigned int b = 0; b < 4; b++)
			cfg[off + b] = (uint8_t)(v >> (8 * b));
	}
	if (rc)
		goto fail;
	if (get_le16(cfg + PCI_CFG_VENDOR_ID) == 0xffff) {
		fw_printf("%s: configuration space reads as all ones (no function answers)\n",
			  vd->name);
		rc = FW_ENODEV;
		goto fail;
	}
	vd->device_id = virtio_pci_device_id(get_le16(cfg + PCI_CFG_VENDOR_ID),
					     get_le16(cfg + PCI_CFG_DEVICE_ID));
	if (!vd->device_id) {
		fw_printf("%s: PCI device %04x:%04x is not a virtio block, SCSI or network "
			  "device\n", vd->name,
			  get_le16(cfg + PCI_CFG_VENDOR_ID), get_le16(cfg + PCI_CFG_DEVICE_ID));
		rc = FW_ENOTSUP;
		goto fail;
	}
	for (unsigned int i = 0; i < ZPCI_BAR_COUNT; i++)
		bar_len[i] = zpci_bar_len(&vpci.fn, i);
	rc = vpci_parse_caps(vd->name, cfg, bar_len, &vpci.caps);
	if (rc)
		goto fail;
	/* memory space and bus mastering (the device's DMA) on */
	rc = zpci_cfg_write(&vpci.fn, PCI_CFG_COMMAND, 2,
			    get_le16(cfg + PCI_CFG_COMMAND) | PCI_COMMAND_MEMORY |
			    PCI_COMMAND_MASTER);
	if (rc)
		goto fail;
	vd->t = &vpci_transport;
	vd->tpriv = &vpci;
	return 0;
fail:
	zpci_disable(&vpci.fn);
	return rc;
}

void virtio_pci_unbind(struct vdev *vd)
{
	if (vd->t != &vpci_transport)
		return;
	virtio_reset(vd);
	zpci_disable(&vpci.fn);
}

int virtio_pci_open(struct vdev *vd, uint32_t fid)
{
	struct zpci_fn fn;
	int rc = zpci_find(fid, &fn);

	return rc ? rc : virtio_pci_bind(vd, &fn);
}

unsigned int virtio_pci_candidates(uint32_t *fids, unsigned int max, uint8_t only)
{
	const struct zpci_fn *fns;
	int n = zpci_list(&fns);
	unsigned int found = 0;

	for (int i = 0; i < n && found < max; i++) {
		uint8_t id = virtio_pci_device_id(fns[i].vendor_id, fns[i].device_id);

		if (fns[i].configured && (id == VIRTIO_ID_BLOCK || id == VIRTIO_ID_SCSI) &&
		    (!only || id == only))
			fids[found++] = fns[i].fid;
	}
	return found;
}
