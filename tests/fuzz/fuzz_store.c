// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the enrolled-store parser (crypto/store.c):
 * trust_store_parse() on an arbitrary ".enroll" area.
 *
 * Input: byte 0 = flags, the rest = the area (zero-padded or cut to 32 KiB).
 * Flag 0x01: the checksum is recomputed over the header's total_len first,
 * so the fuzzer reaches the entry and certificate parsing behind it.
 * On success every pointer the store holds must lie inside the area and
 * every count within the ABI limits.
 */
#include <stdlib.h>
#include <string.h>

#include <bearssl_hash.h>

#include "abi/enroll.h"
#include "crypto/sigverify.h"
#include "fw/endian.h"

static uint8_t area[ENROLL_AREA_SIZE];
static struct trust_store ts;

static bool inside(const uint8_t *p, size_t len)
{
	return p >= area && len <= sizeof(area) && (size_t)(p - area) <= sizeof(area) - len;
}

static void check_cert(const struct ts_cert *c)
{
	if (!inside(c->der, c->der_len) || c->der_len == 0 || c->der_len > ENROLL_MAX_CERT_LEN)
		abort();
	if (c->key_kind == TS_KEY_RSA && (!inside(c->n, c->nlen) || !inside(c->e, c->elen) ||
					  c->key_bits < 2048 || c->key_bits > 4096))
		abort();
	if (c->key_kind == TS_KEY_EC && !inside(c->q, c->qlen))
		abort();
	if (c->key_kind != TS_KEY_RSA && c->key_kind != TS_KEY_EC)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	struct enroll_header *h = (struct enroll_header *)area;
	const char *why = NULL;

	if (n < 1)
		return 0;
	memset(area, 0, sizeof(area));
	memcpy(area, in + 1, n - 1 < sizeof(area) ? n - 1 : sizeof(area));
	if (in[0] & 1) {
		uint32_t total = be32_to_cpu(h->total_len);
		br_sha256_context c;

		if (total >= sizeof(*h) && total <= sizeof(area)) {
			memset(h->checksum, 0, sizeof(h->checksum));
			br_sha256_init(&c);
			br_sha256_update(&c, area, total);
			br_sha256_out(&c, h->checksum);
		}
	}
	if (trust_store_parse(&ts, area, sizeof(area), &why) != 0) {
		if (!why || ts.ncert || ts.mode)
			abort(); /* a refusal says why and leaves nothing behind */
		return 0;
	}
	if (ts.ncert > ENROLL_MAX_CERTS || ts.ndeny_cert > ENROLL_MAX_DENY_CERTS ||
	    ts.ndeny_sha256 > ENROLL_MAX_DENY_SHA256 || ts.mode > ENROLL_MODE_STRICT)
		abort();
	if (ts.mode == ENROLL_MODE_NONE && (ts.ncert || ts.ndeny_cert || ts.ndeny_sha256))
		abort();
	for (unsigned int i = 0; i < ts.ncert; i++)
		check_cert(&ts.cert[i]);
	for (unsigned int i = 0; i < ts.ndeny_cert; i++)
		check_cert(&ts.deny_cert[i]);
	if (ts.ndeny_sha256 && !inside(ts.deny_sha256, ts.ndeny_sha256 * 32u))
		abort();
	return 0;
}
