// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit test of the ECKD-scheme loader (loader/eckd.c), built natively
 * with ASan and UBSan (tests/unit/eckd/eckd.mk).
 *
 *   eckd-unit ECKD-WRITE WORKDIR
 *
 * 1. The pure helpers: geometry choice (device vs. QEMU's guess), CHS ->
 *    block conversion incl. EAV cylinder bits, pointer decoding in both
 *    formats, pointer validation (head, record, size, capacity).
 * 2. eckd_load() on images written by tools/eckd-write (CDL, LDL, CMS,
 *    unlabeled, List-Directed IPL, stage3, several block sizes) through a
 *    fake block device over the image file and a small fake guest RAM:
 *    the loaded bytes, the EXEC PSW, the components; every --corrupt
 *    variant with the expected error code and message; the List-Directed
 *    fallbacks; I/O errors; memory-map refusals.
 * 3. The zipl menu in stage 2: eckd_menu_parse() on hand-made stage 2
 *    data, and eckd_load() with a menu request on images with zipl's
 *    prompt/timeout (CDL, LDL, 512-byte blocks, List-Directed IPL, and the
 *    menu corruptions); the menu itself is a stub that records what it
 *    was shown and answers as scripted.
 * 4. A bounded fuzz run over the boot records of an image.
 *
 * The fake device also checks the loader's side of the contract: it never
 * asks for blocks past the capacity, nor writes guest memory outside what
 * the memory map allows.
 *
 * Prints "PASS name" / "FAIL name: why" lines and "N passed, N failed";
 * exit status 1 if anything failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/eckd.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "loader/eckd.h"
#include "loader/memmap.h"
#include "loader/menu.h"
#include "machine_stub.h"

#define GUEST_SIZE (64ULL << 20)
#define KERNEL_SIZE (0x10000 + 1300 * 1024)
#define INITRD_SIZE (300 * 1024 + 123)
#define STAGE3_SIZE (9 * 1024 + 7)

static const char *writer, *workdir;
static int npass, nfail;

/* ---------------------------------------------------------------- report */

static void pass(const char *name)
{
	printf("PASS %s\n", name);
	npass++;
}

static void FW_PRINTF(2, 3) fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	nfail++;
}

/* --------------------------------------------------------------- console */

static char console[1 << 16];
static size_t conlen;

static void sink(const char *s, size_t len)
{
	if (len > sizeof(console) - 1 - conlen)
		len = sizeof(console) - 1 - conlen;
	memcpy(console + conlen, s, len);
	conlen += len;
	console[conlen] = '\0';
}

static void con_reset(void)
{
	conlen = 0;
	console[0] = '\0';
}

static bool con_has(const char *s)
{
	return strstr(console, s) != NULL;
}

/* ----------------------------------------------------------- fake device */

static uint8_t *guest;
static int contract_errors;
static struct memmap mm;

struct fake {
	const uint8_t *img;
	uint64_t size;
	bool fail;
	uint64_t fail_lba;
};

static int fake_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	struct fake *f = bd->priv;
	uint64_t len = count * bd->block_size, off = lba * bd->block_size;
	const char *why;
	uint8_t *p;

	if (count == 0 || lba >= bd->blocks || count > bd->blocks - lba) {
		fprintf(stderr, "contract: read of blocks %llu+%llu past the capacity %llu\n",
			(unsigned long long)lba, (unsigned long long)count,
			(unsigned long long)bd->blocks);
		contract_errors++;
		return FW_EIO;
	}
	if (f->fail && f->fail_lba >= lba && f->fail_lba < lba + count)
		return FW_EIO;
	if (dst < GUEST_SIZE) {
		if (memmap_check(&mm, dst, len, &why)) {
			fprintf(stderr, "contract: device write to 0x%llx+0x%llx: %s\n",
				(unsigned long long)dst, (unsigned long long)len, why);
			contract_errors++;
			return FW_EIO;
		}
		p = guest + dst;
	} else {
		if (len > 4096) {
			fprintf(stderr, "contract: %llu bytes into a firmware buffer\n",
				(unsigned long long)len);
			contract_errors++;
			return FW_EIO;
		}
		p = (uint8_t *)(uintptr_t)dst;
	}
	for (uint64_t i = 0; i < len; i++)
		p[i] = off + i < f->size ? f->img[off + i] : 0;
	return 0;
}

struct image {
	uint8_t *data;
	uint64_t size;
	uint32_t bs;
};

static bool map_image(const char *name, struct image *im)
{
	char path[512];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/%s.img", workdir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	im->size = (uint64_t)st.st_size;
	im->data = mmap(NULL, im->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE,
			fd, 0);
	close(fd);
	return im->data != MAP_FAILED;
}

static void unmap_image(struct image *im)
{
	munmap(im->data, im->size);
}

static void default_memmap(void)
{
	stub_fw_start = GUEST_SIZE - (2ULL << 20);
	stub_fw_end = GUEST_SIZE;
	memmap_init(&mm, GUEST_SIZE);
}

static struct zipl_result res;
static bool clear_guest = true;
static struct eckd_menu_req *load_menu;         /* passed to eckd_load() */

/* eckd_load() of @im as a device with @bs-byte blocks and geometry @vg */
static int load(const struct image *im, uint32_t bs, const struct vblk_geometry *vg,
		unsigned int entry, struct fake *f)
{
	struct blockdev bd = { .name = "0.0.0001", .block_size = bs, .read = fake_read };
	struct fake local = { 0 };
	int rc;

	if (!f)
		f = &local;
	f->img = im->data;
	f->size = im->size;
	bd.priv = f;
	bd.blocks = im->size / bs;
	con_reset();
	if (clear_guest)
		memset(guest, 0, 1 << 24);      /* where the components land */
	rc = eckd_load(&bd, vg, &mm, entry, load_menu, &res);
	return rc;
}

static const struct vblk_geometry geo3390 = { 100, 15, 12 };

/* ------------------------------------------------------------ the writer */

static uint8_t kernel[KERNEL_SIZE], initrd[INITRD_SIZE], stage3[STAGE3_SIZE];

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static bool write_file(const char *name, const void *p, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	f = fopen(path, "wb");
	if (!f)
		return false;
	if (fwrite(p, 1, n, f) != n) {
		fclose(f);
		return false;
	}
	return fclose(f) == 0;
}

static bool make_inputs(void)
{
	fill(kernel, sizeof(kernel), 1);
	memcpy(kernel + 0x10008, "S390EP", 6);
	memset(kernel + 0x10400, 0, 0x80);     /* parameter area: max cmdline 0 = 896 */
	fill(initrd, sizeof(initrd), 2);
	fill(stage3, sizeof(stage3), 3);
	return write_file("kernel", kernel, sizeof(kernel)) &&
	       write_file("initrd", initrd, sizeof(initrd)) &&
	       write_file("stage3.bin", stage3, sizeof(stage3));
}

