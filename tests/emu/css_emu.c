/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emulated channel subsystem behind drivers/css/css_insn.h, modelled on
 * QEMU's hw/s390x/css.c and target/s390x/ioinst.c for virtual (virtio-ccw)
 * subchannels: subchannel sets 0..3 (ssid > 0 only after CHSC enable-MSS),
 * STSCH/MSCH/SSCH/TSCH/CSCH/TPI/CHSC, synchronous interpretation of format-1
 * (and format-0) channel programs with command chaining, SLI, TIC and IDAWs,
 * unit check with BASIC SENSE, SENSE ID, and QEMU's error mapping:
 * unknown command -> unit check + command reject, length mismatch without
 * SLI or a malformed CCW -> channel program check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/css/css_insn.h"
#include "abi/virtio.h"
#include "emu_int.h"
#include "fw/endian.h"

/* PMCW / SCSW bits that css.h does not name */
#define EMU_PMCW_INVALID 0x0700u
#define EMU_PMCW_MODIFIABLE 0x38fcu       /* ISC, ENA, LM, MM, MP */
#define EMU_CHARS_INVALID 0xff1ffff8u
#define EMU_CHARS_XMWME 0x2u
#define EMU_CHARS_CSENSE 0x1u
#define EMU_SCSW_F_ESWF 0x04000000u
#define EMU_SCSW_F_CC 0x03000000u
#define EMU_SCSW_F_FMT 0x00800000u
#define EMU_SCSW_F_ECTL 0x00020000u
#define EMU_SCSW_FCTL_MASK 0x00007000u
#define EMU_SCSW_ACTL_START_PEND 0x00000400u
#define EMU_SCSW_STCTL_MASK 0x0000001fu
#define EMU_ORB_CTRL_INVALID 0x0004003eu  /* ctrl0 0x0004, ctrl1 0x3e */
#define EMU_ORB_MIDAW 0x00000040u
#define EMU_ORB_SPND 0x08000000u
#define EMU_ORB_I2K 0x00010000u
#define EMU_CCW_MIDA 0x01u

#define EMU_PGM_SPECIFICATION 0x0006
#define EMU_PGM_OPERAND 0x0015

/* --- subchannels ---------------------------------------------------------- */

bool emu_css_visible(const struct emu_dev *d)
{
	return d->ssid <= emu_m.max_ssid;
}

struct emu_dev *emu_find_sch(uint8_t ssid, uint16_t schno)
{
	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		if (d->present && d->ssid == ssid && d->schno == schno)
			return d;
	}
	return NULL;
}

struct emu_dev *emu_find_devno(uint8_t ssid, uint16_t devno)
{
	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		if (d->present && d->ssid == ssid && d->cfg.devno == devno)
			return d;
	}
	return NULL;
}

void emu_css_add(struct emu_dev *d)
{
	const struct emu_dev_cfg *c = &d->cfg;

	if (c->ssid > CSS_MAX_SSID) {
		fprintf(stderr, "emu: bad scenario: ssid %u\n", c->ssid);
		abort();
	}
	if (emu_find_devno(c->ssid, c->devno)) {
		fprintf(stderr, "emu: bad scenario: devno 0.%u.%04x twice\n", c->ssid, c->devno);
		abort();
	}
	d->ssid = c->ssid;
	if (c->schno >= 0) {
		d->schno = (uint16_t)c->schno;
	} else {
		uint16_t n = 0;

		while (emu_find_sch(d->ssid, n))
			n++;
		d->schno = n;
	}
	if (emu_find_sch(d->ssid, d->schno)) {
		fprintf(stderr, "emu: bad scenario: subchannel 0.%u.%04x twice\n", d->ssid,
			d->schno);
		abort();
	}
	d->present = true;
	d->pmcw_flags = PMCW_DNV;
	d->lpm = 0x80;
	d->pom = 0xff;
	d->fd = -1;
	d->revision = -1;
	switch (c->type) {
	case EMU_DEV_VIRTIO_BLK:
		d->ops = &emu_blk_ops;
		break;
	case EMU_DEV_VIRTIO_SCSI:
		d->ops = &emu_scsi_ops;
		break;
	case EMU_DEV_VIRTIO_NET:
		d->ops = &emu_net_ops;
		break;
	case EMU_DEV_VIRTIO_SERIAL:
		d->ops = &emu_serial_ops;
		break;
	case EMU_DEV_3270:
		d->cu_type = 0x3270;
		d->cu_model = 0x02;
		d->dev_type = 0x3270;
		d->dev_model = 0x02;
		break;
	case EMU_DEV_DASD:
		d->cu_type = CU_TYPE_DASD_3990;
		d->cu_model = 0xe9;
		d->dev_type = 0x3390;
		d->dev_model = 0x0c;
		break;
	default:
		fprintf(stderr, "emu: bad scenario: device type %d\n", c->type);
		abort();
	}
	if (d->ops) {
		d->cu_type = CU_TYPE_VIRTIO;
		d->cu_model = (uint8_t)d->ops->device_id;
		emu_vdev_init(d);
	}
}

