// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPL parameter block handling (see iplb.h). Every field QEMU (or a guest
 * that set the IPLB before a re-IPL) wrote is validated before use.
 */
#include "abi/lowcore.h"
#include "fw/ebcdic.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/layout.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "iplb/iplb.h"

static void loadparm_of(const struct iplb *iplb, char out[9])
{
	bool all_zero = true;

	out[0] = '\0';
	if (!(iplb->flags & IPLB_FLAG_LP_VALID))
		return;
	for (int i = 0; i < 8; i++)
		all_zero &= iplb->loadparm[i] == 0;
	if (all_zero)
		return;
	ebcdic_to_ascii_buf(out, iplb->loadparm, 8);
	out[8] = '\0';
}

int iplb_parse(const struct iplb *iplb, struct boot_spec *spec)
{
	uint32_t len = be32_to_cpu(iplb->len);

	memset(spec, 0, sizeof(*spec));
	if (len == 0) {
		fw_printf("IPL block: empty (QEMU names a boot device it cannot describe)\n");
		return FW_ENOENT;
	}
	if (len < IPLB_HDR_LEN + 16 || len > IPLB_SIZE) {
		fw_printf("IPL block: invalid length %u\n", len);
		return FW_EINVAL;
	}
	spec->pbt = iplb->pbt;
	switch (iplb->pbt) {
	case IPL_PBT_CCW:
		if (len < IPLB_LEN_CCW) {
			fw_printf("IPL block: CCW block too short (%u bytes)\n", len);
			return FW_EINVAL;
		}
		spec->ssid = iplb->ccw.ssid & 3;
		spec->devno = be16_to_cpu(iplb->ccw.devno);
		break;
	case IPL_PBT_QEMU_SCSI:
		if (len < IPLB_LEN_QEMU_SCSI) {
			fw_printf("IPL block: SCSI block too short (%u bytes)\n", len);
			return FW_EINVAL;
		}
		spec->ssid = iplb->scsi.ssid & 3;
		spec->devno = be16_to_cpu(iplb->scsi.devno);
		spec->channel = be16_to_cpu(iplb->scsi.channel);
		spec->target = be16_to_cpu(iplb->scsi.target);
		spec->lun = be32_to_cpu(iplb->scsi.lun);
		break;
	case IPL_PBT_PCI:
		if (len < IPLB_LEN_PCI) {
			fw_printf("IPL block: PCI block too short (%u bytes)\n", len);
			return FW_EINVAL;
		}
		spec->fid = be32_to_cpu(iplb->pci.fid);
		break;
	case IPL_PBT_FCP:
		fw_printf("IPL block: FCP (zfcp) IPL is not supported\n");
		return FW_ENOTSUP;
	default:
		fw_printf("IPL block: unsupported type 0x%02x\n", iplb->pbt);
		return FW_ENOTSUP;
	}
	loadparm_of(iplb, spec->loadparm);
	return 0;
}

void qipl_read(struct qipl_info *qi, struct iplb *chain, absaddr_t fw_start)
{
	const struct qipl *q = abs_to_ptr(LC_QIPL, sizeof(*q));
	absaddr_t fw_page = fw_start & ~(uint64_t)(PAGE_SIZE - 1);
	unsigned int n;
	uint64_t next;

	memset(qi, 0, sizeof(*qi));
	qi->flags = q->flags;
	qi->index = q->index;
	qi->boot_menu_timeout_ms = be32_to_cpu(q->boot_menu_timeout);
	n = be16_to_cpu(q->chain_len);
	next = be64_to_cpu(q->next_iplb);
	if (n == 0)
		return;
	if (n > IPLB_CHAIN_MAX || (next & (PAGE_SIZE - 1)) ||
	    next < fw_page - FW_BELOW_PAGES * PAGE_SIZE || next + n * PAGE_SIZE > fw_page) {
		fw_printf("QEMU IPL parameters: ignoring fallback chain of %u IPL blocks at "
			  "0x%llx (not in the %u pages below the firmware)\n", n,
			  (unsigned long long)next, FW_BELOW_PAGES);
		return;
	}
	memcpy(chain, abs_to_ptr(next, n * PAGE_SIZE), n * PAGE_SIZE);
	qi->chain_len = n;
}

void loadparm_trim(const char *lp, char *out)
{
	int n = 0;

	while (n < 8 && lp[n])
		n++;
	while (n > 0 && (lp[n - 1] == ' ' || lp[n - 1] == '\0'))
		n--;
	memcpy(out, lp, (size_t)n);
	out[n] = '\0';
}

int loadparm_select(const char *loadparm, unsigned int *entryp, bool *promptp)
{
	char lp[9];
	unsigned int v = 0;

	loadparm_trim(loadparm, lp);
	*entryp = 0;
	*promptp = false;
	if (lp[0] == '\0')
		return 0;
	if (strcmp(lp, "PROMPT") == 0) {
		*promptp = true;
		return 0;
	}
	for (const char *p = lp; *p; p++) {
		if (*p < '0' || *p > '9') {
			/* QEMU's BIOS takes atoi() of it: the default entry */
			fw_printf("loadparm '%s' is not a boot entry number, using the default "
				  "entry\n", lp);
			return 0;
		}
		if (v > 1000)
			break;
		v = v * 10 + (unsigned int)(*p - '0');
	}
	*entryp = v;
	return 0;
}
