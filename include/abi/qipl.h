/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU IPL parameters (QIPL): 28 bytes QEMU writes to absolute 0xcc before
 * starting the firmware. QEMU 7.2 has a netboot address at +4; 9.2+ has the
 * boot index, the fallback-chain length and its address. A zero chain_len
 * and index (what 7.2 leaves) make one parser serve both.
 */
#ifndef ABI_QIPL_H
#define ABI_QIPL_H

#include "fw/compiler.h"
#include "fw/types.h"

#define QIPL_FLAG_BM_OPTS_CMD 0x80  /* -boot menu=on */
#define QIPL_FLAG_BM_OPTS_ZIPL 0x40 /* use zipl's own menu settings */
#define QIPL_MAX_CHAIN 7            /* fallback IPLBs below the firmware */

struct qipl {
	uint8_t flags;           /* 0x00 */
	uint8_t index;           /* 0x01 boot position of the current IPLB (9.2+) */
	uint8_t reserved1[2];    /* 0x02 */
	be64 netboot_start;      /* 0x04 7.2: netboot image address; 9.2+ reserved */
	be32 boot_menu_timeout;  /* 0x0c milliseconds */
	uint8_t reserved2[2];    /* 0x10 */
	be16 chain_len;          /* 0x12 number of IPLBs at next_iplb (9.2+) */
	be64 next_iplb;          /* 0x14 address of the first fallback IPLB */
} FW_PACKED;

ABI_SIZE(struct qipl, 28);
ABI_OFFSET(struct qipl, netboot_start, 0x04);
ABI_OFFSET(struct qipl, boot_menu_timeout, 0x0c);
ABI_OFFSET(struct qipl, chain_len, 0x12);
ABI_OFFSET(struct qipl, next_iplb, 0x14);

#endif
