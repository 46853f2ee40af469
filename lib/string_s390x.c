// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Machine file: the freestanding string functions of the firmware build (the
 * compiler may also emit calls to memcpy/memset itself). The host harness
 * uses the host C library instead (so ASan checks every call).
 *
 * The memory functions use the storage-to-storage instructions instead of
 * byte loops: MVC moves up to 256 bytes, MVCLE fills any length with a pad
 * byte, CLCLE compares any length and stops at the first difference. Under
 * TCG each of them is one guest instruction per call (per page for the long
 * forms), where a byte loop costs four per byte. MVC copies left to right one
 * byte at a time, so it is also correct for an overlap with dst < src.
 */
#include "fw/string.h"

/*
 * mvc_short - copy 1..256 bytes. EX patches the length field of the MVC
 * (which is never executed in line: BRAS jumps over it, leaving its address
 * in %r1).
 */
static inline void mvc_short(uint8_t *d, const uint8_t *s, size_t n)
{
	asm volatile("	bras	%%r1, 1f\n"
		     "	mvc	0(1, %[d]), 0(%[s])\n"
		     "1:	ex	%[l], 0(%%r1)\n"
		     :
		     : [d] "a"(d), [s] "a"(s), [l] "a"(n - 1)
		     : "r1", "memory");
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	for (; n > 256; n -= 256, d += 256, s += 256)
		asm volatile("mvc 0(256, %[d]), 0(%[s])" : : [d] "a"(d), [s] "a"(s) : "memory");
	if (n)
		mvc_short(d, s, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	size_t gap, k;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* dst overlaps the tail of src: copy backwards, in chunks no longer
	 * than the distance so that no chunk overwrites its own source. */
	gap = (size_t)(d - s);
	while (n) {
		k = n < gap ? n : gap;
		if (k > 256)
			k = 256;
		n -= k;
		mvc_short(d + n, s + n, k);
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	/* MVCLE with a zero-length source fills the destination with the pad
	 * byte (the low byte of the second-operand address). */
	register uintptr_t d asm("r2") = (uintptr_t)dst;
	register size_t dl asm("r3") = n;
	register uintptr_t s asm("r4") = 0;
	register size_t sl asm("r5") = 0;

	asm volatile("0:	mvcle	%[d], %[s], 0(%[c])\n"
		     "	jo	0b\n"
		     : [d] "+d"(d), "+d"(dl), [s] "+d"(s), "+d"(sl)
		     : [c] "a"((uintptr_t)(uint8_t)c)
		     : "cc", "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	register uintptr_t x asm("r2") = (uintptr_t)a;
	register size_t xl asm("r3") = n;
	register uintptr_t y asm("r4") = (uintptr_t)b;
	register size_t yl asm("r5") = n;
	int cc;

	/* CLCLE stops at the first difference with the addresses pointing to
	 * it (cc 3: not finished yet, go on). */
	asm volatile("0:	clcle	%[x], %[y], 0\n"
		     "	jo	0b\n"
		     "	ipm	%[cc]\n"
		     "	srl	%[cc], 28\n"
		     : [x] "+d"(x), "+d"(xl), [y] "+d"(y), "+d"(yl), [cc] "=d"(cc)
		     :
		     : "cc", "memory");
	if (cc == 0)
		return 0;
	return *(const uint8_t *)x - *(const uint8_t *)y;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (uint8_t)*a - (uint8_t)*b;
		if (!*a)
			break;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}
