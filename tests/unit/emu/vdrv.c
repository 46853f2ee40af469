/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scratch driver for the emulator unit tests (see vdrv.h): CCW programs
 * polled with TSCH, virtio-ccw set-up in either revision, split rings with
 * the negotiated endianness, DIAG 500 notification, used-ring polling with
 * a TOD deadline, and SCLP calls with the service-signal wait.
 */
#include "vdrv.h"

#include <string.h>

#include "abi/sclp.h"
#include "diag/diag.h"
#include "drivers/css/css_insn.h"
#include "drivers/sclp/sclp_insn.h"
#include "fw/endian.h"
#include "fw/machine.h"

static uint8_t *vd_dma;
static size_t vd_dma_size, vd_dma_used;

void *vd_alloc(uint32_t size, uint32_t align)
{
	size_t start;

	if (!vd_dma)
		vd_dma = mach_dma_area(&vd_dma_size);
	start = (vd_dma_used + align - 1) & ~(size_t)(align - 1);
	if (start + size > vd_dma_size)
		return NULL;
	vd_dma_used = start + size;
	memset(vd_dma + start, 0, size);
	return vd_dma + start;
}

uint32_t vd_abs(const void *p)
{
	return (uint32_t)ptr_to_abs(p);
}

int vd_enable_mss(void)
{
	struct chsc_sda *p = vd_alloc(4096, 4096);

	p->request.length = cpu_to_be16(0x400);
	p->request.code = cpu_to_be16(CHSC_SET_DOMAIN_ATTR);
	p->operation_code = cpu_to_be16(CHSC_OP_ENABLE_MSS);
	if (css_chsc(p))
		return -1;
	return be16_to_cpu(p->response.code) == CHSC_RESP_OK ? 0 : -1;
}

uint32_t vd_find(uint8_t ssid, uint16_t devno)
{
	for (uint32_t sch = 0; sch <= 0xffff; sch++) {
		uint32_t schid = SCHID_MAKE(ssid, sch);
		struct schib s;

		if (css_stsch(schid, &s))
			return 0;
		if (!(be16_to_cpu(s.pmcw.flags) & PMCW_DNV) || be16_to_cpu(s.pmcw.devno) != devno)
			continue;
		s.pmcw.flags = cpu_to_be16(be16_to_cpu(s.pmcw.flags) | PMCW_ENA);
		if (css_msch(schid, &s))
			return 0;
		return schid;
	}
	return 0;
}

void vd_ccw(struct ccw1 *c, uint8_t cmd, uint8_t flags, const void *data, uint16_t count)
{
	c->cmd = cmd;
	c->flags = flags;
	c->count = cpu_to_be16(count);
	c->cda = cpu_to_be32(data ? vd_abs(data) : 0);
}

int vd_run(uint32_t schid, const struct ccw1 *ccws, struct vd_status *st)
{
	struct orb orb;
	struct irb irb;
	uint64_t deadline;

	memset(st, 0, sizeof(*st));
	memset(&orb, 0, sizeof(orb));
	orb.intparm = cpu_to_be32(schid);
	orb.ctrl = cpu_to_be32(ORB_FMT1 | ORB_PFCH | ORB_C64 | (0xffu << ORB_LPM_SHIFT));
	orb.cpa = cpu_to_be32(vd_abs(ccws));
	st->cc = css_ssch(schid, &orb);
	if (st->cc)
		return -1;
	deadline = mach_tod() + 1000 * TOD_PER_MS;
	while (mach_tod() < deadline) {
		int cc = css_tsch(schid, &irb);

		if (cc == 3)
			return -3;
		if (cc == 0 && (be32_to_cpu(irb.scsw.flags) &
				(SCSW_STCTL_PRIMARY | SCSW_STCTL_ALERT))) {
			st->dstat = irb.scsw.dstat;
			st->cstat = irb.scsw.cstat;
			st->count = be16_to_cpu(irb.scsw.count);
			st->flags = be32_to_cpu(irb.scsw.flags);
			return (st->dstat == (DSTAT_CE | DSTAT_DE) && !st->cstat) ? 0 : -2;
		}
		diag44_yield();
	}
	return -4;
}

int vd_cmd(uint32_t schid, uint8_t cmd, uint8_t flags, void *data, uint16_t count,
	   struct vd_status *st)
{
	static struct ccw1 *c;

	if (!c)
		c = vd_alloc(sizeof(*c), 8);
	vd_ccw(c, cmd, flags, data, count);
	return vd_run(schid, c, st);
}

/* --- virtio ------------------------------------------------------------------- */

static uint16_t vd16(const struct vd_dev *d, uint16_t v)
{
	return d->le ? cpu_to_le16(v) : cpu_to_be16(v);
}

static uint32_t vd32(const struct vd_dev *d, uint32_t v)
{
	return d->le ? cpu_to_le32(v) : cpu_to_be32(v);
}

