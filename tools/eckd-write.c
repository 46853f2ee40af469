/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * eckd-write - write a DASD image with zipl ECKD-scheme boot records.
 *
 * The real zipl writes ECKD boot records only onto real DASDs; this host
 * tool writes the same records into a raw image that QEMU attaches as a
 * virtio-blk disk with DASD geometry (e.g. 4 KiB blocks, 15 heads, 12
 * blocks per track: "cyls=N,heads=15,secs=12"), which QEMU's s390-ccw BIOS
 * and secure-ccw boot with their ECKD scheme. Layouts: include/abi/eckd.h,
 * checked against s390-tools (zipl/src/install.c install_eckd_*,
 * zipl/src/boot.c boot_init_eckd_*, zipl/src/bootmap.c add_ipl_program,
 * add_segment_table, add_program_table, zipl/boot/eckd0_*.S, eckd1*.S,
 * include/lib/vtoc.h) and QEMU's pc-bios/s390-ccw/bootmap.c.
 *
 * What is written (block numbers for 4 KiB blocks, 12 per track):
 *
 *   --layout cdl (default)   what dasdfmt -d cdl + fdasd + zipl leave:
 *     block 0   key "IPL1", stage 0 (PSW to stage 2, READ IPL2, TIC)
 *     block 1   key "IPL2", stage 1 (seek/search/tic/read to stage 1b,
 *               TIC), boot info -> boot map table (CCW-IPL pointer)
 *     block 2   key "VOL1", VOL1 label with volser; with --ldipl the
 *               CCHHR of the List-Directed IPL boot record at 0x4E
 *     tracks 0-1 otherwise empty (no VTOC is written); data from track 2
 *   --layout ldl             block 0: stage 0 + stage 1 + boot info at
 *                            0x70; block 2: "LNX1" label (version 2); data
 *                            from block 3
 *   --layout cms             the same with a "CMS1" label
 *   --layout unlabeled       the same without a label
 *
 *   data area (zipl's bootmap file, contiguous): per section the
 *   components, each followed by its block-pointer list, then the boot
 *   script; then the boot map table, stage 2 (menu data only, see below)
 *   and stage 1b. With --ldipl (CDL only, as zipl): a second set of lists,
 *   scripts and boot map table with List-Directed pointers over the same
 *   data, and the boot record.
 *
 * Block pointers never cross a track (zipl's disk_compact_blocklist); a
 * list block holds bs/16 - 1 data pointers and links the next list block
 * in its last slot; lists are written backwards as zipl does.
 *
 * Stage 2 holds zipl's menu parameters, banner and entry texts (what QEMU's
 * BIOS reads for its zipl menu) but no stage 2 code: eckd2.bin is built
 * into zipl, not shipped. A real DASD IPL of these images stops in stage 2.
 *
 * Sections: without --stage3 the kernel is loaded at its entry with its
 * parameter area patched (initrd, command line) and started directly; with
 * --stage3 FILE as zipl does for DASDs (stage3 at 0xA000, its parameters
 * at 0x9000 with extra_parm 1 and no SCSI flag, the whole kernel at
 * 0x10000, parmline, initrd, EXEC 0x000800008000A000).
 *
 * --corrupt NAME (repeatable) damages one record afterwards for negative
 * tests; --corrupt list shows the names.
 *
 * Output depends only on the inputs.
 */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/eckd.h"
#include "fw/endian.h"
#include "toolutil.h"

#define STAGE3_LOAD_ADDRESS	0xa000ULL
#define STAGE3_PARMS_ADDRESS	0x9000ULL
#define STAGE3_MAX_SIZE		0x5000u		/* up to the stack at 0xf000 */

#define MAX_SECTIONS		(ECKD_BMT_ENTRIES - 1)
#define STAGE2_MENU_OFFSET	0x200u		/* where the menu data starts */
#define ZIPL_RELEASE		"2.26.0"	/* for the menu banner */

enum layout { LAYOUT_CDL, LAYOUT_LDL, LAYOUT_CMS, LAYOUT_UNLABELED };
enum fmt { FMT_CCW, FMT_LD, NR_FMT };
_Static_assert(NR_FMT <= MAX_PTR_FMTS, "list_lba[] and table_lba[] hold a block per format");

#define MAX_CORRUPT 16

struct opts {
	const char *out;
	enum layout layout;
	int ldipl;
	unsigned int bs, heads, spt, max_per_ptr;
	uint64_t min_cyls, data_cyl;
	int data_cyl_set;
	char volser[ECKD_VOLSER_LEN + 1];
	const char *stage3_path;
	unsigned int def;
	int menu_prompt;
	unsigned int menu_timeout;
	int verbose;
	struct section sec[MAX_SECTIONS];
	unsigned int nsec;
	const char *corrupt[MAX_CORRUPT];
	unsigned int ncorrupt;
};

struct disk {
	int fd;
	const char *path;
	unsigned int bs, heads, spt, max_per_ptr;
	uint64_t next;		/* next free block */
	uint8_t *buf;		/* one block */
	/* where things went, for --corrupt */
	uint64_t bmt_lba[NR_FMT];
	uint64_t stage1b_lba, stage2_lba, br_lba;
	unsigned int stage1b_blocks;
};

const char *const prog = "eckd-write";
static struct blob stage3;

/* ------------------------------------------------------------ corruptions */

struct corruption {
	const char *name;
	const char *what;
};

static const struct corruption corruptions[] = {
	{ "ipl1-key", "CDL: zero the IPL1 key of block 0" },
	{ "ipl2-magic", "zero the zIPL magic of the boot info (IPL2 / LDL record 1)" },
	{ "vol1-key", "CDL: zero the VOL1 key of block 2" },
	{ "bootinfo-version", "boot info version 2" },
	{ "bootinfo-flags", "boot info flags 0 (31-bit zipl)" },
	{ "bootinfo-devtype", "boot info device type FBA" },
	{ "bootinfo-dump", "boot info type dump" },
	{ "bmt-ptr-head", "boot map table pointer: head = number of heads" },
	{ "bmt-ptr-sector", "boot map table pointer: record 0" },
	{ "bmt-ptr-size", "boot map table pointer: block size 512" },
	{ "bmt-ptr-range", "boot map table pointer: cylinder past the end of the disk" },
	{ "bmt-magic", "zero the boot map table magic (CCW)" },
	{ "bmt-default-empty", "clear entry 0 of the boot map table (CCW)" },
	{ "script-magic", "zero the magic of the default boot script (CCW)" },
	{ "script-no-exec", "turn the EXEC entry of the default script into type 0 (CCW)" },
	{ "script-bad-type", "give the first script entry type 0x07 (CCW)" },
	{ "exec-long-psw", "EXEC PSW without the short-PSW bit (CCW)" },
	{ "exec-outside", "EXEC PSW pointing to 0x7f000000 (CCW)" },
	{ "load-lowcore", "first LOAD entry loads to 0x1000 (CCW)" },
	{ "list-ptr-range", "first data pointer of the first list: past the end (CCW)" },
	{ "list-ptr-sector", "first data pointer of the first list: record beyond the track (CCW)" },
	{ "list-loop", "first list: last slot links to itself (CCW; needs a full list block)" },
	{ "list-last-slot", "first list: last slot gets count 1 (CCW; needs a full list block)" },
	{ "ld-br-magic", "zero the List-Directed boot record magic" },
	{ "ld-bmt-null", "clear the boot map table pointer of the boot record" },
	{ "ld-bmt-magic", "zero the List-Directed boot map table magic" },
	{ "ld-list-ptr", "List-Directed: first data pointer gets record 0" },
	{ "ld-script-no-exec", "List-Directed: default script without EXEC" },
	{ "ld-default-empty", "List-Directed: clear entry 0 of the boot map table" },
	{ "stage1b-ptr", "stage 1 seek argument to stage 1b: zero (QEMU's menu code reads it)" },
	{ "stage2-banner", "stage 2: zero the EBCDIC \"zIPL\" menu banner" },
	{ "stage2-ptr-range", "stage 1b: first stage 2 seek argument past the end of the disk" },
};

static int corruption_known(const char *name)
{
	for (size_t i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++)
		if (!strcmp(corruptions[i].name, name))
			return 1;
	return 0;
}

/* --------------------------------------------------------------- usage */

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s -o DISK [options] --section SPEC [--section SPEC ...]\n"
"\n"
"Writes a DASD image (raw, sparse) with zipl ECKD-scheme boot records, as\n"
"dasdfmt/fdasd and zipl leave them on a real DASD, for QEMU's virtio-blk with\n"
"DASD geometry (-device virtio-blk-ccw,...,logical_block_size=4096,\n"
"physical_block_size=4096,cyls=C,heads=15,secs=12).\n"
"\n"
"  -o, --output DISK      image to write (replaced)\n"
"  --layout L             cdl (default), ldl, cms or unlabeled\n"
"  --ldipl                also write the List-Directed IPL record (CDL only)\n"
"  --block-size N         512, 1024, 2048 or 4096 (default)\n"
"  --heads N              tracks per cylinder (default 15)\n"
"  --sectors N            blocks per track (default 12/21/33/49 for\n"
"                         4096/2048/1024/512-byte blocks)\n"
"  --cylinders N          at least N cylinders (default 100); more if needed\n"
"  --data-cylinder N      put the boot data at cylinder N (default: right\n"
"                         after the labels); beyond 65535 the CCW pointers\n"
"                         carry cylinder bits in the head field (EAV)\n"
"  --max-blocks-per-ptr N at most N blocks per data pointer (default: up to\n"
"                         the end of the track)\n"
"  --volser NAME          volume serial, up to 6 characters (default 0X0100)\n"
"  --stage3 FILE          use s390-tools' stage3.bin as zipl does\n"
"  --section SPEC         kernel=PATH[,initrd=PATH][,cmdline=STRING][,name=X];\n"
"                         the command line ends only at a ',' before kernel=,\n"
"                         initrd=, cmdline= or name=\n"
"  --default N            section that boot map table entry 0 boots (1-based,\n"
"                         default 1); entry i boots section i\n"
"  --menu-prompt          stage 2 menu: prompt (zipl.conf prompt=1)\n"
"  --menu-timeout SECS    stage 2 menu: timeout\n"
"  --corrupt NAME         damage a record (repeatable; 'list' shows names)\n"
"  -v, --verbose          print the layout\n"
"  -h, --help             this text\n"
"\n"
"Prints 'geometry: cylinders=C heads=H sectors=S block-size=B blocks=N' on\n"
"stdout. Exit status: 0 ok, %d input/I/O error, %d usage error.\n",
		prog, EXIT_ERROR, EXIT_USAGE);
}

