/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zipl-write - write a zipl SCSI-scheme boot record onto a raw disk image.
 *
 * A host tool (any architecture) that writes what s390-tools' zipl writes on
 * a SCSI or virtio disk, so that boot disks for secure-ccw and QEMU's stock
 * s390-ccw BIOS can be made without an s390x machine. On-disk structures are
 * the ones of include/abi/zipl.h:
 *
 *   block 0             MBR: "zIPL", version 1, pointer to the program table;
 *                       only bytes 0x00..0x97 are written (zipl does the
 *                       same), so an msdos partition table stays intact
 *   --data-lba ...      a contiguous area holding the program table, one
 *                       component table per section, the component data and
 *                       their block-pointer lists
 *
 * Program table: entry 0 = the --default section, entry i = section i.
 *
 * Each component's block-pointer list is a chain of list blocks as zipl
 * writes it (zipl/src/bootmap.c add_segment_table): every slot but the last
 * holds a data pointer, the last slot holds a pointer (blockct 0) to the
 * next list block or zeros; unused data slots are zero. The chain is written
 * backwards (first list block at the highest block number), like zipl does.
 *
 * Two kinds of sections (memory layout: see build_section()):
 *
 *   without --stage3    LOAD kernel file[0x10000..] at 0x10000; LOAD the
 *                       kernel's parameter area (0x10400) with initrd
 *                       start/size and the command line patched in; LOAD the
 *                       initrd; EXEC 0x0008000080010000
 *   with --stage3 FILE  zipl's order (add_ipl_program): stage3 heap and stack
 *                       dummies, stage3 at 0xA000, stage3 parameters at
 *                       0x9000, kernel (whole file) at 0x10000, parmline,
 *                       initrd, EXEC 0x000800008000A000
 *
 * Output depends only on the inputs (no time stamps, no randomness).
 */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/zipl.h"
#include "fw/endian.h"
#include "toolutil.h"

/* zipl's stage3 (include/boot/loaders_layout.h, zipl/boot/stage3.h). */
#define STAGE3_HEAP_ADDRESS	0x2000ULL
#define STAGE3_HEAP_SIZE	0x4000u
#define STAGE3_STACK_ADDRESS	0xf000ULL
#define STAGE3_STACK_SIZE	0x1000u
#define STAGE3_MAX_SIZE		(STAGE3_STACK_ADDRESS - ZIPL_STAGE3_LOAD_ADDRESS)
#define STAGE3_FLAG_SCSI	0x0001000000000000ULL

/*
 * A 512-byte program table has room for 31 entries (zipl's
 * PROGRAM_TABLE_BLOCK_SIZE / 16 - 1, QEMU's MAX_BOOT_ENTRIES): entry 0 is
 * the default, so 30 sections.
 */
#define PT_ENTRIES		31u
#define MAX_SECTIONS		(PT_ENTRIES - 1)
#define MAX_BLOCKCT		0xffffu	/* blockct is u16: 65536 blocks/pointer */

struct opts {
	const char *out;
	uint64_t size;
	int size_set;
	unsigned int bs;
	uint64_t data_lba;
	int data_lba_set;
	unsigned int fragment;
	const char *stage3_path;
	unsigned int def;
	int secure;		/* -1 auto: signatures when present; 0 never; 1 required */
	const char *sign_key, *sign_cert;	/* sign what zipl-write generates */
	int verbose;
	struct section sec[MAX_SECTIONS];
	unsigned int nsec;
};

struct extent {
	uint64_t lba;
	uint32_t count;
};

struct disk {
	int fd;			/* -1: layout pass, nothing is written */
	const char *path;
	unsigned int bs;
	uint64_t next;		/* next free block of the data area */
	unsigned int frag;	/* 0: contiguous; else extent size in blocks */
	uint8_t *buf;		/* scratch, one block */
};