static uint64_t vd64(const struct vd_dev *d, uint64_t v)
{
	return d->le ? cpu_to_le64(v) : cpu_to_be64(v);
}

static int vd_status(struct vd_dev *d, uint8_t *st, uint8_t bits)
{
	struct vd_status s;

	*st |= bits;
	return vd_cmd(d->schid, CCW_CMD_WRITE_STATUS, 0, st, 1, &s);
}

int vd_virtio_setup(struct vd_dev *d, uint32_t schid, int rev, uint64_t want,
		    unsigned int nvq)
{
	struct virtio_feature_desc *fd = vd_alloc(sizeof(*fd), 8);
	struct vq_config_block *vc = vd_alloc(sizeof(*vc), 8);
	struct vq_info_block *vi = vd_alloc(sizeof(*vi), 8);
	struct vq_info_block_legacy *vl = vd_alloc(sizeof(*vl), 8);
	struct virtio_rev_info *ri = vd_alloc(sizeof(*ri), 8);
	uint8_t *st = vd_alloc(1, 8);
	uint8_t *cfg = vd_alloc(sizeof(d->config), 8);
	struct vd_status s;

	memset(d, 0, sizeof(*d));
	d->schid = schid;
	d->nvq = nvq;
	/* SET_VIRTIO_REV must be the first command after enabling */
	if (rev >= 0) {
		ri->revision = cpu_to_be16((uint16_t)rev);
		ri->length = 0;
		if (vd_cmd(schid, CCW_CMD_SET_VIRTIO_REV, 0, ri, 4, &s))
			return -2;
		d->rev = rev;
	}
	if (vd_cmd(schid, CCW_CMD_VDEV_RESET, 0, NULL, 0, &s))
		return -1;
	if (vd_status(d, st, VIRTIO_STAT_ACKNOWLEDGE) || vd_status(d, st, VIRTIO_STAT_DRIVER))
		return -3;
	for (uint8_t i = 0; i < 2; i++) {
		fd->index = i;
		fd->features = 0;
		if (vd_cmd(schid, CCW_CMD_READ_FEAT, 0, fd, sizeof(*fd), &s))
			return -4;
		d->features |= (uint64_t)le32_to_cpu(fd->features) << (32 * i);
	}
	d->features &= want;
	for (uint8_t i = 0; i < 2; i++) {
		fd->index = i;
		fd->features = cpu_to_le32((uint32_t)(d->features >> (32 * i)));
		if (vd_cmd(schid, CCW_CMD_WRITE_FEAT, 0, fd, sizeof(*fd), &s))
			return -5;
	}
	d->le = d->features & (1ULL << VIRTIO_F_VERSION_1);
	if (d->le && vd_status(d, st, VIRTIO_STAT_FEATURES_OK))
		return -6;
	if (vd_cmd(schid, CCW_CMD_READ_CONF, CCW_FLAG_SLI, cfg, sizeof(d->config), &s))
		return -7;
	memcpy(d->config, cfg, sizeof(d->config));
	for (unsigned int q = 0; q < nvq; q++) {
		struct vd_vq *v = &d->vq[q];
		uint8_t *ring;
		uint32_t sz;

		vc->index = cpu_to_be16((uint16_t)q);
		if (vd_cmd(schid, CCW_CMD_READ_VQ_CONF, 0, vc, sizeof(*vc), &s))
			return -8;
		v->num = be16_to_cpu(vc->num);
		sz = (uint32_t)ALIGN_UP(16u * v->num + 6u + 2u * v->num, 4096u) +
		     (uint32_t)ALIGN_UP(6u + 8u * v->num, 4096u);
		ring = vd_alloc(sz, 4096);
		if (!ring)
			return -9;
		v->desc = (struct vring_desc *)ring;
		v->avail = (struct vring_avail *)(ring + 16u * v->num);
		v->used = (struct vring_used *)(ring + ALIGN_UP(16u * v->num + 4u + 2u * v->num,
								  4096u));
		if (d->rev >= 1) {
			vi->desc = cpu_to_be64(vd_abs(v->desc));
			vi->index = cpu_to_be16((uint16_t)q);
			vi->num = cpu_to_be16(v->num);
			vi->avail = cpu_to_be64(vd_abs(v->avail));
			vi->used = cpu_to_be64(vd_abs(v->used));
			if (vd_cmd(schid, CCW_CMD_SET_VQ, 0, vi, sizeof(*vi), &s))
				return -10;
		} else {
			vl->queue = cpu_to_be64(vd_abs(ring));
			vl->align = cpu_to_be32(4096);
			vl->index = cpu_to_be16((uint16_t)q);
			vl->num = cpu_to_be16(v->num);
			if (vd_cmd(schid, CCW_CMD_SET_VQ, 0, vl, sizeof(*vl), &s))
				return -10;
		}
	}
	if (vd_status(d, st, VIRTIO_STAT_DRIVER_OK))
		return -11;
	return 0;
}

