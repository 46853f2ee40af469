// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Channel I/O (Principles of Operation ch. 13-16). Programs are started with
 * SSCH (format-1 CCWs, prefetch, 64-bit IDAWs, all paths) and completion is
 * polled with TSCH under a deadline, so an I/O interruption is never taken
 * and a device that never answers cannot hang the firmware.
 */
#include "drivers/css/css.h"
#include "drivers/css/css_insn.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "diag/diag.h"

#define CSS_RETRIES 3

/* DMA scratch for our own small programs (SENSE ID, BASIC SENSE, CHSC). */
struct css_dma {
	struct ccw1 ccw;
	uint8_t pad[8];
	struct senseid senseid;
	uint8_t sense[32];
};

static struct css_dma *css_dma(void)
{
	static struct css_dma *d;

	if (!d)
		d = dma_alloc(sizeof(*d), 8);
	return d;
}

int css_enable_mss(void)
{
	static struct chsc_sda *page;

	if (!page)
		page = dma_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(page, 0, PAGE_SIZE);
	page->request.length = cpu_to_be16(0x400);
	page->request.code = cpu_to_be16(CHSC_SET_DOMAIN_ATTR);
	page->operation_code = cpu_to_be16(CHSC_OP_ENABLE_MSS);
	if (css_chsc(page) != 0)
		return FW_ENOTSUP;
	return be16_to_cpu(page->response.code) == CHSC_RESP_OK ? 0 : FW_ENOTSUP;
}

static void css_name(struct css_dev *dev)
{
	fw_snprintf(dev->name, sizeof(dev->name), "0.%u.%04x", dev->ssid, dev->devno);
}

static int set_enable(uint32_t schid, bool on)
{
	struct schib schib;
	uint16_t flags;

	if (css_stsch(schid, &schib) != 0)
		return FW_ENODEV;
	flags = be16_to_cpu(schib.pmcw.flags) & ~PMCW_ISC_MASK;
	flags = on ? (flags | PMCW_ENA) : (flags & ~PMCW_ENA);
	schib.pmcw.flags = cpu_to_be16(flags);
	schib.pmcw.intparm = cpu_to_be32(schid);
	if (css_msch(schid, &schib) != 0 || css_stsch(schid, &schib) != 0)
		return FW_ENODEV;
	return !!(be16_to_cpu(schib.pmcw.flags) & PMCW_ENA) == on ? 0 : FW_ENODEV;
}

int css_dev_at(uint32_t schid, struct css_dev *dev)
{
	struct schib schib;
	uint16_t flags;

	memset(dev, 0, sizeof(*dev));
	if (css_stsch(schid, &schib) != 0)
		return FW_ENOENT;
	flags = be16_to_cpu(schib.pmcw.flags);
	if (!(flags & PMCW_DNV))
		return FW_ENODEV;
	dev->schid = schid;
	dev->ssid = (uint8_t)SCHID_SSID(schid);
	dev->devno = be16_to_cpu(schib.pmcw.devno);
	css_name(dev);
	if (!(flags & PMCW_ENA))
		return set_enable(schid, true);
	return 0;
}

int css_reenable(const struct css_dev *dev)
{
	int rc = set_enable(dev->schid, false);

	return rc ? rc : set_enable(dev->schid, true);
}

int css_find_devno(uint8_t ssid, uint16_t devno, struct css_dev *dev)
{
	if (ssid > CSS_MAX_SSID)
		return FW_ENODEV;
	for (uint32_t sch = 0; sch <= 0xffff; sch++) {
		struct schib schib;
		uint32_t schid = SCHID_MAKE(ssid, sch);

		if (css_stsch(schid, &schib) != 0)
			break;
		if (!(be16_to_cpu(schib.pmcw.flags) & PMCW_DNV) ||
		    be16_to_cpu(schib.pmcw.devno) != devno)
			continue;
		return css_dev_at(schid, dev);
	}
	return FW_ENODEV;
}

void css_ccw(struct ccw1 *ccw, uint8_t cmd, uint8_t flags, const void *data, uint16_t count)
{
	ccw->cmd = cmd;
	ccw->flags = flags;
	ccw->count = cpu_to_be16(count);
	ccw->cda = cpu_to_be32((uint32_t)(data ? ptr_to_abs(data) : 0));
}

