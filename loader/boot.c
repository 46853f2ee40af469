// SPDX-License-Identifier: GPL-2.0-or-later
/* Booting one device (see boot.h). */
#include "abi/css.h"
#include "drivers/css/css.h"
#include "drivers/virtio/virtio_blk.h"
#include "drivers/virtio/virtio_pci.h"
#include "drivers/virtio/virtio_scsi.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/string.h"
#include "loader/boot.h"
#include "loader/eckd.h"
#include "loader/eltorito.h"
#include "loader/jump.h"
#include "loader/menu.h"
#include "loader/secure.h"
#include "loader/zipl.h"

static struct vdev vdev;
static struct zipl_result zres;
static struct vblk_geometry vgeo;      /* what the open virtio-blk device reports */

static const char *virtio_name(uint8_t id)
{
	switch (id) {
	case VIRTIO_ID_NET:
		return "virtio-net";
	case VIRTIO_ID_BLOCK:
		return "virtio-blk";
	case VIRTIO_ID_SCSI:
		return "virtio-scsi";
	default:
		return "virtio";
	}
}

/* Bring up the block device behind the bound @vdev; @want is the SCSI LUN
 * or NULL. */
static int open_blockdev(const struct scsi_addr *want, struct blockdev *bd)
{
	int rc;

	memset(&vgeo, 0, sizeof(vgeo));
	switch (vdev.device_id) {
	case VIRTIO_ID_BLOCK:
		rc = virtio_blk_open(&vdev, bd, &vgeo);
		break;
	case VIRTIO_ID_SCSI:
		rc = virtio_scsi_open(&vdev, want, bd, NULL);
		break;
	case VIRTIO_ID_NET:
		if (secure_mode() != IPL_MODE_NORMAL)
			return secure_refuse("Virtio net boot device does not support secure boot!");
		fw_printf("%s: network boot is not supported yet\n", vdev.name);
		return FW_ENOTSUP;
	default:
		fw_printf("%s: virtio device type %u is not a boot device\n", vdev.name,
			  vdev.device_id);
		return FW_ENOTSUP;
	}
	if (rc) {
		virtio_reset(&vdev);
		return rc;
	}
	fw_printf("%s: %s%s (%s revision %u), %llu blocks of %u bytes\n", bd->name,
		  virtio_name(vdev.device_id), bd->is_cdrom ? " CD-ROM" : "", vdev.t->name,
		  vdev.revision, (unsigned long long)bd->blocks, bd->block_size);
	return 0;
}

static int identify(struct css_dev *dev)
{
	int rc = css_sense_id(dev);

	if (rc) {
		fw_printf("%s: SENSE ID failed, not a usable device\n", dev->name);
		return rc;
	}
	if (dev->cu_type == CU_TYPE_DASD_3990 || dev->cu_type == CU_TYPE_DASD_2107) {
		fw_printf("%s: ECKD DASD (control unit %04x) IPL is not supported yet\n", dev->name,
			  dev->cu_type);
		return FW_ENOTSUP;
	}
	if (dev->cu_type != CU_TYPE_VIRTIO) {
		fw_printf("%s: control unit %04x is not a virtio device\n", dev->name,
			  dev->cu_type);
		return FW_ENOTSUP;
	}
	return 0;
}

enum boot_kind { KIND_ZIPL, KIND_ISO, KIND_NONE };

static enum boot_kind detect(struct blockdev *bd)
{
	if (bd->is_cdrom)
		return KIND_ISO;
	if (zipl_has_magic(bd) == 1)
		return KIND_ZIPL;
	if (iso_has_signature(bd) == 1)
		return KIND_ISO;
	return KIND_NONE;
}

/* The boot entry to load: loadparm, or the menu when asked for. */
static unsigned int choose_entry(struct boot_ctx *ctx, struct blockdev *bd, enum boot_kind kind,
				 const char *lp, struct eckd_menu_req *eckd_menu)
{
	bool present[MENU_MAX_ENTRIES];
	unsigned int entry;
	uint32_t timeout;

	if (kind == KIND_NONE) {
		/* an ECKD disk has its zipl menu in stage 2: eckd_load() shows it */
		eckd_menu->enabled = menu_wanted_zipl(lp, ctx->qipl_flags, ctx->menu_timeout_ms,
						      &entry, &eckd_menu->timeout_ms,
						      &eckd_menu->zipl_settings);
		return entry;
	}
	if (!menu_wanted(lp, ctx->qipl_flags, ctx->menu_timeout_ms, &entry, &timeout))
		return entry;
	if (kind != KIND_ZIPL || zipl_list_entries(bd, present)) {
		fw_printf("%s: no boot menu for this device, using the default entry\n", bd->name);
		return 0;
	}
	return menu_choose(bd->name, present, timeout);
}

