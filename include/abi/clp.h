/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zPCI: the CALL LOGICAL PROCESSOR (CLP) request/response blocks for the
 * PCI commands, and the operand layout of PCI LOAD / PCI STORE. Facts from
 * the z/Architecture zPCI definitions as Linux (asm/clp.h, asm/pci_clp.h,
 * asm/pci_insn.h) and QEMU's zPCI emulation use them; checked with the
 * search tools.
 *
 * A CLP block holds the request followed directly by the response; every
 * PCI request is 32 bytes long. All fields are big-endian except the BAR
 * values QUERY PCI FUNCTION copies from configuration space (little-endian
 * as PCI stores them).
 */
#ifndef ABI_CLP_H
#define ABI_CLP_H

#include "fw/compiler.h"
#include "fw/types.h"

#define CLP_BLK_SIZE 4096
#define CLP_LPS_PCI 2                   /* logical-processor selector */
#define CLP_REQ_LEN 32                  /* every PCI request */

/* commands */
#define CLP_LIST_PCI 0x0002
#define CLP_QUERY_PCI_FN 0x0003
#define CLP_QUERY_PCI_FNGRP 0x0004
#define CLP_SET_PCI_FN 0x0005

/* response codes */
#define CLP_RC_OK 0x0010
#define CLP_RC_CMD 0x0020               /* invalid command */
#define CLP_RC_PERM 0x0030              /* not permitted */
#define CLP_RC_FMT 0x0040               /* invalid format */
#define CLP_RC_LEN 0x0050               /* invalid length */
#define CLP_RC_8K 0x0060                /* response block too small */
#define CLP_RC_RESNOT0 0x0070           /* reserved field not zero */
#define CLP_RC_NODATA 0x0080            /* no data available */
#define CLP_RC_SETPCIFN_FH 0x0101       /* invalid function handle */
#define CLP_RC_SETPCIFN_FHOP 0x0102     /* handle not valid for the operation */
#define CLP_RC_SETPCIFN_DMAAS 0x0103    /* invalid DMA address space count */
#define CLP_RC_SETPCIFN_RES 0x0104      /* insufficient resources */
#define CLP_RC_SETPCIFN_ALRDY 0x0105    /* already in the requested state */
#define CLP_RC_SETPCIFN_ERR 0x0106      /* function in permanent error state */
#define CLP_RC_SETPCIFN_RECPND 0x0107   /* error recovery pending */
#define CLP_RC_SETPCIFN_BUSY 0x0108     /* function busy */
#define CLP_RC_LISTPCI_BADRT 0x010a     /* resume token not recognised */
#define CLP_RC_QUERYPCIFG_PFGID 0x010b  /* unknown function group */

/* SET PCI FUNCTION operation controls */
#define CLP_SET_ENABLE_PCI_FN 0
#define CLP_SET_DISABLE_PCI_FN 1

/* function handle: bit 0 (MSB) = enabled */
#define ZPCI_FH_ENABLED 0x80000000u
/* list entry word 1, bit 0: configured (else standby) */
#define CLP_FH_CONFIGURED 0x80000000u

#define ZPCI_BAR_COUNT 6
#define ZPCI_CONFIG_SPACE 15            /* PCI address space of config space */

struct clp_req_hdr {
	be16 len;                       /* 0x00 */
	be16 cmd;                       /* 0x02 */
	be32 fmt;                       /* 0x04 format in bits 0-3, must be 0 */
	be64 reserved;                  /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct clp_req_hdr, 16);

struct clp_rsp_hdr {
	be16 len;                       /* 0x00 length the firmware offers, then
					 * the length stored */
	be16 rsp;                       /* 0x02 response code */
	be32 fmt;                       /* 0x04 */
	be64 reserved;                  /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct clp_rsp_hdr, 16);

struct clp_fh_entry {
	be16 device_id;                 /* 0x00 */
	be16 vendor_id;                 /* 0x02 */
	be32 config;                    /* 0x04 CLP_FH_CONFIGURED */
	be32 fid;                       /* 0x08 function id */
	be32 fh;                        /* 0x0c function handle */
} FW_PACKED;
ABI_SIZE(struct clp_fh_entry, 16);

struct clp_req_list_pci {
	struct clp_req_hdr hdr;         /* 0x00 */
	be64 resume_token;              /* 0x10 0: from the start */
	be64 reserved;                  /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct clp_req_list_pci, CLP_REQ_LEN);

#define CLP_LIST_RSP_HDR_LEN 32
struct clp_rsp_list_pci {
	struct clp_rsp_hdr hdr;         /* 0x00 */
	be64 resume_token;              /* 0x10 0: list complete */
	be32 reserved;                  /* 0x18 */
	be16 max_fn;                    /* 0x1c */
	uint8_t flags;                  /* 0x1e */
	uint8_t entry_size;             /* 0x1f */
	struct clp_fh_entry fh[];       /* 0x20 */
} FW_PACKED;
ABI_SIZE(struct clp_rsp_list_pci, CLP_LIST_RSP_HDR_LEN);
ABI_OFFSET(struct clp_rsp_list_pci, resume_token, 0x10);
ABI_OFFSET(struct clp_rsp_list_pci, max_fn, 0x1c);
ABI_OFFSET(struct clp_rsp_list_pci, entry_size, 0x1f);

struct clp_req_query_pci {
	struct clp_req_hdr hdr;         /* 0x00 */
	be32 fh;                        /* 0x10 */
	be32 reserved;                  /* 0x14 */
	be64 reserved2;                 /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct clp_req_query_pci, CLP_REQ_LEN);