/* ASCII to EBCDIC (code page 037) for labels and menu texts */
static uint8_t to_ebcdic(char ch)
{
	static const char *const rows[] = {
		"abcdefghi", "jklmnopqr", "stuvwxyz", "ABCDEFGHI", "JKLMNOPQR", "STUVWXYZ",
		"0123456789",
	};
	static const uint8_t base[] = { 0x81, 0x91, 0xa2, 0xc1, 0xd1, 0xe2, 0xf0 };
	static const struct { char c; uint8_t e; } other[] = {
		{ ' ', 0x40 }, { '.', 0x4b }, { '<', 0x4c }, { '(', 0x4d }, { '+', 0x4e },
		{ '&', 0x50 }, { '!', 0x5a }, { '$', 0x5b }, { '*', 0x5c }, { ')', 0x5d },
		{ ';', 0x5e }, { '-', 0x60 }, { '/', 0x61 }, { ',', 0x6b }, { '%', 0x6c },
		{ '_', 0x6d }, { '>', 0x6e }, { '?', 0x6f }, { ':', 0x7a }, { '#', 0x7b },
		{ '@', 0x7c }, { '\'', 0x7d }, { '=', 0x7e }, { '"', 0x7f }, { '\n', 0x25 },
		{ '\0', 0x00 },
	};

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const char *p = strchr(rows[r], ch);

		if (ch && p)
			return (uint8_t)(base[r] + (p - rows[r]));
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (other[i].c == ch)
			return other[i].e;
	return 0x6f;	/* '?' */
}

static void put_ebcdic(uint8_t *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = to_ebcdic(src[i]);
}

/* ---------------------------------------------------------------- input */

