// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the firmware's Secure IPL walk (loader/secure.c) fed
 * by a hostile disk and a hostile hypervisor at once. The input supplies,
 * from a cursor, the components of a walk (signed or not, where, how long,
 * their bytes: hence every SCLAB and its locator), the EXEC PSW, and every
 * hypervisor answer: the VCSSB sizes, DIAG 0x508's response code,
 * certificate index and length, DIAG 0x320's response code and the whole
 * certificate block (VCB header and entry). The firmware must never read or
 * write outside what it owns, whatever the answers.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "abi/iplb.h"
#include "abi/secure_ipl.h"
#include "drivers/sclp/sclp.h"
#include "fuzz_machine.h"
#include "fw/endian.h"
#include "fw/layout.h"
#include "fw/machine.h"
#include "loader/secure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in;
static size_t left;

static void take(void *out, size_t n)
{
	size_t k = n < left ? n : left;

	memset(out, 0, n);
	memcpy(out, in, k);
	in += k;
	left -= k;
}

static uint32_t take32(void)
{
	uint8_t b[4];

	take(b, 4);
	return get_be32(b);
}

static uint8_t take8(void)
{
	uint8_t b;

	take(&b, 1);
	return b;
}

/* The hostile hypervisor: every answer comes from the input. */
static uint64_t h_diag320(uint64_t sub, absaddr_t addr)
{
	uint8_t *p;

	switch (sub) {
	case 0:
		p = abs_to_ptr(addr, 4);
		put_be32(p, 0xe0000000);
		return 1;
	case 1: {
		struct vcssb *v = abs_to_ptr(addr, sizeof(*v));

		v->length = cpu_to_be32(128);
		v->total_vc_ct = cpu_to_be16(1 + take8() % 4);
		v->max_single_vcb_len = cpu_to_be32(take32() % 16384);
		return 1;
	}
	case 2: {
		/* overwrite the whole block the firmware offered (in_len) */
		uint32_t in_len = get_be32(abs_to_ptr(addr, 4));
		uint32_t n = take32() % (in_len + 1);

		p = abs_to_ptr(addr, in_len);
		take(p, n);
		return take8() & 1 ? 1 : take32() & 0xffff;
	}
	default:
		return 0x0102;
	}
}

static uint64_t h_diag508(uint64_t sub, absaddr_t addr)
{
	struct svb *svb;

	if (sub == 0)
		return 0x8000;
	svb = abs_to_ptr(addr, sizeof(*svb));
	svb->cert_store_index = take8();
	svb->cert_len = cpu_to_be64(take32() % 10000);
	return take8() & 1 ? 1 : take32() & 0xffff;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct iplb *iplb;
	struct sclp_info info = { .ram_size = FZ_RAM_SIZE, .fac134 = 0x04, .fac_ipl = 0x5000 };
	absaddr_t fw_start, fw_end, area;
	enum ipl_mode mode;

	if (size < 2)
		return 0;
	in = data;
	left = size;
	fz_reset();
	fz_diag320 = h_diag320;
	fz_diag508 = h_diag508;
	mach_fw_region(&fw_start, &fw_end);
	area = (fw_start & ~0xfffULL) - FW_BELOW_PAGES * 4096ULL;
	mode = take8() & 1 ? IPL_MODE_SECURE : IPL_MODE_AUDIT;
	if (setjmp(fz_jb))
		return 0;
	if (secure_init(mode, &info, area, FW_BELOW_PAGES * 4096))
		return 0;
	secure_walk_begin();
	for (unsigned int i = 0; i < 12 && left; i++) {
		uint8_t kind = take8();
		uint64_t addr = 0x2000 + (uint64_t)(take32() % 0x100000) * 16;
		uint64_t len = 8 + take32() % 0x3000;
		int rc;

		if (addr + len > 0x1c00000)
			continue;
		take(abs_to_ptr(addr, len), len);      /* component bytes incl. SCLAB */
		if (kind & 1) {
			uint32_t sig_len = take32() % 4200;

			rc = secure_on_signature(i, kind & 2 ? 2 : 1, sig_len);
			if (!rc) {
				take(secure_sig_buffer(), 64);
				rc = secure_sig_loaded(i, take32() % 4200);
			}
			if (rc == 0)
				rc = secure_on_load(i, addr, len);
		} else {
			rc = secure_on_load(i, addr, len);
		}
		if (rc)
			return 0;
	}
	if (secure_on_exec(((uint64_t)take32() << 32) | take32()))
		return 0;
	if (!iplb) {
		size_t dma;

		/* three DMA pages at the end, as main.c's IPL block area */
		iplb = (struct iplb *)((uint8_t *)mach_dma_area(&dma) + dma - 3 * 4096);
	}
	memset(iplb, 0, 3 * 4096);
	iplb->len = cpu_to_be32(take32() % 5000);
	(void)secure_write_report(iplb);
	return 0;
}
