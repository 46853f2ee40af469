/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lowcore fields the firmware uses (absolute addresses, prefix 0).
 * Principles of Operation, "Assigned storage locations"; QEMU's QIPL area.
 */
#ifndef ABI_LOWCORE_H
#define ABI_LOWCORE_H

#define LC_IPL_PSW 0x000          /* 8-byte short PSW loaded by DIAG 308 load */
#define LC_IPLB_PTR 0x014         /* u32 address of the IPL parameter block */
#define LC_EXT_INT_CODE 0x086     /* u16 external interruption code */
#define LC_PGM_ILC 0x08c          /* u16 instruction length code */
#define LC_PGM_CODE 0x08e         /* u16 program interruption code */
#define LC_TRANS_EXC 0x0a8        /* u64 translation-exception identification */
#define LC_SUBCHANNEL_ID 0x0b8    /* u16 subsystem-id word (IPL device) */
#define LC_SUBCHANNEL_NR 0x0ba    /* u16 subchannel number (IPL device) */
#define LC_IO_INT_PARM 0x0bc      /* u32 I/O interruption parameter */
#define LC_QIPL 0x0cc             /* QEMU IPL parameters, 28 bytes */
#define LC_EXT_OLD_PSW 0x130
#define LC_PGM_OLD_PSW 0x150
#define LC_MCCK_OLD_PSW 0x160
#define LC_IO_OLD_PSW 0x170
#define LC_EXT_NEW_PSW 0x1b0
#define LC_SVC_NEW_PSW 0x1c0
#define LC_PGM_NEW_PSW 0x1d0
#define LC_MCCK_NEW_PSW 0x1e0
#define LC_IO_NEW_PSW 0x1f0
#define LC_SIZE 0x2000            /* the 8 KiB prefix area */

/* PSW masks */
#define PSW_MASK_IO 0x0200000000000000ULL
#define PSW_MASK_EXT 0x0100000000000000ULL
#define PSW_MASK_WAIT 0x0002000000000000ULL
#define PSW_MASK_EA 0x0000000100000000ULL
#define PSW_MASK_BA 0x0000000080000000ULL
#define PSW_MASK_64 (PSW_MASK_EA | PSW_MASK_BA)

/* Short (ESA-format) PSW bits as zipl and Linux images store them at 0. */
#define PSW_SHORT_FORMAT 0x0008000000000000ULL
#define PSW_SHORT_ADDR_MASK 0x000000007fffffffULL
#define PSW_SHORT_31BIT 0x0000000080000000ULL

/* Linux image conventions (arch/s390 head, s390-tools linux_layout.h). */
#define LINUX_IMAGE_START 0x10000
#define LINUX_S390EP_OFFSET 0x10008     /* "S390EP" marks an s390 Linux image */
#define LINUX_INITRD_START 0x10408
#define LINUX_INITRD_SIZE 0x10410
#define LINUX_CMDLINE_MAX 0x10430
#define LINUX_CMDLINE 0x10480

#endif