static int parse_args(int argc, char **argv, struct opts *o)
{
	const struct flag_opt flags[] = {
		{ "-v", "--verbose", &o->verbose },
		{ "--ldipl", NULL, &o->ldipl },
		{ "--menu-prompt", NULL, &o->menu_prompt },
		{ NULL, NULL, NULL },
	};
	const char *a;
	char *v;
	int i = 1, spt_set = 0;

	memset(o, 0, sizeof(*o));
	o->layout = LAYOUT_CDL;
	o->bs = 4096;
	o->heads = ECKD_HEADS;
	o->def = 1;
	o->min_cyls = 100;
	strcpy(o->volser, "0X0100");

	while ((a = next_option(argc, argv, &i, flags, usage, &v))) {
		uint64_t n;

		if (!v) {
			err("option '%s' needs a value or is unknown", a);
			return -1;
		}
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			o->out = v;
		} else if (!strcmp(a, "--layout")) {
			if (!strcmp(v, "cdl"))
				o->layout = LAYOUT_CDL;
			else if (!strcmp(v, "ldl"))
				o->layout = LAYOUT_LDL;
			else if (!strcmp(v, "cms"))
				o->layout = LAYOUT_CMS;
			else if (!strcmp(v, "unlabeled"))
				o->layout = LAYOUT_UNLABELED;
			else {
				err("--layout: cdl, ldl, cms or unlabeled, not '%s'", v);
				return -1;
			}
		} else if (!strcmp(a, "--block-size")) {
			if (parse_u64(v, &n) || (n != 512 && n != 1024 && n != 2048 && n != 4096)) {
				err("--block-size: 512, 1024, 2048 or 4096, not '%s'", v);
				return -1;
			}
			o->bs = (unsigned int)n;
		} else if (!strcmp(a, "--heads")) {
			if (parse_u64(v, &n) || n == 0 || n > 15) {
				err("--heads: 1..15, not '%s'", v);
				return -1;
			}
			o->heads = (unsigned int)n;
		} else if (!strcmp(a, "--sectors")) {
			if (parse_u64(v, &n) || n < 4 || n > 255) {
				err("--sectors: 4..255, not '%s'", v);
				return -1;
			}
			o->spt = (unsigned int)n;
			spt_set = 1;
		} else if (!strcmp(a, "--cylinders")) {
			if (parse_u64(v, &n) || n == 0 || n > 0x0fffffffULL) {
				err("--cylinders: 1..268435455, not '%s'", v);
				return -1;
			}
			o->min_cyls = n;
		} else if (!strcmp(a, "--data-cylinder")) {
			if (parse_u64(v, &n) || n > 0x0ffffff0ULL) {
				err("--data-cylinder: 0..268435440, not '%s'", v);
				return -1;
			}
			o->data_cyl = n;
			o->data_cyl_set = 1;
		} else if (!strcmp(a, "--max-blocks-per-ptr")) {
			if (parse_u64(v, &n) || n == 0 || n > 255) {
				err("--max-blocks-per-ptr: 1..255, not '%s'", v);
				return -1;
			}
			o->max_per_ptr = (unsigned int)n;
		} else if (!strcmp(a, "--volser")) {
			size_t l = strlen(v);

			if (l == 0 || l > ECKD_VOLSER_LEN) {
				err("--volser: 1..6 characters, not '%s'", v);
				return -1;
			}
			memset(o->volser, ' ', ECKD_VOLSER_LEN);
			memcpy(o->volser, v, l);
			o->volser[ECKD_VOLSER_LEN] = '\0';
		} else if (!strcmp(a, "--stage3")) {
			o->stage3_path = v;
		} else if (!strcmp(a, "--default")) {
			if (parse_u64(v, &n) || n == 0 || n > MAX_SECTIONS) {
				err("--default: a section number 1..%u, not '%s'", MAX_SECTIONS, v);
				return -1;
			}
			o->def = (unsigned int)n;
		} else if (!strcmp(a, "--menu-timeout")) {
			if (parse_u64(v, &n) || n > 0xffff) {
				err("--menu-timeout: 0..65535 seconds, not '%s'", v);
				return -1;
			}
			o->menu_timeout = (unsigned int)n;
		} else if (!strcmp(a, "--section")) {
			if (o->nsec == MAX_SECTIONS) {
				err("too many sections (at most %u)", MAX_SECTIONS);
				return -1;
			}
			if (parse_section_spec(v, &o->sec[o->nsec].spec))
				return -1;
			o->nsec++;
		} else if (!strcmp(a, "--corrupt")) {
			if (!strcmp(v, "list")) {
				for (size_t k = 0; k < sizeof(corruptions) / sizeof(corruptions[0]); k++)
					printf("%-20s %s\n", corruptions[k].name, corruptions[k].what);
				exit(0);
			}
			if (!corruption_known(v)) {
				err("--corrupt: unknown '%s' (--corrupt list shows the names)", v);
				return -1;
			}
			if (o->ncorrupt == MAX_CORRUPT) {
				err("too many --corrupt options");
				return -1;
			}
			o->corrupt[o->ncorrupt++] = v;
		} else {
			err("unknown option '%s'", a);
			return -1;
		}
	}
	if (!spt_set) {
		switch (o->bs) {
		case 512: o->spt = ECKD_SPT_512; break;
		case 1024: o->spt = ECKD_SPT_1024; break;
		case 2048: o->spt = ECKD_SPT_2048; break;
		default: o->spt = ECKD_SPT_4096; break;
		}
	}
	if (!o->out) {
		err("no output image (-o DISK)");
		return -1;
	}
	if (check_sections(o->nsec, o->def))
		return -1;
	if (o->ldipl && o->layout != LAYOUT_CDL) {
		err("--ldipl needs --layout cdl (zipl writes List-Directed IPL records only "
		    "with the VOL1 label of a CDL disk)");
		return -1;
	}
	if (!o->max_per_ptr)
		o->max_per_ptr = o->spt;
	return 0;
}

/* ------------------------------------------------------------ sections */

/*
 * Read a section's files and build its components, with zipl's address
 * allocation (layout_section()).
 */
