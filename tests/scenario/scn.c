/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scenario helpers (see scn.h): data images, patching, the reference zipl
 * reader and the checks of a finished run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/lowcore.h"
#include "fw/layout.h"
#include "fw/endian.h"
#include "scn.h"

static const char *scn_dir(const char *env, const char *def)
{
	const char *d = getenv(env);

	return d && *d ? d : def;
}

const char *scn_data(const char *name)
{
	static char paths[8][512];
	static unsigned int next;
	char *p = paths[next++ % 8];
	struct stat st;

	snprintf(p, sizeof(paths[0]), "%s/%s",
		 scn_dir("SCN_DATA", "build/host/scenario-data"), name);
	if (stat(p, &st) != 0)
		SKIP("%s missing (tests/scenario/mkdata.py makes it; ISO images need xorriso)",
		     p);
	return p;
}

const char *scn_e2e(const char *name)
{
	static char paths[4][512];
	static unsigned int next;
	char *p = paths[next++ % 4];
	struct stat st;

	snprintf(p, sizeof(paths[0]), "%s/%s", scn_dir("E2E_OUT", "build/e2e"), name);
	if (stat(p, &st) != 0)
		SKIP("%s missing (made by the tests/e2e fixtures, which need network access "
		     "and QEMU)", p);
	return p;
}

char *scn_copy(const char *name)
{
	const char *src = scn_data(name);
	const char *dir = scn_dir("EMU_TMPDIR", "build/host/tmp");
	static unsigned int seq;
	char *dst, buf[65536];
	int in, out;
	off_t off = 0, end;

	mkdir(dir, 0777);
	if (asprintf(&dst, "%s/%s-%ld-%u", dir, name, (long)getpid(), seq++) < 0)
		abort();
	in = open(src, O_RDONLY | O_CLOEXEC);
	out = open(dst, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (in < 0 || out < 0) {
		FAIL("cannot copy %s to %s: %s", src, dst, strerror(errno));
		abort();
	}
	end = lseek(in, 0, SEEK_END);
	if (ftruncate(out, end) != 0)
		abort();
	/* copy the data extents only: the images can be 2 TiB sparse files */
	for (;;) {
		off_t data = lseek(in, off, SEEK_DATA), hole;

		if (data < 0)
			break;
		hole = lseek(in, data, SEEK_HOLE);
		for (off = data; off < hole;) {
			size_t n = (size_t)(hole - off) < sizeof(buf) ? (size_t)(hole - off)
								      : sizeof(buf);

			if (pread(in, buf, n, off) != (ssize_t)n ||
			    pwrite(out, buf, n, off) != (ssize_t)n)
				abort();
			off += (off_t)n;
		}
	}
	close(in);
	close(out);
	return dst;
}

void scn_patch(const char *path, uint64_t off, const void *data, size_t len)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0 || pwrite(fd, data, len, (off_t)off) != (ssize_t)len) {
		FAIL("cannot patch %s at %llu", path, (unsigned long long)off);
		abort();
	}
	close(fd);
}

void scn_patch_u8(const char *path, uint64_t off, uint8_t v)
{
	scn_patch(path, off, &v, 1);
}

void scn_patch_be16(const char *path, uint64_t off, uint16_t v)
{
	uint8_t b[2];

	put_be16(b, v);
	scn_patch(path, off, b, 2);
}

void scn_patch_be64(const char *path, uint64_t off, uint64_t v)
{
	uint8_t b[8];

	put_be64(b, v);
	scn_patch(path, off, b, 8);
}

void scn_read(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(buf, 0, len);
	if (fd >= 0) {
		if (pread(fd, buf, len, (off_t)off) < 0)
			memset(buf, 0, len);
		close(fd);
	}
}

uint64_t scn_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* --- reference zipl reader -------------------------------------------- */

static bool zref_block(const struct zref *z, uint64_t blockno, uint8_t *buf)
{
	if (blockno >= z->blocks)
		return false;
	scn_read(z->path, blockno * z->bs, buf, z->bs);
	return true;
}