const char *const prog = "zipl-write";
static struct blob stage3;
static uint8_t heap_dummy[STAGE3_HEAP_SIZE];
static uint8_t stack_dummy[STAGE3_STACK_SIZE];

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s -o DISK [options] --section SPEC [--section SPEC ...]\n"
"\n"
"Writes a zipl SCSI-scheme boot record (as s390-tools' zipl writes it on a\n"
"SCSI/virtio disk) onto the raw disk image DISK, creating or extending it\n"
"(sparse). Only bytes 0x00..0x97 of block 0 and the data area are written.\n"
"\n"
"  -o, --output DISK      disk image to create or update\n"
"  --size SIZE            minimum image size (suffix K, M, G, T); default: 64M\n"
"                         for a new image, else what the boot data needs;\n"
"                         an image is never shrunk\n"
"  --block-size N         logical block size: 512 (default), 1024, 2048, 4096\n"
"  --data-lba N           first block of the boot data (default: 1 MiB);\n"
"                         any 64-bit value, e.g. 0x100000000\n"
"  --fragment K           split component data into K-block extents placed\n"
"                         out of order with a poisoned gap block after each\n"
"  --stage3 FILE          use s390-tools' stage3.bin as zipl does; without it\n"
"                         the kernel is started directly\n"
"  --secure auto|0|1      Secure IPL signature entries (zipl --secure): for\n"
"                         stage3, kernel and initrd files that carry an\n"
"                         appended signature (Linux sign-file format), write\n"
"                         it as a SIGNATURE component before the file's LOAD\n"
"                         (auto, the default); 0: never; 1: stage3 and kernel\n"
"                         must be signed (needs --stage3)\n"
"  --sign-key KEY.pem, --sign-cert CERT.pem\n"
"                         with --secure auto|1: also sign the components\n"
"                         zipl-write makes itself (stage3 parameters, command\n"
"                         line), padded to blocks and ending in a zero SCLAB,\n"
"                         for secure-ccw's strict policy (openssl cms, as\n"
"                         tools/sign-component)\n"
"  --section SPEC         kernel=PATH[,initrd=PATH][,cmdline=STRING][,name=X]\n"
"                         (any order); the command line ends only at a ','\n"
"                         before kernel=, initrd=, cmdline= or name=, so it\n"
"                         may hold ','; paths and names end at any ','\n"
"  --default N            section that program-table entry 0 boots (1-based,\n"
"                         default 1); entry i always boots section i\n"
"  -v, --verbose          print the layout\n"
"  -h, --help             this text\n"
"\n"
"At most %u sections. Exit status: 0 ok, %d input/I/O error, %d usage error.\n",
		prog, MAX_SECTIONS, EXIT_ERROR, EXIT_USAGE);
}

/* little-endian u64 of the GPT (fw/endian.h has no 64-bit LE load) */
static uint64_t rd_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p + 4) << 32 | get_le32(p);
}

/* ---------------------------------------------------------------- input */

static int parse_args(int argc, char **argv, struct opts *o)
{
	const struct flag_opt flags[] = {
		{ "-v", "--verbose", &o->verbose },
		{ NULL, NULL, NULL },
	};
	const char *a;
	char *v;
	int i = 1;

	memset(o, 0, sizeof(*o));
	o->secure = -1;
	o->bs = 512;
	o->def = 1;
	o->size = 64 * MiB;

	while ((a = next_option(argc, argv, &i, flags, usage, &v))) {
		uint64_t n;

		if (!v) {
			if (!strncmp(a, "-", 1) && strcmp(a, "-"))
				err("option '%s' needs a value or is unknown", a);
			else
				err("unexpected argument '%s'", a);
			return -1;
		}
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			o->out = v;
		} else if (!strcmp(a, "--size")) {
			if (parse_size(v, &o->size) || o->size == 0) {
				err("--size: bad size '%s'", v);
				return -1;
			}
			o->size_set = 1;
		} else if (!strcmp(a, "--block-size")) {
			if (parse_u64(v, &n) ||
			    (n != 512 && n != 1024 && n != 2048 && n != 4096)) {
				err("--block-size: must be 512, 1024, 2048 or 4096, not '%s'", v);
				return -1;
			}
			o->bs = (unsigned int)n;
		} else if (!strcmp(a, "--data-lba")) {
			if (parse_u64(v, &o->data_lba) || o->data_lba == 0) {
				err("--data-lba: need a block number > 0, not '%s'", v);
				return -1;
			}
			o->data_lba_set = 1;
		} else if (!strcmp(a, "--fragment")) {
			if (parse_u64(v, &n) || n == 0 || n > MAX_BLOCKCT + 1ULL) {
				err("--fragment: need 1..%u blocks, not '%s'", MAX_BLOCKCT + 1, v);
				return -1;
			}
			o->fragment = (unsigned int)n;
		} else if (!strcmp(a, "--stage3")) {
			o->stage3_path = v;
		} else if (!strcmp(a, "--secure")) {
			if (!strcmp(v, "auto"))
				o->secure = -1;
			else if (!strcmp(v, "0") || !strcmp(v, "1"))
				o->secure = v[0] - '0';
			else {
				err("--secure: need auto, 0 or 1, not '%s'", v);
				return -1;
			}
		} else if (!strcmp(a, "--sign-key")) {
			o->sign_key = v;
		} else if (!strcmp(a, "--sign-cert")) {
			o->sign_cert = v;
		} else if (!strcmp(a, "--default")) {
			if (parse_u64(v, &n) || n == 0 || n > MAX_SECTIONS) {
				err("--default: need a section number 1..%u, not '%s'",
				    MAX_SECTIONS, v);
				return -1;
			}
			o->def = (unsigned int)n;
		} else if (!strcmp(a, "--section")) {
			if (o->nsec == MAX_SECTIONS) {
				err("too many sections (at most %u: a program table has %u entries, entry 0 is the default)",
				    MAX_SECTIONS, PT_ENTRIES);
				return -1;
			}
			if (parse_section_spec(v, &o->sec[o->nsec].spec))
				return -1;
			o->nsec++;
		} else {
			err("unknown option '%s'", a);
			return -1;
		}
	}
	if (!o->out) {
		err("no output disk (-o DISK)");
		return -1;
	}
	if (check_sections(o->nsec, o->def))
		return -1;
	if (!o->data_lba_set)
		o->data_lba = MiB / o->bs;
	if (!o->sign_key != !o->sign_cert) {
		err("--sign-key and --sign-cert go together");
		return -1;
	}
	return 0;
}

