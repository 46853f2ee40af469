/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * toolutil - what the host tools zipl-write and eckd-write share: error and
 * warning messages, allocation, the command line (options, numbers,
 * --section), reading input files (with an appended module signature),
 * writing to the disk image, the Linux image layout, and a section's boot
 * program as zipl builds it (its files, their memory layout, its
 * components) before each tool writes it in its own scheme.
 *
 * Host-only (POSIX); never built into the firmware. Each tool defines
 * prog, the name its messages start with.
 */
#ifndef TOOLS_TOOLUTIL_H
#define TOOLS_TOOLUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fw/compiler.h"

#define EXIT_ERROR 1	/* bad input file, I/O error, layout does not fit */
#define EXIT_USAGE 2	/* bad command line */

/*
 * Linux image layout (s390-tools include/boot/linux_layout.h, Linux
 * arch/s390/boot/head.S): the first 64 KiB of the image are the IPL header
 * for tape/reader IPL, the kernel starts at 0x10000, its parameter area at
 * 0x10400.
 */
#define LINUX_ENTRY		0x10000ULL
#define LINUX_EP_MAGIC		0x10008ULL	/* "S390EP" */
#define LINUX_PARMAREA		0x10400ULL
#define LINUX_INITRD_START	0x10408ULL
#define LINUX_INITRD_SIZE	0x10410ULL
#define LINUX_MAX_CMDLINE	0x10430ULL	/* u64, 0 = legacy 896 */
#define LINUX_COMMAND_LINE	0x10480ULL
#define LINUX_LEGACY_CMDLINE	896u
#define LINUX_MAX_CMDLINE_SANE	(1024u * 1024u)

/* Short-PSW mask zipl ORs onto an entry address (include/boot/psw.h). */
#define PSW_LOAD		0x0008000080000000ULL

/* zipl's address allocation (zipl/src/job.c, zipl/include/zipl.h). */
#define ZIPL_COMP_ALIGN		0x1000ULL	/* MAXIMUM_PHYSICAL_BLOCKSIZE */
#define ZIPL_RAMDISK_ALIGN	0x10000ULL
#define ZIPL_PARMLINE_SLOT	0x380u		/* MAXIMUM_PARMLINE_SIZE */
#define ZIPL_ADDRESS_LIMIT	0x80000000ULL

/*
 * struct stage3_parms at 0x9000 (zipl/boot/stage3.h), big-endian u64s:
 * parm_addr, initrd_addr, initrd_len, load_psw, extra_parm, flags, image_len,
 * image_addr - all that s390-tools 2.16's stage3 reads (checked by
 * disassembling Debian bookworm's stage3.bin: loads from 0x9000..0x9038) -
 * then envblk_addr, envblk_len, which newer stage3 reads too (sid's 2.40:
 * 0x9040, 0x9048) and skips when envblk_addr is 0.
 */
#define STAGE3_PARMS_SIZE	80u
#define STAGE3_UNSPECIFIED	0xffffffffffffffffULL

/* The tool's name, for messages and usage; defined by each tool. */
extern const char *const prog;

/* "PROG: error: ...\n" and "PROG: warning: ...\n" on stderr */
void FW_PRINTF(1, 2) err(const char *fmt, ...);
void FW_PRINTF(1, 2) warn(const char *fmt, ...);

/* calloc() that exits with EXIT_ERROR when out of memory; @n may be 0 */
void *xzalloc(size_t n);

static inline uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static inline uint64_t div_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a;
}

/* An option without a value: @name or @alias (may be NULL) sets *@set to 1. */
struct flag_opt {
	const char *name, *alias;
	int *set;
};

/*
 * The next option of the command line, from argv[*@i] on: -h/--help prints
 * @usage on stdout and exits 0; the options of @flags (ended by a NULL
 * name) are taken and skipped; any other argument is returned as an option
 * with its value, the argument after it, in *@v (NULL if there is none).
 * Returns NULL at the end of the command line.
 */
const char *next_option(int argc, char **argv, int *i, const struct flag_opt *flags,
			void (*usage)(FILE *f), char **v);

/*
 * Parse an unsigned number (decimal, 0x hex or 0 octal, no sign) into @v.
 * Returns 0, or -1 for anything else or on overflow.
 */
int parse_u64(const char *s, uint64_t *v);

/* The same, with an optional suffix K, M, G or T (or KiB ...): 2^10 .. 2^40. */
int parse_size(const char *s, uint64_t *v);

/* An input file, read whole. */
struct blob {
	uint8_t *data;
	size_t len;		/* file size */
	size_t payload;		/* len without an appended signature */
	size_t sig_len;		/* length of the PKCS#7 signature, 0 if none */
};

/*
 * Read the regular file @path into @b (payload = len, no signature); on
 * failure print an error and return -1.
 */
int read_file(const char *path, struct blob *b);

/*
 * Find an appended module signature (Linux scripts/sign-file: data, PKCS#7,
 * 12-byte info, "~Module signature appended~\n") at the end of @b, read
 * from @path, and set b->payload and b->sig_len. A file without one is left
 * alone; a malformed one is an error (-1).
 */
int find_signature(const char *path, struct blob *b);

/* What --section SPEC names. */
struct section_spec {
	const char *kernel_path, *initrd_path, *cmdline, *name;
};

