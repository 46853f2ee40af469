/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zipl SCSI-scheme boot records on a linear (virtio-blk / SCSI) disk, as
 * s390-tools' zipl writes them (include/boot/boot_defs.h, zipl/src/bootmap.c):
 *
 *   block 0: MBR "zIPL" -> program table (one block)
 *   program table: "zIPL", entries 0..30 -> component tables (entry 0 default)
 *   component table: 32-byte header, 32-byte entries LOAD / SIGNATURE / EXEC
 *   LOAD/SIGNATURE -> block-pointer list ("segment table") of 16-byte slots
 *
 * Everything is big-endian; "zIPL" is ASCII.
 */
#ifndef ABI_ZIPL_H
#define ABI_ZIPL_H

#include "fw/compiler.h"
#include "fw/types.h"

#define ZIPL_MAGIC "zIPL"
#define ZIPL_MAGIC_LEN 4
#define ZIPL_MAX_BOOT_ENTRIES 31   /* program-table slots (512-byte table) */

/* 16-byte block pointer of the linear scheme */
struct zipl_blockptr {
	be64 blockno;           /* 0x00 0 = end of list / empty */
	be16 size;              /* 0x08 block size */
	be16 blockct;           /* 0x0a additional blocks (count - 1) */
	uint8_t reserved[4];    /* 0x0c */
} FW_PACKED;
ABI_SIZE(struct zipl_blockptr, 16);

struct zipl_mbr {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	be32 version_id;        /* 0x04 1 */
	uint8_t reserved[8];    /* 0x08 */
	struct zipl_blockptr program_table; /* 0x10 */
	uint8_t reserved2[0x50];/* 0x20 */
	uint8_t boot_info[40];  /* 0x70 zipl's, not read by the firmware */
} FW_PACKED;
ABI_SIZE(struct zipl_mbr, 0x98);
ABI_OFFSET(struct zipl_mbr, program_table, 0x10);

struct zipl_program_table {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	uint8_t reserved[12];   /* 0x04 */
	struct zipl_blockptr entry[]; /* 0x10 */
} FW_PACKED;

#define ZIPL_COMP_HDR_IPL 0x00
#define ZIPL_COMP_HDR_DUMP 0x01

struct zipl_component_header {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	uint8_t type;           /* 0x04 ZIPL_COMP_HDR_* */
	uint8_t reserved[27];   /* 0x05 */
} FW_PACKED;
ABI_SIZE(struct zipl_component_header, 32);

#define ZIPL_COMP_EXEC 0x01
#define ZIPL_COMP_LOAD 0x02
#define ZIPL_COMP_SIGNATURE 0x03

#define ZIPL_SIG_FORMAT_PKCS7 1

struct zipl_component_entry {
	struct zipl_blockptr data; /* 0x00 first block of the segment table */
	uint8_t pad[7];         /* 0x10 */
	uint8_t type;           /* 0x17 ZIPL_COMP_* */
	union {                 /* 0x18 */
		be64 load_address;  /* LOAD */
		be64 load_psw;      /* EXEC: short PSW */
		struct {
			uint8_t format; /* SIGNATURE: ZIPL_SIG_FORMAT_* */
			uint8_t reserved[3];
			be32 length;
		} FW_PACKED sig;
	};
} FW_PACKED;
ABI_SIZE(struct zipl_component_entry, 32);
ABI_OFFSET(struct zipl_component_entry, type, 0x17);
ABI_OFFSET(struct zipl_component_entry, load_address, 0x18);

/* Memory zipl's stage3 and the kernel use (s390-tools loaders_layout.h). */
#define ZIPL_STAGE3_PARMS_ADDRESS 0x9000
#define ZIPL_STAGE3_LOAD_ADDRESS 0xa000
#define ZIPL_STAGE3_ENTRY_PSW 0x000800008000a000ULL

#endif