static int build_section(struct opts *o, unsigned int idx)
{
	struct section *s = &o->sec[idx];
	const struct section_spec *ss = &s->spec;
	size_t cmdlen = ss->cmdline ? strlen(ss->cmdline) : 0;
	uint64_t max_cmd, next;

	if (read_file(ss->kernel_path, &s->kernel))
		return -1;
	if (s->kernel.len < LINUX_MAX_CMDLINE + 8) {
		err("kernel '%s' is too small for an s390 Linux image (%zu bytes)",
		    ss->kernel_path, s->kernel.len);
		return -1;
	}
	/* eckd-write loads files whole: no appended signature is split off */
	if (read_section_rest(s, idx + 1, 0, &max_cmd))
		return -1;

	next = layout_section(s, o->stage3_path != NULL);
	if (next > ZIPL_ADDRESS_LIMIT) {
		err("section %u: components end at 0x%" PRIx64 ", above 2 GiB", idx + 1, next);
		return -1;
	}

	s->ncomp = 0;
	if (o->stage3_path) {
		/* zipl/src/bootmap.c add_ipl_program, for a DASD (no heap/stack dummies) */
		add_comp(s, COMP_LOAD, "stage3", stage3.data, stage3.len, STAGE3_LOAD_ADDRESS);
		/* extra_parm: DASD menu parameters; flags: not SCSI */
		put_stage3_parms(s, 1, 0);
		add_comp(s, COMP_LOAD, "stage3 parameters", s->stage3_parms,
			 sizeof(s->stage3_parms), STAGE3_PARMS_ADDRESS);
		add_comp(s, COMP_LOAD, "kernel", s->kernel.data, s->kernel.len, LINUX_ENTRY);
		if (ss->cmdline)
			add_comp(s, COMP_LOAD, "parmline", (const uint8_t *)ss->cmdline,
				 cmdlen + 1, s->parm_addr);
		if (ss->initrd_path)
			add_comp(s, COMP_LOAD, "initrd", s->initrd.data, s->initrd.len,
				 s->initrd_addr);
		add_comp(s, COMP_EXEC, "exec", NULL, 0, STAGE3_LOAD_ADDRESS | PSW_LOAD);
	} else {
		add_direct_boot(s, max_cmd, o->bs);
	}
	return check_comp_fit(s, idx + 1, (o->bs - sizeof(struct eckd_script_header)) /
			      sizeof(struct eckd_script_entry), "boot script");
}

/* --------------------------------------------------------------- disk */

static int disk_pwrite(struct disk *d, uint64_t off, const void *p, size_t len)
{
	return write_at(d->fd, d->path, off, p, len);
}

static int write_block(struct disk *d, uint64_t lba, const void *p)
{
	return disk_pwrite(d, lba * d->bs, p, d->bs);
}

/* @len bytes at block @lba, the last block zero-padded */
static int write_padded(struct disk *d, uint64_t lba, const uint8_t *p, size_t len)
{
	return write_padded_at(d->fd, d->path, lba * d->bs, p, len, d->bs, d->buf);
}

struct chs {
	uint32_t cyl, head, sec;
};

static struct chs to_chs(const struct disk *d, uint64_t lba)
{
	uint64_t per_cyl = (uint64_t)d->heads * d->spt;

	return (struct chs){ (uint32_t)(lba / per_cyl), (uint32_t)(lba / d->spt % d->heads),
			     (uint32_t)(lba % d->spt + 1) };
}

/* CCHHR with the cylinder's bits 16..27 in head bits 4..15 */
static void put_cchhr(uint8_t *p, const struct disk *d, uint64_t lba)
{
	struct chs c = to_chs(d, lba);

	put_be16(p, (uint16_t)c.cyl);
	put_be16(p + 2, (uint16_t)(c.head | ((c.cyl >> 12) & 0xfff0)));
	p[4] = (uint8_t)c.sec;
}

/* A 16-byte block pointer to @count blocks at @lba in format @f. */
static void put_ptr(uint8_t *p, const struct disk *d, enum fmt f, uint64_t lba, unsigned int count)
{
	memset(p, 0, 16);
	if (f == FMT_LD) {
		struct chs c = to_chs(d, lba);

		put_be32(p, c.cyl);
		p[4] = (uint8_t)c.head;
		p[5] = (uint8_t)c.sec;
		put_be16(p + 10, (uint16_t)(count - 1));
		return;
	}
	put_cchhr(p, d, lba);
	put_be16(p + 5, (uint16_t)d->bs);
	p[7] = (uint8_t)(count - 1);
}

/* Data pointers for @n blocks at @lba: never across a track, at most
 * max_per_ptr blocks each. Returns the number of pointers; fills @out. */
static size_t make_ptrs(const struct disk *d, uint64_t lba, uint64_t n, uint64_t *out_lba,
			unsigned int *out_cnt)
{
	size_t k = 0;

	while (n) {
		uint64_t room = d->spt - lba % d->spt;
		uint64_t c = n < room ? n : room;

		if (c > d->max_per_ptr)
			c = d->max_per_ptr;
		if (out_lba) {
			out_lba[k] = lba;
			out_cnt[k] = (unsigned int)c;
		}
		k++;
		lba += c;
		n -= c;
	}
	return k;
}

/* Write the block-pointer list of @c in format @f; sets c->list_lba[f]. */
static int write_list(struct disk *d, struct comp *c, enum fmt f)
{
	size_t n = make_ptrs(d, c->lba, c->nblocks, NULL, NULL);
	size_t per = d->bs / 16 - 1, nlist = div_up(n, per);
	uint64_t *plba = xzalloc(n * sizeof(*plba)), base = d->next;
	unsigned int *pcnt = xzalloc(n * sizeof(*pcnt));
	int rc = 0;

	make_ptrs(d, c->lba, c->nblocks, plba, pcnt);
	d->next += nlist;
	/* list block j at base + nlist - 1 - j: the chain runs backwards */
	for (size_t j = 0; j < nlist && !rc; j++) {
		memset(d->buf, 0, d->bs);
		for (size_t k = 0; k < per && j * per + k < n; k++)
			put_ptr(d->buf + 16 * k, d, f, plba[j * per + k], pcnt[j * per + k]);
		if (j + 1 < nlist)
			put_ptr(d->buf + 16 * per, d, f, base + nlist - 2 - j, 1);
		rc = write_block(d, base + nlist - 1 - j, d->buf);
	}
	c->list_lba[f] = base + nlist - 1;
	free(plba);
	free(pcnt);
	return rc;
}

static int write_script(struct disk *d, struct section *s, enum fmt f)
{
	struct eckd_script_header *hdr = (void *)d->buf;
	uint8_t *e = d->buf + sizeof(*hdr);

	memset(d->buf, 0, d->bs);
	memcpy(hdr->magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN);
	hdr->type = ECKD_SCRIPT_HDR_IPL;
	for (unsigned int i = 0; i < s->ncomp; i++, e += sizeof(struct eckd_script_entry)) {
		struct eckd_script_entry *ent = (void *)e;
		const struct comp *c = &s->comp[i];

		if (c->kind == COMP_LOAD) {
			put_ptr(ent->data.raw, d, f, c->list_lba[f], 1);
			ent->type = ECKD_SCRIPT_LOAD;
		} else {
			ent->type = ECKD_SCRIPT_EXEC;
		}
		ent->address = cpu_to_be64(c->addr);
	}
	s->table_lba[f] = d->next++;
	return write_block(d, s->table_lba[f], d->buf);
}

