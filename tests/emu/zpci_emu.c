/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zPCI of the emulated machine (QEMU hw/s390x/s390-pci-bus.c and
 * s390-pci-inst.c): CLP List/Query/Query Group/Set PCI Function, PCI
 * Load/Store to configuration space and BARs, and virtio-pci devices with
 * the modern interface in BAR 4 (hw/virtio/virtio-pci.c: common
 * configuration at 0x0000, ISR at 0x1000, device configuration at 0x2000,
 * notification at 0x3000 with multiplier 4), backed by the same device
 * models as virtio-ccw. Faults: CLP response codes, standby/error/enabled
 * functions, all-ones configuration space, broken capability lists, BAR
 * errors and exceptions, a device reset under a request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/clp.h"
#include "abi/pci.h"
#include "abi/virtio.h"
#include "drivers/pci/zpci_insn.h"
#include "emu_int.h"
#include "fw/endian.h"
#include "fw/machine.h"

#define EMU_BAR 4
#define EMU_BAR_SIZE_LOG2 14            /* 16 KiB */
#define EMU_BAR_SIZE (1u << EMU_BAR_SIZE_LOG2)
#define EMU_OFF_COMMON 0x0000
#define EMU_OFF_ISR 0x1000
#define EMU_OFF_DEVICE 0x2000
#define EMU_OFF_NOTIFY 0x3000
#define EMU_NOTIFY_MULT 4
#define EMU_PGM_SPECIFICATION 0x0006
#define EMU_PGM_OPERAND 0x0015
#define EMU_LEGACY_ONLY ((1ULL << 24) | (1ULL << 27) | (1ULL << 30))

struct emu_pci_fn {
	unsigned int index;
	uint32_t fh;
	uint8_t cfg[PCI_CFG_SPACE_SIZE];
	uint32_t dfselect, gfselect;
	uint16_t qsel;
	uint8_t isr;
	unsigned int bar_accesses, notifies;
	bool error;
};

static unsigned int emu_pci_count;

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static struct emu_dev *emu_pci_dev(unsigned int idx)
{
	for (unsigned int i = 0; i < emu_m.ndevs; i++)
		if (emu_m.devs[i].pcif && emu_m.devs[i].pcif->index == idx)
			return &emu_m.devs[i];
	return NULL;
}

static struct emu_dev *emu_pci_by_fh(uint32_t fh)
{
	for (unsigned int i = 0; i < emu_m.ndevs; i++)
		if (emu_m.devs[i].pcif && emu_m.devs[i].pcif->fh == fh)
			return &emu_m.devs[i];
	return NULL;
}

/* --- configuration ---------------------------------------------------- */

static struct emu_dev_cfg *emu_pci_mark(struct emu_dev_cfg *d, uint32_t fid)
{
	d->pci = true;
	d->fid = fid;
	d->ssid = EMU_PCI_SSID;
	d->devno = (uint16_t)fid;
	return d;
}

struct emu_dev_cfg *emu_add_pci_blk(struct emu_config *cfg, uint32_t fid, const char *image)
{
	return emu_pci_mark(emu_add_blk(cfg, 0, (uint16_t)fid, image), fid);
}

struct emu_dev_cfg *emu_add_pci_scsi(struct emu_config *cfg, uint32_t fid)
{
	return emu_pci_mark(emu_add_scsi(cfg, 0, (uint16_t)fid), fid);
}

struct emu_dev_cfg *emu_add_pci_dev(struct emu_config *cfg, enum emu_dev_type type,
				    uint32_t fid)
{
	return emu_pci_mark(emu_add_dev(cfg, type, 0, (uint16_t)fid), fid);
}

void emu_boot_pci(struct emu_config *cfg, uint32_t fid)
{
	struct emu_boot *b;

	emu_boot_ccw(cfg, 0, 0);
	b = &cfg->boot[cfg->nboot - 1];
	b->kind = EMU_BOOT_PCI;
	b->fid = fid;
}

bool emu_pci_enabled(uint32_t fid)
{
	struct emu_dev *d = emu_find_devno(EMU_PCI_SSID, (uint16_t)fid);

	return d && d->pcif && (d->pcif->fh & ZPCI_FH_ENABLED);
}

