/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zipl ECKD-scheme boot records on a DASD image (CDL, LDL, CMS, unlabeled
 * LDL, and the List-Directed IPL record), as s390-tools' zipl and dasdfmt/
 * fdasd leave them on a 3390-like disk, seen through a linear block device
 * (the Linux DASD driver's view, and virtio-blk's). Layouts checked against
 * s390-tools (include/boot/boot_defs.h, zipl/include/boot.h,
 * zipl/src/install.c, zipl/src/boot.c, zipl/src/bootmap.c, zipl/boot/eckd*.S,
 * include/lib/vtoc.h) and QEMU's pc-bios/s390-ccw/bootmap.h.
 *
 *   CDL  block 0  key "IPL1" + stage 0 (PSW, READ, TIC)
 *        block 1  key "IPL2" + stage 1 (CCWs, 2 seek args) + boot info
 *                 whose pointer leads to the boot map table
 *        block 2  key "VOL1" + volume label; at 0x4E the CCHHR of the
 *                 List-Directed IPL boot record (s390-tools >= 2.25)
 *   LDL  block 0  stage 0 + stage 1 + boot info (at 0x70)
 *        block 2  "LNX1" (or "CMS1") label, unless unlabeled
 *   boot map table (zipl's "program table"): "zIPL", 16-byte pointers to
 *        boot scripts ("component tables"), entry 0 = default
 *   boot script: 32-byte header, 32-byte entries LOAD / SIGNATURE / EXEC
 *   LOAD -> list of 16-byte block pointers (last slot: next list block)
 *
 * Block addresses are cylinder/head/record (1-based record) triples. The
 * CCW-IPL pointers (zipl's "legacy" format) keep cylinder bits 16..27 in
 * head bits 4..15 (extended address volumes); List-Directed IPL pointers
 * have a 32-bit cylinder. Labels are EBCDIC, "zIPL" magics ASCII (the
 * stage 2 menu banner is EBCDIC). Everything is big-endian.
 */
#ifndef ABI_ECKD_H
#define ABI_ECKD_H

#include "fw/compiler.h"
#include "fw/types.h"

/* EBCDIC record keys and labels */
#define ECKD_KEY_IPL1 "\xc9\xd7\xd3\xf1"
#define ECKD_KEY_IPL2 "\xc9\xd7\xd3\xf2"
#define ECKD_KEY_VOL1 "\xe5\xd6\xd3\xf1"
#define ECKD_LABEL_LNX1 "\xd3\xd5\xe7\xf1"
#define ECKD_LABEL_CMS1 "\xc3\xd4\xe2\xf1"
#define ECKD_MAGIC_LEN 4
#define ECKD_ZIPL_MAGIC "zIPL"                  /* ASCII */
#define ECKD_ZIPL_MAGIC_EBCDIC "\xa9\xc9\xd7\xd3" /* stage 2 menu banner */

#define ECKD_VOLSER_LEN 6
#define ECKD_LDL_VERSION_1 0x40         /* EBCDIC blank */
#define ECKD_LDL_VERSION_2 0xf2         /* EBCDIC '2': formatted_blocks valid */

/* Geometry of a 3390 with 4 KiB blocks, and what QEMU's BIOS guesses. */
#define ECKD_HEADS 15
#define ECKD_SPT_4096 12
#define ECKD_SPT_2048 21
#define ECKD_SPT_1024 33
#define ECKD_SPT_512 49

/* cylinder/head/record: seek arguments, VOL1 boot-record address */
struct eckd_chs {
	be16 cyl;               /* 0x00 cylinder bits 0..15 */
	be16 head;              /* 0x02 head (bits 0..3), cylinder bits 16..27 */
	uint8_t sector;         /* 0x04 record number, 1-based */
} FW_PACKED;
ABI_SIZE(struct eckd_chs, 5);

/* CCW-IPL block pointer (s390-tools struct eckd_blockptr_legacy) */
struct eckd_blockptr {
	struct eckd_chs chs;    /* 0x00 */
	be16 size;              /* 0x05 block size */
	uint8_t count;          /* 0x07 blocks - 1 */
	uint8_t reserved[8];    /* 0x08 */
} FW_PACKED;
ABI_SIZE(struct eckd_blockptr, 16);
ABI_OFFSET(struct eckd_blockptr, size, 0x05);
ABI_OFFSET(struct eckd_blockptr, count, 0x07);

/* List-Directed IPL block pointer (s390-tools struct eckd_blockptr) */
struct eckd_ld_blockptr {
	be32 cyl;               /* 0x00 */
	uint8_t head;           /* 0x04 */
	uint8_t sector;         /* 0x05 1-based */
	uint8_t reserved1[4];   /* 0x06 */
	be16 count;             /* 0x0a blocks - 1 */
	uint8_t reserved2[4];   /* 0x0c */
} FW_PACKED;
ABI_SIZE(struct eckd_ld_blockptr, 16);
ABI_OFFSET(struct eckd_ld_blockptr, count, 0x0a);

union eckd_anyptr {
	struct eckd_blockptr ccw;
	struct eckd_ld_blockptr ld;
	uint8_t raw[16];
} FW_PACKED;
ABI_SIZE(union eckd_anyptr, 16);

/* Format-0 CCW as the stage 0/1/1b channel programs use it */
struct eckd_ccw0 {
	uint8_t cmd;            /* 0x00 */
	uint8_t addr_hi;        /* 0x01 data address bits 8..15 */
	be16 addr_lo;           /* 0x02 data address bits 16..31 */
	uint8_t flags;          /* 0x04 */
	uint8_t pad;            /* 0x05 */
	be16 count;             /* 0x06 */
} FW_PACKED;
ABI_SIZE(struct eckd_ccw0, 8);

#define ECKD_CCW_SEEK 0x07
#define ECKD_CCW_SEARCH_ID_EQ 0x31
#define ECKD_CCW_TIC 0x08
#define ECKD_CCW_READ_DATA 0x06
#define ECKD_CCW_READ_KD 0x0e
#define ECKD_CCW_READ_R0 0x16
#define ECKD_CCW_FLAG_CC 0x40
#define ECKD_CCW_FLAG_SLI 0x20

/* Seek argument: 0x00 pad, 0x02 CCHHR, 0x07 pad */
struct eckd_seekarg {
	be16 pad;               /* 0x00 */
	struct eckd_chs chs;    /* 0x02 */
	uint8_t pad2;           /* 0x07 */
} FW_PACKED;
ABI_SIZE(struct eckd_seekarg, 8);

/* Stage 1 (0x18..0x80 in memory): reads up to two stage 1b blocks */
struct eckd_stage1 {
	struct eckd_ccw0 ccw[9];        /* 0x00 2 x seek/search/tic/read, tic */
	struct eckd_seekarg seek[2];    /* 0x48 seek[0] = first stage 1b block */
} FW_PACKED;
ABI_SIZE(struct eckd_stage1, 88);

#define ECKD_BOOT_INFO_VERSION 1
#define ECKD_BOOT_INFO_BP_IPL 0x00
#define ECKD_BOOT_INFO_BP_DUMP 0x01
#define ECKD_BOOT_INFO_DEV_ECKD 0x00
#define ECKD_BOOT_INFO_DEV_FBA 0x01
#define ECKD_BOOT_INFO_FLAGS_ARCH 0x01  /* written by a 64-bit (s390x) zipl */

/* Boot info (s390-tools struct boot_info, IPL variant) */
struct eckd_boot_info {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	uint8_t version;        /* 0x04 ECKD_BOOT_INFO_VERSION */
	uint8_t bp_type;        /* 0x05 ECKD_BOOT_INFO_BP_* */
	uint8_t dev_type;       /* 0x06 ECKD_BOOT_INFO_DEV_* */
	uint8_t flags;          /* 0x07 ECKD_BOOT_INFO_FLAGS_ARCH */
	struct eckd_blockptr bm_ptr;    /* 0x08 boot map table (CCW format) */
	uint8_t unused[16];     /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct eckd_boot_info, 40);
ABI_OFFSET(struct eckd_boot_info, bm_ptr, 0x08);

/* CDL record 1 (block 0): key + stage 0 */
struct eckd_cdl_ipl1 {
	uint8_t key[4];         /* 0x00 "IPL1" (EBCDIC) */
	be64 psw;               /* 0x04 */
	struct eckd_ccw0 ccw[2];/* 0x0c READ IPL2, TIC to stage 1 */
} FW_PACKED;
ABI_SIZE(struct eckd_cdl_ipl1, 28);

/* CDL record 2 (block 1): key + stage 1 + boot info, 148 bytes */
struct eckd_cdl_ipl2 {
	uint8_t key[4];         /* 0x00 "IPL2" (EBCDIC) */
	struct eckd_stage1 stage1;      /* 0x04 */
	struct eckd_boot_info boot_info;/* 0x5c */
	uint8_t reserved[16];   /* 0x84 */
} FW_PACKED;
ABI_SIZE(struct eckd_cdl_ipl2, 148);
ABI_OFFSET(struct eckd_cdl_ipl2, boot_info, 0x5c);

/* LDL record 1 (block 0): stage 0 + stage 1 + boot info */
struct eckd_ldl_ipl1 {
	be64 psw;               /* 0x00 */
	struct eckd_ccw0 ccw[2];/* 0x08 READ R0, READ record 1 again */
	struct eckd_stage1 stage1;      /* 0x18 */
	struct eckd_boot_info boot_info;/* 0x70 */
} FW_PACKED;
ABI_SIZE(struct eckd_ldl_ipl1, 152);
ABI_OFFSET(struct eckd_ldl_ipl1, stage1, 0x18);
ABI_OFFSET(struct eckd_ldl_ipl1, boot_info, 0x70);

/* CDL record 3 (block 2): key + VOL1 label (84 bytes, s390-tools vtoc.h) */
struct eckd_vol1_label {
	uint8_t key[4];         /* 0x00 "VOL1" */
	uint8_t label[4];       /* 0x04 "VOL1" */
	uint8_t volser[6];      /* 0x08 EBCDIC */
	uint8_t security;       /* 0x0e */
	struct eckd_chs vtoc;   /* 0x0f VTOC address */
	uint8_t reserved[58];   /* 0x14 CI fields, LVTOC owner, reserved */
	struct eckd_chs boot_record; /* 0x4e List-Directed IPL boot record */
	uint8_t stdv;           /* 0x53 standard version */
} FW_PACKED;
ABI_SIZE(struct eckd_vol1_label, 84);
ABI_OFFSET(struct eckd_vol1_label, volser, 0x08);
ABI_OFFSET(struct eckd_vol1_label, boot_record, 0x4e);

/* LDL record 3 (block 2): "LNX1" label (no key) */
struct eckd_ldl_label {
	uint8_t label[4];       /* 0x00 "LNX1" */
	uint8_t volser[6];      /* 0x04 EBCDIC */
	uint8_t reserved[69];   /* 0x0a EBCDIC blanks */
	uint8_t ldl_version;    /* 0x4f ECKD_LDL_VERSION_* */
	be64 formatted_blocks;  /* 0x50 valid for version 2 */
} FW_PACKED;
ABI_SIZE(struct eckd_ldl_label, 0x58);
ABI_OFFSET(struct eckd_ldl_label, ldl_version, 0x4f);

/* CMS-formatted minidisk label (block 2), the fields used here */
struct eckd_cms_label {
	uint8_t label[4];       /* 0x00 "CMS1" */
	uint8_t volser[6];      /* 0x04 EBCDIC */
	be16 version;           /* 0x0a */
	be32 block_size;        /* 0x0c */
	be32 disk_origin;       /* 0x10 */
	be32 blocks;            /* 0x14 usable cylinders/blocks */
	be32 formatted;         /* 0x18 */
	be32 cms_blocks;        /* 0x1c */
	be32 cms_used;          /* 0x20 */
	be32 fst_size;          /* 0x24 */
	be32 fst_per_block;     /* 0x28 */
	uint8_t format_date[6]; /* 0x2c */
	uint8_t reserved1[2];   /* 0x32 */
	be32 offset;            /* 0x34 */
	be32 next_hole;         /* 0x38 */
	be32 hblk_hole_offset;  /* 0x3c */
	be32 alloc_map_usr_off; /* 0x40 */
	uint8_t reserved2[4];   /* 0x44 */
	uint8_t shared_seg_name[8]; /* 0x48 */
} FW_PACKED;
ABI_SIZE(struct eckd_cms_label, 0x50);

/* List-Directed IPL boot record (s390-tools struct eckd_boot_record) */
struct eckd_boot_record {
	uint8_t magic[4];       /* 0x000 "zIPL" */
	be32 version_id;        /* 0x004 */
	uint8_t unused[8];      /* 0x008 */
	struct eckd_ld_blockptr bmt;    /* 0x010 boot map table (LD format) */
	uint8_t reserved[478];  /* 0x020 */
	be16 os_id;             /* 0x1fe */
} FW_PACKED;
ABI_SIZE(struct eckd_boot_record, 512);
ABI_OFFSET(struct eckd_boot_record, bmt, 0x10);
ABI_OFFSET(struct eckd_boot_record, os_id, 0x1fe);

/* Boot map table: header, then 16-byte pointers to boot scripts */
#define ECKD_BMT_SIZE 512               /* zipl's PROGRAM_TABLE_BLOCK_SIZE */
#define ECKD_BMT_ENTRIES 31             /* 512 / 16 - 1; entry 0 = default */

struct eckd_bmt_header {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	uint8_t reserved[12];   /* 0x04 */
} FW_PACKED;
ABI_SIZE(struct eckd_bmt_header, 16);

/* Boot script ("component table") */
#define ECKD_SCRIPT_HDR_IPL 0x00
#define ECKD_SCRIPT_HDR_DUMP 0x01
#define ECKD_SCRIPT_EXEC 0x01
#define ECKD_SCRIPT_LOAD 0x02
#define ECKD_SCRIPT_SIGNATURE 0x03

struct eckd_script_header {
	uint8_t magic[4];       /* 0x00 "zIPL" */
	uint8_t type;           /* 0x04 ECKD_SCRIPT_HDR_* */
	uint8_t reserved[27];   /* 0x05 */
} FW_PACKED;
ABI_SIZE(struct eckd_script_header, 32);

struct eckd_script_entry {
	union eckd_anyptr data; /* 0x00 first block of the block-pointer list */
	uint8_t pad[7];         /* 0x10 */
	uint8_t type;           /* 0x17 ECKD_SCRIPT_* */
	be64 address;           /* 0x18 LOAD: load address; EXEC: short PSW;
				 * SIGNATURE: format, 3 reserved, be32 length */
} FW_PACKED;
ABI_SIZE(struct eckd_script_entry, 32);
ABI_OFFSET(struct eckd_script_entry, type, 0x17);
ABI_OFFSET(struct eckd_script_entry, address, 0x18);

/* Stage 1b (1024 bytes at 0xe000): reads up to 24 stage 2 blocks */
#define ECKD_STAGE2_BLOCKS_MAX 24
struct eckd_stage1b {
	struct eckd_ccw0 ccw[4 * ECKD_STAGE2_BLOCKS_MAX]; /* 0x000 */
	struct eckd_seekarg seek[ECKD_STAGE2_BLOCKS_MAX]; /* 0x300 */
	uint8_t unused[64];     /* 0x3c0 */
} FW_PACKED;
ABI_SIZE(struct eckd_stage1b, 1024);
ABI_OFFSET(struct eckd_stage1b, seek, 0x300);

/*
 * Stage 2 menu parameters (s390-tools struct boot_stage2_params), followed
 * directly by the EBCDIC banner "zIPL ..." and the NUL-separated entry
 * texts; banner/config[] are offsets from the start of this structure.
 * QEMU's BIOS finds the banner and reads flag/timeout 140/138 bytes before.
 */
#define ECKD_MENU_ENTRIES 62
struct eckd_stage2_params {
	be16 flag;              /* 0x00 1 = prompt */
	be16 timeout;           /* 0x02 seconds, 0 = none */
	be16 banner;            /* 0x04 */
	be16 config[ECKD_MENU_ENTRIES + 1]; /* 0x06 */
	be64 config_kdump;      /* 0x84 */
} FW_PACKED;
ABI_SIZE(struct eckd_stage2_params, 140);

/* zipl's memory layout for the stages (include/boot/loaders_layout.h) */
#define ECKD_STAGE1_ADDRESS 0x18
#define ECKD_STAGE1B_ADDRESS 0xe000
#define ECKD_STAGE2_ADDRESS 0x2000
#define ECKD_STAGE2_ENTRY 0x2018
#define ECKD_STAGE2_MAX_SIZE 0x3000

#endif
