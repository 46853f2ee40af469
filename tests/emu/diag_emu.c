/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DIAGNOSE emulation behind diag/diag.h (QEMU target/s390x/diag.c,
 * hw/s390x/ipl.c, s390-hypercall.c): DIAG 308 store/set/load-normal with
 * the 7.2 rules (a QEMU-SCSI 0xff block is invalid: 0x0402) and the 9.2+
 * rules (0xff is rebuilt from the boot index at IPLB+0x6e), DIAG 500
 * virtio notification and DIAG 44 yield. The IPL blocks QEMU builds for the
 * boot order are made here too.
 */
#include <errno.h>
#include <string.h>

#include "abi/iplb.h"
#include "diag/diag.h"
#include "emu_int.h"
#include "fw/endian.h"

#define EMU_PGM_ADDRESSING 0x0005
#define EMU_PGM_SPECIFICATION 0x0006
#define EMU_IPLB_MIN_FCP_LEN 384
#define EMU_IPLB_MIN_PCI_LEN 0x150

static const char *emu_dev_loadparm(uint8_t ssid, uint16_t devno, uint16_t target,
				    uint32_t lun, bool scsi)
{
	for (unsigned int i = 0; i < emu_m.cfg.ndevs; i++) {
		const struct emu_dev_cfg *c = &emu_m.cfg.devs[i];

		if (c->ssid != ssid || c->devno != devno)
			continue;
		if (!scsi)
			return c->loadparm;
		for (unsigned int j = 0; j < c->nluns; j++)
			if (c->luns[j].target == target && c->luns[j].lun == lun)
				return c->luns[j].loadparm;
	}
	return NULL;
}

void emu_iplb_build(const struct emu_boot *b, uint8_t out[4096])
{
	struct iplb *p = (struct iplb *)out;
	const char *lp = b->loadparm;

	memset(out, 0, 4096);
	if (b->kind == EMU_BOOT_RAW) {
		memcpy(out, b->raw, b->raw_len < 4096 ? b->raw_len : 4096);
		return;
	}
	if (!lp && emu_m.cfg.qemu == EMU_QEMU_92 && b->kind == EMU_BOOT_PCI)
		lp = emu_dev_loadparm(EMU_PCI_SSID, (uint16_t)b->fid, 0, 0, false);
	else if (!lp && emu_m.cfg.qemu == EMU_QEMU_92)
		lp = emu_dev_loadparm(b->ssid, b->devno, b->target, b->lun,
				      b->kind == EMU_BOOT_SCSI);
	if (!lp)
		lp = emu_m.cfg.loadparm;
	p->len = cpu_to_be32(IPLB_LEN_CCW);
	p->blk0_len = cpu_to_be32(IPLB_LEN_CCW - IPLB_HDR_LEN);
	emu_loadparm_ebcdic(lp, p->loadparm);
	p->flags = IPLB_FLAG_LP_VALID;
	if (b->kind == EMU_BOOT_PCI) {
		p->len = cpu_to_be32(IPLB_LEN_PCI);
		p->blk0_len = cpu_to_be32(IPLB_LEN_PCI - IPLB_HDR_LEN);
		p->pbt = IPL_PBT_PCI;
		p->pci.fid = cpu_to_be32(b->fid);
	} else if (b->kind == EMU_BOOT_CCW) {
		p->pbt = IPL_PBT_CCW;
		p->ccw.ssid = b->ssid & 3;
		p->ccw.devno = cpu_to_be16(b->devno);
	} else {
		p->pbt = IPL_PBT_QEMU_SCSI;
		p->scsi.lun = cpu_to_be32(b->lun);
		p->scsi.target = cpu_to_be16(b->target);
		p->scsi.channel = cpu_to_be16(b->channel);
		p->scsi.ssid = b->ssid & 3;
		p->scsi.devno = cpu_to_be16(b->devno);
	}
}