/* --------------------------------------------------------- sections */

/*
 * Secure IPL: a SIGNATURE component with the appended PKCS#7 of @b, before
 * the LOAD of @b (zipl --secure). The firmware verifies whole blocks, so
 * the signed data must be a multiple of the block size.
 */
static int add_signature(struct opts *o, struct section *s, const char *what,
			 const char *path, const struct blob *b, int required)
{
	struct comp *c;

	if (o->secure == 0 || !b->sig_len) {
		if (o->secure == 1 && required) {
			err("could not install Secure Boot IPL records: %s '%s' is not signed", what,
			    path);
			return -1;
		}
		return 0;
	}
	if (b->payload % o->bs)
		warn("size of signed file '%s' (%zu) is not a multiple of the disk block size %u: it will not verify",
		     path, b->payload, o->bs);
	c = add_comp(s, COMP_SIGNATURE, what, b->data + b->payload, b->sig_len, 0);
	c->sig_format = ZIPL_SIG_FORMAT_PKCS7;
	c->sig_len = (uint32_t)b->sig_len;
	return 0;
}

#define SCLAB_LEN 32u
#define SIG_MAX 4096u		/* DIAG 0x508's limit */

/* The locator of a SCLAB at the end of @p (@len bytes): its length, or 0. */
static size_t sclab_len(const uint8_t *p, size_t len)
{
	size_t n;

	if (len < 8 || memcmp(p + len - 4, "zIPL", 4))
		return 0;
	n = get_be16(p + len - 6);
	return n >= SCLAB_LEN && n <= len ? n : 0;
}

/* openssl cms -sign as tools/sign-component (Linux sign-file): @in -> @out. */
static int run_openssl_sign(const struct opts *o, const char *in, const char *out)
{
	char *argv[] = { "openssl", "cms", "-sign", "-binary", "-noattr", "-nocerts",
			 "-nosmimecap", "-md", "sha256", "-outform", "DER",
			 "-signer", (char *)o->sign_cert, "-inkey", (char *)o->sign_key,
			 "-in", (char *)in, "-out", (char *)out, NULL };
	extern char **environ;
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, "openssl", NULL, NULL, argv, environ)) {
		err("cannot run openssl: %s", strerror(errno));
		return -1;
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		err("openssl cms -sign failed (key '%s', certificate '%s')", o->sign_key,
		    o->sign_cert);
		return -1;
	}
	return 0;
}

/*
 * --sign-key: a component zipl-write generates (@data, @len bytes at @addr,
 * @room bytes free there) as SIGNATURE + LOAD: padded to whole blocks and
 * ending in a zero SCLAB (format 0, no flags), as Linux images do, signed.
 */