/* run eckd-write -o WORKDIR/NAME.img OPTS with sections "one" and "two" */
static bool image(const char *name, const char *opts)
{
	char cmd[4096];
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "'%s' -o '%s/%s.img' --cylinders 2 --volser UNIT01 %s "
		 "--section 'kernel=%s/kernel,initrd=%s/initrd,cmdline=rd.marker=one x,name=one' "
		 "--section 'kernel=%s/kernel,initrd=%s/initrd,cmdline=rd.marker=two,name=two' "
		 ">/dev/null 2>'%s/%s.err'",
		 writer, workdir, name, opts, workdir, workdir, workdir, workdir, workdir, name);
	rc = system(cmd);
	if (rc != 0) {
		fail(name, "eckd-write failed (%d), see %s/%s.err", rc, workdir, name);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------- helpers */

static void test_geometry(void)
{
	struct eckd_geo g;
	struct vblk_geometry none = { 0, 0, 0 }, odd = { 10, 7, 9 };
	static const struct { uint32_t bs, spt; } guess[] = {
		{ 512, 49 }, { 1024, 33 }, { 2048, 21 }, { 4096, 12 },
	};

	if (eckd_geometry(&odd, 4096, 1000, &g) || g.heads != 7 || g.sectors != 9 || g.guessed ||
	    g.blocks != 1000 || g.block_size != 4096)
		fail("geometry-device", "4096/7/9 reported: got %u/%u guessed=%d", g.heads,
		     g.sectors, g.guessed);
	else
		pass("geometry-device");
	for (size_t i = 0; i < sizeof(guess) / sizeof(guess[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "geometry-guess-%u", guess[i].bs);
		if (eckd_geometry(guess[i].bs == 4096 ? &none : &odd, guess[i].bs, 99, &g) ||
		    g.heads != 15 || g.sectors != guess[i].spt || !g.guessed)
			fail(name, "got %u heads, %u sectors, guessed=%d", g.heads, g.sectors,
			     g.guessed);
		else
			pass(name);
	}
	if (eckd_geometry(NULL, 4096, 5, &g) || !g.guessed || g.sectors != 12)
		fail("geometry-null", "no geometry should guess 15/12");
	else
		pass("geometry-null");
	{
		static const struct vblk_geometry pc = { 1000, 16, 63 }, h15 = { 10, 15, 12 };

		if (eckd_geometry(&pc, 4096, 5, &g) || !g.guessed || g.heads != 15 ||
		    g.sectors != 12)
			fail("geometry-pc-guess", "16 heads x 63 taken as a DASD geometry");
		else if (eckd_geometry(&h15, 4096, 5, &g) || g.guessed)
			fail("geometry-pc-guess", "15 heads x 12 not taken from the device");
		else
			pass("geometry-pc-guess");
	}
	if (eckd_geometry(&odd, 8192, 5, &g) != FW_ENOTSUP ||
	    eckd_geometry(&odd, 4095, 5, &g) != FW_ENOTSUP)
		fail("geometry-bad-bs", "8192/4095-byte blocks accepted");
	else
		pass("geometry-bad-bs");
}

static void test_chs(void)
{
	struct eckd_geo g;
	static const struct { uint64_t c; uint32_t h, s; uint64_t block; } v[] = {
		{ 0, 0, 1, 0 }, { 0, 0, 12, 11 }, { 0, 1, 1, 12 }, { 0, 14, 12, 179 },
		{ 1, 0, 1, 180 }, { 100, 14, 12, 100 * 180 + 14 * 12 + 11 },
		{ 0x12345678, 3, 5, 0x12345678ULL * 180 + 3 * 12 + 4 },
	};

	eckd_geometry(&geo3390, 4096, 1ULL << 40, &g);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t b = eckd_chs_to_block(&g, v[i].c, v[i].h, v[i].s);

		if (b != v[i].block) {
			fail("chs-to-block", "C/H/R %llu/%u/%u: %llu, expected %llu",
			     (unsigned long long)v[i].c, v[i].h, v[i].s, (unsigned long long)b,
			     (unsigned long long)v[i].block);
			return;
		}
	}
	pass("chs-to-block");
}

static void test_decode(void)
{
	struct eckd_ptr p;
	const uint8_t eav[5] = { 0x12, 0x34, 0x00, 0x57, 0x09 };
	const uint8_t ccw[16] = { 0x00, 0x05, 0x00, 0x0e, 0x0c, 0x10, 0x00, 0x0b };
	const uint8_t ld[16] = { 0x00, 0x01, 0x11, 0x70, 0x0d, 0x07, 0xff, 0xff, 0xff, 0xff,
				 0x01, 0x02 };
	const uint8_t zero[16] = { 0 };
	const uint8_t eav_only[16] = { 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00 };

	eckd_decode_chs(eav, &p);
	if (p.cyl != 0x1234 + (0x50ULL << 12) || p.head != 7 || p.sector != 9 || p.ld)
		fail("decode-chs-eav", "cyl 0x%llx head %u sector %u", (unsigned long long)p.cyl,
		     p.head, p.sector);
	else
		pass("decode-chs-eav");
	eckd_decode_ptr(ccw, false, &p);
	if (p.cyl != 5 || p.head != 14 || p.sector != 12 || p.size != 4096 || p.count != 11 ||
	    p.ld)
		fail("decode-ccw", "cyl %llu head %u sector %u size %u count %u",
		     (unsigned long long)p.cyl, p.head, p.sector, p.size, p.count);
	else
		pass("decode-ccw");
	eckd_decode_ptr(ld, true, &p);
	if (p.cyl != 0x11170 || p.head != 13 || p.sector != 7 || p.count != 0x102 || !p.ld ||
	    p.size != 0)
		fail("decode-ld", "cyl 0x%llx head %u sector %u count %u",
		     (unsigned long long)p.cyl, p.head, p.sector, p.count);
	else
		pass("decode-ld");
	eckd_decode_ptr(zero, false, &p);
	if (!eckd_ptr_is_null(&p))
		fail("null-ccw", "zero pointer is not null");
	else
		pass("null-ccw");
	eckd_decode_ptr(zero, true, &p);
	if (!eckd_ptr_is_null(&p))
		fail("null-ld", "zero pointer is not null");
	else
		pass("null-ld");
	/* cylinder 65536 is encoded as cyl 0, head 0x0010: not null */
	eckd_decode_ptr(eav_only, false, &p);
	if (eckd_ptr_is_null(&p) || p.cyl != 0x10000 || p.head != 0)
		fail("null-eav", "cylinder 65536 taken for null (cyl 0x%llx)",
		     (unsigned long long)p.cyl);
	else
		pass("null-eav");
}

static void test_check(void)
{
	struct eckd_geo g;
	struct eckd_ptr p;
	const char *why = NULL;
	uint64_t block = 0;
	static const struct {
		const char *name;
		uint64_t cyl;
		uint32_t head, sector, count, size;
		bool ld;
		int rc;
		uint64_t block;
	} v[] = {
		{ "check-first", 0, 0, 1, 0, 4096, false, 0, 0 },
		{ "check-last-block", 9, 14, 12, 0, 4096, false, 0, 1799 },
		{ "check-last-run", 9, 14, 1, 11, 4096, false, 0, 1788 },
		{ "check-head", 0, 15, 1, 0, 4096, false, FW_EINVAL, 0 },
		{ "check-sector0", 0, 0, 0, 0, 4096, false, FW_EINVAL, 0 },
		{ "check-sector13", 0, 0, 13, 0, 4096, false, FW_EINVAL, 0 },
		{ "check-size", 0, 0, 1, 0, 512, false, FW_EINVAL, 0 },
		{ "check-ld-no-size", 0, 0, 1, 0, 0, true, 0, 0 },
		{ "check-past-end", 10, 0, 1, 0, 4096, false, FW_ERANGE, 0 },
		{ "check-run-past-end", 9, 14, 12, 1, 4096, false, FW_ERANGE, 0 },
		{ "check-huge-count", 0, 0, 1, 65535, 0, true, FW_ERANGE, 0 },
		{ "check-huge-cyl", 0xffffffffULL + (0xfff0ULL << 12), 14, 12, 0, 4096, false,
		  FW_ERANGE, 0 },
	};

	eckd_geometry(&geo3390, 4096, 1800, &g);       /* 10 cylinders */
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int rc;

		memset(&p, 0, sizeof(p));
		p.cyl = v[i].cyl;
		p.head = v[i].head;
		p.sector = v[i].sector;
		p.count = v[i].count;
		p.size = v[i].size;
		p.ld = v[i].ld;
		why = NULL;
		rc = eckd_check_ptr(&g, &p, &block, &why);
		if (rc != v[i].rc || (rc == 0 && block != v[i].block) || (rc && !why))
			fail(v[i].name, "rc %d block %llu (%s)", rc, (unsigned long long)block,
			     why ? why : "-");
		else
			pass(v[i].name);
	}
	memset(&g, 0, sizeof(g));
	g.block_size = 4096;
	g.blocks = 100;
	memset(&p, 0, sizeof(p));
	p.sector = 1;
	p.size = 4096;
	if (eckd_check_ptr(&g, &p, &block, &why) != FW_EINVAL)
		fail("check-no-geometry", "a zero geometry accepted a pointer");
	else
		pass("check-no-geometry");
}

