/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * toolutil - helpers shared by the host tools zipl-write and eckd-write
 * (see toolutil.h).
 */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw/endian.h"
#include "toolutil.h"

/* Appended module signature (Linux scripts/sign-file): data, sig, info, magic */
#define MODSIG_MAGIC		"~Module signature appended~\n"
#define MODSIG_MAGIC_LEN	28u
#define MODSIG_INFO_LEN		12u

/* ------------------------------------------------- messages and memory */

static void FW_PRINTF(2, 0) vmessage(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", prog, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("error", fmt, ap);
	va_end(ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning", fmt, ap);
	va_end(ap);
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		err("out of memory (%zu bytes)", n);
		exit(EXIT_ERROR);
	}
	return p;
}

/* -------------------------------------------------------- command line */

const char *next_option(int argc, char **argv, int *i, const struct flag_opt *flags,
			void (*usage)(FILE *f), char **v)
{
	while (*i < argc) {
		const char *a = argv[(*i)++];
		const struct flag_opt *f;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		for (f = flags; f->name; f++)
			if (!strcmp(a, f->name) || (f->alias && !strcmp(a, f->alias)))
				break;
		if (f->name) {
			*f->set = 1;
			continue;
		}
		*v = *i < argc ? argv[(*i)++] : NULL;
		return a;
	}
	return NULL;
}

static int parse_number(const char *s, uint64_t *v, int allow_suffix)
{
	char *end;
	unsigned long long x;
	unsigned int shift = 0;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (allow_suffix && *end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default: return -1;
		}
		end++;
		if ((*end == 'i' || *end == 'I') && (end[1] == 'B' || end[1] == 'b'))
			end += 2;
	}
	if (*end)
		return -1;
	if (shift && x > (UINT64_MAX >> shift))
		return -1;
	*v = (uint64_t)x << shift;
	return 0;
}

int parse_u64(const char *s, uint64_t *v)
{
	return parse_number(s, v, 0);
}

int parse_size(const char *s, uint64_t *v)
{
	return parse_number(s, v, 1);
}

static const char *const section_keys[] = { "kernel=", "initrd=", "cmdline=", "name=" };

static const char *key_at(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(section_keys); i++)
		if (!strncmp(s, section_keys[i], strlen(section_keys[i])))
			return section_keys[i];
	return NULL;
}

int parse_section_spec(char *spec, struct section_spec *ss)
{
	char *p = spec;

	memset(ss, 0, sizeof(*ss));
	while (*p) {
		const char *key = key_at(p);
		const char **slot;
		char *val, *q;

		if (!key) {
			err("--section: expected kernel=, initrd=, cmdline= or name= at '%s'", p);
			return -1;
		}
		val = p + strlen(key);
		/*
		 * A path or name ends at the next ','; a command line only at
		 * a ',' that starts another key, so it may contain commas.
		 */
		for (q = val; *q; q++)
			if (*q == ',' && (key[0] != 'c' || key_at(q + 1)))
				break;
		p = *q ? q + 1 : q;
		*q = '\0';
		switch (key[0]) {
		case 'k': slot = &ss->kernel_path; break;
		case 'i': slot = &ss->initrd_path; break;
		case 'c': slot = &ss->cmdline; break;
		default: slot = &ss->name; break;
		}
		if (*slot) {
			err("--section: '%.*s' given twice", (int)strlen(key) - 1, key);
			return -1;
		}
		*slot = val;
	}
	if (!ss->kernel_path || !*ss->kernel_path) {
		err("--section: kernel=PATH is required");
		return -1;
	}
	if (ss->initrd_path && !*ss->initrd_path) {
		err("--section: empty initrd path");
		return -1;
	}
	return 0;
}

int check_sections(unsigned int nsec, unsigned int def)
{
	if (!nsec) {
		err("no --section given");
		return -1;
	}
	if (def > nsec) {
		err("--default %u, but only %u section(s)", def, nsec);
		return -1;
	}
	return 0;
}

/* --------------------------------------------------------- input files */