void emu_vdev_init(struct emu_dev *d)
{
	for (unsigned int q = 0; q < EMU_VQ_MAX; q++)
		d->vq[q].num = d->vq[q].num_max = d->cfg.queue_size;
	if (d->cfg.type == EMU_DEV_VIRTIO_BLK)
		emu_blk_init(d);
	else if (d->cfg.type == EMU_DEV_VIRTIO_SCSI)
		emu_scsi_init(d);
}

const struct emu_fault *emu_fault(struct emu_dev *d, enum emu_fault_kind kind, int value)
{
	const struct emu_fault *hit = NULL;

	for (unsigned int i = 0; i < d->cfg.nfaults; i++) {
		const struct emu_fault *f = &d->cfg.faults[i];
		unsigned int nth = f->nth ? f->nth : 1;
		unsigned int n;

		if (f->kind != kind || (f->match != EMU_ANY && f->match != value))
			continue;
		n = ++d->fault_hits[i];
		if (n >= nth && (f->count == 0 || n < nth + f->count) && !hit)
			hit = f;
	}
	return hit;
}

void emu_css_queue_io(struct emu_dev *d)
{
	d->io_pending = true;
	d->io_seq = ++emu_m.io_seq;
}

/* QEMU css_conditional_io_interrupt(): alert status if none pending */
void emu_css_unsolicited(struct emu_dev *d)
{
	if (d->scsw & SCSW_STCTL_PENDING)
		return;
	d->scsw &= ~EMU_SCSW_STCTL_MASK;
	d->scsw |= SCSW_STCTL_ALERT | SCSW_STCTL_PENDING;
	emu_css_queue_io(d);
}

/*
 * Decode a subsystem-identification word (ioinst_disassemble_sch_ident).
 * Returns the device, or NULL with *ccp = 3 when there is no such visible
 * subchannel; *emptyp tells STSCH to store an empty SCHIB with cc 0.
 */
static struct emu_dev *emu_schid(uint32_t schid, const char *insn, bool *emptyp)
{
	uint8_t ssid = (uint8_t)SCHID_SSID(schid);
	uint16_t sch = (uint16_t)SCHID_SCH(schid);
	bool m = schid & 0x00080000u;
	struct emu_dev *d;

	if (!(schid & SCHID_ONE) || (!m && (schid & 0xff000000u)))
		emu_pgm(EMU_PGM_OPERAND, "%s with invalid subsystem-id word 0x%08x", insn, schid);
	if (emptyp)
		*emptyp = false;
	if (m && (schid >> 24) != 0xfe)
		return NULL;
	if (ssid > emu_m.max_ssid)
		return NULL;
	/* a not-operational device behaves as unplugged (QEMU: the subchannel
	 * is gone; STSCH stores an empty SCHIB unless it was the last one) */
	d = emu_find_sch(ssid, sch);
	if (d && !d->not_oper)
		return d;
	if (emptyp) {
		bool later = false;

		for (unsigned int i = 0; i < emu_m.ndevs; i++)
			if (emu_m.devs[i].ssid == ssid && emu_m.devs[i].schno > sch &&
			    !emu_m.devs[i].not_oper)
				later = true;
		*emptyp = later;
	}
	return NULL;
}