static int write_bmt(struct disk *d, const struct opts *o, enum fmt f)
{
	memset(d->buf, 0, d->bs);
	memcpy(d->buf, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN);
	put_ptr(d->buf + 16, d, f, o->sec[o->def - 1].table_lba[f], 1);
	for (unsigned int i = 0; i < o->nsec; i++)
		put_ptr(d->buf + 16 * (i + 2), d, f, o->sec[i].table_lba[f], 1);
	d->bmt_lba[f] = d->next++;
	return write_block(d, d->bmt_lba[f], d->buf);
}

/* zipl's store_stage2_menu: parameters, banner and entry texts (EBCDIC) */
static int write_stage2(struct disk *d, const struct opts *o)
{
	size_t size = align_up(ECKD_STAGE2_MAX_SIZE, d->bs), off;
	uint8_t *buf = xzalloc(size), *m = buf + STAGE2_MENU_OFFSET;
	struct eckd_stage2_params *par = (void *)m;
	char text[128];
	int rc = 0;

	off = sizeof(*par);
	par->flag = cpu_to_be16(o->menu_prompt ? 1 : 0);
	par->timeout = cpu_to_be16((uint16_t)o->menu_timeout);
	for (unsigned int i = 0; i <= o->nsec; i++) {
		const struct section *s;
		size_t len;

		if (i == 0) {
			snprintf(text, sizeof(text), "zIPL v%s interactive boot menu\n ",
				 ZIPL_RELEASE);
			par->banner = cpu_to_be16((uint16_t)off);
			len = strlen(text);
			put_ebcdic(m + off, text, len + 1);
			off += len + 1;
			s = &o->sec[o->def - 1];
			snprintf(text, sizeof(text), " 0. default (%s)",
				 s->spec.name ? s->spec.name : "section");
			par->config[0] = cpu_to_be16((uint16_t)off);
		} else {
			s = &o->sec[i - 1];
			snprintf(text, sizeof(text), "%2u. %s", i,
				 s->spec.name ? s->spec.name : "section");
			par->config[i] = cpu_to_be16((uint16_t)off);
		}
		len = strlen(text);
		if (STAGE2_MENU_OFFSET + off + len + 2 > size) {
			err("menu texts do not fit stage 2");
			free(buf);
			return -1;
		}
		put_ebcdic(m + off, text, len + 1);
		off += len + 1;
	}
	d->stage2_lba = d->next;
	d->next += size / d->bs;
	rc = disk_pwrite(d, d->stage2_lba * d->bs, buf, size);
	free(buf);
	return rc;
}

/* format-0 CCW */
static void put_ccw(struct eckd_ccw0 *c, uint8_t cmd, uint32_t addr, uint8_t flags,
		    uint16_t count)
{
	c->cmd = cmd;
	c->addr_hi = (uint8_t)(addr >> 16);
	c->addr_lo = cpu_to_be16((uint16_t)addr);
	c->flags = flags;
	c->pad = 0;
	c->count = cpu_to_be16(count);
}

/*
 * seek/search/tic/read for one block (zipl/boot/eckd1.S, eckd1b.S): @ccw
 * is at @ccw_addr in memory, its seek argument at @arg_addr; reads one
 * block to @dst.
 */
static void put_ssrt(struct eckd_ccw0 *ccw, uint32_t ccw_addr, uint32_t arg_addr, uint32_t dst,
		     uint16_t bs, int chain)
{
	put_ccw(&ccw[0], ECKD_CCW_SEEK, arg_addr, ECKD_CCW_FLAG_CC | ECKD_CCW_FLAG_SLI, 6);
	put_ccw(&ccw[1], ECKD_CCW_SEARCH_ID_EQ, arg_addr + 2,
		ECKD_CCW_FLAG_CC | ECKD_CCW_FLAG_SLI, 5);
	put_ccw(&ccw[2], ECKD_CCW_TIC, ccw_addr + 8, 0, 0);
	put_ccw(&ccw[3], ECKD_CCW_READ_DATA, dst,
		(uint8_t)((chain ? ECKD_CCW_FLAG_CC : 0) | ECKD_CCW_FLAG_SLI), bs);
}

static void put_seekarg(struct eckd_seekarg *s, const struct disk *d, uint64_t lba)
{
	memset(s, 0, sizeof(*s));
	put_cchhr((uint8_t *)&s->chs, d, lba);
}

/* stage 1b at 0xe000 (1 KiB, two blocks of 512 bytes): reads stage 2 to 0x2000 */
static int write_stage1b(struct disk *d)
{
	size_t size = align_up(sizeof(struct eckd_stage1b), d->bs);
	struct eckd_stage1b *s1b = xzalloc(size);
	unsigned int n = (unsigned int)(align_up(ECKD_STAGE2_MAX_SIZE, d->bs) / d->bs);
	int rc;

	if (n > ECKD_STAGE2_BLOCKS_MAX) {
		err("stage 2 needs %u blocks, stage 1b reads at most %u", n,
		    ECKD_STAGE2_BLOCKS_MAX);
		free(s1b);
		return -1;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t ccw_addr = ECKD_STAGE1B_ADDRESS + 32 * i;
		uint32_t arg_addr = ECKD_STAGE1B_ADDRESS + 0x300 + 8 * i;

		put_ssrt(&s1b->ccw[4 * i], ccw_addr, arg_addr, ECKD_STAGE2_ADDRESS + i * d->bs,
			 (uint16_t)d->bs, i + 1 < n);
		put_seekarg(&s1b->seek[i], d, d->stage2_lba + i);
	}
	d->stage1b_lba = d->next;
	d->stage1b_blocks = (unsigned int)(size / d->bs);
	d->next += d->stage1b_blocks;
	rc = disk_pwrite(d, d->stage1b_lba * d->bs, s1b, size);
	free(s1b);
	return rc;
}

/*
 * stage 1 at 0x18: reads stage 1b (one or two blocks) to 0xe000 and tics
 * to it (zipl/boot/eckd1.S, zipl/src/boot.c boot_init_eckd_stage1)
 */