/*
 * Parse SPEC = kernel=PATH[,initrd=PATH][,cmdline=STRING][,name=X], keys in
 * any order, into @ss (pointers into @spec, which is cut at the commas). A
 * path or name ends at the next ','; a command line only at a ',' that
 * starts another key, so it may contain commas. Prints an error and
 * returns -1 for an unknown or repeated key or a missing kernel.
 */
int parse_section_spec(char *spec, struct section_spec *ss);

/*
 * The sections of the command line: at least one, and --default @def
 * (1-based) among them. Prints an error and returns -1 otherwise.
 */
int check_sections(unsigned int nsec, unsigned int def);

enum comp_kind {
	COMP_LOAD,
	COMP_SIGNATURE,		/* PKCS#7 of the next LOAD (Secure IPL, zipl-write) */
	COMP_EXEC,
};

/* More components than a section has (at most 11); see check_comp_fit(). */
#define MAX_COMPS		16u
/* Block-pointer formats a tool writes (eckd-write: CCW, List-Directed). */
#define MAX_PTR_FMTS		2u

/* One entry of a section's component table (SCSI) or boot script (ECKD). */
struct comp {
	enum comp_kind kind;
	const char *what;
	const uint8_t *data;	/* LOAD/SIGNATURE data, padded to blocks */
	size_t len;
	uint64_t addr;		/* LOAD: load address; EXEC: short PSW */
	uint8_t sig_format;	/* SIGNATURE */
	uint32_t sig_len;
	/* where the tool put it (output) */
	uint64_t lba;		/* first data block (eckd-write: data is contiguous) */
	uint64_t nblocks;	/* data blocks */
	uint64_t nptrs;		/* data pointers (zipl-write) */
	uint64_t list_lba[MAX_PTR_FMTS];	/* first block-pointer list block,
						 * per pointer format */
};

/* A --section: its files, where zipl puts them in memory, its components. */
struct section {
	struct section_spec spec;
	struct blob kernel, initrd;
	uint64_t initrd_addr, parm_addr;
	uint8_t *parm;		/* patched kernel parameter area (no stage3) */
	size_t parm_len;
	uint8_t stage3_parms[STAGE3_PARMS_SIZE];
	struct comp comp[MAX_COMPS];
	unsigned int ncomp;
	uint64_t table_lba[MAX_PTR_FMTS];	/* component table or boot script,
						 * per pointer format (output) */
};

/*
 * The rest of reading the input of section @nr (1-based), once its kernel
 * is read and at least LINUX_MAX_CMDLINE + 8 bytes long: warn if the kernel
 * has no S390EP mark; read the initrd, if any (with find_signature() when
 * @signatures), which must not be empty; and get the kernel's maximum
 * command line length (the u64 at LINUX_MAX_CMDLINE, 0 meaning the legacy
 * 896) into @max_cmd, which must be sane and take the command line. Prints
 * an error and returns -1 otherwise.
 */
int read_section_rest(struct section *s, unsigned int nr, int signatures, uint64_t *max_cmd);

/*
 * zipl's memory layout of a section (job.c finalize_component_address_data
 * with the kernel at 0x10000 and parmline/ramdisk at unspecified
 * addresses): the kernel takes 0x10000 .. 0x10000 + ALIGN(kernel file size,
 * 4 KiB); with @stage3, a command line follows at a 4 KiB boundary in a slot
 * of ALIGN(max(0x380, len + 1), 4 KiB) (else parm_addr is
 * STAGE3_UNSPECIFIED); the initrd follows at a 64 KiB boundary (else
 * initrd_addr is 0). Sets parm_addr and initrd_addr; returns the end.
 */
uint64_t layout_section(struct section *s, int stage3);

/*
 * Append a component to @s; exits with EXIT_ERROR if there are MAX_COMPS
 * already.
 */
struct comp *add_comp(struct section *s, enum comp_kind kind, const char *what,
		      const uint8_t *data, size_t len, uint64_t addr);

/*
 * Fill s->stage3_parms for stage3 to boot the section's kernel: command line
 * and initrd as laid out, @extra_parm and @flags as given, the whole kernel
 * image at 0x10000, no environment block.
 */
void put_stage3_parms(struct section *s, uint64_t extra_parm, uint64_t flags);

/*
 * The components of a boot without stage3, with @max_cmd from
 * read_section_rest() and disk blocks of @bs bytes: the kernel without its
 * 64 KiB IPL header at its entry, its parameter area patched (when there
 * is an initrd or a command line), the initrd, EXEC.
 */
void add_direct_boot(struct section *s, uint64_t max_cmd, unsigned int bs);

/*
 * Check that the components of section @nr fit the @max entries of its
 * @table ("component table", "boot script"). Prints an error and returns
 * -1 otherwise.
 */
int check_comp_fit(const struct section *s, unsigned int nr, size_t max, const char *table);

/* Free what reading and building @n sections allocated. */
void free_sections(struct section *sec, unsigned int n);

/*
 * Write @len bytes at byte @off of the image @fd, named @path in errors.
 * With @fd < 0 (a layout pass) nothing is written. Returns 0 or -1.
 */
int write_at(int fd, const char *path, uint64_t off, const void *p, size_t len);

/*
 * The same, zero-padding the data to a multiple of @bs through @buf (one
 * block of scratch space).
 */
int write_padded_at(int fd, const char *path, uint64_t off, const void *p, size_t len,
		    unsigned int bs, uint8_t *buf);

#endif
