/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Booting one device: find its subchannel, identify it, bring up its virtio
 * driver, load its boot records, hand over. Every failure is reported with
 * the device's name and returns, so the caller can try the next device.
 */
#ifndef LOADER_BOOT_H
#define LOADER_BOOT_H

#include "iplb/iplb.h"
#include "loader/memmap.h"

struct boot_ctx {
	struct memmap mm;
	char sclp_loadparm[9];  /* machine loadparm (SCLP), ASCII */
	struct iplb *iplb;      /* DMA page: the IPL block being tried */
	unsigned int boot_index;/* its position in QEMU's boot order */
	uint8_t qipl_flags;     /* QIPL_FLAG_BM_OPTS_* */
	uint32_t menu_timeout_ms;
};

/*
 * boot_device - try to boot the device the IPL block ctx->iplb describes
 * (already validated into @spec). Returns only on failure: FW_EACCES when
 * the loadparm selects a boot entry that does not exist (the caller stops),
 * any other negative FW_E* when the next device should be tried.
 */
int boot_device(struct boot_ctx *ctx, const struct boot_spec *spec);

/*
 * boot_probe - scan subchannel sets 0..3 for virtio-blk and virtio-scsi
 * devices (except @skip, the device already tried, if not NULL) and boot
 * the first that works. Used without an IPL block, and on QEMU 7.2 (which
 * passes only one boot device) after that device failed. Returns on
 * failure: FW_EACCES for an invalid loadparm, else FW_ENODEV.
 */
int boot_probe(struct boot_ctx *ctx, const struct boot_spec *skip);

/*
 * boot_undescribed - an empty IPL block stands for a boot device QEMU could
 * not describe: QEMU 11.1 stores one for a SCSI disk behind virtio-scsi-pci.
 * Try the virtio-scsi PCI functions in place of it. Returns like
 * boot_probe().
 */
int boot_undescribed(struct boot_ctx *ctx);

#endif