static void zref_ptr(const uint8_t *p, struct zref_ptr *r, uint64_t at)
{
	r->blockno = get_be64(p);
	r->size = get_be16(p + 8);
	r->blockct = get_be16(p + 10);
	r->at = at;
}

static bool zref_list(struct zref *z, struct zref_comp *c, uint64_t list)
{
	uint8_t buf[4096];
	unsigned int slots = z->bs / 16, cap = 0;

	while (list) {
		uint64_t next = 0;

		if (c->nlist == SCN_MAX_LIST || !zref_block(z, list, buf))
			return false;
		if ((c->nlist & (c->nlist - 1)) == 0) {         /* 0, 1, 2, 4, ... */
			size_t n = c->nlist ? 2 * c->nlist : 1;

			c->list = realloc(c->list, n * sizeof(*c->list));
			if (!c->list)
				abort();
		}
		c->list[c->nlist++] = list;
		for (unsigned int i = 0; i < slots; i++) {
			struct zref_ptr p;

			zref_ptr(buf + 16 * i, &p, list * z->bs + 16 * i);
			if (!p.blockno)
				break;
			if (i == slots - 1 && !p.blockct) {
				next = p.blockno;
				break;
			}
			if (c->nptr == cap) {
				cap = cap ? cap * 2 : 64;
				c->ptr = realloc(c->ptr, cap * sizeof(*c->ptr));
				if (!c->ptr)
					abort();
			}
			c->ptr[c->nptr++] = p;
			c->len += ((uint64_t)p.blockct + 1) * z->bs;
		}
		list = next;
	}
	return true;
}

bool zref_walk(const char *path, unsigned int bs, unsigned int program, struct zref *z)
{
	uint8_t buf[4096];
	unsigned int nent = (bs - 32) / 32;

	memset(z, 0, sizeof(*z));
	z->path = path;
	z->bs = bs;
	z->blocks = scn_file_size(path) / bs;
	if (!zref_block(z, 0, buf) || memcmp(buf, "zIPL", 4))
		return false;
	z->pt_block = get_be64(buf + 0x10);
	z->pt_at = z->pt_block * bs;
	if (!zref_block(z, z->pt_block, buf) || memcmp(buf, "zIPL", 4))
		return false;
	z->ct_block = get_be64(buf + 16 + 16 * program);
	z->ct_at = z->ct_block * bs;
	if (!z->ct_block || !zref_block(z, z->ct_block, buf) || memcmp(buf, "zIPL", 4))
		return false;
	for (unsigned int i = 0; i < nent && z->ncomp < SCN_MAX_COMP; i++) {
		const uint8_t *e = buf + 32 + 32 * i;
		struct zref_comp *c = &z->comp[z->ncomp++];

		c->type = e[0x17];
		c->addr = get_be64(e + 0x18);
		c->entry_at = z->ct_at + 32 + 32 * i;
		if (c->type == 1) {
			z->psw = c->addr;
			return true;
		}
		if (c->type == 2 && !zref_list(z, c, get_be64(e)))
			return false;
		if (c->type != 2 && c->type != 3)
			return false;
	}
	return false;
}

int zref_find(const struct zref *z, uint64_t addr)
{
	for (unsigned int i = 0; i < z->ncomp; i++)
		if (z->comp[i].type == 2 && z->comp[i].addr == addr)
			return (int)i;
	return -1;
}

/* Compare guest [addr, addr + len) with disk bytes from @disk_off, except
 * where a LOAD component after @after covers it. */
