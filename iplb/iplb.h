/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPL parameter blocks and QEMU's IPL parameters: validating an IPLB QEMU
 * stored (or one from the fallback chain), reading QIPL at 0xcc, copying the
 * fallback chain out of the pages below the firmware, and turning a loadparm
 * into a boot-entry selection.
 */
#ifndef IPLB_IPLB_H
#define IPLB_IPLB_H

#include "abi/iplb.h"
#include "abi/qipl.h"
#include "fw/compiler.h"

/* What an IPLB asks for, validated. */
struct boot_spec {
	uint8_t pbt;            /* IPL_PBT_CCW, IPL_PBT_QEMU_SCSI or IPL_PBT_PCI */
	uint8_t ssid;
	uint16_t devno;         /* device (CCW) or controller (QEMU-SCSI) */
	uint16_t channel, target;
	uint32_t lun;           /* QEMU-SCSI only */
	uint32_t fid;           /* PCI: zPCI function id */
	char loadparm[9];       /* ASCII, "" when the IPLB has none */
};

struct qipl_info {
	uint8_t flags;
	uint8_t index;
	uint32_t boot_menu_timeout_ms;
	unsigned int chain_len;         /* fallback IPLBs copied */
};

#define IPLB_CHAIN_MAX QIPL_MAX_CHAIN

/*
 * iplb_parse - validate @iplb (length, type, type-specific fields) into
 * @spec. Prints why it is unusable. Returns 0, FW_EINVAL, FW_ENOTSUP, or
 * FW_ENOENT for an empty block (length 0: QEMU 11.1 stores one for a SCSI
 * device behind virtio-scsi-pci, which it cannot describe).
 */
int iplb_parse(const struct iplb *iplb, struct boot_spec *spec) FW_MUST_CHECK;

/*
 * qipl_read - read QIPL from lowcore and copy the fallback IPLBs it
 * announces (QEMU 9.2+) into @chain (IPLB_CHAIN_MAX entries). A chain that
 * does not lie in the pages right below the firmware is ignored with a
 * message. @fw_start is the firmware's first byte.
 */
void qipl_read(struct qipl_info *qi, struct iplb *chain, absaddr_t fw_start);

/*
 * loadparm_select - the program-table entry a loadparm selects: blanks or
 * empty = 0 (default), a decimal number = that entry. "PROMPT" sets
 * *promptp. Anything else selects the default entry, as in QEMU's BIOS,
 * with a message. Returns 0.
 */
int loadparm_select(const char *loadparm, unsigned int *entryp, bool *promptp);

/* loadparm_trim - copy @lp without trailing blanks/NULs into @out (9 bytes). */
void loadparm_trim(const char *lp, char *out);

#endif
