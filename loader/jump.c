// SPDX-License-Identifier: GPL-2.0-or-later
/* Hand-over to the OS (see jump.h). */
#include "abi/lowcore.h"
#include "diag/diag.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/jump.h"
#include "loader/secure.h"

/* Returns FW_ESECURITY when Secure IPL needs the block set and the machine
 * refused it (QEMU's BIOS stops then; Linux would find no report). */
static int set_iplb(struct iplb *iplb, unsigned int boot_index)
{
	uint64_t rc;

	if (iplb->pbt == IPL_PBT_QEMU_SCSI) {
		/* QEMU 9.2+ rebuilds a QEMU-SCSI block from the boot index at
		 * 0x6e; QEMU 7.2 refuses type 0xff, so fall back to the CCW
		 * block of the controller, which 7.2 maps back on re-IPL. */
		uint16_t devno = iplb->scsi.devno;

		iplb->scsi.devno = cpu_to_be16((uint16_t)boot_index);
		rc = diag308_set(ptr_to_abs(iplb));
		if (rc == DIAG308_RC_OK)
			return 0;
		iplb->scsi.devno = devno;
		iplb->pbt = IPL_PBT_CCW;
	}
	rc = diag308_set(ptr_to_abs(iplb));
	if (rc == DIAG308_RC_OK)
		return 0;
	if (secure_mode() != IPL_MODE_NORMAL) {
		fw_printf("DIAG 308 set IPL block: 0x%llx\n", (unsigned long long)rc);
		return secure_refuse("Failed to set IPLB");
	}
	/* Normal mode goes on: QEMU 7.2's own BIOS never set the block. */
	fw_printf("warning: the machine did not accept the IPL block (DIAG 308 set: "
		  "0x%llx); a re-IPL may not use this device\n", (unsigned long long)rc);
	return 0;
}

int jump_to_os(const struct os_start *start, struct iplb *iplb, uint32_t schid,
	       unsigned int boot_index)
{
	uint8_t *lc = abs_to_ptr(0, LC_SIZE);
	uint64_t psw = start->psw, rc;

	if (set_iplb(iplb, boot_index))
		return FW_ESECURITY;
	if (start->via_trampoline)
		fw_printf("secure-ccw: starting the OS at 0x%llx\n",
			  (unsigned long long)start->target);
	else
		fw_printf("secure-ccw: starting the OS (PSW %016llx)\n", (unsigned long long)psw);
	/* From here on nothing may print or take an interruption: an image
	 * loaded at 0 replaces the lowcore, new PSWs included. */
	if (start->lowcore_image)
		memcpy(lc, start->lowcore_image, start->lowcore_len);
	if (start->via_trampoline) {
		uint64_t saved = get_be64(lc + LC_IPL_PSW);

		psw = PSW_SHORT_FORMAT | PSW_MASK_64 |
		      mach_trampoline(saved, start->target);
	}
	put_be32(lc + LC_SUBCHANNEL_ID, schid);
	put_be32(lc + LC_IO_INT_PARM, 0);
	put_be32(lc + LC_IPLB_PTR, (uint32_t)ptr_to_abs(iplb));
	put_be64(lc + LC_IPL_PSW, psw);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	rc = diag308_load_normal();
	fw_printf("the machine refused to start the OS (DIAG 308 load: 0x%llx)\n",
		  (unsigned long long)rc);
	return FW_EIO;
}