ABI_OFFSET(struct clp_req_query_pci, fh, 0x10);

struct clp_rsp_query_pci {
	struct clp_rsp_hdr hdr;         /* 0x00 */
	be16 vfn;                       /* 0x10 */
	uint8_t flags;                  /* 0x12 */
	uint8_t pfgid;                  /* 0x13 function group */
	be32 fid;                       /* 0x14 */
	uint8_t bar_size[ZPCI_BAR_COUNT]; /* 0x18 log2 of the size, 0 = none */
	be16 pchid;                     /* 0x1e */
	le32 bar[ZPCI_BAR_COUNT];       /* 0x20 config-space BAR words */
	uint8_t pfip[4];                /* 0x38 */
	be16 reserved;                  /* 0x3c */
	uint8_t fmb_len;                /* 0x3e */
	uint8_t pft;                    /* 0x3f function type */
	be64 sdma;                      /* 0x40 start of the DMA space */
	be64 edma;                      /* 0x48 end of the DMA space */
	be32 reserved2[11];             /* 0x50 */
	be32 uid;                       /* 0x7c */
	uint8_t util_str[64];           /* 0x80 */
} FW_PACKED;
ABI_SIZE(struct clp_rsp_query_pci, 0xc0);
ABI_OFFSET(struct clp_rsp_query_pci, pfgid, 0x13);
ABI_OFFSET(struct clp_rsp_query_pci, fid, 0x14);
ABI_OFFSET(struct clp_rsp_query_pci, bar_size, 0x18);
ABI_OFFSET(struct clp_rsp_query_pci, bar, 0x20);
ABI_OFFSET(struct clp_rsp_query_pci, pft, 0x3f);
ABI_OFFSET(struct clp_rsp_query_pci, sdma, 0x40);
ABI_OFFSET(struct clp_rsp_query_pci, edma, 0x48);
ABI_OFFSET(struct clp_rsp_query_pci, uid, 0x7c);

struct clp_req_query_pci_grp {
	struct clp_req_hdr hdr;         /* 0x00 */
	uint8_t reserved[3];            /* 0x10 */
	uint8_t pfgid;                  /* 0x13 */
	be32 reserved2;                 /* 0x14 */
	be64 reserved3;                 /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct clp_req_query_pci_grp, CLP_REQ_LEN);
ABI_OFFSET(struct clp_req_query_pci_grp, pfgid, 0x13);

struct clp_rsp_query_pci_grp {
	struct clp_rsp_hdr hdr;         /* 0x00 */
	be16 noi;                       /* 0x10 number of interrupts (low 12 bits) */
	uint8_t version;                /* 0x12 */
	uint8_t flags;                  /* 0x13 */
	be16 reserved;                  /* 0x14 */
	be16 mui;                       /* 0x16 */
	be16 reserved2;                 /* 0x18 */
	be16 maxfaal;                   /* 0x1a */
	be16 dnoi;                      /* 0x1c */
	be16 maxcpu;                    /* 0x1e */
	be64 dasm;                      /* 0x20 DMA address space mask */
	be64 msia;                      /* 0x28 MSI address */
	be64 reserved3[2];              /* 0x30 */
} FW_PACKED;
ABI_SIZE(struct clp_rsp_query_pci_grp, 0x40);
ABI_OFFSET(struct clp_rsp_query_pci_grp, version, 0x12);
ABI_OFFSET(struct clp_rsp_query_pci_grp, dasm, 0x20);

struct clp_req_set_pci {
	struct clp_req_hdr hdr;         /* 0x00 */
	be32 fh;                        /* 0x10 */
	be16 reserved;                  /* 0x14 */
	uint8_t oc;                     /* 0x16 operation control */
	uint8_t ndas;                   /* 0x17 number of DMA spaces */
	be64 reserved2;                 /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct clp_req_set_pci, CLP_REQ_LEN);
ABI_OFFSET(struct clp_req_set_pci, oc, 0x16);
ABI_OFFSET(struct clp_req_set_pci, ndas, 0x17);

struct clp_rsp_set_pci {
	struct clp_rsp_hdr hdr;         /* 0x00 */
	be32 fh;                        /* 0x10 the new handle */
	be32 reserved;                  /* 0x14 */
	be64 reserved2;                 /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct clp_rsp_set_pci, 32);
ABI_OFFSET(struct clp_rsp_set_pci, fh, 0x10);

/*
 * PCI LOAD (PCILG) / PCI STORE (PCISTG): the even register of the operand
 * pair holds fh << 32 | address space << 16 | length, the odd one the
 * offset. Data is right-aligned in the register, bytes in address order
 * (a little-endian PCI register arrives byte-swapped). Config space: 1, 2
 * or 4 bytes within a word; BARs: 1, 2, 4 or 8 bytes within a doubleword.
 * cc 1 puts a status in bits 32-39 of the even register.
 */
#define ZPCI_REQ(fh, as, len) ((uint64_t)(fh) << 32 | (uint64_t)(as) << 16 | (len))
#define ZPCI_CC_OK 0
#define ZPCI_CC_ERR 1                   /* status in the request register */
#define ZPCI_CC_BUSY 2
#define ZPCI_CC_INVAL_HANDLE 3
#define ZPCI_ST_BLOCKED 12              /* function blocked (error state) */
#define ZPCI_ST_FUNC_IN_ERR 8           /* function in error state */
#define ZPCI_ST_INVAL_AS 20             /* invalid address space */

#endif
