/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Secure IPL structures as QEMU 11.2 defines them (docs/specs/s390x-
 * secure-ipl.rst there; Linux uapi/asm/ipl.h for the report):
 *   - the IPL information report block (IIRB) the firmware writes after the
 *     IPL parameter block: header, component list, certificate list
 *   - the secure code loading attribute block (SCLAB) at the end of signed
 *     components
 *   - DIAG 0x320 blocks: VCSSB (storage sizes), VCB (certificates) and its
 *     VCEs (entries)
 *   - the DIAG 0x508 signature-verification block (SVB)
 */
#ifndef ABI_SECURE_IPL_H
#define ABI_SECURE_IPL_H

#include "fw/compiler.h"
#include "fw/types.h"

/* ---- IPL information report ---- */

struct iirb_header {
	be32 len;               /* 0x00 header + lists */
	uint8_t flags;          /* 0x04 */
	uint8_t reserved[2];    /* 0x05 */
	uint8_t version;        /* 0x07 */
	uint8_t reserved2[8];   /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct iirb_header, 16);

#define IIRB_TYPE_CERTIFICATES 1
#define IIRB_TYPE_COMPONENTS 2

struct iirb_list_header {
	be32 len;               /* 0x00 this header + entries */
	uint8_t type;           /* 0x04 IIRB_TYPE_* */
	uint8_t reserved[3];    /* 0x05 */
	be16 iiei;              /* 0x08 error indicators (component list) */
	uint8_t reserved2[6];   /* 0x0a */
} FW_PACKED;
ABI_SIZE(struct iirb_list_header, 16);

/* IPL information error indicators (component list header) */
#define IIEI_NO_SIGNED_COMP 0x8000
#define IIEI_NO_SCLAB 0x4000
#define IIEI_NO_GLOBAL_SCLAB 0x2000
#define IIEI_MORE_GLOBAL_SCLAB 0x1000
#define IIEI_FOUND_UNSIGNED_COMP 0x0800
#define IIEI_MORE_SIGNED_COMP 0x0400

/* component entry flags */
#define IIRB_COMP_SIGNED 0x80
#define IIRB_COMP_VERIFIED 0x40

struct iirb_component {
	be64 addr;              /* 0x00 load address (PSW entry: the EXEC PSW) */
	be64 len;               /* 0x08 bytes loaded (whole blocks) */
	uint8_t flags;          /* 0x10 IIRB_COMP_* */
	uint8_t reserved[5];    /* 0x11 */
	be16 cert_index;        /* 0x16 into the certificate list */
	be32 cei;               /* 0x18 component error indicators */
	uint8_t reserved2[4];   /* 0x1c */
} FW_PACKED;
ABI_SIZE(struct iirb_component, 32);
ABI_OFFSET(struct iirb_component, cert_index, 0x16);
ABI_OFFSET(struct iirb_component, cei, 0x18);

/* component error indicators */
#define CEI_INVALID_SCLAB 0x80000000u
#define CEI_INVALID_SCLAB_LEN 0x40000000u
#define CEI_INVALID_SCLAB_FORMAT 0x20000000u
#define CEI_UNMATCHED_SCLAB_LOAD_ADDR 0x10000000u
#define CEI_UNMATCHED_SCLAB_LOAD_PSW 0x08000000u
#define CEI_INVALID_LOAD_PSW 0x04000000u
#define CEI_NUC_NOT_IN_GLOBAL_SCLAB 0x02000000u
#define CEI_SCLAB_OLA_NOT_ONE 0x01000000u
#define CEI_SC_NOT_IN_GLOBAL_SCLAB 0x00800000u
#define CEI_SCLAB_LOAD_ADDR_NOT_ZERO 0x00400000u
#define CEI_SCLAB_LOAD_PSW_NOT_ZERO 0x00200000u
#define CEI_INVALID_UNSIGNED_ADDR 0x00100000u

struct iirb_certificate {
	be64 addr;              /* 0x00 DER certificate */
	be64 len;               /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct iirb_certificate, 16);

#define IIRB_MAX_COMPONENTS 127
#define IIRB_MAX_CERTIFICATES 64
#define IIRB_MAX_SIZE (sizeof(struct iirb_header) + \
		       sizeof(struct iirb_list_header) + IIRB_MAX_COMPONENTS * 32 + \
		       sizeof(struct iirb_list_header) + IIRB_MAX_CERTIFICATES * 16)
_Static_assert(IIRB_MAX_SIZE == 5136, "IIRB maximum size");

/* ---- SCLAB: the last bytes of a signed component ---- */

struct sclab_locator {
	be16 reserved;          /* 0x00 */
	be16 len;               /* 0x02 SCLAB length including this locator */
	uint8_t magic[4];       /* 0x04 "zIPL" */
} FW_PACKED;
ABI_SIZE(struct sclab_locator, 8);

#define SCLAB_MIN_LEN 32
#define SCLAB_FLAG_OPSW 0x8000  /* override PSW: the global SCLAB */
#define SCLAB_FLAG_OLA 0x4000   /* override load address */
#define SCLAB_FLAG_NUC 0x2000   /* no unsigned components */
#define SCLAB_FLAG_SC 0x1000    /* single component */