static void emu_store_schib(const struct emu_dev *d, struct schib *s)
{
	memset(s, 0, sizeof(*s));
	s->pmcw.intparm = cpu_to_be32(d->intparm);
	s->pmcw.flags = cpu_to_be16(d->pmcw_flags);
	s->pmcw.devno = cpu_to_be16(d->cfg.devno);
	s->pmcw.lpm = d->lpm;
	s->pmcw.pim = 0x80;
	s->pmcw.pam = 0x80;
	s->pmcw.pom = d->pom;
	s->pmcw.mbi = cpu_to_be16(d->mbi);
	s->pmcw.chars = cpu_to_be32(d->chars);
	s->scsw.flags = cpu_to_be32(d->scsw);
	s->scsw.cpa = cpu_to_be32(d->cpa);
	s->scsw.dstat = d->dstat;
	s->scsw.cstat = d->cstat;
	s->scsw.count = cpu_to_be16(d->count);
	s->mba = cpu_to_be64(d->mba);
}

int css_stsch(uint32_t schid, struct schib *schib)
{
	bool empty;
	struct emu_dev *d;

	emu_tick();
	d = emu_schid(schid, "STSCH", &empty);
	if (!d) {
		if (!empty)
			return 3;
		memset(schib, 0, sizeof(*schib));
		return 0;
	}
	emu_store_schib(d, schib);
	return 0;
}

int css_msch(uint32_t schid, const struct schib *schib)
{
	struct emu_dev *d;
	uint16_t flags = be16_to_cpu(schib->pmcw.flags);
	uint32_t chars = be32_to_cpu(schib->pmcw.chars);
	bool was_enabled;

	emu_tick();
	if ((flags & EMU_PMCW_INVALID) || (chars & EMU_CHARS_INVALID) ||
	    (chars & EMU_CHARS_XMWME))
		emu_pgm(EMU_PGM_OPERAND, "MSCH with invalid PMCW bits (flags 0x%04x chars 0x%08x)",
			flags, chars);
	d = emu_schid(schid, "MSCH", NULL);
	if (!d || d->not_oper)
		return 3;
	if (d->scsw & SCSW_STCTL_PENDING)
		return 1;
	if (d->scsw & EMU_SCSW_FCTL_MASK)
		return 2;
	was_enabled = d->pmcw_flags & PMCW_ENA;
	d->intparm = be32_to_cpu(schib->pmcw.intparm);
	d->pmcw_flags = (uint16_t)((d->pmcw_flags & ~EMU_PMCW_MODIFIABLE) |
				   (flags & EMU_PMCW_MODIFIABLE));
	d->lpm = schib->pmcw.lpm;
	d->mbi = be16_to_cpu(schib->pmcw.mbi);
	d->pom = schib->pmcw.pom;
	d->chars = chars & 0x5u;        /* MBFC, CSENSE */
	d->mba = be64_to_cpu(schib->mba);
	/* virtio-ccw: disabling the subchannel forgets the revision */
	if (was_enabled && !(d->pmcw_flags & PMCW_ENA) && d->ops)
		d->revision = -1;
	return 0;
}

/* --- channel programs ---------------------------------------------------- */

struct emu_ccw {
	uint8_t cmd, flags;
	uint16_t count;
	uint32_t cda;
	bool ida, c64, i2k, fmt1;
};

/*
 * Move @len bytes at offset @off of the CCW's data area between the device
 * and guest memory (direct or through IDAWs). Returns 0 or -EINVAL for a
 * channel program check (bad address), like QEMU's ccw_dstream.
 */
