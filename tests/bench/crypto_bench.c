// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crypto_bench: a firmware image (start.S and the firmware's objects, this
 * fw_main instead of loader/main.c) that times the in-firmware verifier on
 * the machine it runs on, e.g. QEMU TCG. tests/bench/crypto-bench.sh puts
 * the data and the signatures into guest memory with QEMU's generic loader
 * and enrolls the certificates with secure-ccw-enroll:
 *
 *   BENCH_DATA (0x1000000)  the component
 *   BENCH_SIGS (0x0f00000)  a table: u32 count, then per signature u32 data
 *                           length, u32 signature length, the signature
 *                           padded to 8 bytes
 *
 * For each signature it prints one line with the result and the time from
 * the TOD clock, then halts (disabled wait, code 0 on success).
 */
#include "crypto/sigverify.h"
#include "drivers/sclp/sclp.h"
#include "fw/endian.h"
#include "fw/log.h"
#include "fw/machine.h"

#define BENCH_DATA 0x1000000ULL
#define BENCH_SIGS 0x0f00000ULL

static struct trust_store ts;

void fw_main(void);

/* TOD clock: bit 51 = 1 microsecond */
static uint64_t usecs(uint64_t t0, uint64_t t1)
{
	return (t1 - t0) >> 12;
}

void fw_main(void)
{
	const char *why = NULL;
	const uint8_t *tab;
	uint32_t count, fails = 0;
	absaddr_t p;
	uint64_t t0, t1;
	uint8_t sha[SIG_SHA256_LEN];

	if (sclp_console_init())
		mach_halt(0x10);
	if (trust_store_init_enrolled(&ts, &why)) {
		fw_printf("bench: enrolled store: %s\n", why);
		mach_halt(0x11);
	}
	tab = abs_to_ptr(BENCH_SIGS, 4);
	count = get_be32(tab);
	p = BENCH_SIGS + 4;
	for (uint32_t i = 0; i < count && i < 32; i++) {
		const uint8_t *h = abs_to_ptr(p, 8);
		uint32_t dlen = get_be32(h), slen = get_be32(h + 4);
		struct sig_result r;
		int rc;

		t0 = mach_tod();
		rc = sig_verify(&ts, BENCH_DATA, dlen, p + 8, slen, &r);
		t1 = mach_tod();
		fw_printf("bench: signature %u: %u bytes: %s (certificate %u) in %llu us\n", i, dlen,
			  sig_strerror(rc), r.cert_index, (unsigned long long)usecs(t0, t1));
		fails += rc != 0;
		p += 8 + ((slen + 7u) & ~7u);
	}
	t0 = mach_tod();
	if (count)
		sig_sha256_range(BENCH_DATA, get_be32(abs_to_ptr(BENCH_SIGS + 4, 4)), sha);
	t1 = mach_tod();
	fw_printf("bench: sha256 alone in %llu us\n", (unsigned long long)usecs(t0, t1));
	fw_printf("bench: done, %u failed\n", fails);
	mach_halt(fails ? 0x12 : 0);
}