/* ------------------------------------------------------------- loading */

static bool comp_at(uint64_t addr, uint64_t minlen)
{
	for (unsigned int i = 0; i < res.nr_components; i++)
		if (res.comp[i].addr == addr && res.comp[i].len >= minlen)
			return true;
	return false;
}

/* Check a plain (no stage3) load of section @marker ("one"/"two"). */
static bool check_plain(const char *name, const char *marker)
{
	uint64_t iaddr = get_be64(guest + 0x10408), ilen = get_be64(guest + 0x10410);
	char want[64];

	if (res.psw != 0x0008000080010000ULL) {
		fail(name, "EXEC PSW %016llx", (unsigned long long)res.psw);
		return false;
	}
	if (res.nr_components != 3 || !comp_at(0x10000, KERNEL_SIZE - 0x10000)) {
		fail(name, "%u components, kernel not at 0x10000", res.nr_components);
		return false;
	}
	if (memcmp(guest + 0x10000, kernel + 0x10000, 0x400) ||
	    memcmp(guest + 0x20000, kernel + 0x20000, KERNEL_SIZE - 0x20000)) {
		fail(name, "kernel bytes differ");
		return false;
	}
	if (ilen != INITRD_SIZE || iaddr < 0x10000 + KERNEL_SIZE - 0x10000 || iaddr % 0x10000 ||
	    iaddr + ilen > GUEST_SIZE || memcmp(guest + iaddr, initrd, INITRD_SIZE)) {
		fail(name, "initrd at 0x%llx+0x%llx wrong", (unsigned long long)iaddr,
		     (unsigned long long)ilen);
		return false;
	}
	snprintf(want, sizeof(want), "rd.marker=%s", marker);
	if (strncmp((const char *)guest + 0x10480, want, strlen(want))) {
		fail(name, "command line '%.40s'", (const char *)guest + 0x10480);
		return false;
	}
	return true;
}

static void expect_boot(const char *name, const char *img, uint32_t bs,
			const struct vblk_geometry *vg, unsigned int entry, const char *marker,
			const char *msg)
{
	struct image im;
	int rc, before = contract_errors;

	if (!map_image(img, &im)) {
		fail(name, "cannot map image %s", img);
		return;
	}
	rc = load(&im, bs, vg, entry, NULL);
	if (rc)
		fail(name, "rc %d; console:\n%s", rc, console);
	else if (contract_errors != before)
		fail(name, "device contract violated");
	else if (msg && !con_has(msg))
		fail(name, "no '%s' on the console:\n%s", msg, console);
	else if (check_plain(name, marker))
		pass(name);
	unmap_image(&im);
}

static void expect_error(const char *name, const char *img, unsigned int entry, int want_rc,
			 const char *msg)
{
	struct image im;
	int rc, before = contract_errors;

	if (!map_image(img, &im)) {
		fail(name, "cannot map image %s", img);
		return;
	}
	rc = load(&im, 4096, &geo3390, entry, NULL);
	if (rc != want_rc)
		fail(name, "rc %d, expected %d; console:\n%s", rc, want_rc, console);
	else if (contract_errors != before)
		fail(name, "device contract violated");
	else if (msg && !con_has(msg))
		fail(name, "no '%s' on the console:\n%s", msg, console);
	else if (!strstr(console, "eckd 0.0.0001: "))
		fail(name, "message without the 'eckd <dev>: ' prefix:\n%s", console);
	else
		pass(name);
	unmap_image(&im);
}