static void emu_diag308_check(absaddr_t a, const char *what)
{
	if (a & 0xfff)
		emu_pgm(EMU_PGM_SPECIFICATION, "DIAG 308 %s with unaligned address 0x%llx",
			what, (unsigned long long)a);
	if (!emu_range_ok(a, IPLB_SIZE))
		emu_pgm(EMU_PGM_ADDRESSING, "DIAG 308 %s with address 0x%llx outside RAM",
			what, (unsigned long long)a);
}

uint64_t diag308_store(absaddr_t iplb)
{
	uint32_t len;

	emu_tick();
	emu_diag308_check(iplb, "store");
	if (!emu_m.iplb_valid)
		return DIAG308_RC_NOCONFIG;
	len = get_be32(emu_m.iplb);
	if (len > IPLB_SIZE)
		len = IPLB_SIZE;
	emu_dma_write(iplb, emu_m.iplb, len);
	return DIAG308_RC_OK;
}

static bool emu_iplb_valid(const uint8_t *b)
{
	uint32_t len = get_be32(b);

	switch (b[offsetof(struct iplb, pbt)]) {
	case IPL_PBT_CCW:
		return len >= IPLB_LEN_CCW;
	case IPL_PBT_FCP:
		return len >= EMU_IPLB_MIN_FCP_LEN;
	case IPL_PBT_PCI:
		return emu_m.cfg.qemu != EMU_QEMU_72 && len >= EMU_IPLB_MIN_PCI_LEN;
	default:
		return false;
	}
}

uint64_t diag308_set(absaddr_t iplb)
{
	uint8_t b[IPLB_SIZE];
	uint32_t len;

	emu_tick();
	emu_diag308_check(iplb, "set");
	memset(b, 0, sizeof(b));
	emu_dma_read(iplb, b, 4);
	len = get_be32(b);
	if (len > IPLB_SIZE)
		return DIAG308_RC_INVALID;
	emu_dma_read(iplb, b, len);
	if (emu_m.cfg.diag308_set_rc)
		return (uint64_t)emu_m.cfg.diag308_set_rc;
	if (!emu_iplb_valid(b)) {
		if (emu_m.cfg.qemu == EMU_QEMU_92 && b[offsetof(struct iplb, pbt)] == IPL_PBT_QEMU_SCSI) {
			/* s390_rebuild_iplb(): the boot index is in the devno field */
			uint16_t index = emu_m.rebuilt_iplb ? emu_m.iplb_index
							    : get_be16(b + offsetof(struct iplb, scsi.devno));

			if (index < emu_m.cfg.nboot) {
				emu_iplb_build(&emu_m.cfg.boot[index], b);
				emu_m.rebuilt_iplb = true;
			} else {
				emu_violation_add("DIAG 308/5 rebuild with boot index %u, only %u "
						  "boot devices (QEMU keeps the block as is)",
						  index, emu_m.cfg.nboot);
				emu_m.rebuilt_iplb = false;
			}
			emu_m.iplb_index = index;
			memcpy(emu_m.iplb, b, sizeof(b));
			emu_m.iplb_valid = true;
			emu_m.iplb_was_set = true;
			return DIAG308_RC_OK;
		}
		return DIAG308_RC_INVALID;
	}
	memcpy(emu_m.iplb, b, sizeof(b));
	emu_m.iplb_valid = true;
	emu_m.iplb_was_set = true;
	return DIAG308_RC_OK;
}

uint64_t diag308_load_normal(void)
{
	emu_tick();
	emu_handover();
}

int64_t diag500_notify(uint32_t schid, uint32_t vq, int64_t cookie)
{
	uint8_t ssid = (uint8_t)SCHID_SSID(schid);
	struct emu_dev *d;

	(void)cookie;
	emu_tick();
	if (!(schid & SCHID_ONE) || (schid & 0xfff00000u))
		return -EINVAL;
	d = emu_find_sch(ssid, (uint16_t)SCHID_SCH(schid));
	if (!d || !emu_css_visible(d) || !d->ops || d->not_oper)
		return -EINVAL;
	return emu_vccw_notify(d, vq);
}

void diag44_yield(void)
{
	emu_m.res.yields++;
	emu_advance_us(emu_m.cfg.yield_us);
}
