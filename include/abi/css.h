/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Channel-subsystem control blocks (Principles of Operation, chapters 13-16):
 * subchannel-id word, PMCW/SCHIB, SCSW, IRB, ORB, CCW format 1, SENSE ID
 * data and the TPI interruption code. Bit fields are explicit masks on
 * big-endian words, never C bit-fields, so the host harness sees the same
 * layout.
 */
#ifndef ABI_CSS_H
#define ABI_CSS_H

#include "fw/compiler.h"
#include "fw/types.h"

/* Subsystem-identification word: cssid(8) 0(4) m(1) ssid(2) one(1) sch(16) */
#define SCHID_ONE 0x00010000u
#define SCHID_SSID_SHIFT 17
#define SCHID_MAKE(ssid, sch) (SCHID_ONE | ((uint32_t)(ssid) << SCHID_SSID_SHIFT) | (sch))
#define SCHID_SSID(id) (((id) >> SCHID_SSID_SHIFT) & 3)
#define SCHID_SCH(id) ((id) & 0xffffu)
#define CSS_MAX_SSID 3

/* PMCW word 1 (upper halfword at offset 4) */
#define PMCW_ISC_SHIFT 11
#define PMCW_ISC_MASK 0x3800
#define PMCW_ENA 0x0080
#define PMCW_DNV 0x0001

struct pmcw {
	be32 intparm;           /* 0x00 */
	be16 flags;             /* 0x04 ISC, E, LM, MM, D, T, V */
	be16 devno;             /* 0x06 */
	uint8_t lpm;            /* 0x08 */
	uint8_t pnom;           /* 0x09 */
	uint8_t lpum;           /* 0x0a */
	uint8_t pim;            /* 0x0b */
	be16 mbi;               /* 0x0c */
	uint8_t pom;            /* 0x0e */
	uint8_t pam;            /* 0x0f */
	uint8_t chpid[8];       /* 0x10 */
	be32 chars;             /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct pmcw, 28);

/* SCSW word 0 */
#define SCSW_CC_SHIFT 24          /* deferred condition code, 2 bits */
#define SCSW_FCTL_START 0x4000
#define SCSW_FCTL_HALT 0x2000
#define SCSW_FCTL_CLEAR 0x1000
#define SCSW_ACTL_MASK 0x0fe0
#define SCSW_STCTL_ALERT 0x0010
#define SCSW_STCTL_INTERMEDIATE 0x0008
#define SCSW_STCTL_PRIMARY 0x0004
#define SCSW_STCTL_SECONDARY 0x0002
#define SCSW_STCTL_PENDING 0x0001

/* device status */
#define DSTAT_ATTENTION 0x80
#define DSTAT_SM 0x40
#define DSTAT_CUE 0x20
#define DSTAT_BUSY 0x10
#define DSTAT_CE 0x08
#define DSTAT_DE 0x04
#define DSTAT_UC 0x02
#define DSTAT_UE 0x01

/* subchannel status */
#define CSTAT_PCI 0x80
#define CSTAT_IL 0x40   /* incorrect length */
#define CSTAT_PROG 0x20 /* program check */
#define CSTAT_PROT 0x10
#define CSTAT_CDC 0x08
#define CSTAT_CCC 0x04
#define CSTAT_ICC 0x02
#define CSTAT_CHC 0x01

struct scsw {
	be32 flags;             /* 0x00 key S L CC F P I A U Z E N Q FCTL ACTL STCTL */
	be32 cpa;               /* 0x04 */
	uint8_t dstat;          /* 0x08 */
	uint8_t cstat;          /* 0x09 */
	be16 count;             /* 0x0a residual count */
} FW_PACKED;
ABI_SIZE(struct scsw, 12);

struct schib {
	struct pmcw pmcw;       /* 0x00 */
	struct scsw scsw;       /* 0x1c */
	be64 mba;               /* 0x28 */
	uint8_t mda[4];         /* 0x30 */
} FW_PACKED;
ABI_SIZE(struct schib, 52);
ABI_OFFSET(struct schib, scsw, 0x1c);

struct irb {
	struct scsw scsw;       /* 0x00 */
	be32 esw[5];            /* 0x0c */
	be32 ecw[8];            /* 0x20 */
	be32 emw[8];            /* 0x40 */
} FW_PACKED;
ABI_SIZE(struct irb, 96);

/* ORB word 1 */
#define ORB_FMT1 0x00800000   /* format-1 CCWs */
#define ORB_PFCH 0x00400000   /* prefetch allowed */
#define ORB_C64 0x00020000    /* 64-bit IDAWs */
#define ORB_LPM_SHIFT 8

struct orb {
	be32 intparm;           /* 0x00 */
	be32 ctrl;              /* 0x04 */
	be32 cpa;               /* 0x08 31-bit channel-program address */
	uint8_t reserved[20];   /* 0x0c */
} FW_PACKED;
ABI_SIZE(struct orb, 32);

/* CCW flags */
#define CCW_FLAG_CD 0x80
#define CCW_FLAG_CC 0x40
#define CCW_FLAG_SLI 0x20
#define CCW_FLAG_SKIP 0x10
#define CCW_FLAG_PCI 0x08
#define CCW_FLAG_IDA 0x04
#define CCW_FLAG_SUSPEND 0x02

/* common channel commands */
#define CCW_CMD_BASIC_SENSE 0x04
#define CCW_CMD_SENSE_ID 0xe4
#define CCW_CMD_NOOP 0x03
#define CCW_CMD_TIC 0x08

struct ccw1 {
	uint8_t cmd;            /* 0x00 */
	uint8_t flags;          /* 0x01 */
	be16 count;             /* 0x02 */
	be32 cda;               /* 0x04 31-bit data address */
} FW_PACKED;
ABI_SIZE(struct ccw1, 8);

struct senseid {
	uint8_t reserved;       /* 0x00 0xff */
	be16 cu_type;           /* 0x01 */
	uint8_t cu_model;       /* 0x03 */
	be16 dev_type;          /* 0x04 */
	uint8_t dev_model;      /* 0x06 */
	uint8_t unused;         /* 0x07 */
	be32 ciw[62];           /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct senseid, 256);

#define CU_TYPE_VIRTIO 0x3832
#define CU_TYPE_DASD_3990 0x3990
#define CU_TYPE_DASD_2107 0x2107

/* I/O interruption code as TPI stores it at a non-zero operand address */
struct tpi_info {
	be32 schid;             /* 0x00 subsystem-identification word */
	be32 intparm;           /* 0x04 */
} FW_PACKED;
ABI_SIZE(struct tpi_info, 8);

/* CHSC store/enable: request header + response header */
struct chsc_header {
	be16 length;            /* 0x00 */
	be16 code;              /* 0x02 */
} FW_PACKED;
ABI_SIZE(struct chsc_header, 4);

#define CHSC_SET_DOMAIN_ATTR 0x0031
#define CHSC_OP_ENABLE_MSS 0x0002
#define CHSC_RESP_OK 0x0001

struct chsc_sda {
	struct chsc_header request;  /* 0x00 length 0x400, code 0x31 */
	be16 reserved;               /* 0x04 */
	be16 operation_code;         /* 0x06 */
	uint8_t reserved2[0x400 - 8];
	struct chsc_header response; /* 0x400 */
	be32 reserved3;              /* 0x404 */
} FW_PACKED;
ABI_OFFSET(struct chsc_sda, response, 0x400);

#endif