static void make_stage1(struct eckd_stage1 *s1, const struct disk *d)
{
	const uint32_t base = ECKD_STAGE1_ADDRESS;

	memset(s1, 0, sizeof(*s1));
	/* the template's second seek/search/tic/read, then the final TIC */
	put_ssrt(&s1->ccw[4], base + 32, base + 0x50, 0, 0, 1);
	s1->ccw[7].flags = ECKD_CCW_FLAG_CC;
	put_ccw(&s1->ccw[8], ECKD_CCW_TIC, 0, 0, 0);
	for (unsigned int i = 0; i < d->stage1b_blocks && i < 2; i++) {
		put_ssrt(&s1->ccw[4 * i], base + 32 * i, base + 0x48 + 8 * i,
			 ECKD_STAGE1B_ADDRESS + i * d->bs, (uint16_t)d->bs, 1);
		put_seekarg(&s1->seek[i], d, d->stage1b_lba + i);
	}
	/* terminate the chain: TIC to stage 1b after the last read */
	put_ccw(&s1->ccw[4 * d->stage1b_blocks], ECKD_CCW_TIC, ECKD_STAGE1B_ADDRESS, 0, 0);
}

static void make_boot_info(struct eckd_boot_info *bi, const struct disk *d)
{
	memset(bi, 0, sizeof(*bi));
	memcpy(bi->magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN);
	bi->version = ECKD_BOOT_INFO_VERSION;
	bi->bp_type = ECKD_BOOT_INFO_BP_IPL;
	bi->dev_type = ECKD_BOOT_INFO_DEV_ECKD;
	bi->flags = ECKD_BOOT_INFO_FLAGS_ARCH;
	put_ptr((uint8_t *)&bi->bm_ptr, d, FMT_CCW, d->bmt_lba[FMT_CCW], 1);
}

static int write_labels(struct disk *d, const struct opts *o, uint64_t blocks)
{
	uint8_t *b = d->buf;
	uint64_t psw = PSW_LOAD | ECKD_STAGE2_ENTRY;

	if (o->layout == LAYOUT_CDL) {
		struct eckd_cdl_ipl1 *ipl1 = (void *)b;
		struct eckd_cdl_ipl2 *ipl2 = (void *)b;
		struct eckd_vol1_label *vol = (void *)b;

		memset(b, 0, d->bs);
		memcpy(ipl1->key, ECKD_KEY_IPL1, ECKD_MAGIC_LEN);
		ipl1->psw = cpu_to_be64(psw);
		put_ccw(&ipl1->ccw[0], ECKD_CCW_READ_DATA, ECKD_STAGE1_ADDRESS,
			ECKD_CCW_FLAG_CC | ECKD_CCW_FLAG_SLI,
			sizeof(struct eckd_stage1) + sizeof(struct eckd_boot_info));
		put_ccw(&ipl1->ccw[1], ECKD_CCW_TIC, ECKD_STAGE1_ADDRESS, 0, 0);
		if (write_block(d, 0, b))
			return -1;

		memset(b, 0, d->bs);
		memcpy(ipl2->key, ECKD_KEY_IPL2, ECKD_MAGIC_LEN);
		make_stage1(&ipl2->stage1, d);
		make_boot_info(&ipl2->boot_info, d);
		if (write_block(d, 1, b))
			return -1;

		/* fdasd's label: EBCDIC blanks, volser, VTOC at cylinder 0 head 1 */
		memset(b, 0, d->bs);
		memset(vol, 0x40, sizeof(*vol));
		memcpy(vol->key, ECKD_KEY_VOL1, ECKD_MAGIC_LEN);
		memcpy(vol->label, ECKD_KEY_VOL1, ECKD_MAGIC_LEN);
		put_ebcdic(vol->volser, o->volser, ECKD_VOLSER_LEN);
		put_cchhr((uint8_t *)&vol->vtoc, d, d->spt);
		if (o->ldipl)
			put_cchhr((uint8_t *)&vol->boot_record, d, d->br_lba);
		return write_block(d, 2, b);
	}

	/* LDL, CMS, unlabeled: record 1 holds stage 0, stage 1 and the boot info */
	{
		struct eckd_ldl_ipl1 *ipl1 = (void *)b;

		memset(b, 0, d->bs);
		ipl1->psw = cpu_to_be64(psw);
		put_ccw(&ipl1->ccw[0], ECKD_CCW_READ_R0, ECKD_STAGE2_ADDRESS,
			ECKD_CCW_FLAG_CC | ECKD_CCW_FLAG_SLI, 0x16);
		put_ccw(&ipl1->ccw[1], ECKD_CCW_READ_DATA, 0, ECKD_CCW_FLAG_CC | ECKD_CCW_FLAG_SLI,
			sizeof(struct eckd_ldl_ipl1));
		make_stage1(&ipl1->stage1, d);
		make_boot_info(&ipl1->boot_info, d);
		if (write_block(d, 0, b))
			return -1;
	}
	memset(b, 0, d->bs);
	if (o->layout == LAYOUT_LDL) {
		struct eckd_ldl_label *l = (void *)b;

		memset(l, 0x40, sizeof(*l));
		memcpy(l->label, ECKD_LABEL_LNX1, ECKD_MAGIC_LEN);
		put_ebcdic(l->volser, o->volser, ECKD_VOLSER_LEN);
		l->ldl_version = ECKD_LDL_VERSION_2;
		l->formatted_blocks = cpu_to_be64(blocks);
	} else if (o->layout == LAYOUT_CMS) {
		struct eckd_cms_label *l = (void *)b;

		memcpy(l->label, ECKD_LABEL_CMS1, ECKD_MAGIC_LEN);
		put_ebcdic(l->volser, o->volser, ECKD_VOLSER_LEN);
		l->block_size = cpu_to_be32(d->bs);
		l->disk_origin = cpu_to_be32(4);
		l->blocks = cpu_to_be32((uint32_t)(blocks / ((uint64_t)d->heads * d->spt)));
		l->formatted = l->blocks;
		l->fst_size = cpu_to_be32(64);
		l->fst_per_block = cpu_to_be32(d->bs / 64);
	}
	return write_block(d, 2, b);
}

static int write_boot_record(struct disk *d)
{
	struct eckd_boot_record *br = (void *)d->buf;

	memset(d->buf, 0, d->bs);
	memcpy(br->magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN);
	br->version_id = cpu_to_be32(1);
	put_ptr((uint8_t *)&br->bmt, d, FMT_LD, d->bmt_lba[FMT_LD], 1);
	return write_block(d, d->br_lba, d->buf);
}