static int add_signed_generated(struct opts *o, struct section *s, const char *what,
				const uint8_t *data, size_t len, uint64_t addr, size_t room)
{
	size_t padded = align_up(len + SCLAB_LEN, o->bs);
	char in[] = "/tmp/zipl-write-sign.XXXXXX", out[sizeof(in) + 4];
	struct blob sig;
	uint8_t *buf;
	struct comp *c;
	int fd, rc;

	if (padded > room) {
		err("%s: %zu bytes with a SCLAB do not fit the %zu bytes at 0x%" PRIx64, what,
		    padded, room, addr);
		return -1;
	}
	buf = calloc(1, padded);
	if (!buf) {
		err("out of memory");
		return -1;
	}
	memcpy(buf, data, len);
	put_be16(buf + padded - 6, SCLAB_LEN);
	memcpy(buf + padded - 4, "zIPL", 4);
	fd = mkstemp(in);
	if (fd < 0) {
		err("mkstemp: %s", strerror(errno));
		return -1;
	}
	rc = write_at(fd, in, 0, buf, padded);
	close(fd);
	snprintf(out, sizeof(out), "%s.sig", in);
	rc = rc || run_openssl_sign(o, in, out) || read_file(out, &sig);
	unlink(in);
	unlink(out);
	if (rc)
		return -1;
	if (sig.len == 0 || sig.len > SIG_MAX) {
		err("%s: signature of %zu bytes (1..%u)", what, sig.len, SIG_MAX);
		return -1;
	}
	c = add_comp(s, COMP_SIGNATURE, what, sig.data, sig.len, 0);
	c->sig_format = ZIPL_SIG_FORMAT_PKCS7;
	c->sig_len = (uint32_t)sig.len;
	add_comp(s, COMP_LOAD, what, buf, padded, addr);
	return 0;
}

/* stage3 parameters or command line: signed with --sign-key, else as is. */
static int add_generated(struct opts *o, struct section *s, const char *what,
			 const uint8_t *data, size_t len, uint64_t addr, size_t room)
{
	if (o->sign_key && o->secure != 0)
		return add_signed_generated(o, s, what, data, len, addr, room);
	add_comp(s, COMP_LOAD, what, data, len, addr);
	return 0;
}

/*
 * Read the files of a section and build its component list, in zipl's
 * memory layout (layout_section(); without stage3 the same addresses are
 * used, there is no parmline slot).
 */
static int build_section(struct opts *o, unsigned int idx)
{
	struct section *s = &o->sec[idx];
	const struct section_spec *ss = &s->spec;
	uint64_t max_cmd, next;
	size_t cmdlen = ss->cmdline ? strlen(ss->cmdline) : 0;
	int stage3_mode = o->stage3_path != NULL;

	if (read_file(ss->kernel_path, &s->kernel) || find_signature(ss->kernel_path, &s->kernel))
		return -1;
	if (s->kernel.payload < LINUX_MAX_CMDLINE + 8) {
		err("kernel '%s' is too small for an s390 Linux image (%zu bytes, need at least %llu)",
		    ss->kernel_path, s->kernel.payload, LINUX_MAX_CMDLINE + 8);
		return -1;
	}
	if (read_section_rest(s, idx + 1, 1, &max_cmd))
		return -1;
	if (stage3_mode && cmdlen >= LINUX_LEGACY_CMDLINE)
		warn("section %u: command line longer than %u bytes; older stage3 versions (e.g. s390-tools 2.16) truncate it",
		     idx + 1, LINUX_LEGACY_CMDLINE - 1);

	next = layout_section(s, stage3_mode);
	if (next > ZIPL_ADDRESS_LIMIT) {
		err("section %u: components end at 0x%" PRIx64 ", above the 2 GiB limit",
		    idx + 1, next);
		return -1;
	}

	s->ncomp = 0;
	if (stage3_mode) {
		/* order of zipl/src/bootmap.c add_ipl_program (SCSI) */
		add_comp(s, COMP_LOAD, "stage3 heap", heap_dummy, sizeof(heap_dummy),
			 STAGE3_HEAP_ADDRESS);
		add_comp(s, COMP_LOAD, "stage3 stack", stack_dummy, sizeof(stack_dummy),
			 STAGE3_STACK_ADDRESS);
		if (add_signature(o, s, "stage3 signature", o->stage3_path, &stage3, 1))
			return -1;
		add_comp(s, COMP_LOAD, "stage3", stage3.data, stage3.payload,
			 ZIPL_STAGE3_LOAD_ADDRESS);
		put_stage3_parms(s, 0, STAGE3_FLAG_SCSI);	/* extra_parm: not on SCSI */
		/* a signed initrd with a SCLAB (sign-component --sclab): the
		 * kernel gets the size without the trailer */
		if (ss->initrd_path && s->initrd.sig_len && o->secure != 0)
			put_be64(s->stage3_parms + 0x10, s->initrd.payload -
				 sclab_len(s->initrd.data, s->initrd.payload));
		if (add_generated(o, s, "stage3 parameters", s->stage3_parms,
				  sizeof(s->stage3_parms), ZIPL_STAGE3_PARMS_ADDRESS,
				  ZIPL_STAGE3_LOAD_ADDRESS - ZIPL_STAGE3_PARMS_ADDRESS))
			return -1;
		/*
		 * The whole image file at 0x10000: stage3 moves it down by
		 * 64 KiB ("cut the kernel header") before it starts it.
		 */
		if (add_signature(o, s, "kernel signature", ss->kernel_path, &s->kernel, 1))
			return -1;
		add_comp(s, COMP_LOAD, "kernel", s->kernel.data, s->kernel.payload,
			 LINUX_ENTRY);
		if (ss->cmdline &&
		    add_generated(o, s, "parmline", (const uint8_t *)ss->cmdline, cmdlen + 1,
				  s->parm_addr, align_up(MAX(cmdlen + 1, (size_t)ZIPL_PARMLINE_SLOT),
							 ZIPL_COMP_ALIGN)))
			return -1;
		if (ss->initrd_path &&
		    add_signature(o, s, "initrd signature", ss->initrd_path, &s->initrd, 0))
			return -1;
		if (ss->initrd_path)
			add_comp(s, COMP_LOAD, "initrd", s->initrd.data, s->initrd.payload,
				 s->initrd_addr);
		add_comp(s, COMP_EXEC, "exec", NULL, 0, ZIPL_STAGE3_ENTRY_PSW);
	} else {
		if (o->secure == 1) {
			err("--secure 1 needs --stage3 (signed boot starts through stage3)");
			return -1;
		}
		add_direct_boot(s, max_cmd, o->bs);
	}
	return check_comp_fit(s, idx + 1, (o->bs - sizeof(struct zipl_component_header)) /
			      sizeof(struct zipl_component_entry), "component table");
}