static int emu_ccw_data(const struct emu_ccw *c, uint32_t off, void *buf, uint32_t len,
			bool to_guest)
{
	uint8_t *b = buf;

	if ((uint64_t)off + len > c->count)
		return -EINVAL;
	if (!c->ida) {
		uint64_t a = (uint64_t)c->cda + off;
		uint64_t lim = c->fmt1 ? (1ULL << 31) : (1ULL << 24);

		if (a + len > lim || !emu_range_ok(a, len))
			return -EINVAL;
		if (to_guest)
			emu_dma_write(a, b, len);
		else
			emu_dma_read(a, b, len);
		return 0;
	}
	/* IDAW list at cda: format 2 (64-bit) with C64, else format 1 */
	{
		uint64_t bsz = (c->c64 && !c->i2k) ? 4096 : 2048;
		unsigned int wsize = c->c64 ? 8 : 4;
		uint64_t pos = 0;
		unsigned int idx = 0;

		if (c->cda & (wsize - 1))
			return -EINVAL;
		while (pos < (uint64_t)off + len) {
			uint8_t w[8];
			uint64_t a, chunk;

			if (!emu_range_ok((uint64_t)c->cda + (uint64_t)idx * wsize, wsize))
				return -EINVAL;
			emu_dma_read((uint64_t)c->cda + (uint64_t)idx * wsize, w, wsize);
			a = wsize == 8 ? get_be64(w) : get_be32(w);
			if (wsize == 4 && (a & 0x80000000u))
				return -EINVAL;
			if (idx && (a & (bsz - 1)))
				return -EINVAL;
			chunk = bsz - (a & (bsz - 1));
			/* bytes [pos, pos + chunk) of the stream live at a */
			if (pos + chunk > off) {
				uint64_t from = pos > off ? pos : off;
				uint64_t to = pos + chunk < (uint64_t)off + len ? pos + chunk
										 : (uint64_t)off + len;
				uint64_t ga = a + (from - pos);

				if (!emu_range_ok(ga, to - from))
					return -EINVAL;
				if (to_guest)
					emu_dma_write(ga, b + (from - off), to - from);
				else
					emu_dma_read(ga, b + (from - off), to - from);
			}
			pos += chunk;
			idx++;
		}
		return 0;
	}
}

/* helpers for device code: the CCW being executed */
static const struct emu_ccw *emu_cur_ccw;

static int emu_senseid(struct emu_dev *d, const struct emu_ccw *c, bool check_len,
		       uint16_t *residual)
{
	uint8_t id[256];
	uint32_t len;

	memset(id, 0, sizeof(id));
	put_be16(id + 1, d->cu_type);
	id[3] = d->cu_model;
	put_be16(id + 4, d->dev_type);
	id[6] = d->dev_model;
	if (check_len && c->count != sizeof(id))
		return -EINVAL;
	len = c->count < sizeof(id) ? c->count : sizeof(id);
	id[0] = len >= 4 ? 0xff : 0;
	if (emu_ccw_data(c, 0, id, len, true))
		return -EINVAL;
	*residual = (uint16_t)(c->count - len);
	return 0;
}

/* Data access for virtio_ccw_emu.c (the current CCW's data area). */

int emu_ccw_read(uint32_t off, void *buf, uint32_t len)
{
	return emu_ccw_data(emu_cur_ccw, off, buf, len, false);
}

int emu_ccw_write(uint32_t off, const void *buf, uint32_t len)
{
	return emu_ccw_data(emu_cur_ccw, off, (void *)buf, len, true);
}