/* ----------------------------------------------------------- corruption */

static int patch(struct disk *d, uint64_t lba, size_t off, const void *bytes, size_t n)
{
	return disk_pwrite(d, lba * d->bs + off, bytes, n);
}

static int patch_u8(struct disk *d, uint64_t lba, size_t off, uint8_t v)
{
	return patch(d, lba, off, &v, 1);
}

/* the 16-byte block pointer at @lba+@off: rewrite as @f pointer to @blk */
static int patch_ptr(struct disk *d, uint64_t lba, size_t off, enum fmt f, uint64_t blk,
		     unsigned int count)
{
	uint8_t p[16];

	put_ptr(p, d, f, blk, count);
	return patch(d, lba, off, p, 16);
}

static int apply_corruption(struct disk *d, const struct opts *o, const char *name,
			    uint64_t blocks)
{
	static const uint8_t zero[16];
	const struct section *s = &o->sec[o->def - 1];
	const struct comp *first = &s->comp[0];
	uint64_t bi_lba = o->layout == LAYOUT_CDL ? 1 : 0;
	size_t bi_off = o->layout == LAYOUT_CDL ? 0x5c : 0x70;
	unsigned int exec = s->ncomp - 1;
	size_t last_slot = d->bs - 16;
	uint8_t p[16];

	if (!strncmp(name, "ld-", 3) && !o->ldipl) {
		err("--corrupt %s needs --ldipl", name);
		return -1;
	}
	if (!strcmp(name, "ipl1-key"))
		return patch(d, 0, 0, zero, 4);
	if (!strcmp(name, "ipl2-magic"))
		return patch(d, bi_lba, bi_off, zero, 4);
	if (!strcmp(name, "vol1-key"))
		return patch(d, 2, 0, zero, 4);
	if (!strcmp(name, "bootinfo-version"))
		return patch_u8(d, bi_lba, bi_off + 4, 2);
	if (!strcmp(name, "bootinfo-flags"))
		return patch_u8(d, bi_lba, bi_off + 7, 0);
	if (!strcmp(name, "bootinfo-devtype"))
		return patch_u8(d, bi_lba, bi_off + 6, ECKD_BOOT_INFO_DEV_FBA);
	if (!strcmp(name, "bootinfo-dump"))
		return patch_u8(d, bi_lba, bi_off + 5, ECKD_BOOT_INFO_BP_DUMP);
	if (!strcmp(name, "bmt-ptr-head")) {
		uint8_t h[2] = { 0, (uint8_t)d->heads };

		return patch(d, bi_lba, bi_off + 8 + 2, h, 2);
	}
	if (!strcmp(name, "bmt-ptr-sector"))
		return patch_u8(d, bi_lba, bi_off + 8 + 4, 0);
	if (!strcmp(name, "bmt-ptr-size")) {
		uint8_t sz[2] = { 0x02, 0x00 };

		return patch(d, bi_lba, bi_off + 8 + 5, sz, 2);
	}
	if (!strcmp(name, "bmt-ptr-range"))
		return patch_ptr(d, bi_lba, bi_off + 8, FMT_CCW,
				 blocks + (uint64_t)d->heads * d->spt, 1);
	if (!strcmp(name, "bmt-magic"))
		return patch(d, d->bmt_lba[FMT_CCW], 0, zero, 4);
	if (!strcmp(name, "bmt-default-empty"))
		return patch(d, d->bmt_lba[FMT_CCW], 16, zero, 16);
	if (!strcmp(name, "ld-default-empty"))
		return patch(d, d->bmt_lba[FMT_LD], 16, zero, 16);
	if (!strcmp(name, "script-magic"))
		return patch(d, s->table_lba[FMT_CCW], 0, zero, 4);
	if (!strcmp(name, "script-no-exec"))
		return patch_u8(d, s->table_lba[FMT_CCW], 32 + 32 * exec + 0x17, 0);
	if (!strcmp(name, "ld-script-no-exec"))
		return patch_u8(d, s->table_lba[FMT_LD], 32 + 32 * exec + 0x17, 0);
	if (!strcmp(name, "script-bad-type"))
		return patch_u8(d, s->table_lba[FMT_CCW], 32 + 0x17, 0x07);
	if (!strcmp(name, "exec-long-psw")) {
		put_be64(p, 0x0000000180000000ULL);
		return patch(d, s->table_lba[FMT_CCW], 32 + 32 * exec + 0x18, p, 8);
	}
	if (!strcmp(name, "exec-outside")) {
		put_be64(p, PSW_LOAD | 0x7f000000ULL);
		return patch(d, s->table_lba[FMT_CCW], 32 + 32 * exec + 0x18, p, 8);
	}
	if (!strcmp(name, "load-lowcore")) {
		put_be64(p, 0x1000);
		return patch(d, s->table_lba[FMT_CCW], 32 + 0x18, p, 8);
	}
	if (!strcmp(name, "list-ptr-range"))
		return patch_ptr(d, first->list_lba[FMT_CCW], 0, FMT_CCW, blocks - 1, 2);
	if (!strcmp(name, "list-ptr-sector"))
		return patch_u8(d, first->list_lba[FMT_CCW], 4, (uint8_t)(d->spt + 1));
	if (!strcmp(name, "list-loop"))
		return patch_ptr(d, first->list_lba[FMT_CCW], last_slot, FMT_CCW,
				 first->list_lba[FMT_CCW], 1);
	if (!strcmp(name, "list-last-slot"))
		return patch_ptr(d, first->list_lba[FMT_CCW], last_slot, FMT_CCW, first->lba, 2);
	if (!strcmp(name, "ld-br-magic"))
		return patch(d, d->br_lba, 0, zero, 4);
	if (!strcmp(name, "ld-bmt-null"))
		return patch(d, d->br_lba, 0x10, zero, 16);
	if (!strcmp(name, "ld-bmt-magic"))
		return patch(d, d->bmt_lba[FMT_LD], 0, zero, 4);
	if (!strcmp(name, "ld-list-ptr"))
		return patch_u8(d, first->list_lba[FMT_LD], 5, 0);
	if (!strcmp(name, "stage1b-ptr")) {
		uint8_t z5[5] = { 0 };
		uint64_t off = (o->layout == LAYOUT_CDL ? 4 : 0x18) + 0x48 + 2;

		return patch(d, o->layout == LAYOUT_CDL ? 1 : 0, off, z5, 5);
	}
	if (!strcmp(name, "stage2-banner"))
		return patch(d, d->stage2_lba, STAGE2_MENU_OFFSET + sizeof(struct eckd_stage2_params),
			     zero, 4);
	if (!strcmp(name, "stage2-ptr-range")) {
		uint8_t chs[5] = { 0xff, 0xfe, 0, 1, 1 };      /* cylinder 65534, head 1, record 1 */

		return patch(d, d->stage1b_lba, offsetof(struct eckd_stage1b, seek) + 2, chs, 5);
	}
	err("--corrupt %s: not implemented", name);
	return -1;
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	struct opts o;
	struct disk d;
	uint64_t per_cyl, cyls, blocks, data_start, reserved_end;
	int rc = EXIT_ERROR;

	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	if (o.stage3_path) {
		if (read_file(o.stage3_path, &stage3))
			return EXIT_ERROR;
		if (!stage3.len || stage3.len > STAGE3_MAX_SIZE) {
			err("stage3 '%s': %zu bytes (1..%u)", o.stage3_path, stage3.len,
			    STAGE3_MAX_SIZE);
			return EXIT_ERROR;
		}
	}
	for (unsigned int i = 0; i < o.nsec; i++)
		if (build_section(&o, i))
			return EXIT_ERROR;

	memset(&d, 0, sizeof(d));
	d.path = o.out;
	d.bs = o.bs;
	d.heads = o.heads;
	d.spt = o.spt;
	d.max_per_ptr = o.max_per_ptr;
	d.buf = xzalloc(d.bs);
	per_cyl = (uint64_t)d.heads * d.spt;
	/* CDL: tracks 0 and 1 hold the labels and the VTOC; LDL: records 1-3 */
	reserved_end = o.layout == LAYOUT_CDL ? 2 * (uint64_t)d.spt : 3;
	data_start = reserved_end;
	if (o.data_cyl_set) {
		data_start = o.data_cyl * per_cyl;
		if (data_start < reserved_end) {
			err("--data-cylinder %" PRIu64 " overlaps the labels", o.data_cyl);
			return EXIT_USAGE;
		}
	}
	d.next = data_start;

	d.fd = open(o.out, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (d.fd < 0) {
		err("cannot create '%s': %s", o.out, strerror(errno));
		return EXIT_ERROR;
	}

	/* data, lists and scripts per section; then tables and stages */
	for (unsigned int i = 0; i < o.nsec; i++) {
		struct section *s = &o.sec[i];

		for (unsigned int k = 0; k < s->ncomp; k++) {
			struct comp *c = &s->comp[k];

			if (c->kind != COMP_LOAD)
				continue;
			c->nblocks = div_up(c->len, d.bs);
			c->lba = d.next;
			d.next += c->nblocks;
			if (write_padded(&d, c->lba, c->data, c->len) || write_list(&d, c, FMT_CCW))
				goto out;
			if (o.ldipl && write_list(&d, c, FMT_LD))
				goto out;
		}
		if (write_script(&d, s, FMT_CCW) || (o.ldipl && write_script(&d, s, FMT_LD)))
			goto out;
	}
	if (write_bmt(&d, &o, FMT_CCW) || write_stage2(&d, &o) || write_stage1b(&d))
		goto out;
	if (o.ldipl) {
		if (write_bmt(&d, &o, FMT_LD))
			goto out;
		d.br_lba = d.next++;
		if (write_boot_record(&d))
			goto out;
	}

	cyls = div_up(d.next, per_cyl);
	if (cyls < o.min_cyls)
		cyls = o.min_cyls;
	blocks = cyls * per_cyl;
	if (write_labels(&d, &o, blocks))
		goto out;
	if (ftruncate(d.fd, (off_t)(blocks * d.bs))) {
		err("cannot size '%s': %s", o.out, strerror(errno));
		goto out;
	}
	for (unsigned int i = 0; i < o.ncorrupt; i++)
		if (apply_corruption(&d, &o, o.corrupt[i], blocks))
			goto out;
	if (o.verbose) {
		fprintf(stderr, "%s: %s layout%s, data blocks %" PRIu64 "..%" PRIu64 "\n", prog,
			o.layout == LAYOUT_CDL ? "CDL" : o.layout == LAYOUT_LDL ? "LDL" :
			o.layout == LAYOUT_CMS ? "CMS" : "unlabeled", o.ldipl ? " + LD-IPL" : "",
			data_start, d.next - 1);
		for (unsigned int i = 0; i < o.nsec; i++) {
			const struct section *s = &o.sec[i];

			fprintf(stderr, "  section %u (%s): script block %" PRIu64, i + 1,
				s->spec.name ? s->spec.name : "-", s->table_lba[FMT_CCW]);
			if (o.ldipl)
				fprintf(stderr, " (LD %" PRIu64 ")", s->table_lba[FMT_LD]);
			fputc('\n', stderr);
			for (unsigned int k = 0; k < s->ncomp; k++) {
				const struct comp *c = &s->comp[k];

				if (c->kind == COMP_EXEC)
					fprintf(stderr, "    EXEC %016" PRIx64 "\n", c->addr);
				else
					fprintf(stderr, "    LOAD %-18s 0x%08" PRIx64 " blocks %"
						PRIu64 "+%" PRIu64 ", list %" PRIu64 "\n", c->what,
						c->addr, c->lba, c->nblocks, c->list_lba[FMT_CCW]);
			}
		}
		fprintf(stderr, "  boot map table %" PRIu64, d.bmt_lba[FMT_CCW]);
		if (o.ldipl)
			fprintf(stderr, " (LD %" PRIu64 ", boot record %" PRIu64 ")",
				d.bmt_lba[FMT_LD], d.br_lba);
		fprintf(stderr, ", stage 2 %" PRIu64 ", stage 1b %" PRIu64 "\n", d.stage2_lba,
			d.stage1b_lba);
	}
	printf("geometry: cylinders=%" PRIu64 " heads=%u sectors=%u block-size=%u blocks=%" PRIu64
	       "\n", cyls, d.heads, d.spt, d.bs, blocks);
	rc = 0;
out:
	if (close(d.fd) && !rc) {
		err("cannot close '%s': %s", o.out, strerror(errno));
		rc = EXIT_ERROR;
	}
	free_sections(o.sec, o.nsec);
	free(stage3.data);
	free(d.buf);
	return rc;
}
