/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPL parameter block (IPLB) as DIAG 308 subcodes 5 and 6 exchange it with
 * QEMU: a 4096-byte page. Layout from the Principles of Operation (DIAG 308),
 * Linux uapi/asm/ipl.h and QEMU's private QEMU-SCSI type 0xff.
 */
#ifndef ABI_IPLB_H
#define ABI_IPLB_H

#include "fw/compiler.h"
#include "fw/types.h"

#define IPLB_SIZE 4096
#define IPLB_HDR_LEN 8

/* hdr_flags (QEMU 11.2+ Secure IPL) */
#define IPLB_HDR_FLAG_SIPL 0x40  /* secure IPL requested */
#define IPLB_HDR_FLAG_IPLIR 0x20 /* IPL information report present */

/* pbt: parameter block type */
#define IPL_PBT_FCP 0x00
#define IPL_PBT_CCW 0x02
#define IPL_PBT_PCI 0x04
#define IPL_PBT_PV 0x05
#define IPL_PBT_QEMU_SCSI 0xff

#define IPLB_FLAG_LP_VALID 0x80 /* loadparm valid */

#define IPLB_LEN_CCW 200
#define IPLB_LEN_QEMU_SCSI 200
#define IPLB_LEN_PCI 336

struct iplb_ccw {
	uint8_t reserved[0x6d - 0x18];  /* 0x18 */
	uint8_t ssid;                   /* 0x6d */
	be16 devno;                     /* 0x6e */
	uint8_t vm_flags;               /* 0x70 */
	uint8_t reserved2[3];           /* 0x71 */
	be32 vm_parm_len;               /* 0x74 */
	uint8_t nss_name[8];            /* 0x78 */
	uint8_t vm_parm[64];            /* 0x80 */
	uint8_t reserved3[8];           /* 0xc0 */
} FW_PACKED;

struct iplb_qemu_scsi {
	be32 lun;                       /* 0x18 */
	be16 target;                    /* 0x1c */
	be16 channel;                   /* 0x1e */
	uint8_t reserved[0x6d - 0x20];  /* 0x20 */
	uint8_t ssid;                   /* 0x6d */
	be16 devno;                     /* 0x6e controller; on re-IPL: boot index */
} FW_PACKED;

struct iplb_pci {
	uint8_t reserved[0x148 - 0x18]; /* 0x18 */
	uint8_t opt;                    /* 0x148 */
	uint8_t reserved2[3];           /* 0x149 */
	be32 fid;                       /* 0x14c */
} FW_PACKED;

struct iplb {
	be32 len;                       /* 0x00 */
	uint8_t hdr_flags;              /* 0x04 */
	uint8_t reserved1[2];           /* 0x05 */
	uint8_t version;                /* 0x07 */
	be32 blk0_len;                  /* 0x08 */
	uint8_t pbt;                    /* 0x0c */
	uint8_t flags;                  /* 0x0d */
	be16 reserved2;                 /* 0x0e */
	uint8_t loadparm[8];            /* 0x10 EBCDIC */
	union {                         /* 0x18 */
		struct iplb_ccw ccw;
		struct iplb_qemu_scsi scsi;
		struct iplb_pci pci;
		uint8_t raw[IPLB_SIZE - 0x18];
	};
} FW_PACKED;

ABI_SIZE(struct iplb, IPLB_SIZE);
ABI_OFFSET(struct iplb, hdr_flags, 0x04);
ABI_OFFSET(struct iplb, blk0_len, 0x08);
ABI_OFFSET(struct iplb, pbt, 0x0c);
ABI_OFFSET(struct iplb, loadparm, 0x10);
ABI_OFFSET(struct iplb, ccw.ssid, 0x6d);
ABI_OFFSET(struct iplb, ccw.devno, 0x6e);
ABI_OFFSET(struct iplb, ccw.vm_parm, 0x80);
ABI_OFFSET(struct iplb, scsi.lun, 0x18);
ABI_OFFSET(struct iplb, scsi.target, 0x1c);
ABI_OFFSET(struct iplb, scsi.channel, 0x1e);
ABI_OFFSET(struct iplb, scsi.ssid, 0x6d);
ABI_OFFSET(struct iplb, scsi.devno, 0x6e);
ABI_OFFSET(struct iplb, pci.fid, 0x14c);
_Static_assert(sizeof(struct iplb_ccw) == IPLB_LEN_CCW - 0x18, "iplb_ccw size");

#endif