int vd_submit(struct vd_dev *d, unsigned int q, const struct vd_seg *segs, unsigned int n,
	      uint32_t *lenp, uint32_t ms)
{
	struct vd_vq *v = &d->vq[q];
	uint16_t head = (uint16_t)(v->avail_idx % v->num);
	uint64_t deadline;

	/* one request in flight: descriptors from 0 */
	for (unsigned int i = 0; i < n; i++) {
		v->desc[i].addr = vd64(d, vd_abs(segs[i].buf));
		v->desc[i].len = vd32(d, segs[i].len);
		v->desc[i].flags = vd16(d, (uint16_t)((segs[i].write ? VRING_DESC_F_WRITE : 0) |
						      (i + 1 < n ? VRING_DESC_F_NEXT : 0)));
		v->desc[i].next = vd16(d, (uint16_t)(i + 1));
	}
	(void)head;
	v->avail->ring[v->avail_idx % v->num] = vd16(d, 0);
	v->avail_idx++;
	v->avail->idx = vd16(d, v->avail_idx);
	diag500_notify(d->schid, q, 0);
	deadline = mach_tod() + ms * TOD_PER_MS;
	for (;;) {
		uint16_t idx = d->le ? le16_to_cpu(*(volatile uint16_t *)&v->used->idx)
				     : be16_to_cpu(*(volatile uint16_t *)&v->used->idx);

		if (idx != v->used_seen) {
			struct vring_used_elem *e = &v->used->ring[v->used_seen % v->num];
			uint32_t id = d->le ? le32_to_cpu(e->id) : be32_to_cpu(e->id);

			*lenp = d->le ? le32_to_cpu(e->len) : be32_to_cpu(e->len);
			v->used_seen++;
			return id == 0 ? 0 : -2;
		}
		if (mach_tod() > deadline)
			return -1;
		diag44_yield();
	}
}

int vd_blk_read(struct vd_dev *d, uint64_t sector, void *buf, uint32_t bytes,
		uint8_t *statusp, uint32_t *lenp)
{
	static struct virtio_blk_outhdr *h;
	static uint8_t *status;
	struct vd_seg segs[3];

	if (!h) {
		h = vd_alloc(sizeof(*h), 16);
		status = vd_alloc(1, 8);
	}
	h->type = vd32(d, VIRTIO_BLK_T_IN);
	h->ioprio = 0;
	h->sector = vd64(d, sector);
	*status = 0xff;
	segs[0] = (struct vd_seg){ h, sizeof(*h), false };
	segs[1] = (struct vd_seg){ buf, bytes, true };
	segs[2] = (struct vd_seg){ status, 1, true };
	if (vd_submit(d, 0, segs, 3, lenp, 1000))
		return -1;
	*statusp = *status;
	return 0;
}

int vd_scsi(struct vd_dev *d, uint16_t target, uint32_t lun, const uint8_t *cdb,
	    unsigned int cdblen, void *data, uint32_t len, struct vd_scsi_resp *r)
{
	static struct virtio_scsi_cmd_req *req;
	static struct virtio_scsi_cmd_resp *resp;
	struct vd_seg segs[3];
	uint32_t used;
	unsigned int n = 2;

	if (!req) {
		req = vd_alloc(sizeof(*req), 8);
		resp = vd_alloc(sizeof(*resp), 8);
	}
	memset(req, 0, sizeof(*req));
	memset(resp, 0, sizeof(*resp));
	req->lun[0] = 1;
	req->lun[1] = (uint8_t)target;
	if (lun) {
		req->lun[2] = (uint8_t)(0x40 | ((lun >> 8) & 0x3f));
		req->lun[3] = (uint8_t)lun;
	}
	memcpy(req->cdb, cdb, cdblen);
	segs[0] = (struct vd_seg){ req, sizeof(*req), false };
	segs[1] = (struct vd_seg){ resp, sizeof(*resp), true };
	if (len)
		segs[n++] = (struct vd_seg){ data, len, true };
	if (vd_submit(d, 2, segs, n, &used, 1000))
		return -1;
	r->sense_len = d->le ? le32_to_cpu(resp->sense_len) : be32_to_cpu(resp->sense_len);
	r->resid = d->le ? le32_to_cpu(resp->resid) : be32_to_cpu(resp->resid);
	r->status = resp->status;
	r->response = resp->response;
	memcpy(r->sense, resp->sense, sizeof(r->sense));
	return 0;
}

void *vd_sccb(void)
{
	static void *p;

	if (!p)
		p = vd_alloc(SCCB_SIZE, 4096);
	return p;
}

int vd_sclp(uint32_t cmd, void *sccb)
{
	int cc = sclp_servc(cmd, sccb);

	if (cc)
		return -cc;
	return mach_wait_ext(mach_tod() + 1000 * TOD_PER_MS) == EXT_CODE_SERVICE_SIGNAL ? 0 : -4;
}