/* --------------------------------------------------------------- disk */

static int disk_pwrite(struct disk *d, uint64_t lba, const void *p, size_t len)
{
	return write_at(d->fd, d->path, lba * d->bs, p, len);
}

/* Write @len bytes at block @lba, zero-padding the last block. */
static int disk_write_padded(struct disk *d, uint64_t lba, const uint8_t *p, size_t len)
{
	return write_padded_at(d->fd, d->path, lba * d->bs, p, len, d->bs, d->buf);
}

/* Gap blocks get a pattern naming their block number: a walker that reads
 * one instead of data loads something recognisable. */
static int disk_write_gap(struct disk *d, uint64_t lba, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++) {
		for (unsigned int j = 0; j < d->bs; j += 16) {
			memcpy(d->buf + j, "GAP!", 4);
			put_be64(d->buf + j + 4, lba + i);
			memcpy(d->buf + j + 12, "GAP!", 4);
		}
		if (disk_pwrite(d, lba + i, d->buf, d->bs))
			return -1;
	}
	return 0;
}

static struct extent *add_extent(struct extent *ext, size_t *n, size_t *cap,
				 uint64_t lba, uint64_t count)
{
	while (count) {
		uint32_t c = (uint32_t)MIN(count, (uint64_t)MAX_BLOCKCT + 1);

		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			ext = realloc(ext, *cap * sizeof(*ext));
			if (!ext) {
				err("out of memory");
				exit(EXIT_ERROR);
			}
		}
		ext[*n].lba = lba;
		ext[*n].count = c;
		(*n)++;
		lba += c;
		count -= c;
	}
	return ext;
}

/*
 * Place @len bytes of data in the data area. Contiguous by default; with
 * --fragment K, extent i of K blocks goes to slot 0, n-1, 1, n-2, ... of a
 * region of n slots of K + 1 blocks, the rest of each slot being a gap.
 */
static int place_data(struct disk *d, const uint8_t *data, size_t len,
		      struct extent **extp, size_t *nextp)
{
	uint64_t nblocks = div_up(len, d->bs);
	struct extent *ext = NULL;
	size_t n = 0, cap = 0;