struct sclab {
	uint8_t format;         /* 0x00 0 */
	uint8_t reserved;       /* 0x01 */
	be16 flags;             /* 0x02 SCLAB_FLAG_* */
	uint8_t reserved2[4];   /* 0x04 */
	be64 load_psw;          /* 0x08 */
	be64 load_addr;         /* 0x10 */
} FW_PACKED;
ABI_SIZE(struct sclab, 24);

/* ---- DIAG 0x320 certificate store ---- */

#define DIAG320_RC_OK 0x0001
#define DIAG320_ISM_QUERY_VCSI 0x40000000u  /* subcode 1 installed */
#define DIAG320_ISM_STORE_VC 0x20000000u    /* subcode 2 installed */

struct vcssb {
	be32 length;            /* 0x00 in: 128; out: 128, or 4 with no certificates */
	uint8_t reserved[3];    /* 0x04 */
	uint8_t version;        /* 0x07 */
	uint8_t reserved2[24];  /* 0x08 */
	be16 total_vc_ct;       /* 0x20 */
	be16 max_vc_ct;         /* 0x22 */
	uint8_t reserved3[44];  /* 0x24 */
	be32 max_single_vcb_len;/* 0x50 */
	be32 total_vcb_len;     /* 0x54 */
	uint8_t reserved4[40];  /* 0x58 */
} FW_PACKED;
ABI_SIZE(struct vcssb, 128);
ABI_OFFSET(struct vcssb, total_vc_ct, 0x20);
ABI_OFFSET(struct vcssb, max_single_vcb_len, 0x50);

#define VCSSB_LEN 128
#define VCSSB_LEN_EMPTY 4

struct vcb_header {
	be32 in_len;            /* 0x00 multiple of 4096 */
	uint8_t reserved[4];    /* 0x04 */
	be16 first_vc_index;    /* 0x08 1-origin */
	be16 last_vc_index;     /* 0x0a */
	uint8_t reserved2[20];  /* 0x0c */
	be32 out_len;           /* 0x20 */
	uint8_t reserved3[4];   /* 0x24 */
	be16 stored_ct;         /* 0x28 */
	be16 remain_ct;         /* 0x2a */
	uint8_t reserved4[20];  /* 0x2c */
} FW_PACKED;
ABI_SIZE(struct vcb_header, 64);
ABI_OFFSET(struct vcb_header, out_len, 0x20);
ABI_OFFSET(struct vcb_header, stored_ct, 0x28);

#define VCE_FLAG_VALID 0x80
#define VCE_FORMAT_X509_DER 1
#define VCE_HASH_SHA256 1
#define VCE_INVALID_LEN 72

struct vce_header {
	be32 len;               /* 0x00 */
	uint8_t flags;          /* 0x04 VCE_FLAG_VALID */
	uint8_t key_type;       /* 0x05 */
	be16 cert_idx;          /* 0x06 1-origin */
	uint8_t name[64];       /* 0x08 EBCDIC */
	uint8_t format;         /* 0x48 */
	uint8_t reserved;       /* 0x49 */
	be16 keyid_len;         /* 0x4a */
	uint8_t reserved2;      /* 0x4c */
	uint8_t hash_type;      /* 0x4d */
	be16 hash_len;          /* 0x4e */
	uint8_t reserved3[4];   /* 0x50 */
	be32 cert_len;          /* 0x54 */
	uint8_t reserved4[8];   /* 0x58 */
	be16 hash_offset;       /* 0x60 */
	be16 cert_offset;       /* 0x62 */
	uint8_t reserved5[28];  /* 0x64 */
} FW_PACKED;
ABI_SIZE(struct vce_header, 128);
ABI_OFFSET(struct vce_header, format, 0x48);
ABI_OFFSET(struct vce_header, cert_len, 0x54);
ABI_OFFSET(struct vce_header, cert_offset, 0x62);

/* ---- DIAG 0x508 signature verification ---- */

#define DIAG508_RC_OK 0x0001
#define DIAG508_RC_NO_CERTS 0x0102
#define DIAG508_RC_INVALID_COMP 0x0202
#define DIAG508_RC_INVALID_SIG 0x0302
#define DIAG508_RC_VERIFY_FAILED 0x0402
#define DIAG508_RC_INVALID_LEN 0x0502
#define DIAG508_SIG_MAX 4096

struct svb {
	be32 length;            /* 0x00 64 */
	uint8_t reserved[3];    /* 0x04 */
	uint8_t version;        /* 0x07 */
	uint8_t reserved2[8];   /* 0x08 */
	uint8_t cert_store_index; /* 0x10 0-origin, out */
	uint8_t reserved3[7];   /* 0x11 */
	be64 cert_len;          /* 0x18 out */
	be64 comp_len;          /* 0x20 */
	be64 comp_addr;         /* 0x28 */
	be64 sig_len;           /* 0x30 */
	be64 sig_addr;          /* 0x38 */
} FW_PACKED;
ABI_SIZE(struct svb, 64);
ABI_OFFSET(struct svb, cert_store_index, 0x10);
ABI_OFFSET(struct svb, comp_len, 0x20);
ABI_OFFSET(struct svb, sig_addr, 0x38);

/* SCLP Read SCP Info facility bits */
#define SCLP_FAC134_CERT_STORE 0x04
#define SCLP_FAC136_SIPL 0x4000     /* u16 at bytes 136-137 */
#define SCLP_FAC136_SCLAF 0x1000

#endif