/* Load the selected entry of @bd and jump; returns on failure. */
static int load_and_go(struct boot_ctx *ctx, uint32_t schid, struct blockdev *bd,
		       const char *loadparm)
{
	struct eckd_menu_req eckd_menu = { 0 };
	struct os_start start;
	enum boot_kind kind;
	unsigned int entry;
	char lp[9];
	int err;

	loadparm_trim(loadparm, lp);
	fw_printf("LOADPARM=[%-8s]\n", lp);
	kind = detect(bd);
	entry = choose_entry(ctx, bd, kind, lp, &eckd_menu);
	memset(&start, 0, sizeof(start));
	if (secure_mode() != IPL_MODE_NORMAL && kind == KIND_ISO)
		return secure_refuse("Secure boot from ISO image is not supported!");
	if (secure_mode() != IPL_MODE_NORMAL && kind == KIND_NONE)
		return secure_refuse("Secure boot with the ECKD scheme is not supported!");
	switch (kind) {
	case KIND_ZIPL:
		err = zipl_load(bd, &ctx->mm, entry, &zres);
		if (err)
			return err;
		fw_printf("%s: loaded boot entry %u (%u components)\n", bd->name, entry,
			  zres.nr_components);
		if (secure_mode() != IPL_MODE_NORMAL) {
			err = secure_write_report(ctx->iplb);
			if (err)
				return err;
		}
		start.psw = zres.psw;
		start.lowcore_image = zres.lowcore_image;
		start.lowcore_len = zres.lowcore_image ? OS_LOWCORE_IMAGE_SIZE : 0;
		break;
	case KIND_ISO:
		err = eltorito_load(bd, &ctx->mm, entry, &start);
		if (err)
			return err;
		break;
	default:
		/* QEMU's BIOS tries the ECKD scheme last (DASD images on virtio-blk) */
		err = FW_ENOENT;
		if (vdev.device_id == VIRTIO_ID_BLOCK)
			err = eckd_load(bd, &vgeo, &ctx->mm, entry, &eckd_menu, &zres);
		if (err == FW_ENOENT || err == FW_EIO || err == FW_ETIMEDOUT)
			fw_printf("%s: no boot record (neither zipl nor El Torito)\n",
				  bd->name);
		if (err)
			return err;
		fw_printf("%s: loaded ECKD boot entry %u (%u components)\n", bd->name,
			  eckd_menu.chosen, zres.nr_components);
		start.psw = zres.psw;
		break;
	}
	err = jump_to_os(&start, ctx->iplb, schid, ctx->boot_index);
	fw_printf("%s: no hand-over\n", bd->name);
	return err;
}

/* The PCI function of @fid; the IPL block already describes it. */
static int boot_pci(struct boot_ctx *ctx, uint32_t fid, const char *loadparm)
{
	struct blockdev bd;
	int rc = virtio_pci_open(&vdev, fid);

	if (rc)
		return rc;
	rc = open_blockdev(NULL, &bd);
	if (!rc)
		rc = load_and_go(ctx, 0, &bd, loadparm);
	virtio_pci_unbind(&vdev);
	return rc;
}

int boot_device(struct boot_ctx *ctx, const struct boot_spec *spec)
{
	struct scsi_addr want = { spec->channel, spec->target, spec->lun };
	const char *lp = spec->loadparm[0] ? spec->loadparm : ctx->sclp_loadparm;
	struct css_dev dev;
	struct blockdev bd;
	int rc;

	if (spec->pbt == IPL_PBT_PCI)
		return boot_pci(ctx, spec->fid, lp);
	rc = css_find_devno(spec->ssid, spec->devno, &dev);
	if (rc) {
		fw_printf("0.%u.%04x: no such device\n", spec->ssid, spec->devno);
		return rc;
	}
	rc = identify(&dev);
	if (rc)
		return rc;
	if (spec->pbt == IPL_PBT_QEMU_SCSI && dev.cu_model != VIRTIO_ID_SCSI) {
		fw_printf("%s: the IPL block names a SCSI LUN but this is not virtio-scsi\n",
			  dev.name);
		return FW_EINVAL;
	}
	virtio_ccw_bind(&vdev, &dev);
	rc = open_blockdev(spec->pbt == IPL_PBT_QEMU_SCSI ? &want : NULL, &bd);
	if (rc)
		return rc;
	rc = load_and_go(ctx, dev.schid, &bd, lp);
	virtio_reset(&vdev);
	return rc;
}

