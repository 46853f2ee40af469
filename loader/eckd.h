/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zipl ECKD-scheme loader for DASD images on linear block devices
 * (virtio-blk with DASD geometry): List-Directed IPL, CDL, CMS, LDL and
 * unlabeled LDL, tried in QEMU's order (pc-bios/s390-ccw/bootmap.c
 * ipl_eckd). Layouts in include/abi/eckd.h. Like loader/zipl.c it
 * validates every record, pointer, length and destination before use.
 *
 * The small pure helpers below (geometry, CHS conversion, pointer checks)
 * are exported for the host unit test (tests/unit/eckd/).
 */
#ifndef LOADER_ECKD_H
#define LOADER_ECKD_H

#include "drivers/blockdev.h"
#include "drivers/virtio/virtio_blk.h"
#include "loader/memmap.h"
#include "loader/zipl.h"

/* The geometry block addresses are converted with. */
struct eckd_geo {
	uint32_t heads;         /* tracks per cylinder */
	uint32_t sectors;       /* blocks per track */
	uint32_t block_size;
	uint64_t blocks;        /* capacity */
	bool guessed;           /* not reported by the device */
};

/*
 * eckd_geometry - the geometry for a device with @block_size-byte blocks
 * and @blocks capacity: the device's (@vg, may be NULL) when it reports
 * one with at most 15 heads and uses 4 KiB blocks, else QEMU's guess of a
 * 3390: 15 heads and 12/21/33/49 blocks per track for 4096/2048/1024/512-
 * byte blocks. (QEMU's BIOS also takes a reported geometry with more
 * heads, which is QEMU's PC-disk guess when no cyls/heads/secs were given,
 * and then fails; a DASD has 15 heads.)
 * Returns 0, or FW_ENOTSUP for an unsupported block size.
 *
 * (QEMU's BIOS guesses for virtio-blk only when the block size is not
 * 4096, and then also reads 4 KiB per block at 512-byte block numbers; a
 * disk written for that quirk has its records 512 bytes apart. Here the
 * device's own block size is used, as QEMU does for virtio-scsi.)
 */
int eckd_geometry(const struct vblk_geometry *vg, uint32_t block_size, uint64_t blocks,
		  struct eckd_geo *g);

/* A decoded block pointer (either format). */
struct eckd_ptr {
	uint64_t cyl;           /* full cylinder number */
	uint32_t head;          /* head within the cylinder */
	uint32_t sector;        /* 1-based record number */
	uint32_t count;         /* blocks - 1 */
	uint32_t size;          /* block size (CCW format only; 0 for LD) */
	bool ld;                /* List-Directed IPL format */
};

/* eckd_decode_chs - a CCHHR (5 bytes, CCW-IPL encoding incl. EAV bits). */
void eckd_decode_chs(const void *chs, struct eckd_ptr *p);

/* eckd_decode_ptr - a 16-byte block pointer in CCW (@ld false) or LD format. */
void eckd_decode_ptr(const void *raw, bool ld, struct eckd_ptr *p);

/* eckd_ptr_is_null - the all-zero pointer that ends a list / marks empty. */
bool eckd_ptr_is_null(const struct eckd_ptr *p);

/*
 * eckd_chs_to_block - the linear block of cylinder @cyl, head @head,
 * record @sector (1-based) under @g. No checks; see eckd_check_ptr().
 */
uint64_t eckd_chs_to_block(const struct eckd_geo *g, uint64_t cyl, uint32_t head,
			   uint32_t sector);

/*
 * eckd_check_ptr - is @p a valid pointer to @p->count + 1 blocks under @g:
 * head < heads, 1 <= sector <= sectors per track, (CCW format) size ==
 * block size, and the blocks on the disk? Returns 0 and sets *blockp, or
 * FW_EINVAL (bad address or size) / FW_ERANGE (past the end of the disk)
 * and sets *whyp to a short reason.
 */
int eckd_check_ptr(const struct eckd_geo *g, const struct eckd_ptr *p, uint64_t *blockp,
		   const char **whyp);

#define ECKD_MAX_ENTRY 30       /* boot map table entries 0..30 */

/*
 * The zipl boot menu in stage 2, as QEMU's BIOS reads it: stage 1 (IPL2 on
 * CDL, record 1 on LDL) points to stage 1b, whose seek arguments list the
 * stage 2 blocks; in them the EBCDIC banner "zIPL ..." is followed by the
 * NUL-separated entry texts (" 0. default (linux)", " 1. linux", ...) and
 * preceded by zipl's parameters (prompt flag 140 and timeout in seconds 138
 * bytes before the banner). Unlike QEMU 8.0+, the menu is also offered
 * when the entry is then loaded by List-Directed IPL (as QEMU 7.2, which
 * has no List-Directed IPL, does for these disks).
 */
struct eckd_menu_req {
	bool enabled;           /* show it (loader/menu.h menu_wanted_zipl) */
	bool zipl_settings;     /* zipl's prompt flag and timeout decide */
	uint32_t timeout_ms;    /* otherwise: 0 = wait for ever */
	unsigned int chosen;    /* out: the entry eckd_load() booted */
};

#define ECKD_MENU_TEXT_MAX 79   /* longer entry texts are cut */

struct eckd_menu {
	bool params;            /* prompt/timeout present (banner >= 140 bytes in) */
	bool prompt;            /* zipl's prompt flag */
	uint16_t timeout_s;     /* zipl's timeout, 0 = none */
	unsigned int count;     /* entries with a text */
	char text[ECKD_MAX_ENTRY + 1][ECKD_MENU_TEXT_MAX + 1]; /* by entry; "" = none */
};

/*
 * eckd_menu_parse - find the menu banner in the stage 2 data @s2 (@len
 * bytes, the stage 2 blocks in stage 1b's order) and decode parameters and
 * entry texts. A text counts when it starts (after blanks) with an entry
 * number 0..ECKD_MAX_ENTRY followed by '.'; others are skipped, the first
 * text for a number wins; texts end at a NUL, an empty text or the end of
 * the data. Returns 0, or FW_ENOENT (no banner, or no entry text).
 */
int eckd_menu_parse(const uint8_t *s2, size_t len, struct eckd_menu *m);

/*
 * eckd_load - load boot configuration @entry (0 = default; the boot map
 * table index that loadparm selects) of the ECKD-scheme disk @bd into
 * memory allowed by @mm. @geo is what virtio-blk reported (NULL: none).
 * With @menu (may be NULL) enabled, the zipl menu in stage 2 is shown
 * first and its choice replaces @entry; without menu data on the disk the
 * default entry (0) is booted, as in QEMU.
 * Tries List-Directed IPL first and falls back to the CCW-IPL records when
 * its records are invalid. Prints a specific reason on failure. Returns 0
 * (EXEC PSW and components in *res), FW_ENOENT (no ECKD boot record, or
 * an unsupported block size), FW_EINVAL (bad boot records),
 * FW_ERANGE (block or address outside what is allowed), FW_EACCES (@entry
 * is out of range or empty), FW_ENOTSUP (a dump record, not for IPL), or a
 * device error.
 */
int eckd_load(struct blockdev *bd, const struct vblk_geometry *geo, const struct memmap *mm,
	      unsigned int entry, struct eckd_menu_req *menu,
	      struct zipl_result *res) FW_MUST_CHECK;

#endif