	if (!d->frag) {
		uint64_t lba = d->next;

		d->next += nblocks;
		if (disk_write_padded(d, lba, data, len))
			return -1;
		ext = add_extent(ext, &n, &cap, lba, nblocks);
	} else {
		uint64_t k = d->frag, slots = div_up(nblocks, k), base = d->next;

		d->next += slots * (k + 1);
		for (uint64_t i = 0; i < slots; i++) {
			uint64_t slot = (i & 1) ? slots - 1 - i / 2 : i / 2;
			uint64_t lba = base + slot * (k + 1);
			uint64_t cnt = MIN(k, nblocks - i * k);
			size_t off = (size_t)(i * k * d->bs);

			if (disk_write_padded(d, lba, data + off,
					      MIN((size_t)(cnt * d->bs), len - off)) ||
			    disk_write_gap(d, lba + cnt, k + 1 - cnt))
				return -1;
			ext = add_extent(ext, &n, &cap, lba, cnt);
		}
	}
	*extp = ext;
	*nextp = n;
	return 0;
}

static void set_blockptr(struct zipl_blockptr *bp, uint64_t lba, unsigned int bs,
			 uint32_t count)
{
	memset(bp, 0, sizeof(*bp));
	bp->blockno = cpu_to_be64(lba);
	bp->size = cpu_to_be16((uint16_t)bs);
	bp->blockct = cpu_to_be16((uint16_t)(count - 1));
}

/* Write the block-pointer list for @n extents; returns its first block. */
static int write_list(struct disk *d, const struct extent *ext, size_t n, uint64_t *first)
{
	size_t per = d->bs / sizeof(struct zipl_blockptr) - 1;
	size_t nlist = div_up(n, per);
	uint64_t base = d->next;

	d->next += nlist;
	/* list block j lives at base + nlist - 1 - j: the chain runs backwards */
	for (size_t j = 0; j < nlist; j++) {
		struct zipl_blockptr *bp = (struct zipl_blockptr *)d->buf;

		memset(d->buf, 0, d->bs);
		for (size_t k = 0; k < per && j * per + k < n; k++)
			set_blockptr(&bp[k], ext[j * per + k].lba, d->bs,
				     ext[j * per + k].count);
		if (j + 1 < nlist)
			set_blockptr(&bp[per], base + nlist - 2 - j, d->bs, 1);
		if (disk_pwrite(d, base + nlist - 1 - j, d->buf, d->bs))
			return -1;
	}
	*first = base + nlist - 1;
	return 0;
}

static int write_section(struct disk *d, struct section *s)
{
	struct zipl_component_header *hdr;
	struct zipl_component_entry *ent;
	uint8_t *table;
	int rc = -1;

	s->table_lba[0] = d->next++;
	for (unsigned int i = 0; i < s->ncomp; i++) {
		struct comp *c = &s->comp[i];
		struct extent *ext = NULL;
		size_t n = 0;

		if (c->kind == COMP_EXEC)
			continue;
		if (place_data(d, c->data, c->len, &ext, &n) ||
		    write_list(d, ext, n, &c->list_lba[0])) {
			free(ext);
			return -1;
		}
		c->nblocks = div_up(c->len, d->bs);
		c->nptrs = n;
		free(ext);
	}

	table = xzalloc(d->bs);
	hdr = (struct zipl_component_header *)table;
	memcpy(hdr->magic, ZIPL_MAGIC, ZIPL_MAGIC_LEN);
	hdr->type = ZIPL_COMP_HDR_IPL;
	ent = (struct zipl_component_entry *)(hdr + 1);
	for (unsigned int i = 0; i < s->ncomp; i++, ent++) {
		const struct comp *c = &s->comp[i];

		switch (c->kind) {
		case COMP_LOAD:
			set_blockptr(&ent->data, c->list_lba[0], d->bs, 1);
			ent->type = ZIPL_COMP_LOAD;
			ent->load_address = cpu_to_be64(c->addr);
			break;
		case COMP_SIGNATURE:
			set_blockptr(&ent->data, c->list_lba[0], d->bs, 1);
			ent->type = ZIPL_COMP_SIGNATURE;
			ent->sig.format = c->sig_format;
			ent->sig.length = cpu_to_be32(c->sig_len);
			break;
		case COMP_EXEC:
			ent->type = ZIPL_COMP_EXEC;
			ent->load_psw = cpu_to_be64(c->addr);
			break;
		}
	}
	rc = disk_pwrite(d, s->table_lba[0], table, d->bs);
	free(table);
	return rc;
}