/* Describe a probed device in the IPL block, as QEMU would have. */
static void make_ccw_iplb(struct iplb *iplb, const struct css_dev *dev)
{
	memset(iplb, 0, sizeof(*iplb));
	iplb->len = cpu_to_be32(IPLB_LEN_CCW);
	iplb->blk0_len = cpu_to_be32(IPLB_LEN_CCW - IPLB_HDR_LEN);
	iplb->pbt = IPL_PBT_CCW;
	iplb->ccw.ssid = dev->ssid;
	iplb->ccw.devno = cpu_to_be16(dev->devno);
}

static void make_pci_iplb(struct iplb *iplb, uint32_t fid)
{
	memset(iplb, 0, sizeof(*iplb));
	iplb->len = cpu_to_be32(IPLB_LEN_PCI);
	iplb->blk0_len = cpu_to_be32(IPLB_LEN_PCI - IPLB_HDR_LEN);
	iplb->pbt = IPL_PBT_PCI;
	iplb->pci.fid = cpu_to_be32(fid);
}

/* The virtio-blk/scsi PCI functions (only those of device type @only if
 * not 0), except @skip. */
static int probe_pci(struct boot_ctx *ctx, const struct boot_spec *skip, uint8_t only)
{
	uint32_t fids[ZPCI_MAX_FNS];
	unsigned int n = virtio_pci_candidates(fids, ZPCI_MAX_FNS, only);

	for (unsigned int i = 0; i < n; i++) {
		struct blockdev bd;
		int rc;

		if (skip && skip->pbt == IPL_PBT_PCI && skip->fid == fids[i])
			continue;
		if (virtio_pci_open(&vdev, fids[i]))
			continue;
		fw_printf("%s: trying %s\n", vdev.name, virtio_name(vdev.device_id));
		rc = open_blockdev(NULL, &bd);
		if (!rc) {
			make_pci_iplb(ctx->iplb, fids[i]);
			rc = load_and_go(ctx, 0, &bd, ctx->sclp_loadparm);
		}
		virtio_pci_unbind(&vdev);
		if (rc == FW_EACCES)
			return rc;
	}
	return FW_ENODEV;
}

int boot_probe(struct boot_ctx *ctx, const struct boot_spec *skip)
{
	if (!skip)
		fw_printf("No boot device specified, scanning for one\n");
	for (uint8_t ssid = 0; ssid <= CSS_MAX_SSID; ssid++) {
		for (uint32_t sch = 0; sch <= 0xffff; sch++) {
			struct css_dev dev;
			struct blockdev bd;
			int rc = css_dev_at(SCHID_MAKE(ssid, sch), &dev);

			if (rc == FW_ENOENT)
				break;
			if (rc || (skip && skip->pbt != IPL_PBT_PCI && skip->ssid == ssid &&
				   skip->devno == dev.devno))
				continue;
			if (css_sense_id(&dev) || dev.cu_type != CU_TYPE_VIRTIO)
				continue;
			if (dev.cu_model != VIRTIO_ID_BLOCK && dev.cu_model != VIRTIO_ID_SCSI)
				continue;
			fw_printf("%s: trying %s\n", dev.name, virtio_name(dev.cu_model));
			virtio_ccw_bind(&vdev, &dev);
			if (open_blockdev(NULL, &bd))
				continue;
			make_ccw_iplb(ctx->iplb, &dev);
			rc = load_and_go(ctx, dev.schid, &bd, ctx->sclp_loadparm);
			virtio_reset(&vdev);
			if (rc == FW_EACCES || rc == FW_ESECURITY)
				return rc;
		}
	}
	if (probe_pci(ctx, skip, 0) == FW_EACCES)
		return FW_EACCES;
	if (!skip)
		fw_printf("Could not find a suitable boot device (none specified)\n");
	return FW_ENODEV;
}

int boot_undescribed(struct boot_ctx *ctx)
{
	fw_printf("Trying the SCSI controllers on PCI for a boot device QEMU could not "
		  "describe\n");
	return probe_pci(ctx, NULL, VIRTIO_ID_SCSI);
}
