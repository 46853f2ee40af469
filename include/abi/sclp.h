/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SCLP service-call control blocks (SCCBs): Read SCP Info, event masks and
 * the ASCII console event (type 0x1a) QEMU's sclpconsole implements.
 */
#ifndef ABI_SCLP_H
#define ABI_SCLP_H

#include "fw/compiler.h"
#include "fw/types.h"

#define SCLP_CMD_READ_SCP_INFO 0x00020001
#define SCLP_CMD_READ_SCP_INFO_FORCED 0x00120001
#define SCLP_CMD_READ_EVENT_DATA 0x00770005
#define SCLP_CMD_WRITE_EVENT_DATA 0x00760005
#define SCLP_CMD_WRITE_EVENT_MASK 0x00780005

#define SCLP_RC_NORMAL_READ_COMPLETION 0x0010
#define SCLP_RC_NORMAL_COMPLETION 0x0020
#define SCLP_RC_NO_EVENT_BUFFERS 0x60f0

#define SCLP_EVENT_ASCII_CONSOLE 0x1a
#define SCLP_EVENT_MASK_ASCII 0x00000040u /* 1 << (32 - 0x1a) */

#define SCCB_SIZE 4096

struct sccb_header {
	be16 length;            /* 0x00 */
	uint8_t function_code;  /* 0x02 */
	uint8_t control_mask[3];/* 0x03 */
	be16 response_code;     /* 0x06 */
} FW_PACKED;
ABI_SIZE(struct sccb_header, 8);

struct read_info_sccb {
	struct sccb_header h;   /* 0x00 */
	be16 rnmax;             /* 0x08 increments */
	uint8_t rnsize;         /* 0x0a increment size in MiB */
	uint8_t reserved1[13];  /* 0x0b */
	uint8_t loadparm[8];    /* 0x18 EBCDIC */
	uint8_t reserved2[100 - 32];
	be32 rnsize2;           /* 0x64 */
	be64 rnmax2;            /* 0x68 */
	uint8_t reserved3[134 - 112];
	uint8_t byte_134;       /* 0x86 secure-IPL facility bits */
	uint8_t byte_135;       /* 0x87 */
	uint8_t byte_136;       /* 0x88 Secure-IPL facility bits (u16 136-137) */
	uint8_t byte_137;       /* 0x89 */
} FW_PACKED;
ABI_OFFSET(struct read_info_sccb, loadparm, 0x18);
ABI_OFFSET(struct read_info_sccb, rnsize2, 100);
ABI_OFFSET(struct read_info_sccb, rnmax2, 104);
ABI_OFFSET(struct read_info_sccb, byte_134, 134);
ABI_OFFSET(struct read_info_sccb, byte_136, 136);

struct write_event_mask_sccb {
	struct sccb_header h;   /* 0x00 */
	be16 reserved;          /* 0x08 */
	be16 mask_length;       /* 0x0a (4) */
	be32 cp_receive_mask;   /* 0x0c */
	be32 cp_send_mask;      /* 0x10 */
	be32 sclp_receive_mask; /* 0x14 */
	be32 sclp_send_mask;    /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct write_event_mask_sccb, 28);

struct event_buffer_header {
	be16 length;            /* 0x00 including this header */
	uint8_t type;           /* 0x02 */
	uint8_t flags;          /* 0x03 */
	be16 reserved;          /* 0x04 */
} FW_PACKED;
ABI_SIZE(struct event_buffer_header, 6);

/* Write/Read Event Data: header, one event buffer, its data. */
struct event_data_sccb {
	struct sccb_header h;             /* 0x00 */
	struct event_buffer_header ebh;   /* 0x08 */
	uint8_t data[SCCB_SIZE - 14];     /* 0x0e */
} FW_PACKED;
ABI_SIZE(struct event_data_sccb, SCCB_SIZE);

#endif