static void test_layouts(void)
{
	if (image("cdl", "--layout cdl")) {
		expect_boot("load-cdl", "cdl", 4096, &geo3390, 0, "one",
			    "eckd 0.0.0001: CDL, VOLSER=[UNIT01]");
		expect_boot("load-cdl-entry1", "cdl", 4096, &geo3390, 1, "one", NULL);
		expect_boot("load-cdl-entry2", "cdl", 4096, &geo3390, 2, "two", NULL);
		expect_boot("load-cdl-guessed", "cdl", 4096, NULL, 0, "one", "(guessed)");
		{
			static const struct vblk_geometry pc = { 1000, 16, 63 };

			expect_boot("load-cdl-pc-geometry", "cdl", 4096, &pc, 2, "two",
				    "15 heads x 12 blocks of 4096 bytes per track (guessed)");
		}
		expect_error("load-cdl-entry3-empty", "cdl", 3, FW_EACCES, "boot entry 3 is empty");
		expect_error("load-cdl-entry30-empty", "cdl", 30, FW_EACCES,
			     "boot entry 30 is empty");
		expect_error("load-cdl-entry31", "cdl", 31, FW_EACCES,
			     "boot entry 31 does not exist");
	}
	if (image("cdl-def2", "--default 2"))
		expect_boot("load-cdl-default2", "cdl-def2", 4096, &geo3390, 0, "two", NULL);
	if (image("ldl", "--layout ldl"))
		expect_boot("load-ldl", "ldl", 4096, &geo3390, 2, "two",
			    "LDL version 2, VOLSER=[UNIT01]");
	if (image("cms", "--layout cms"))
		expect_boot("load-cms", "cms", 4096, &geo3390, 0, "one", "CMS, VOLSER=[UNIT01]");
	if (image("unlabeled", "--layout unlabeled"))
		expect_boot("load-unlabeled", "unlabeled", 4096, &geo3390, 0, "one",
			    "unlabeled LDL");
	if (image("ldipl", "--ldipl")) {
		expect_boot("load-ldipl", "ldipl", 4096, &geo3390, 0, "one", "List-Directed IPL");
		expect_boot("load-ldipl-entry2", "ldipl", 4096, &geo3390, 2, "two",
			    "List-Directed IPL");
		expect_error("load-ldipl-entry7-empty", "ldipl", 7, FW_EACCES,
			     "boot entry 7 is empty");
	}
	if (image("frag", "--ldipl --max-blocks-per-ptr 1")) {
		expect_boot("load-frag-ld", "frag", 4096, &geo3390, 1, "one", "List-Directed IPL");
	}
	if (image("frag-ccw", "--max-blocks-per-ptr 1"))
		expect_boot("load-frag-ccw", "frag-ccw", 4096, &geo3390, 2, "two", "CDL");
	if (image("eav", "--ldipl --data-cylinder 70000"))
		expect_boot("load-eav-ld", "eav", 4096, &geo3390, 0, "one", "List-Directed IPL");
	if (image("eav-ldl", "--layout ldl --data-cylinder 66000"))
		expect_boot("load-eav-ccw", "eav-ldl", 4096, &geo3390, 2, "two", "LDL");
	if (image("bs512", "--layout ldl --block-size 512"))
		expect_boot("load-512-guessed", "bs512", 512, &geo3390, 0, "one",
			    "15 heads x 49 blocks of 512 bytes per track (guessed)");
	if (image("bs1024", "--layout cdl --block-size 1024"))
		expect_boot("load-1024-guessed", "bs1024", 1024, NULL, 2, "two",
			    "15 heads x 33 blocks");
	if (image("bs2048", "--layout unlabeled --block-size 2048"))
		expect_boot("load-2048-guessed", "bs2048", 2048, NULL, 0, "one",
			    "15 heads x 21 blocks");
	if (image("geo-odd", "--sectors 9 --heads 7")) {
		static const struct vblk_geometry odd = { 50, 7, 9 };

		expect_boot("load-device-geometry", "geo-odd", 4096, &odd, 0, "one",
			    "7 heads x 9 blocks");
	}
}

static void test_stage3(void)
{
	char opts[600];
	struct image im;
	uint8_t *p = guest + 0x9000;
	int rc;

	snprintf(opts, sizeof(opts), "--ldipl --stage3 '%s/stage3.bin'", workdir);
	if (!image("stage3", opts) || !map_image("stage3", &im))
		return;
	rc = load(&im, 4096, &geo3390, 2, NULL);
	if (rc)
		fail("load-stage3", "rc %d:\n%s", rc, console);
	else if (res.psw != 0x000800008000a000ULL)
		fail("load-stage3", "EXEC PSW %016llx", (unsigned long long)res.psw);
	else if (res.nr_components != 5 || !comp_at(0xa000, STAGE3_SIZE) ||
		 memcmp(guest + 0xa000, stage3, STAGE3_SIZE))
		fail("load-stage3", "stage3 not loaded at 0xa000");
	else if (memcmp(guest + 0x10000, kernel, KERNEL_SIZE))
		fail("load-stage3", "kernel file not at 0x10000");
	else if (get_be64(p + 0x20) != 1 || get_be64(p + 0x28) != 0 ||
		 get_be64(p + 0x18) != 0x0008000080010000ULL ||
		 get_be64(p + 0x10) != INITRD_SIZE || get_be64(p + 0x30) != KERNEL_SIZE ||
		 get_be64(p + 0x38) != 0x10000)
		fail("load-stage3", "stage3 parameters wrong");
	else if (strcmp((const char *)guest + get_be64(p), "rd.marker=two"))
		fail("load-stage3", "parmline '%.40s'", (const char *)guest + get_be64(p));
	else if (memcmp(guest + get_be64(p + 8), initrd, INITRD_SIZE))
		fail("load-stage3", "initrd bytes differ");
	else
		pass("load-stage3");
	unmap_image(&im);
}