/* One CCW (css_interpret_ccw). 0 done, -EAGAIN continue, else error. */
static int emu_interpret_ccw(struct emu_dev *d, bool suspend_ok)
{
	uint64_t addr = d->channel_prog;
	uint8_t raw[8];
	struct emu_ccw c;
	bool check_len;
	uint16_t residual = 0;
	const struct emu_fault *f;
	int ret;

	if (!addr || (addr & (d->fmt1 ? 0x80000007u : 0xff000007u)))
		return -EINVAL;
	if (!emu_dma_read(addr, raw, 8))
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	c.fmt1 = d->fmt1;
	c.c64 = d->orb_ctrl & ORB_C64;
	c.i2k = d->orb_ctrl & EMU_ORB_I2K;
	if (d->fmt1) {
		c.cmd = raw[0];
		c.flags = raw[1];
		c.count = get_be16(raw + 2);
		c.cda = get_be32(raw + 4);
	} else {
		c.cmd = raw[0];
		c.cda = (uint32_t)raw[1] << 16 | get_be16(raw + 2);
		c.flags = raw[4];
		c.count = get_be16(raw + 6);
		if ((c.cmd & 0x0f) == CCW_CMD_TIC) {
			c.cmd = CCW_CMD_TIC;
			c.flags = 0;
			c.count = 0;
		}
	}
	c.ida = c.flags & CCW_FLAG_IDA;

	if ((c.cmd & 0x0f) == 0)
		return -EINVAL;
	if ((c.cmd & 0x0f) == CCW_CMD_TIC && (c.cmd & 0xf0))
		return -EINVAL;
	if (!d->fmt1 && c.count == 0 && c.cmd != CCW_CMD_TIC)
		return -EINVAL;
	if (c.flags & EMU_CCW_MIDA)
		return -EINVAL;
	if (c.flags & CCW_FLAG_SUSPEND)
		return suspend_ok ? -EINPROGRESS : -EINVAL;
	check_len = !((c.flags & CCW_FLAG_SLI) && !(c.flags & CCW_FLAG_CD));
	if (!c.cda) {
		if (d->no_data_cnt == 255)
			return -EINVAL;
		d->no_data_cnt++;
	}

	if (c.cmd != CCW_CMD_TIC && (f = emu_fault(d, EMU_FAULT_UNIT_CHECK, c.cmd))) {
		memcpy(d->sense, f->sense, sizeof(d->sense));
		d->dstat = f->arg ? (uint8_t)f->arg : (DSTAT_CE | DSTAT_DE | DSTAT_UC);
		ret = -EIO;
		goto out;
	}

	emu_cur_ccw = &c;
	switch (c.cmd) {
	case CCW_CMD_NOOP:
		ret = 0;
		break;
	case CCW_CMD_BASIC_SENSE: {
		uint32_t len;

		if (check_len && c.count != sizeof(d->sense)) {
			ret = -EINVAL;
			break;
		}
		len = c.count < sizeof(d->sense) ? c.count : sizeof(d->sense);
		ret = emu_ccw_data(&c, 0, d->sense, len, true);
		residual = (uint16_t)(c.count - len);
		if (!ret)
			memset(d->sense, 0, sizeof(d->sense));
		break;
	}
	case CCW_CMD_SENSE_ID:
		ret = emu_senseid(d, &c, check_len, &residual);
		break;
	case CCW_CMD_TIC:
		if (d->last_cmd_valid && d->last_cmd == CCW_CMD_TIC) {
			ret = -EINVAL;
			break;
		}
		if (c.flags || c.count) {
			ret = -EINVAL;
			break;
		}
		d->channel_prog = c.cda;
		ret = -EAGAIN;
		break;
	default:
		if (d->ops)
			ret = emu_vccw_command(d, c.cmd, c.flags, c.count, c.cda, &residual);
		else
			ret = -ENOSYS;
		break;
	}
	emu_cur_ccw = NULL;
	d->count = residual;
out:
	d->last_cmd = c.cmd;
	d->last_cmd_valid = true;
	if (ret == 0 && (c.flags & CCW_FLAG_CC)) {
		d->channel_prog += 8;
		ret = -EAGAIN;
	}
	return ret;
}