/* Lay out (fd < 0) or write everything but the MBR; returns the PT block. */
static int write_boot_data(struct opts *o, struct disk *d, uint64_t *pt_lba)
{
	struct zipl_program_table *pt;
	uint8_t *block;
	int rc;

	d->next = o->data_lba;
	*pt_lba = d->next++;
	for (unsigned int i = 0; i < o->nsec; i++)
		if (write_section(d, &o->sec[i]))
			return -1;

	block = xzalloc(d->bs);
	pt = (struct zipl_program_table *)block;
	memcpy(pt->magic, ZIPL_MAGIC, ZIPL_MAGIC_LEN);
	set_blockptr(&pt->entry[0], o->sec[o->def - 1].table_lba[0], d->bs, 1);
	for (unsigned int i = 0; i < o->nsec; i++)
		set_blockptr(&pt->entry[i + 1], o->sec[i].table_lba[0], d->bs, 1);
	rc = disk_pwrite(d, *pt_lba, block, d->bs);
	free(block);
	return rc;
}

static int write_mbr(struct disk *d, uint64_t pt_lba)
{
	struct zipl_mbr mbr;

	memset(&mbr, 0, sizeof(mbr));
	memcpy(mbr.magic, ZIPL_MAGIC, ZIPL_MAGIC_LEN);
	mbr.version_id = cpu_to_be32(1);
	set_blockptr(&mbr.program_table, pt_lba, d->bs, 1);
	return disk_pwrite(d, 0, &mbr, sizeof(mbr));
}

/* ---------------------------------------------------- partition tables */

static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 < b1 && b0 < a1;
}

static int pread_full(int fd, void *p, size_t len, uint64_t off)
{
	ssize_t n = pread(fd, p, len, (off_t)off);

	return n == (ssize_t)len ? 0 : -1;
}

/*
 * Refuse to write boot data over a partition (msdos or GPT) of an existing
 * image, or over the GPT itself. Block numbers of both tables are in units
 * of the disk's logical block size.
 */
static int check_partitions(int fd, uint64_t file_size, unsigned int bs,
			    uint64_t first, uint64_t end)
{
	uint8_t mbr[512], hdr[92];
	int gpt = 0;

	if (file_size < 512 || pread_full(fd, mbr, sizeof(mbr), 0) ||
	    mbr[510] != 0x55 || mbr[511] != 0xaa)
		return 0;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 0x1be + 16 * i;
		uint64_t start = get_le32(e + 8), count = get_le32(e + 12);

		if (!e[4] || !count)
			continue;
		if (e[4] == 0xee) {
			gpt = 1;
			continue;
		}
		if (overlaps(first, end, start, start + count)) {
			err("boot data (blocks %" PRIu64 "..%" PRIu64 ") would overwrite msdos partition %d (blocks %" PRIu64 "..%" PRIu64 "); choose another --data-lba",
			    first, end - 1, i + 1, start, start + count - 1);
			return -1;
		}
	}
	if (!gpt)
		return 0;
	if (pread_full(fd, hdr, sizeof(hdr), bs) || memcmp(hdr, "EFI PART", 8)) {
		err("protective MBR but no GPT header at block 1");
		return -1;
	}
	{
		uint64_t first_usable = rd_le64(hdr + 0x28), last_usable = rd_le64(hdr + 0x30);
		uint64_t ent_lba = rd_le64(hdr + 0x48);
		uint32_t nent = get_le32(hdr + 0x50), esz = get_le32(hdr + 0x54);
		uint8_t e[128];

		if (first < first_usable || end > last_usable + 1) {
			err("boot data (blocks %" PRIu64 "..%" PRIu64 ") lies outside the GPT's usable blocks %" PRIu64 "..%" PRIu64,
			    first, end - 1, first_usable, last_usable);
			return -1;
		}
		if (esz < sizeof(e) || nent > 4096)
			return 0;
		for (uint32_t i = 0; i < nent; i++) {
			static const uint8_t zero[16];
			uint64_t s0, s1;

			if (pread_full(fd, e, sizeof(e), ent_lba * bs + (uint64_t)i * esz))
				break;
			if (!memcmp(e, zero, sizeof(zero)))
				continue;
			s0 = rd_le64(e + 0x20);
			s1 = rd_le64(e + 0x28) + 1;
			if (overlaps(first, end, s0, s1)) {
				err("boot data (blocks %" PRIu64 "..%" PRIu64 ") would overwrite GPT partition %u (blocks %" PRIu64 "..%" PRIu64 "); choose another --data-lba",
				    first, end - 1, i + 1, s0, s1 - 1);
				return -1;
			}
		}
	}
	return 0;
}

/* --------------------------------------------------------------- main */