static void test_corruptions(void)
{
	static const struct {
		const char *corrupt, *extra;
		unsigned int entry;
		int rc;
		const char *msg;
	} v[] = {
		{ "ipl1-key", "", 0, 0, "CDL, VOLSER" },        /* VOL1 decides */
		{ "ipl2-magic", "", 0, FW_ENOENT, "CDL disk without a zIPL boot record in IPL2" },
		{ "vol1-key", "", 0, FW_EINVAL, "CDL disk without a VOL1 volume label" },
		{ "bootinfo-version", "", 0, FW_EINVAL, "boot info version 2" },
		{ "bootinfo-flags", "", 0, FW_EINVAL, "not written for 64-bit" },
		{ "bootinfo-devtype", "", 0, FW_EINVAL, "for device type 1, not ECKD" },
		{ "bootinfo-dump", "", 0, FW_ENOTSUP, "a dump record, not for IPL" },
		{ "bmt-ptr-head", "", 0, FW_EINVAL, "head number beyond the geometry" },
		{ "bmt-ptr-sector", "", 0, FW_EINVAL, "record number outside the track" },
		{ "bmt-ptr-size", "", 0, FW_EINVAL, "block size differs from the disk's" },
		{ "bmt-ptr-range", "", 0, FW_ERANGE, "past the end of the disk" },
		{ "bmt-magic", "", 0, FW_EINVAL, "boot map table has no zIPL magic" },
		{ "bmt-default-empty", "", 0, FW_EINVAL, "boot map table has no default entry" },
		{ "bmt-default-empty", "", 1, 0, NULL },
		{ "script-magic", "", 0, FW_EINVAL, "boot script has no zIPL magic" },
		{ "script-no-exec", "", 0, FW_EINVAL, "boot script entry 3 has unknown type 0x00" },
		{ "script-bad-type", "", 0, FW_EINVAL, "boot script entry 0 has unknown type 0x07" },
		{ "exec-long-psw", "", 0, FW_EINVAL, "is not a short PSW" },
		{ "exec-outside", "", 0, FW_EINVAL, "points outside the loaded components" },
		{ "load-lowcore", "", 0, FW_ERANGE, "overlaps the lowcore" },
		{ "list-ptr-range", "", 0, FW_ERANGE, "past the end of the disk" },
		{ "list-ptr-sector", "", 0, FW_EINVAL, "record number outside the track" },
		{ "list-loop", "--max-blocks-per-ptr 1", 0, FW_EINVAL, "points to itself" },
		{ "list-last-slot", "--max-blocks-per-ptr 1", 0, FW_EINVAL,
		  "is not a continuation pointer" },
		{ "stage1b-ptr", "", 0, 0, NULL },
		{ "ld-br-magic", "--ldipl", 0, 0, "CDL, VOLSER" },
		{ "ld-bmt-null", "--ldipl", 0, 0, "has no boot map table; using the CCW-IPL" },
		{ "ld-bmt-magic", "--ldipl", 0, 0, "retrying IPL with the CCW-IPL records" },
		{ "ld-list-ptr", "--ldipl", 0, 0, "retrying IPL with the CCW-IPL records" },
		{ "ld-script-no-exec", "--ldipl", 0, 0, "retrying IPL with the CCW-IPL records" },
		{ "ld-default-empty", "--ldipl", 0, 0, "retrying IPL with the CCW-IPL records" },
		{ "ld-default-empty", "--ldipl", 2, 0, "List-Directed IPL," },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char name[96], img[64], opts[256];

		snprintf(img, sizeof(img), "bad-%s%s", v[i].corrupt, v[i].extra[0] ? "-x" : "");
		snprintf(name, sizeof(name), "corrupt-%s-entry%u", v[i].corrupt, v[i].entry);
		snprintf(opts, sizeof(opts), "%s --corrupt %s", v[i].extra, v[i].corrupt);
		if (!image(img, opts))
			continue;
		if (v[i].rc == 0)
			expect_boot(name, img, 4096, &geo3390, v[i].entry,
				    v[i].entry == 2 ? "two" : "one", v[i].msg);
		else
			expect_error(name, img, v[i].entry, v[i].rc, v[i].msg);
	}
	/* on an LDL disk the boot info lives in block 0 */
	if (image("bad-ldl-bmt", "--layout ldl --corrupt bmt-ptr-sector"))
		expect_error("corrupt-ldl-bmt-ptr-sector", "bad-ldl-bmt", 0, FW_EINVAL,
			     "record number outside the track");
	if (image("bad-ldl-magic", "--layout ldl --corrupt ipl2-magic"))
		expect_error("corrupt-ldl-bootinfo-magic", "bad-ldl-magic", 0, FW_ENOENT,
			     "LDL disk without a zIPL boot record in block 0");
	if (image("bad-unlabeled-magic", "--layout unlabeled --corrupt ipl2-magic"))
		expect_error("corrupt-unlabeled-magic", "bad-unlabeled-magic", 0, FW_ENOENT,
			     "no ECKD boot record");
}

static void test_device_and_memory(void)
{
	struct image im;
	struct fake f;
	int rc;

	/* a disk of zeros, a tiny disk, an odd block size */
	{
		static uint8_t zeros[4096 * 200];
		struct image z = { zeros, sizeof(zeros), 4096 };

		rc = load(&z, 4096, &geo3390, 0, NULL);
		if (rc != FW_ENOENT || !con_has("no ECKD boot record"))
			fail("blank-disk", "rc %d:\n%s", rc, console);
		else
			pass("blank-disk");
		z.size = 2 * 4096;
		rc = load(&z, 4096, &geo3390, 0, NULL);
		if (rc != FW_ENOENT || !con_has("too small"))
			fail("tiny-disk", "rc %d:\n%s", rc, console);
		else
			pass("tiny-disk");
		z.size = sizeof(zeros);
		rc = load(&z, 8192, &geo3390, 0, NULL);
		if (rc != FW_ENOENT || !con_has("unsupported block size 8192"))
			fail("block-size-8192", "rc %d:\n%s", rc, console);
		else
			pass("block-size-8192");
	}

	if (!map_image("ldipl", &im))
		return;
	/* I/O errors: label block, List-Directed boot record, data */
	{
		static const struct { const char *name; uint64_t lba; } io[] = {
			{ "io-error-block2", 2 },
			{ "io-error-data", 24 + 5 },
		};

		for (size_t i = 0; i < sizeof(io) / sizeof(io[0]); i++) {
			memset(&f, 0, sizeof(f));
			f.fail = true;
			f.fail_lba = io[i].lba;
			rc = load(&im, 4096, &geo3390, 0, &f);
			if (rc != FW_EIO)
				fail(io[i].name, "rc %d:\n%s", rc, console);
			else
				pass(io[i].name);
		}
		/* the boot record: where VOL1+0x4E points */
		memset(&f, 0, sizeof(f));
		f.fail = true;
		{
			struct eckd_ptr p;
			struct eckd_geo g;
			const char *why;

			eckd_geometry(&geo3390, 4096, im.size / 4096, &g);
			eckd_decode_chs(im.data + 2 * 4096 + 0x4e, &p);
			p.size = 4096;
			if (eckd_check_ptr(&g, &p, &f.fail_lba, &why)) {
				fail("io-error-boot-record", "no boot record pointer: %s", why);
			} else {
				rc = load(&im, 4096, &geo3390, 0, &f);
				if (rc != FW_EIO || con_has("retrying"))
					fail("io-error-boot-record", "rc %d:\n%s", rc, console);
				else
					pass("io-error-boot-record");
			}
		}
	}
	/* capacity smaller than the image: the tables lie past the end */
	{
		struct image small = im;

		small.size = 100 * 4096;
		rc = load(&small, 4096, &geo3390, 0, NULL);
		if (rc != FW_ERANGE || !con_has("past the end of the disk"))
			fail("capacity-short", "rc %d:\n%s", rc, console);
		else
			pass("capacity-short");
	}
	/* memory: too little RAM, firmware in the way */
	stub_fw_start = 0xf00000;
	stub_fw_end = 0x1000000;
	memmap_init(&mm, 0x1000000);
	mm.ram_size = 0x100000;
	rc = load(&im, 4096, &geo3390, 0, NULL);
	if (rc != FW_ERANGE || !con_has("extends beyond the end of memory"))
		fail("memory-too-small", "rc %d:\n%s", rc, console);
	else
		pass("memory-too-small");
	stub_fw_start = 0x100000;
	stub_fw_end = 0x200000;
	memmap_init(&mm, GUEST_SIZE);
	rc = load(&im, 4096, &geo3390, 0, NULL);
	if (rc != FW_ERANGE || !con_has("overlaps the firmware"))
		fail("memory-firmware", "rc %d:\n%s", rc, console);
	else
		pass("memory-firmware");
	default_memmap();
	unmap_image(&im);
}