/* Start @ccws and wait for the final status. */
static int css_start_wait(const struct css_dev *dev, const struct ccw1 *ccws,
			  uint32_t timeout_ms, struct irb *irb, struct css_status *st)
{
	struct orb orb;
	uint64_t deadline;
	int cc, tries = 0;

	memset(&orb, 0, sizeof(orb));
	orb.intparm = cpu_to_be32(dev->schid);
	orb.ctrl = cpu_to_be32(ORB_FMT1 | ORB_PFCH | ORB_C64 | (0xffu << ORB_LPM_SHIFT));
	orb.cpa = cpu_to_be32((uint32_t)ptr_to_abs(ccws));
	for (;;) {
		cc = css_ssch(dev->schid, &orb);
		st->cc = (uint8_t)cc;
		if (cc == 0)
			break;
		if (cc == 3 || ++tries > 100)
			return FW_ENODEV;
		/* status pending (1) or busy (2): clear it and try again */
		(void)css_tsch(dev->schid, irb);
		diag44_yield();
	}
	deadline = mach_tod() + timeout_ms * TOD_PER_MS;
	for (;;) {
		cc = css_tsch(dev->schid, irb);
		if (cc == 3)
			return FW_ENODEV;
		if (cc == 0) {
			uint32_t ctl = be32_to_cpu(irb->scsw.flags);

			if (ctl & (SCSW_STCTL_PRIMARY | SCSW_STCTL_ALERT))
				return 0;
			/* intermediate status only: keep waiting */
		}
		if (mach_tod() > deadline) {
			(void)css_csch(dev->schid);
			(void)css_tsch(dev->schid, irb);
			st->timed_out = true;
			return FW_ETIMEDOUT;
		}
		(void)mach_wait_io(deadline, NULL);
	}
}

void css_wait_io(const struct css_dev *dev, uint64_t deadline)
{
	struct irb irb;

	(void)mach_wait_io(deadline, NULL);
	(void)css_tsch(dev->schid, &irb);
}

static void css_basic_sense(const struct css_dev *dev, struct css_status *st)
{
	struct css_dma *d = css_dma();
	struct css_status dummy;
	struct irb irb;

	memset(d->sense, 0, sizeof(d->sense));
	css_ccw(&d->ccw, CCW_CMD_BASIC_SENSE, CCW_FLAG_SLI, d->sense, sizeof(d->sense));
	memset(&dummy, 0, sizeof(dummy));
	if (css_start_wait(dev, &d->ccw, 1000, &irb, &dummy) == 0 &&
	    irb.scsw.dstat == (DSTAT_CE | DSTAT_DE) && irb.scsw.cstat == 0) {
		memcpy(st->sense, d->sense, sizeof(st->sense));
		st->have_sense = true;
	}
}

int css_run(const struct css_dev *dev, const struct ccw1 *ccws, uint32_t timeout_ms,
	    struct css_status *st)
{
	struct css_status local;
	struct irb irb;
	int rc = FW_EIO;

	if (!st)
		st = &local;
	for (int i = 0; i < CSS_RETRIES; i++) {
		memset(st, 0, sizeof(*st));
		rc = css_start_wait(dev, ccws, timeout_ms, &irb, st);
		if (rc)
			return rc;
		st->dstat = irb.scsw.dstat;
		st->cstat = irb.scsw.cstat;
		if (st->cstat == 0 && st->dstat == (DSTAT_CE | DSTAT_DE))
			return 0;
		if (!(st->dstat & DSTAT_UC))
			return FW_EIO;
		css_basic_sense(dev, st);
		/* command reject (sense byte 0 bit 0) will not change: stop */
		if (st->have_sense && (st->sense[0] & 0x80))
			return FW_EIO;
	}
	return FW_EIO;
}

void css_describe(const struct css_status *st)
{
	if (st->timed_out) {
		fw_printf("no ending status (timed out)");
		return;
	}
	if (st->cc == 3) {
		fw_printf("device not operational");
		return;
	}
	fw_printf("device status 0x%02x, subchannel status 0x%02x", st->dstat, st->cstat);
	if (st->dstat & DSTAT_UC) {
		fw_printf(", unit check");
		if (st->have_sense)
			fw_printf(", sense %02x %02x %02x %02x%s", st->sense[0], st->sense[1],
				  st->sense[2], st->sense[3],
				  st->sense[0] & 0x80 ? " (command reject)" : "");
	}
	if (st->cstat & CSTAT_IL)
		fw_printf(", incorrect length");
	if (st->cstat & CSTAT_PROG)
		fw_printf(", program check");
}

int css_sense_id(struct css_dev *dev)
{
	struct css_dma *d = css_dma();
	struct css_status st;
	int rc;

	memset(&d->senseid, 0, sizeof(d->senseid));
	css_ccw(&d->ccw, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, &d->senseid, sizeof(d->senseid));
	rc = css_run(dev, &d->ccw, 1000, &st);
	if (rc)
		return rc;
	if (d->senseid.reserved != 0xff)
		return FW_ENODEV;
	dev->cu_type = be16_to_cpu(d->senseid.cu_type);
	dev->cu_model = d->senseid.cu_model;
	return 0;
}
