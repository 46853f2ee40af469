/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: what QEMU (or a guest before a re-IPL) leaves for the
 * firmware: the QEMU IPL parameters at 0xcc (qipl_read, with the fallback
 * chain below the firmware), the IPL blocks (iplb_parse, the Secure IPL
 * mode flags) and the loadparm (loadparm_trim, loadparm_select). Input:
 * 28 bytes of QIPL, then up to 4096 bytes of IPL block, then the pages
 * below the firmware (up to 7 x 4096 bytes).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "abi/lowcore.h"
#include "abi/qipl.h"
#include "fuzz_machine.h"
#include "fw/layout.h"
#include "fw/machine.h"
#include "iplb/iplb.h"
#include "loader/secure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_spec(const struct boot_spec *spec)
{
	unsigned int entry;
	bool prompt;
	char lp[9];

	loadparm_trim(spec->loadparm, lp);
	(void)loadparm_select(spec->loadparm, &entry, &prompt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct iplb chain[IPLB_CHAIN_MAX];
	static struct iplb *iplb;
	struct boot_spec spec;
	struct qipl_info qi;
	absaddr_t fw_start, fw_end, below;
	size_t n;

	if (size < sizeof(struct qipl))
		return 0;
	fz_reset();
	mach_fw_region(&fw_start, &fw_end);
	below = (fw_start & ~0xfffULL) - FW_BELOW_PAGES * 4096ULL;
	memset(abs_to_ptr(below, FW_BELOW_PAGES * 4096ULL), 0, FW_BELOW_PAGES * 4096ULL);
	memcpy(abs_to_ptr(LC_QIPL, sizeof(struct qipl)), data, sizeof(struct qipl));
	data += sizeof(struct qipl);
	size -= sizeof(struct qipl);
	if (!iplb) {
		size_t dma;

		/* a DMA page, as main.c's (the last one: nothing allocates it) */
		iplb = (struct iplb *)((uint8_t *)mach_dma_area(&dma) + dma - sizeof(*iplb));
	}
	n = size < sizeof(*iplb) ? size : sizeof(*iplb);
	memset(iplb, 0, sizeof(*iplb));
	memcpy(iplb, data, n);
	data += n;
	size -= n;
	n = size < FW_BELOW_PAGES * 4096ULL ? size : FW_BELOW_PAGES * 4096ULL;
	memcpy(abs_to_ptr(below, n), data, n);

	if (setjmp(fz_jb))
		return 0;
	memset(chain, 0, sizeof(chain));
	qipl_read(&qi, chain, fw_start);
	if (qi.chain_len > IPLB_CHAIN_MAX)
		__builtin_trap();
	(void)secure_mode_of(iplb);
	if (iplb_parse(iplb, &spec) == 0)
		use_spec(&spec);
	for (unsigned int i = 0; i < qi.chain_len; i++)
		if (iplb_parse(&chain[i], &spec) == 0)
			use_spec(&spec);
	return 0;
}