static void print_layout(const struct opts *o, uint64_t pt_lba, uint64_t end)
{
	printf("%s: block size %u, program table at block %" PRIu64 ", boot data in blocks %" PRIu64 "..%" PRIu64 "\n",
	       o->out, o->bs, pt_lba, o->data_lba, end - 1);
	for (unsigned int i = 0; i < o->nsec; i++) {
		const struct section *s = &o->sec[i];

		printf("section %u%s%s%s%s: component table at block %" PRIu64 "\n", i + 1,
		       s->spec.name ? " '" : "", s->spec.name ? s->spec.name : "",
		       s->spec.name ? "'" : "",
		       i + 1 == o->def ? " (default)" : "", s->table_lba[0]);
		for (unsigned int j = 0; j < s->ncomp; j++) {
			const struct comp *c = &s->comp[j];

			if (c->kind == COMP_EXEC) {
				printf("  EXEC psw 0x%016" PRIx64 "\n", c->addr);
				continue;
			}
			printf("  %-9s 0x%08" PRIx64 "-0x%08" PRIx64 " %-18s %zu bytes, %" PRIu64 " blocks, %" PRIu64 " pointers, list at block %" PRIu64 "\n",
			       c->kind == COMP_LOAD ? "LOAD" : "SIGNATURE", c->addr,
			       c->addr + c->nblocks * o->bs - 1, c->what, c->len, c->nblocks,
			       c->nptrs, c->list_lba[0]);
		}
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	struct disk d;
	struct stat st;
	uint64_t pt_lba, end, need, size;
	int fd;

	if (parse_args(argc, argv, &o)) {
		fprintf(stderr, "Try '%s --help'.\n", prog);
		return EXIT_USAGE;
	}
	if (o.stage3_path) {
		if (read_file(o.stage3_path, &stage3) || find_signature(o.stage3_path, &stage3))
			return EXIT_ERROR;
		if (!stage3.payload || stage3.payload > STAGE3_MAX_SIZE) {
			err("stage3 '%s' is %zu bytes; it must fit 0x%llx..0x%llx (at most %llu bytes)",
			    o.stage3_path, stage3.payload,
			    (unsigned long long)ZIPL_STAGE3_LOAD_ADDRESS,
			    STAGE3_STACK_ADDRESS, (unsigned long long)STAGE3_MAX_SIZE);
			return EXIT_ERROR;
		}
	}
	for (unsigned int i = 0; i < o.nsec; i++)
		if (build_section(&o, i))
			return EXIT_ERROR;

	/* layout pass: find the end of the boot data */
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	d.path = o.out;
	d.bs = o.bs;
	d.frag = o.fragment;
	d.buf = xzalloc(o.bs);
	if (write_boot_data(&o, &d, &pt_lba))
		return EXIT_ERROR;
	end = d.next;
	if (end > (UINT64_C(1) << 62) / o.bs) {
		err("boot data would end beyond 2^62 bytes (--data-lba too large)");
		return EXIT_ERROR;
	}
	need = end * o.bs;

	fd = open(o.out, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || fstat(fd, &st)) {
		err("cannot open '%s': %s", o.out, strerror(errno));
		return EXIT_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		err("'%s' is not a regular file", o.out);
		return EXIT_ERROR;
	}
	if (o.size_set && need > o.size) {
		err("boot data ends at byte %" PRIu64 ", beyond --size %" PRIu64, need, o.size);
		return EXIT_ERROR;
	}
	if (check_partitions(fd, (uint64_t)st.st_size, o.bs, o.data_lba, end))
		return EXIT_ERROR;
	/* a new image gets --size (default 64 MiB); an existing one only grows */
	size = MAX((uint64_t)st.st_size, need);
	if (o.size_set || st.st_size == 0)
		size = MAX(size, o.size);
	size = align_up(size, o.bs);
	if (size > (uint64_t)st.st_size && ftruncate(fd, (off_t)size)) {
		err("cannot extend '%s' to %" PRIu64 " bytes: %s", o.out, size, strerror(errno));
		return EXIT_ERROR;
	}

	d.fd = fd;
	if (write_boot_data(&o, &d, &pt_lba) || d.next != end || write_mbr(&d, pt_lba))
		return EXIT_ERROR;
	if (fsync(fd) || close(fd)) {
		err("cannot write '%s': %s", o.out, strerror(errno));
		return EXIT_ERROR;
	}
	if (o.verbose)
		print_layout(&o, pt_lba, end);
	free_sections(o.sec, o.nsec);
	free(stage3.data);
	free(d.buf);
	return 0;
}