int read_file(const char *path, struct blob *b)
{
	struct stat st;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		err("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		err("'%s' is not a regular file", path);
		close(fd);
		return -1;
	}
	b->len = (size_t)st.st_size;
	b->data = xzalloc(b->len);
	while (done < b->len) {
		ssize_t n = read(fd, b->data + done, b->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err("cannot read '%s': %s", path, n ? strerror(errno) : "short read");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	close(fd);
	b->payload = b->len;
	b->sig_len = 0;
	return 0;
}

/*
 * Like zipl, leave out an appended module signature from the data that is
 * loaded. (Secure IPL writes it as a SIGNATURE component.)
 */
int find_signature(const char *path, struct blob *b)
{
	const size_t trailer = MODSIG_INFO_LEN + MODSIG_MAGIC_LEN;
	const uint8_t *info;
	uint32_t sig_len;

	if (b->len < trailer ||
	    memcmp(b->data + b->len - MODSIG_MAGIC_LEN, MODSIG_MAGIC, MODSIG_MAGIC_LEN))
		return 0;
	info = b->data + b->len - trailer;
	sig_len = get_be32(info + 8);
	if (info[2] != 2 || sig_len == 0 || sig_len > b->len - trailer) {
		err("'%s': unsupported or malformed appended signature", path);
		return -1;
	}
	b->sig_len = sig_len;
	b->payload = b->len - trailer - sig_len;
	return 0;
}

/* ------------------------------------------------------------ sections */

/*
 * The kernel's maximum command line length, checked to be sane and to take
 * the command line of section @nr.
 */
static int kernel_max_cmdline(const struct section_spec *ss, const struct blob *kernel,
			      unsigned int nr, uint64_t *max_cmd)
{
	size_t cmdlen = ss->cmdline ? strlen(ss->cmdline) : 0;
	uint64_t max = get_be64(kernel->data + LINUX_MAX_CMDLINE);

	if (!max)
		max = LINUX_LEGACY_CMDLINE;
	if (max > LINUX_MAX_CMDLINE_SANE) {
		err("kernel '%s' claims a maximum command line of %" PRIu64 " bytes",
		    ss->kernel_path, max);
		return -1;
	}
	if (ss->cmdline && cmdlen + 1 > max) {
		err("section %u: command line is %zu bytes, the kernel takes at most %" PRIu64,
		    nr, cmdlen, max - 1);
		return -1;
	}
	*max_cmd = max;
	return 0;
}

int read_section_rest(struct section *s, unsigned int nr, int signatures, uint64_t *max_cmd)
{
	const struct section_spec *ss = &s->spec;

	if (memcmp(s->kernel.data + LINUX_EP_MAGIC, "S390EP", 6))
		warn("'%s' has no S390EP mark at 0x10008; is it an s390 Linux image?",
		     ss->kernel_path);
	if (ss->initrd_path) {
		if (read_file(ss->initrd_path, &s->initrd) ||
		    (signatures && find_signature(ss->initrd_path, &s->initrd)))
			return -1;
		if (!s->initrd.payload) {
			err("initrd '%s' is empty", ss->initrd_path);
			return -1;
		}
	}
	return kernel_max_cmdline(ss, &s->kernel, nr, max_cmd);
}

uint64_t layout_section(struct section *s, int stage3)
{
	const struct section_spec *ss = &s->spec;
	uint64_t next = LINUX_ENTRY + align_up(s->kernel.len, ZIPL_COMP_ALIGN);

	s->parm_addr = STAGE3_UNSPECIFIED;
	if (stage3 && ss->cmdline) {
		size_t cmdlen = strlen(ss->cmdline);

		s->parm_addr = align_up(next, ZIPL_COMP_ALIGN);
		next = s->parm_addr + align_up(MAX(cmdlen + 1, (size_t)ZIPL_PARMLINE_SLOT),
					       ZIPL_COMP_ALIGN);
	}
	s->initrd_addr = 0;
	if (ss->initrd_path) {
		s->initrd_addr = align_up(next, ZIPL_RAMDISK_ALIGN);
		next = s->initrd_addr + align_up(s->initrd.payload, ZIPL_COMP_ALIGN);
	}
	return next;
}

struct comp *add_comp(struct section *s, enum comp_kind kind, const char *what,
		      const uint8_t *data, size_t len, uint64_t addr)
{
	struct comp *c;

	if (s->ncomp == MAX_COMPS) {
		err("more than %u components in a section", MAX_COMPS);
		exit(EXIT_ERROR);
	}
	c = &s->comp[s->ncomp++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->what = what;
	c->data = data;
	c->len = len;
	c->addr = addr;
	return c;
}

void put_stage3_parms(struct section *s, uint64_t extra_parm, uint64_t flags)
{
	uint8_t *p = s->stage3_parms;

	put_be64(p + 0x00, s->parm_addr);
	put_be64(p + 0x08, s->initrd_addr);
	put_be64(p + 0x10, s->spec.initrd_path ? s->initrd.payload : 0);
	put_be64(p + 0x18, LINUX_ENTRY | PSW_LOAD);
	put_be64(p + 0x20, extra_parm);
	put_be64(p + 0x28, flags);
	put_be64(p + 0x30, s->kernel.payload);	/* image_len */
	put_be64(p + 0x38, LINUX_ENTRY);	/* image_addr */
	put_be64(p + 0x40, 0);			/* envblk_addr: none */
	put_be64(p + 0x48, 0);			/* envblk_len */
}

/*
 * For a boot without stage3: the kernel's own parameter area (from
 * LINUX_PARMAREA), patched. Whole blocks of @bs bytes are loaded, so it
 * holds the image's bytes for all of them, with the initrd's address and
 * size and the command line (in a field of @max_cmd bytes), when there are.
 */
static void put_parm_area(struct section *s, uint64_t max_cmd, unsigned int bs)
{
	const struct section_spec *ss = &s->spec;
	size_t plen = ss->cmdline ? 0x80 + max_cmd : 0x18;
	size_t from = LINUX_PARMAREA;

	s->parm_len = align_up(plen, bs);
	s->parm = xzalloc(s->parm_len);
	if (from < s->kernel.payload)
		memcpy(s->parm, s->kernel.data + from, MIN(s->parm_len, s->kernel.payload - from));
	if (ss->initrd_path) {
		put_be64(s->parm + (LINUX_INITRD_START - LINUX_PARMAREA), s->initrd_addr);
		put_be64(s->parm + (LINUX_INITRD_SIZE - LINUX_PARMAREA), s->initrd.payload);
	}
	if (ss->cmdline) {
		uint8_t *cl = s->parm + (LINUX_COMMAND_LINE - LINUX_PARMAREA);

		memset(cl, 0, max_cmd);
		memcpy(cl, ss->cmdline, strlen(ss->cmdline));
	}
}

void add_direct_boot(struct section *s, uint64_t max_cmd, unsigned int bs)
{
	const struct section_spec *ss = &s->spec;

	/*
	 * The kernel without its 64 KiB IPL header, at its entry; this is
	 * what stage3 leaves in memory after "cutting the kernel header".
	 * Loading the header at 0 would overwrite the lowcore while the
	 * firmware still runs.
	 */
	add_comp(s, COMP_LOAD, "kernel", s->kernel.data + LINUX_ENTRY,
		 s->kernel.payload - LINUX_ENTRY, LINUX_ENTRY);
	if (ss->initrd_path || ss->cmdline) {
		put_parm_area(s, max_cmd, bs);
		add_comp(s, COMP_LOAD, "kernel parameters", s->parm, s->parm_len,
			 LINUX_PARMAREA);
	}
	if (ss->initrd_path)
		add_comp(s, COMP_LOAD, "initrd", s->initrd.data, s->initrd.payload,
			 s->initrd_addr);
	add_comp(s, COMP_EXEC, "exec", NULL, 0, LINUX_ENTRY | PSW_LOAD);
}

int check_comp_fit(const struct section *s, unsigned int nr, size_t max, const char *table)
{
	if (s->ncomp > max) {
		err("section %u: %u components do not fit a %s", nr, s->ncomp, table);
		return -1;
	}
	return 0;
}

void free_sections(struct section *sec, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		free(sec[i].kernel.data);
		free(sec[i].initrd.data);
		free(sec[i].parm);
	}
}

/* -------------------------------------------------------------- output */

int write_at(int fd, const char *path, uint64_t off, const void *p, size_t len)
{
	const uint8_t *b = p;

	if (fd < 0)
		return 0;
	while (len) {
		ssize_t n = pwrite(fd, b, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err("cannot write '%s' at byte %" PRIu64 ": %s", path, off,
			    n ? strerror(errno) : "short write");
			return -1;
		}
		b += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int write_padded_at(int fd, const char *path, uint64_t off, const void *p, size_t len,
		    unsigned int bs, uint8_t *buf)
{
	size_t full = len / bs * bs;

	if (full && write_at(fd, path, off, p, full))
		return -1;
	if (len > full) {
		memset(buf, 0, bs);
		memcpy(buf, (const uint8_t *)p + full, len - full);
		if (write_at(fd, path, off + full, buf, bs))
			return -1;
	}
	return 0;
}