static void emu_start_function(struct emu_dev *d, const struct orb *orb)
{
	uint32_t ctrl = be32_to_cpu(orb->ctrl);
	uint8_t lpm = (uint8_t)(ctrl >> ORB_LPM_SHIFT);
	int ret;

	d->cstat = 0;
	d->dstat = 0;
	d->intparm = be32_to_cpu(orb->intparm);
	if (!(lpm & 0x80)) {
		/* no usable path: deferred cc 3 */
		d->scsw |= EMU_SCSW_F_CC;
		d->scsw &= ~EMU_SCSW_STCTL_MASK;
		d->scsw |= SCSW_STCTL_ALERT | SCSW_STCTL_PENDING;
		return;
	}
	d->orb_ctrl = ctrl;
	d->fmt1 = ctrl & ORB_FMT1;
	if (d->fmt1)
		d->scsw |= EMU_SCSW_F_FMT;
	d->no_data_cnt = 0;
	d->last_cmd_valid = false;
	d->channel_prog = be32_to_cpu(orb->cpa);

	if (d->cfg.type == EMU_DEV_DASD && d->cfg.require_pfch_c64 &&
	    (!(ctrl & ORB_PFCH) || !(ctrl & ORB_C64))) {
		/* pre-5.1 vfio-ccw: unit exception */
		d->scsw &= ~(EMU_SCSW_STCTL_MASK | EMU_SCSW_ACTL_START_PEND);
		d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY | SCSW_STCTL_ALERT |
			   SCSW_STCTL_PENDING;
		d->dstat = DSTAT_CE | DSTAT_DE | DSTAT_UE;
		return;
	}

	do {
		ret = emu_interpret_ccw(d, ctrl & EMU_ORB_SPND);
		if (ret == -EAGAIN)
			continue;
		d->scsw &= ~(EMU_SCSW_STCTL_MASK | EMU_SCSW_ACTL_START_PEND);
		switch (ret) {
		case 0:
			d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY | SCSW_STCTL_PENDING;
			d->dstat = DSTAT_CE | DSTAT_DE;
			break;
		case -EIO:      /* injected unit check: dstat and sense set */
		case -ENOSYS:   /* command reject */
			if (ret == -ENOSYS) {
				memset(d->sense, 0, sizeof(d->sense));
				d->sense[0] = 0x80;
				d->dstat = DSTAT_UC;
			}
			d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY |
				   SCSW_STCTL_ALERT | SCSW_STCTL_PENDING;
			break;
		case -EINPROGRESS:
			emu_violation_add("0.%u.%04x: suspended channel program (not modelled)",
					  d->ssid, d->cfg.devno);
			d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY | SCSW_STCTL_PENDING;
			d->dstat = DSTAT_CE | DSTAT_DE;
			break;
		case -EFAULT:
			d->cstat = CSTAT_CDC;
			d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY |
				   SCSW_STCTL_ALERT | SCSW_STCTL_PENDING;
			break;
		default:        /* channel program check */
			d->cstat = CSTAT_PROG;
			d->scsw |= SCSW_STCTL_PRIMARY | SCSW_STCTL_SECONDARY |
				   SCSW_STCTL_ALERT | SCSW_STCTL_PENDING;
			break;
		}
		d->cpa = (uint32_t)(d->channel_prog + 8);
	} while (ret == -EAGAIN);
}

int css_ssch(uint32_t schid, const struct orb *orb)
{
	struct emu_dev *d;
	uint32_t ctrl = be32_to_cpu(orb->ctrl);

	emu_tick();
	if (((uintptr_t)orb & 3))
		emu_pgm(EMU_PGM_SPECIFICATION, "SSCH ORB not word aligned");
	if ((ctrl & EMU_ORB_CTRL_INVALID) || (ctrl & EMU_ORB_MIDAW) ||
	    (be32_to_cpu(orb->cpa) & 0x80000000u))
		emu_pgm(EMU_PGM_OPERAND, "SSCH with invalid ORB (ctrl 0x%08x cpa 0x%08x)", ctrl,
			be32_to_cpu(orb->cpa));
	d = emu_schid(schid, "SSCH", NULL);
	if (!d || d->not_oper)
		return 3;
	if ((d->pmcw_flags & (PMCW_DNV | PMCW_ENA)) != (PMCW_DNV | PMCW_ENA))
		return 3;
	if (d->scsw & SCSW_STCTL_PENDING)
		return 1;
	if (d->scsw & EMU_SCSW_FCTL_MASK)
		return 2;
	if (emu_fault(d, EMU_FAULT_NOT_OPER, EMU_ANY)) {
		d->not_oper = true;
		return 3;
	}
	if (emu_fault(d, EMU_FAULT_NO_STATUS, EMU_ANY)) {
		/* the device hangs: start pending for ever */
		d->ssch_count++;
		d->scsw |= SCSW_FCTL_START | EMU_SCSW_ACTL_START_PEND;
		return 0;
	}
	d->ssch_count++;
	d->scsw &= ~0x00010000u;        /* PNO */
	d->scsw |= SCSW_FCTL_START | EMU_SCSW_ACTL_START_PEND;
	emu_start_function(d, orb);
	emu_css_queue_io(d);
	return 0;
}

