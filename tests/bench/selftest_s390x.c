// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A firmware-shaped s390x test image (the firmware's start.S, SCLP console
 * and lib/, with this fw_main instead of the loader's), booted with -bios by
 * tests/bench/selftest.sh under every QEMU at hand:
 *
 *   1. lib/string_s390x.c against byte-by-byte references (the host harness
 *      uses the host C library, so only this runs the MVC/MVCLE/CLCLE code):
 *      every length 0..600 and several alignments, overlapping memmove both
 *      ways, memcmp signs; one "PASS|FAIL string: ..." line each.
 *   2. A known instruction path for the bench plugin: fw_main then copies a
 *      stub to 0x10000 and branches there (the "hand-over" below 16 MiB and
 *      the "kernel entry"); the stub loads a disabled-wait PSW. With the
 *      plugin's exit=on, QEMU exits at the stub.
 */
#include "drivers/sclp/sclp.h"
#include "fw/halt.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

void fw_main(void);

#define BUF 1024

static uint8_t a[BUF + 64], b[BUF + 64], r[BUF + 64];
static unsigned int failures;

static void fill(uint8_t *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

static bool same(const uint8_t *x, const uint8_t *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

static void result(const char *what, bool ok, size_t n, size_t off)
{
	if (!ok) {
		failures++;
		fw_printf("FAIL string: %s (length %u, offset %u)\n", what, (unsigned int)n,
			  (unsigned int)off);
	}
}

/* memcpy/memset of every length at several alignments; guard bytes stay. */
static void test_copy_fill(void)
{
	static const size_t offs[] = { 0, 1, 7, 255 };

	for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++) {
		size_t off = offs[o];

		for (size_t n = 0; n <= 600 && off + n + 1 < BUF; n++) {
			fill(a, sizeof(a), (unsigned int)n);
			fill(b, sizeof(b), (unsigned int)n + 99);
			for (size_t i = 0; i < sizeof(r); i++)
				r[i] = b[i];
			for (size_t i = 0; i < n; i++)
				r[off + i] = a[i + 3];
			result("memcpy returns dst", memcpy(b + off, a + 3, n) == b + off, n, off);
			result("memcpy", same(b, r, sizeof(b)), n, off);

			for (size_t i = 0; i < n; i++)
				r[off + i] = 0xa5;
			result("memset returns dst", memset(b + off, 0x1a5, n) == b + off, n, off);
			result("memset (int converted to unsigned char)", same(b, r, sizeof(b)), n, off);
			for (size_t i = 0; i < n; i++)
				r[off + i] = 0;
			memset(b + off, 0, n);
			result("memset 0", same(b, r, sizeof(b)), n, off);
		}
	}
	fw_printf("%s string: memcpy, memset: lengths 0..600 at 4 alignments\n",
		  failures ? "FAIL" : "PASS");
}

/* Overlapping memmove both ways, distances 1..300, lengths up to 700. */
static void test_move(void)
{
	static const size_t lens[] = { 1, 2, 255, 256, 257, 511, 700 };
	unsigned int before = failures;

	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		for (size_t d = 1; d <= 300; d += (d < 10 ? 1 : 37)) {
			size_t n = lens[l];

			if (n + d + 8 > BUF)
				continue;
			/* forward: dst above src */
			fill(a, sizeof(a), (unsigned int)d);
			for (size_t i = 0; i < sizeof(a); i++)
				r[i] = a[i];
			for (size_t i = 0; i < n; i++)
				r[4 + d + i] = a[4 + i];
			memmove(a + 4 + d, a + 4, n);
			result("memmove dst > src", same(a, r, sizeof(a)), n, d);
			/* backward: dst below src */
			fill(a, sizeof(a), (unsigned int)d + 5);
			for (size_t i = 0; i < sizeof(a); i++)
				r[i] = a[i];
			for (size_t i = 0; i < n; i++)
				r[4 + i] = a[4 + d + i];
			memmove(a + 4, a + 4 + d, n);
			result("memmove dst < src", same(a, r, sizeof(a)), n, d);
		}
	}
	fw_printf("%s string: memmove overlapping both ways\n", failures == before ? "PASS" : "FAIL");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_compare(void)
{
	unsigned int before = failures;

	for (size_t n = 0; n <= 600; n += (n < 20 ? 1 : 13)) {
		fill(a, sizeof(a), 3);
		fill(b, sizeof(b), 3);
		result("memcmp equal", memcmp(a + 1, b + 1, n) == 0, n, 0);
		for (size_t at = 0; at < n; at += (n / 5 + 1)) {
			b[1 + at] = (uint8_t)(a[1 + at] + 1);     /* b greater here */
			result("memcmp below", sign(memcmp(a + 1, b + 1, n)) == -1, n, at);
			result("memcmp above", sign(memcmp(b + 1, a + 1, n)) == 1, n, at);
			b[1 + at] = a[1 + at];
		}
	}
	a[0] = 0x01;
	b[0] = 0xff;
	result("memcmp compares unsigned bytes", memcmp(a, b, 1) < 0, 1, 0);
	result("strcmp", strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 &&
	       strcmp("x", "x") == 0, 0, 0);
	result("strlen", strlen("") == 0 && strlen("secure") == 6, 0, 0);
	fw_printf("%s string: memcmp, strcmp, strlen\n", failures == before ? "PASS" : "FAIL");
}

/* Copied to 0x10000: load the disabled-wait PSW 16 bytes further on. */
static const uint8_t stub[] = {
	0xc0, 0x10, 0x00, 0x00, 0x00, 0x08,     /* larl  %r1, .+16 */
	0xb2, 0xb2, 0x10, 0x00,                 /* lpswe 0(%r1) */
	0, 0, 0, 0, 0, 0,                       /* (the PSW is doubleword-aligned) */
	0x00, 0x02, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00,  /* wait, 64-bit */
	0x00, 0x00, 0x00, 0x00, 0x0b, 0xad, 0xf0, 0x0d,  /* halt code 0x0badf00d */
};

void fw_main(void)
{
	void *entry = abs_to_ptr(0x10000, sizeof(stub));

	if (sclp_console_init())
		mach_halt(HALT_NO_CONSOLE);
	fw_printf("bench selftest\n");
	test_copy_fill();
	test_move();
	test_compare();
	fw_printf("selftest: %u failures; branching to 0x10000\n", failures);
	memcpy(entry, stub, sizeof(stub));
	((void (*)(void))entry)();
	mach_halt(HALT_ASSERT);
}