/* ----------------------------------------------------------------- fuzz */

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* ------------------------------------------------------------ zipl menu */

/* The menu stub: records what eckd.c shows, answers stub_answer. */
static struct {
	unsigned int calls, answer;
	uint32_t timeout_ms;
	char title[80];
	char texts[MENU_MAX_ENTRIES][ECKD_MENU_TEXT_MAX + 1];
	bool shown[MENU_MAX_ENTRIES];
} stub;

unsigned int menu_choose_texts(const char *title, const char *const texts[MENU_MAX_ENTRIES],
			       uint32_t timeout_ms)
{
	stub.calls++;
	stub.timeout_ms = timeout_ms;
	snprintf(stub.title, sizeof(stub.title), "%s", title);
	for (unsigned int i = 0; i < MENU_MAX_ENTRIES; i++) {
		stub.shown[i] = texts[i] != NULL;
		snprintf(stub.texts[i], sizeof(stub.texts[i]), "%s", texts[i] ? texts[i] : "");
	}
	return stub.answer;
}

static void stub_reset(unsigned int answer)
{
	memset(&stub, 0, sizeof(stub));
	stub.answer = answer;
}

/* EBCDIC of the ASCII @s (letters, digits, blank, '.', '(', ')', '\n') */
static size_t put_ebcdic(uint8_t *out, const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++) {
		char c = *s;

		if (c >= 'a' && c <= 'i')
			out[n] = (uint8_t)(0x81 + c - 'a');
		else if (c >= 'j' && c <= 'r')
			out[n] = (uint8_t)(0x91 + c - 'j');
		else if (c >= 's' && c <= 'z')
			out[n] = (uint8_t)(0xa2 + c - 's');
		else if (c >= 'A' && c <= 'I')
			out[n] = (uint8_t)(0xc1 + c - 'A');
		else if (c >= 'J' && c <= 'R')
			out[n] = (uint8_t)(0xd1 + c - 'J');
		else if (c >= 'S' && c <= 'Z')
			out[n] = (uint8_t)(0xe2 + c - 'S');
		else if (c >= '0' && c <= '9')
			out[n] = (uint8_t)(0xf0 + c - '0');
		else if (c == '.')
			out[n] = 0x4b;
		else if (c == '(')
			out[n] = 0x4d;
		else if (c == ')')
			out[n] = 0x5d;
		else if (c == '\n')
			out[n] = 0x15;
		else
			out[n] = 0x40;
	}
	out[n] = 0;
	return n + 1;
}

/* stage 2 data: params at @at (flag, timeout), banner, @texts (NULL-ended) */
static size_t mk_stage2(uint8_t *buf, size_t size, size_t at, uint16_t flag, uint16_t timeout,
			const char *const *texts)
{
	size_t pos = at + 140;

	memset(buf, 0, size);
	if (at + 4 <= size) {
		put_be16(buf + at, flag);
		put_be16(buf + at + 2, timeout);
	}
	pos += put_ebcdic(buf + pos, "zIPL v2.26.0 interactive boot menu\n ");
	for (; *texts; texts++)
		pos += put_ebcdic(buf + pos, *texts);
	return pos;
}

static void test_menu_parse(void)
{
	static uint8_t buf[12288];
	static struct eckd_menu m;
	static const char *const normal[] = { " 0. default (one)", " 1. one", " 2. two", NULL };
	static const char *const odd[] = { " 0. default (x)", "junk", " 31. too big", "123. no",
					   " 2. first", " 2. second", "  7.seven", " 8 nodot",
					   NULL };
	size_t len;
	int rc;

	len = mk_stage2(buf, sizeof(buf), 0x200, 1, 9, normal);
	rc = eckd_menu_parse(buf, sizeof(buf), &m);
	if (rc || !m.params || !m.prompt || m.timeout_s != 9 || m.count != 3 ||
	    strcmp(m.text[0], " 0. default (one)") || strcmp(m.text[2], " 2. two") || m.text[3][0])
		fail("menu-parse", "rc %d params %d prompt %d timeout %u count %u '%s'", rc, m.params,
		     m.prompt, m.timeout_s, m.count, m.text[0]);
	else
		pass("menu-parse");

	/* banner too close to the start: no parameters, entries still read */
	len = mk_stage2(buf, sizeof(buf), 0, 1, 9, normal);
	memmove(buf, buf + 100, len - 100);
	rc = eckd_menu_parse(buf, len - 100, &m);
	if (rc || m.params || m.prompt || m.count != 3)
		fail("menu-parse-no-params", "rc %d params %d count %u", rc, m.params, m.count);
	else
		pass("menu-parse-no-params");

	len = mk_stage2(buf, sizeof(buf), 0x10, 0, 0, odd);
	rc = eckd_menu_parse(buf, len, &m);
	if (rc || m.count != 3 || strcmp(m.text[2], " 2. first") || strcmp(m.text[7], "  7.seven") ||
	    m.text[8][0] || m.prompt)
		fail("menu-parse-odd-texts", "rc %d count %u '%s' '%s'", rc, m.count, m.text[2],
		     m.text[7]);
	else
		pass("menu-parse-odd-texts");

	/* an overlong text is cut; a text running off the end is dropped */
	{
		char longt[300];
		const char *const lt[] = { " 0. default", longt, " 2. two", NULL };

		memset(longt, 'x', sizeof(longt) - 1);
		longt[sizeof(longt) - 1] = 0;
		memcpy(longt, " 1. ", 4);
		len = mk_stage2(buf, sizeof(buf), 0x10, 1, 1, lt);
		rc = eckd_menu_parse(buf, len - 1, &m);        /* " 2. two" loses its NUL */
		if (rc || m.count != 2 || strlen(m.text[1]) != ECKD_MENU_TEXT_MAX || m.text[2][0])
			fail("menu-parse-long-and-cut", "rc %d count %u len %zu", rc, m.count,
			     strlen(m.text[1]));
		else
			pass("menu-parse-long-and-cut");
	}

	/* no banner; banner but no texts; banner at the very end */
	memset(buf, 0x40, sizeof(buf));
	rc = eckd_menu_parse(buf, sizeof(buf), &m);
	{
		static const char *const none[] = { NULL };
		int rc2, rc3;

		len = mk_stage2(buf, sizeof(buf), 0x200, 1, 5, none);
		rc2 = eckd_menu_parse(buf, len, &m);
		memset(buf, 0, sizeof(buf));
		memcpy(buf + sizeof(buf) - 4, "\xa9\xc9\xd7\xd3", 4);
		rc3 = eckd_menu_parse(buf, sizeof(buf), &m);
		if (rc != FW_ENOENT || rc2 != FW_ENOENT || rc3 != FW_ENOENT)
			fail("menu-parse-missing", "rc %d %d %d", rc, rc2, rc3);
		else
			pass("menu-parse-missing");
	}

	/* random bytes around a banner never crash (ASan) and stay bounded */
	for (unsigned int it = 0; it < 3000; it++) {
		size_t n = 1 + rnd() % 600;

		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)(rnd() % 4 ? rnd() : (rnd() % 2 ? 0 : 0xf1));
		if (n > 8)
			memcpy(buf + rnd() % (n - 4), "\xa9\xc9\xd7\xd3", 4);
		if (eckd_menu_parse(buf, n, &m) == 0 &&
		    (m.count == 0 || m.count > ECKD_MAX_ENTRY + 1)) {
			fail("menu-parse-random", "count %u", m.count);
			return;
		}
		for (unsigned int e = 0; e <= ECKD_MAX_ENTRY; e++) {
			if (strlen(m.text[e]) > ECKD_MENU_TEXT_MAX) {
				fail("menu-parse-random", "text %u too long", e);
				return;
			}
		}
	}
	pass("menu-parse-random");
}