static void cap(uint8_t *c, unsigned int pos, unsigned int next, unsigned int len,
		uint8_t type, uint32_t off, uint32_t size)
{
	c[pos] = PCI_CAP_ID_VNDR;
	c[pos + 1] = (uint8_t)next;
	c[pos + 2] = (uint8_t)len;
	c[pos + 3] = type;
	c[pos + 4] = EMU_BAR;
	put_le32(c + pos + 8, off);
	put_le32(c + pos + 12, size);
}

void emu_zpci_add(struct emu_dev *d)
{
	const struct emu_dev_cfg *c = &d->cfg;
	struct emu_pci_fn *p;
	uint8_t *s;
	uint16_t devid;

	if (d == &emu_m.devs[0] || !emu_pci_dev(0))
		emu_pci_count = 0;
	if (emu_find_devno(EMU_PCI_SSID, c->devno)) {
		fprintf(stderr, "emu: bad scenario: fid 0x%x twice\n", c->fid);
		abort();
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	d->pcif = p;
	p->index = emu_pci_count++;
	p->fh = 0x100u + p->index;
	if (c->pci_state == EMU_PCI_ENABLED)
		p->fh |= ZPCI_FH_ENABLED;
	p->error = c->pci_state == EMU_PCI_ERROR;
	d->present = true;
	d->ssid = EMU_PCI_SSID;
	d->fd = -1;
	d->revision = 1;        /* the modern interface only */
	switch (c->type) {
	case EMU_DEV_VIRTIO_BLK:
		d->ops = &emu_blk_ops;
		devid = PCI_DEVICE_VIRTIO_TRANS_BLK;
		break;
	case EMU_DEV_VIRTIO_SCSI:
		d->ops = &emu_scsi_ops;
		devid = PCI_DEVICE_VIRTIO_TRANS_SCSI;
		break;
	case EMU_DEV_VIRTIO_NET:
		d->ops = &emu_net_ops;
		devid = PCI_DEVICE_VIRTIO_TRANS_NET;
		break;
	case EMU_DEV_VIRTIO_SERIAL:
		d->ops = &emu_serial_ops;
		devid = 0x1003;
		break;
	default:
		fprintf(stderr, "emu: bad scenario: PCI device type %d\n", c->type);
		abort();
	}
	emu_vdev_init(d);

	/* configuration space: transitional virtio device, MSI-X first */
	s = p->cfg;
	put_le16(s + PCI_CFG_VENDOR_ID, PCI_VENDOR_VIRTIO);
	put_le16(s + PCI_CFG_DEVICE_ID, devid);
	put_le16(s + PCI_CFG_STATUS, c->cap_fault == EMU_CAP_NO_LIST ? 0 : PCI_STATUS_CAP_LIST);
	put_le32(s + 0x20, 0x0000000c);         /* BAR 4: 64-bit prefetchable */
	put_le16(s + PCI_CFG_SUBSYS_ID, (uint16_t)d->ops->device_id);
	s[PCI_CFG_CAP_PTR] = c->cap_fault == EMU_CAP_INTO_HEADER ? 0x10 : 0x40;
	s[0x40] = 0x11;                          /* MSI-X */
	s[0x41] = 0x50;
	if (c->cap_fault == EMU_CAP_OUT_OF_RANGE)      /* 16 bytes from 0xf8 */
		cap(s, 0xf8, 0, 16, VIRTIO_PCI_CAP_NOTIFY, EMU_OFF_NOTIFY, 0x1000);
	cap(s, 0x50, c->cap_fault == EMU_CAP_OUT_OF_RANGE ? 0xf8 : 0x60, 16,
	    c->cap_fault == EMU_CAP_NO_COMMON ? VIRTIO_PCI_CAP_PCI : VIRTIO_PCI_CAP_COMMON,
	    EMU_OFF_COMMON, 0x1000);
	cap(s, 0x60, 0x70, 16, VIRTIO_PCI_CAP_ISR, EMU_OFF_ISR, 0x1000);
	if (c->cap_fault == EMU_CAP_OUTSIDE_BAR)
		cap(s, 0x70, 0x80, 16, VIRTIO_PCI_CAP_DEVICE, EMU_BAR_SIZE - 0x100, 0x1000);
	else
		cap(s, 0x70, 0x80, 16, VIRTIO_PCI_CAP_DEVICE, EMU_OFF_DEVICE, 0x1000);
	cap(s, 0x80, c->cap_fault == EMU_CAP_LOOP ? 0x50 : 0, 20, VIRTIO_PCI_CAP_NOTIFY,
	    EMU_OFF_NOTIFY, 0x1000);
	put_le32(s + 0x90, EMU_NOTIFY_MULT);
}

/* --- CLP ------------------------------------------------------------------ */

static bool emu_clp_fault(const struct emu_dev *d, uint16_t cmd, uint8_t *rsp)
{
	if (!d || !d->cfg.clp_fail_rc || d->cfg.clp_fail_cmd != cmd)
		return false;
	put_be16(rsp + 2, d->cfg.clp_fail_rc);
	return true;
}

static void emu_clp_list(uint8_t *blk, uint8_t *rsp, uint16_t rlen)
{
	uint64_t token = get_be64(blk + 16);
	unsigned int idx = (unsigned int)token, n = 0, max;
	uint16_t len = 32;

	if (token && (token > emu_pci_count)) {
		put_be16(rsp + 2, CLP_RC_LISTPCI_BADRT);
		return;
	}
	if (rlen < 48) {
		put_be16(rsp + 2, CLP_RC_8K);
		return;
	}
	for (unsigned int i = 0; i < emu_m.ndevs; i++)
		if (emu_clp_fault(&emu_m.devs[i], CLP_LIST_PCI, rsp))
			return;
	max = (rlen - 32u) / 16u;
	if (emu_m.cfg.zpci_list_max && max > emu_m.cfg.zpci_list_max)
		max = emu_m.cfg.zpci_list_max;
	put_be16(rsp + 0x1c, 4096);
	rsp[0x1f] = 16;
	for (; idx < emu_pci_count && n < max; idx++, n++) {
		struct emu_dev *d = emu_pci_dev(idx);
		uint8_t *e = rsp + 32 + 16 * n;

		put_be16(e, get_le16(d->pcif->cfg + PCI_CFG_DEVICE_ID));
		put_be16(e + 2, get_le16(d->pcif->cfg + PCI_CFG_VENDOR_ID));
		put_be32(e + 4, d->cfg.pci_state == EMU_PCI_STANDBY ? 0 : CLP_FH_CONFIGURED);
		put_be32(e + 8, d->cfg.fid);
		put_be32(e + 12, d->pcif->fh);
		len += 16;
	}
	token = idx < emu_pci_count ? idx : 0;
	if (emu_m.cfg.zpci_list_loop)
		token = 1;      /* "more to come", forever */
	put_be64(rsp + 16, token);
	put_be16(rsp, len);
	put_be16(rsp + 2, CLP_RC_OK);
}

/* The function a Set/Query request names; NULL when the response code is
 * already stored (unknown handle, injected fault). */
static struct emu_dev *emu_clp_fn(const uint8_t *blk, uint8_t *rsp, uint16_t cmd)
{
	struct emu_dev *d = emu_pci_by_fh(get_be32(blk + 16));

	if (!d) {
		put_be16(rsp + 2, CLP_RC_SETPCIFN_FH);
		return NULL;
	}
	return emu_clp_fault(d, cmd, rsp) ? NULL : d;
}

int zpci_clp(void *blk_ptr)
{
	uint8_t *blk = blk_ptr;
	absaddr_t a = ptr_to_abs(blk);
	uint16_t qlen, rlen, cmd;
	uint8_t *rsp;
	struct emu_dev *d;

	emu_tick();
	if (emu_m.cfg.no_zpci)
		emu_pgm(0x0001, "CLP without the zPCI facility (operation exception)");
	if (a & 0xfff)
		emu_violation_add("CLP block at 0x%llx is not page aligned",
				  (unsigned long long)a);
	qlen = get_be16(blk);
	if (qlen < 16 || qlen > 8184 || qlen % 8)
		emu_pgm(EMU_PGM_OPERAND, "CLP request length %u", qlen);
	rsp = blk + qlen;
	rlen = get_be16(rsp);
	if (rlen < 8 || rlen > 8176 || rlen % 8 || qlen + rlen > 8192 || qlen + rlen > 4096)
		emu_pgm(EMU_PGM_OPERAND, "CLP response length %u", rlen);
	memset(rsp + 2, 0, rlen - 2u);
	if (qlen != 32) {
		put_be16(rsp + 2, CLP_RC_LEN);
		return 0;
	}
	cmd = get_be16(blk + 2);
	switch (cmd) {
	case CLP_LIST_PCI:
		if (get_be32(blk + 4) || get_be64(blk + 8) || get_be64(blk + 24)) {
			put_be16(rsp + 2, CLP_RC_RESNOT0);
			return 0;
		}
		emu_clp_list(blk, rsp, rlen);
		return 0;
	case CLP_SET_PCI_FN:
		d = emu_clp_fn(blk, rsp, cmd);
		if (!d)
			return 0;
		if (blk[22] == CLP_SET_ENABLE_PCI_FN) {
			if (blk[23] != 1) {
				put_be16(rsp + 2, blk[23] ? CLP_RC_SETPCIFN_RES
							   : CLP_RC_SETPCIFN_DMAAS);
				return 0;
			}
			if (d->pcif->fh & ZPCI_FH_ENABLED) {
				put_be16(rsp + 2, CLP_RC_SETPCIFN_FHOP);
				return 0;
			}
			d->pcif->fh |= ZPCI_FH_ENABLED;
		} else if (blk[22] == CLP_SET_DISABLE_PCI_FN) {
			if (!(d->pcif->fh & ZPCI_FH_ENABLED)) {
				put_be16(rsp + 2, CLP_RC_SETPCIFN_FHOP);
				return 0;
			}
			emu_vccw_reset(d);       /* device_cold_reset */
			put_le16(d->pcif->cfg + PCI_CFG_COMMAND, 0);
			d->pcif->fh &= ~ZPCI_FH_ENABLED;
		} else {
			put_be16(rsp + 2, CLP_RC_SETPCIFN_FHOP);
			return 0;
		}
		put_be32(rsp + 16, d->pcif->fh);
		put_be16(rsp, 32);
		put_be16(rsp + 2, CLP_RC_OK);
		return 0;
	case CLP_QUERY_PCI_FN:
		d = emu_clp_fn(blk, rsp, cmd);
		if (!d)
			return 0;
		rsp[0x13] = 1;                          /* pfgid */
		put_be32(rsp + 0x14, d->cfg.fid);
		rsp[0x18 + EMU_BAR] = EMU_BAR_SIZE_LOG2;
		memcpy(rsp + 0x20 + 4 * EMU_BAR, d->pcif->cfg + 0x20, 4);
		put_be64(rsp + 0x40, 0x100000000ULL);   /* QEMU's sdma/edma */
		put_be64(rsp + 0x48, 0x1ffffffffffffffULL);
		put_be32(rsp + 0x7c, d->cfg.fid);
		put_be16(rsp, 0xc0);
		put_be16(rsp + 2, CLP_RC_OK);
		return 0;
	case CLP_QUERY_PCI_FNGRP:
		/* QEMU knows groups of vfio devices only */
		put_be16(rsp + 2, CLP_RC_QUERYPCIFG_PFGID);
		return 0;
	default:
		put_be16(rsp + 2, CLP_RC_CMD);
		return 0;
	}
}

bool zpci_facility(void)
{
	return !emu_m.cfg.no_zpci;
}

/* --- virtio-pci registers -------------------------------------------------- */

static uint64_t emu_common_read(struct emu_dev *d, uint32_t off, unsigned int len)
{
	struct emu_pci_fn *p = d->pcif;
	struct emu_vq *vq = p->qsel < EMU_VQ_MAX ? &d->vq[p->qsel] : NULL;
	bool qok = vq && p->qsel < d->ops->nvqs;
	uint64_t f = d->cfg.host_features & ~EMU_LEGACY_ONLY;

	(void)len;
	switch (off) {
	case VPCI_DFSELECT:
		return p->dfselect;
	case VPCI_DF:
		return p->dfselect == 0 ? (uint32_t)f : p->dfselect == 1 ? f >> 32 : 0;
	case VPCI_GFSELECT:
		return p->gfselect;
	case VPCI_GF:
		return p->gfselect < 2 ? (uint32_t)(d->guest_features >> (32 * p->gfselect)) : 0;
	case VPCI_MSIX:
		return VIRTIO_MSI_NO_VECTOR;
	case VPCI_NUMQ:
		return d->ops->nvqs;
	case VPCI_STATUS:
		return d->status;
	case VPCI_CFGGEN:
		return 0;
	case VPCI_Q_SELECT:
		return p->qsel;
	case VPCI_Q_SIZE:
		return qok ? vq->num : 0;
	case VPCI_Q_MSIX:
		return VIRTIO_MSI_NO_VECTOR;
	case VPCI_Q_ENABLE:
		return qok && vq->ready;
	case VPCI_Q_NOFF:
		return d->cfg.cap_fault == EMU_CAP_NOTIFY_OFF ? p->qsel + 0x800u : p->qsel;
	case VPCI_Q_DESCLO: case VPCI_Q_DESCHI:
		return qok ? (uint32_t)(vq->desc >> (off == VPCI_Q_DESCHI ? 32 : 0)) : 0;
	case VPCI_Q_AVAILLO: case VPCI_Q_AVAILHI:
		return qok ? (uint32_t)(vq->avail >> (off == VPCI_Q_AVAILHI ? 32 : 0)) : 0;
	case VPCI_Q_USEDLO: case VPCI_Q_USEDHI:
		return qok ? (uint32_t)(vq->used >> (off == VPCI_Q_USEDHI ? 32 : 0)) : 0;
	default:
		return 0;
	}
}

static void emu_set_half(uint64_t *a, bool hi, uint64_t v)
{
	*a = hi ? (*a & 0xffffffffULL) | (v << 32) : (*a & ~0xffffffffULL) | (uint32_t)v;
}

static void emu_status_write(struct emu_dev *d, uint8_t v)
{
	uint64_t offered = d->cfg.host_features & ~EMU_LEGACY_ONLY;

	if (v == 0) {
		emu_vccw_reset(d);
		d->pcif->dfselect = d->pcif->gfselect = 0;
		d->pcif->qsel = 0;
		return;
	}
	if ((v & VIRTIO_STAT_FEATURES_OK) && !(d->status & VIRTIO_STAT_FEATURES_OK)) {
		/* virtio_set_features(): only offered ones, VERSION_1 required */
		if ((d->guest_features & ~offered) ||
		    !(d->guest_features & (1ULL << VIRTIO_F_VERSION_1)))
			v &= (uint8_t)~VIRTIO_STAT_FEATURES_OK;
	}
	if ((v & VIRTIO_STAT_DRIVER_OK) && !(v & VIRTIO_STAT_FEATURES_OK))
		emu_violation_add("pci 0x%x: DRIVER_OK without FEATURES_OK", d->cfg.fid);
	d->status = v;
}

static void emu_common_write(struct emu_dev *d, uint32_t off, uint64_t v)
{
	struct emu_pci_fn *p = d->pcif;
	struct emu_vq *vq = p->qsel < EMU_VQ_MAX && p->qsel < d->ops->nvqs ? &d->vq[p->qsel]
									 : NULL;

	switch (off) {
	case VPCI_DFSELECT:
		p->dfselect = (uint32_t)v;
		return;
	case VPCI_GFSELECT:
		p->gfselect = (uint32_t)v;
		return;
	case VPCI_GF:
		if (d->status & VIRTIO_STAT_FEATURES_OK)
			emu_violation_add("pci 0x%x: features written after FEATURES_OK",
					  d->cfg.fid);
		if (p->gfselect < 2)
			emu_set_half(&d->guest_features, p->gfselect == 1, v);
		return;
	case VPCI_STATUS:
		emu_status_write(d, (uint8_t)v);
		return;
	case VPCI_Q_SELECT:
		p->qsel = (uint16_t)v;
		return;
	case VPCI_MSIX: case VPCI_Q_MSIX:
		return;
	default:
		break;
	}
	if (!vq) {
		emu_violation_add("pci 0x%x: queue register 0x%x written for queue %u",
				  d->cfg.fid, off, p->qsel);
		return;
	}
	switch (off) {
	case VPCI_Q_SIZE:
		if (!v || v > vq->num_max)
			emu_violation_add("pci 0x%x: queue %u size %llu (max %u)", d->cfg.fid,
					  p->qsel, (unsigned long long)v, vq->num_max);
		else
			vq->num = (uint16_t)v;
		return;
	case VPCI_Q_ENABLE:
		if (v == 1 && (!vq->desc || !vq->avail || !vq->used))
			emu_violation_add("pci 0x%x: queue %u enabled without addresses",
					  d->cfg.fid, p->qsel);
		vq->ready = v == 1;
		return;
	case VPCI_Q_DESCLO: case VPCI_Q_DESCHI:
		emu_set_half(&vq->desc, off == VPCI_Q_DESCHI, v);
		return;
	case VPCI_Q_AVAILLO: case VPCI_Q_AVAILHI:
		emu_set_half(&vq->avail, off == VPCI_Q_AVAILHI, v);
		return;
	case VPCI_Q_USEDLO: case VPCI_Q_USEDHI:
		emu_set_half(&vq->used, off == VPCI_Q_USEDHI, v);
		return;
	default:
		emu_violation_add("pci 0x%x: write to read-only common register 0x%x",
				  d->cfg.fid, off);
	}
}

/* One BAR 4 access; *val in little-endian value terms. */
static void emu_bar_access(struct emu_dev *d, uint64_t off, unsigned int len, uint64_t *val,
			   bool write)
{
	struct emu_pci_fn *p = d->pcif;

	if (off < EMU_OFF_COMMON + VPCI_COMMON_LEN) {
		if (len == 8) { /* two 32-bit halves, as QEMU splits it */
			uint64_t lo = *val & 0xffffffffu, hi = *val >> 32;

			emu_bar_access(d, off, 4, &lo, write);
			emu_bar_access(d, off + 4, 4, &hi, write);
			*val = lo | hi << 32;
			return;
		}
		if (write)
			emu_common_write(d, (uint32_t)off, *val);
		else
			*val = emu_common_read(d, (uint32_t)off, len);
		if (len < 8)
			*val &= (1ULL << (8 * len)) - 1;
		return;
	}
	if (off >= EMU_OFF_ISR && off < EMU_OFF_ISR + 0x1000) {
		if (!write) {
			*val = off == EMU_OFF_ISR ? p->isr : 0;
			p->isr = 0;
		}
		return;
	}
	if (off >= EMU_OFF_DEVICE && off < EMU_OFF_DEVICE + 0x1000) {
		uint8_t buf[256];
		uint32_t n = d->ops->config ? d->ops->config(d, buf, sizeof(buf)) : 0;
		uint64_t o = off - EMU_OFF_DEVICE;

		if (write) {
			emu_violation_add("pci 0x%x: device configuration written", d->cfg.fid);
			return;
		}
		*val = 0;
		for (unsigned int i = 0; i < len; i++)
			if (o + i < n)
				*val |= (uint64_t)buf[o + i] << (8 * i);
		return;
	}
	if (off >= EMU_OFF_NOTIFY && off < EMU_OFF_NOTIFY + 0x1000) {
		uint64_t q = (off - EMU_OFF_NOTIFY) / EMU_NOTIFY_MULT;

		if (!write)
			return;
		if (len != 2 || (off - EMU_OFF_NOTIFY) % EMU_NOTIFY_MULT || *val != q)
			emu_violation_add("pci 0x%x: notify of queue %llu at offset 0x%llx "
					  "(%u bytes)", d->cfg.fid, (unsigned long long)*val,
					  (unsigned long long)(off - EMU_OFF_NOTIFY), len);
		p->notifies++;
		if (d->cfg.reset_at_notify && p->notifies == d->cfg.reset_at_notify) {
			emu_vccw_reset(d);      /* the request is lost */
			return;
		}
		if (!(d->status & VIRTIO_STAT_DRIVER_OK))
			emu_violation_add("pci 0x%x: queue notified before DRIVER_OK",
					  d->cfg.fid);
		emu_vccw_notify(d, (uint32_t)*val);
		return;
	}
	if (!write)
		*val = 0;
}

/* Register value (bytes in address order) <-> little-endian value. */
static uint64_t emu_swap(uint64_t v, unsigned int len)
{
	uint64_t r = 0;

	for (unsigned int i = 0; i < len; i++)
		r |= ((v >> (8 * i)) & 0xff) << (8 * (len - 1 - i));
	return r;
}

static int emu_ls(uint64_t req, uint64_t off, uint64_t *data, uint8_t *status, bool write)
{
	uint32_t fh = (uint32_t)(req >> 32);
	uint8_t as = (uint8_t)((req >> 16) & 0xf);
	unsigned int len = (unsigned int)(req & 0xf);
	struct emu_dev *d;
	uint64_t v;

	emu_tick();
	if (emu_m.cfg.no_zpci)
		emu_pgm(0x0001, "PCI load/store without the zPCI facility");
	if (!(fh & ZPCI_FH_ENABLED))
		return ZPCI_CC_INVAL_HANDLE;
	d = emu_pci_by_fh(fh);
	if (!d)
		return ZPCI_CC_INVAL_HANDLE;
	if (d->pcif->error) {
		*status = ZPCI_ST_BLOCKED;
		return ZPCI_CC_ERR;
	}
	if (as == ZPCI_CONFIG_SPACE) {
		if (!len || len > 4 - (off & 3) || len == 3)
			emu_pgm(EMU_PGM_OPERAND, "PCI config access of %u bytes at 0x%llx", len,
				(unsigned long long)off);
		if (write) {
			v = emu_swap(*data, len);
			if (off == PCI_CFG_COMMAND && len == 2)
				put_le16(d->pcif->cfg + PCI_CFG_COMMAND, (uint16_t)v);
			return ZPCI_CC_OK;
		}
		v = 0;
		for (unsigned int i = 0; i < len; i++) {
			uint8_t b = off + i < PCI_CFG_SPACE_SIZE ? d->pcif->cfg[off + i] : 0;

			v |= (uint64_t)(d->cfg.cfg_all_ones ? 0xff : b) << (8 * i);
		}
		*data = emu_swap(v, len);
		return ZPCI_CC_OK;
	}
	if (as != EMU_BAR) {
		*status = ZPCI_ST_INVAL_AS;
		return ZPCI_CC_ERR;
	}
	if (!len || len > 8 - (off & 7) || off + len > EMU_BAR_SIZE)
		emu_pgm(EMU_PGM_OPERAND, "PCI BAR access of %u bytes at 0x%llx", len,
			(unsigned long long)off);
	d->pcif->bar_accesses++;
	if (d->cfg.bar_pgm_nth && d->pcif->bar_accesses == d->cfg.bar_pgm_nth)
		emu_pgm(EMU_PGM_OPERAND, "PCI BAR access failed in the device (fault)");
	if (d->cfg.bar_error_nth && d->pcif->bar_accesses >= d->cfg.bar_error_nth) {
		d->pcif->error = true;
		*status = ZPCI_ST_BLOCKED;
		return ZPCI_CC_ERR;
	}
	if (!(get_le16(d->pcif->cfg + PCI_CFG_COMMAND) & PCI_COMMAND_MEMORY))
		emu_violation_add("pci 0x%x: BAR access with memory space disabled", d->cfg.fid);
	if (write) {
		v = emu_swap(*data, len);
		emu_bar_access(d, off, len, &v, true);
	} else {
		v = 0;
		emu_bar_access(d, off, len, &v, false);
		*data = emu_swap(v, len);
	}
	return ZPCI_CC_OK;
}

int zpci_pcilg(uint64_t req, uint64_t offset, uint64_t *data, uint8_t *status)
{
	*data = 0;
	return emu_ls(req, offset, data, status, false);
}

int zpci_pcistg(uint64_t req, uint64_t offset, uint64_t data, uint8_t *status)
{
	return emu_ls(req, offset, &data, status, true);
}