int css_tsch(uint32_t schid, struct irb *irb)
{
	struct emu_dev *d;
	uint32_t stctl;

	emu_tick();
	d = emu_schid(schid, "TSCH", NULL);
	if (!d || d->not_oper)
		return 3;
	if ((d->pmcw_flags & (PMCW_DNV | PMCW_ENA)) != (PMCW_DNV | PMCW_ENA))
		return 3;
	stctl = d->scsw & EMU_SCSW_STCTL_MASK;
	memset(irb, 0, sizeof(*irb));
	irb->scsw.flags = cpu_to_be32(d->scsw);
	irb->scsw.cpa = cpu_to_be32(d->cpa);
	irb->scsw.dstat = d->dstat;
	irb->scsw.cstat = d->cstat;
	irb->scsw.count = cpu_to_be16(d->count);
	if (stctl & SCSW_STCTL_PENDING) {
		uint32_t flags = d->scsw;

		if (d->cstat & (CSTAT_CDC | CSTAT_CCC | CSTAT_ICC)) {
			flags |= EMU_SCSW_F_ESWF;
			irb->esw[0] = cpu_to_be32(0x04804000);
		} else {
			irb->esw[0] = cpu_to_be32(0x00800000);
		}
		if ((d->dstat & DSTAT_UC) && (d->chars & EMU_CHARS_CSENSE)) {
			flags |= EMU_SCSW_F_ESWF | EMU_SCSW_F_ECTL;
			memcpy(irb->ecw, d->sense, sizeof(d->sense));
			irb->esw[1] = cpu_to_be32(0x00800000u | (32u << 8));
			memset(d->sense, 0, sizeof(d->sense));
		}
		irb->scsw.flags = cpu_to_be32(flags);
		/* clear the status (css_do_tsch_update_subch, start function) */
		d->scsw &= ~(EMU_SCSW_STCTL_MASK | EMU_SCSW_FCTL_MASK | 0x0fe0u |
			     EMU_SCSW_F_CC | 0x00010000u);
		d->io_pending = false;
		return 0;
	}
	return 1;
}

int css_csch(uint32_t schid)
{
	struct emu_dev *d;

	emu_tick();
	d = emu_schid(schid, "CSCH", NULL);
	if (!d || d->not_oper)
		return 3;
	if ((d->pmcw_flags & (PMCW_DNV | PMCW_ENA)) != (PMCW_DNV | PMCW_ENA))
		return 3;
	d->scsw &= ~(EMU_SCSW_FCTL_MASK | 0x0fe0u | EMU_SCSW_STCTL_MASK | 0x00010000u);
	d->scsw |= SCSW_FCTL_CLEAR | SCSW_STCTL_PENDING;
	d->dstat = 0;
	d->cstat = 0;
	d->channel_prog = 0;
	d->last_cmd_valid = false;
	emu_css_queue_io(d);
	return 0;
}

int css_tpi(struct tpi_info *info)
{
	struct emu_dev *best = NULL;

	emu_tick();
	for (unsigned int i = 0; i < emu_m.ndevs; i++) {
		struct emu_dev *d = &emu_m.devs[i];

		if (d->io_pending && (!best || d->io_seq < best->io_seq))
			best = d;
	}
	if (!best)
		return 0;
	best->io_pending = false;
	if (info) {
		info->schid = cpu_to_be32(SCHID_MAKE(best->ssid, best->schno));
		info->intparm = cpu_to_be32(best->intparm);
	}
	return 1;
}

int css_chsc(void *block)
{
	uint8_t *b = block;
	uint16_t len, code, resp;

	emu_tick();
	if ((uintptr_t)block & 0xfff)
		emu_pgm(EMU_PGM_SPECIFICATION, "CHSC block %p not page aligned", block);
	len = get_be16(b);
	code = get_be16(b + 2);
	if (len < 16 || len > 4088 || (len & 7))
		emu_pgm(EMU_PGM_OPERAND, "CHSC request length 0x%x invalid", len);
	memset(b + len, 0, 4096u - len);
	if (code == CHSC_SET_DOMAIN_ATTR) {
		uint16_t oc = get_be16(b + 6);

		if (oc == CHSC_OP_ENABLE_MSS) {
			emu_m.max_ssid = CSS_MAX_SSID;
			resp = CHSC_RESP_OK;
		} else if (oc == 0) {   /* enable MCSS: not offered */
			resp = 0x0101;
		} else {
			resp = 0x0003;
		}
	} else {
		resp = 0x0004;          /* unimplemented command */
	}
	put_be16(b + len, 16);
	put_be16(b + len + 2, resp);
	return 0;
}