/* eckd_load() of image @img with menu request @req, the stub answering @answer */
static void expect_menu(const char *name, const char *img, uint32_t bs, struct eckd_menu_req *req,
			unsigned int answer, unsigned int calls, unsigned int chosen,
			const char *marker, uint32_t timeout_ms, const char *msg)
{
	struct image im;
	int rc;

	if (!map_image(img, &im)) {
		fail(name, "cannot map image %s", img);
		return;
	}
	stub_reset(answer);
	load_menu = req;
	req->chosen = 99;
	rc = load(&im, bs, bs == 4096 ? &geo3390 : NULL, 0, NULL);
	load_menu = NULL;
	if (rc)
		fail(name, "rc %d; console:\n%s", rc, console);
	else if (stub.calls != calls)
		fail(name, "menu shown %u times, expected %u:\n%s", stub.calls, calls, console);
	else if (req->chosen != chosen)
		fail(name, "booted entry %u, expected %u", req->chosen, chosen);
	else if (calls && stub.timeout_ms != timeout_ms)
		fail(name, "menu timeout %u ms, expected %u", stub.timeout_ms, timeout_ms);
	else if (calls && (strcmp(stub.texts[0], " 0. default (one)") ||
			   strcmp(stub.texts[1], " 1. one") || strcmp(stub.texts[2], " 2. two") ||
			   stub.shown[3] || !strstr(stub.title, "0.0.0001")))
		fail(name, "menu texts '%s' '%s' '%s' (title '%s')", stub.texts[0], stub.texts[1],
		     stub.texts[2], stub.title);
	else if (msg && !con_has(msg))
		fail(name, "no '%s' on the console:\n%s", msg, console);
	else if (check_plain(name, marker))
		pass(name);
	unmap_image(&im);
}

static void test_menu(void)
{
	struct eckd_menu_req zipl = { .enabled = true, .zipl_settings = true };
	struct eckd_menu_req cmd = { .enabled = true, .timeout_ms = 1234 };
	struct eckd_menu_req off = { .enabled = false };
	static const char nodata[] = "no zipl boot menu data found, booting the default entry";

	test_menu_parse();
	if (image("menu-cdl", "--menu-prompt --menu-timeout 7")) {
		expect_menu("menu-cdl-zipl-settings", "menu-cdl", 4096, &zipl, 2, 1, 2, "two", 7000,
			    NULL);
		expect_menu("menu-cdl-cmd", "menu-cdl", 4096, &cmd, 1, 1, 1, "one", 1234, NULL);
		expect_menu("menu-cdl-timeout-default", "menu-cdl", 4096, &cmd, 0, 1, 0, "one", 1234,
			    NULL);
		expect_menu("menu-cdl-disabled", "menu-cdl", 4096, &off, 2, 0, 0, "one", 0, NULL);
	}
	/* zipl's prompt off: with flag ZIPL no menu, the default; -boot menu=on shows it */
	if (image("menu-noprompt", "--menu-timeout 3 --default 2")) {
		expect_menu("menu-noprompt-zipl", "menu-noprompt", 4096, &zipl, 1, 0, 0, "two", 0,
			    NULL);
		stub_reset(0);
		if (image("menu-noprompt-d1", "--menu-timeout 3"))
			expect_menu("menu-noprompt-cmd", "menu-noprompt-d1", 4096, &cmd, 2, 1, 2,
				    "two", 1234, NULL);
	}
	if (image("menu-notimeout", "--menu-prompt"))
		expect_menu("menu-zipl-no-timeout", "menu-notimeout", 4096, &zipl, 1, 1, 1, "one", 0,
			    NULL);
	if (image("menu-ldl", "--layout ldl --menu-prompt --menu-timeout 2"))
		expect_menu("menu-ldl", "menu-ldl", 4096, &zipl, 2, 1, 2, "two", 2000, NULL);
	if (image("menu-ldl-512", "--layout ldl --block-size 512 --menu-prompt --menu-timeout 2"))
		expect_menu("menu-ldl-512", "menu-ldl-512", 512, &zipl, 2, 1, 2, "two", 2000, NULL);
	if (image("menu-unlabeled", "--layout unlabeled --menu-prompt"))
		expect_menu("menu-unlabeled", "menu-unlabeled", 4096, &zipl, 2, 1, 2, "two", 0, NULL);
	if (image("menu-ldipl", "--ldipl --menu-prompt --menu-timeout 4"))
		expect_menu("menu-ldipl", "menu-ldipl", 4096, &zipl, 2, 1, 2, "two", 4000,
			    "List-Directed IPL,");
	/* List-Directed records fail after the menu: the CCW-IPL retry does not ask again */
	if (image("menu-ldipl-bad", "--ldipl --menu-prompt --corrupt ld-list-ptr"))
		expect_menu("menu-ldipl-fallback-asks-once", "menu-ldipl-bad", 4096, &zipl, 1, 1,
			    1, "one", 0, "retrying IPL with the CCW-IPL records");
	/* broken menu data: the default entry, as QEMU */
	if (image("menu-bad-s1b", "--menu-prompt --default 2 --corrupt stage1b-ptr"))
		expect_menu("menu-bad-stage1b-ptr", "menu-bad-s1b", 4096, &zipl, 1, 0, 0, "two", 0,
			    nodata);
	if (image("menu-bad-banner", "--menu-prompt --corrupt stage2-banner"))
		expect_menu("menu-bad-banner", "menu-bad-banner", 4096, &cmd, 2, 0, 0, "one", 0,
			    nodata);
	if (image("menu-bad-s2ptr", "--menu-prompt --corrupt stage2-ptr-range"))
		expect_menu("menu-bad-stage2-ptr", "menu-bad-s2ptr", 4096, &zipl, 2, 0, 0, "one", 0,
			    "stage 2 (cylinder 65534 head 1 record 1, 1 block): blocks past the end");
}