static bool zref_cmp(const struct zref *z, unsigned int after, uint64_t addr, uint64_t disk_off,
		     uint64_t len)
{
	for (unsigned int j = after + 1; j < z->ncomp; j++) {
		const struct zref_comp *c = &z->comp[j];
		uint64_t a = c->addr, b = c->addr + c->len;

		if (c->type != 2 || b <= addr || a >= addr + len)
			continue;
		/* split around the later component */
		if (a > addr && !zref_cmp(z, after, addr, disk_off, a - addr))
			return false;
		if (b < addr + len && !zref_cmp(z, after, b, disk_off + (b - addr),
						addr + len - b))
			return false;
		return true;
	}
	if (!emu_mem_equals_file(addr, z->path, disk_off, len)) {
		FAIL("guest memory 0x%llx..0x%llx differs from %s at byte %llu",
		     (unsigned long long)addr, (unsigned long long)(addr + len - 1), z->path,
		     (unsigned long long)disk_off);
		return false;
	}
	return true;
}

void zref_check_memory(const struct zref *z)
{
	for (unsigned int i = 0; i < z->ncomp; i++) {
		const struct zref_comp *c = &z->comp[i];
		uint64_t addr = c->addr;

		if (c->type != 2)
			continue;
		for (unsigned int k = 0; k < c->nptr; k++) {
			uint64_t len = ((uint64_t)c->ptr[k].blockct + 1) * z->bs;

			if (!zref_cmp(z, i, addr, c->ptr[k].blockno * z->bs, len))
				return;
			addr += len;
		}
	}
}

/* --- expectations ------------------------------------------------------- */

void scn_expect_halt(uint32_t code, const char *msg)
{
	const struct emu_result *r = emu_result();

	if (r->outcome != EMU_OUT_HALT)
		FAIL("run ended in %s (%s), expected a halt", emu_outcome_name(r->outcome),
		     r->why);
	CHECK_EQ(r->halt_code, code);
	if (msg)
		CHECK_STR(emu_console(), msg);
}

void scn_check_lowcore_iplb(void)
{
	const struct emu_handover *ho = &emu_result()->ho;
	uint64_t p = ho->lc_iplb_ptr;
	const uint8_t *b = emu_mem(p, 4096);

	/* 0x14 points at the IPL block the firmware set, in its DMA area */
	CHECK(p >= emu_dma_base() && p + 4096 <= emu_dma_base() + FW_DMA_SIZE);
	CHECK_EQ(p & 0xfff, 0);
	if (!b)
		return;
	if (ho->iplb[0x0c] == 0xff && b[0x0c] == 0xff) {
		/* QEMU rebuilt the QEMU-SCSI block from the boot index that
		 * the guest copy carries at 0x6e (QEMU's BIOS does the same) */
		CHECK_MEM(b, ho->iplb, 0x6e);
		CHECK_MEM(b + 0x70, ho->iplb + 0x70, 200 - 0x70);
	} else {
		CHECK_MEM(b, ho->iplb, get_be32(ho->iplb) < 4096 ? get_be32(ho->iplb) : 4096);
	}
}

void scn_expect_zipl_boot(const char *path, unsigned int bs, unsigned int program,
			  uint8_t ssid, uint16_t schno)
{
	const struct emu_result *r = emu_result();
	struct zref z;

	if (r->outcome != EMU_OUT_HANDOVER) {
		FAIL("run ended in %s (%s), expected a hand-over", emu_outcome_name(r->outcome),
		     r->why);
		return;
	}
	if (!zref_walk(path, bs, program, &z)) {
		FAIL("reference reader cannot walk %s", path);
		return;
	}
	CHECK_EQ(r->ho.psw, z.psw);
	CHECK(r->ho.psw_valid);
	CHECK(!r->ho.via_trampoline);
	CHECK_EQ(r->ho.entry, z.psw & PSW_SHORT_ADDR_MASK);
	CHECK_EQ(r->ho.lc_schid, 0x0001 | (ssid << 1));
	CHECK_EQ(r->ho.lc_schno, schno);
	CHECK_EQ(r->ho.lc_intparm, 0);
	CHECK(r->ho.iplb_valid);
	CHECK(r->ho.iplb_was_set);
	scn_check_lowcore_iplb();
	zref_check_memory(&z);
}

bool scn_cmdline_is(const char *s)
{
	const char *m = emu_mem(LINUX_CMDLINE, strlen(s) + 1);

	return m && memcmp(m, s, strlen(s) + 1) == 0;
}