/* Blocks worth mutating: labels, anything with a zIPL magic, list blocks,
 * stage 1b and the stage 2 block with the menu banner. */
static size_t record_blocks(const struct image *im, uint64_t *out, size_t max)
{
	uint64_t nblocks = im->size / im->bs;
	struct eckd_geo g;
	size_t n = 0;

	eckd_geometry(&geo3390, im->bs, nblocks, &g);
	for (uint64_t b = 0; b < 3 && n < max; b++)
		out[n++] = b;
	{
		/* stage 1b: the first seek argument of IPL2's stage 1 */
		struct eckd_ptr p;
		uint64_t sb;
		const char *why;

		eckd_decode_chs(im->data + im->bs + 4 + 0x48 + 2, &p);
		p.size = im->bs;
		if (!eckd_check_ptr(&g, &p, &sb, &why) && sb && n < max)
			out[n++] = sb;
	}
	for (uint64_t b = 3; b < nblocks && n < max; b++) {
		const uint8_t *blk = im->data + b * im->bs;

		if (memmem(blk, im->bs, "\xa9\xc9\xd7\xd3", 4)) {
			out[n++] = b;   /* stage 2 with the menu */
			continue;
		}
		if (memcmp(blk, "zIPL", 4))
			continue;
		out[n++] = b;
		if (blk[4] != ECKD_SCRIPT_HDR_IPL)
			continue;
		/* a script: its first list blocks, in either pointer format */
		for (unsigned int e = 0; e < 8 && n < max; e++) {
			const uint8_t *ent = blk + 32 + 32 * e;
			uint64_t lb;
			const char *why;
			struct eckd_ptr p;

			if (ent[0x17] != ECKD_SCRIPT_LOAD)
				continue;
			for (int ld = 0; ld < 2 && n < max; ld++) {
				eckd_decode_ptr(ent, ld, &p);
				if (!eckd_check_ptr(&g, &p, &lb, &why))
					out[n++] = lb;
			}
		}
	}
	return n;
}

static void test_fuzz(void)
{
	struct image im;
	uint64_t blocks[256];
	size_t nb;
	unsigned int iters = 1500, ok = 0;
	int before = contract_errors;

	struct eckd_menu_req req = { .enabled = true };

	if (!image("fuzz", "--ldipl --max-blocks-per-ptr 3 --menu-prompt --menu-timeout 1") ||
	    !map_image("fuzz", &im))
		return;
	im.bs = 4096;
	nb = record_blocks(&im, blocks, 256);
	clear_guest = false;
	for (unsigned int it = 0; it < iters; it++) {
		uint64_t off[4];
		uint8_t old[4];
		unsigned int nm = 1 + rnd() % 4;
		int rc;

		for (unsigned int m = 0; m < nm; m++) {
			uint64_t b = blocks[rnd() % nb];
			/* mostly the first 160 bytes, where the fields are */
			uint32_t o = rnd() % 4 ? rnd() % 160 : rnd() % 4096;

			off[m] = b * 4096 + o;
			old[m] = im.data[off[m]];
			switch (rnd() % 3) {
			case 0: im.data[off[m]] ^= (uint8_t)(1u << (rnd() % 8)); break;
			case 1: im.data[off[m]] = (uint8_t)rnd(); break;
			default: im.data[off[m]] = (uint8_t)(rnd() % 2 ? 0 : 0xff); break;
			}
		}
		req.zipl_settings = rnd() % 2;
		load_menu = rnd() % 2 ? &req : NULL;
		stub_reset(rnd() % 40);
		rc = load(&im, 4096, &geo3390, rnd() % 4, NULL);
		load_menu = NULL;
		if (rc == 0)
			ok++;
		else if (rc < FW_EACCES || rc > 0) {
			fail("fuzz", "iteration %u: rc %d is not a FW_E* code", it, rc);
			clear_guest = true;
			unmap_image(&im);
			return;
		}
		if (rc == 0 && !(res.psw & 0x0008000000000000ULL)) {
			fail("fuzz", "iteration %u: success with PSW %016llx", it,
			     (unsigned long long)res.psw);
			clear_guest = true;
			unmap_image(&im);
			return;
		}
		for (unsigned int m = nm; m-- > 0;)
			im.data[off[m]] = old[m];
	}
	clear_guest = true;
	if (contract_errors != before) {
		fail("fuzz", "device contract violated %d times", contract_errors - before);
	} else {
		printf("PASS fuzz (%u iterations over %zu record blocks, %u still booted)\n",
		       iters, nb, ok);
		npass++;
	}
	unmap_image(&im);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s ECKD-WRITE WORKDIR\n", argv[0]);
		return 2;
	}
	writer = argv[1];
	workdir = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);
	fw_set_console(sink);
	guest = calloc(1, GUEST_SIZE);
	if (!guest) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	default_memmap();

	test_geometry();
	test_chs();
	test_decode();
	test_check();
	if (!make_inputs()) {
		fail("inputs", "cannot write the test kernel/initrd to %s: %s", workdir,
		     strerror(errno));
	} else {
		test_layouts();
		test_stage3();
		test_corruptions();
		test_device_and_memory();
		test_menu();
		test_fuzz();
	}
	free(guest);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
