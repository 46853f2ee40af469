// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the in-firmware verifier (crypto/sigverify.c and the
 * CMS/X.509 readers behind it): sig_verify() with a hostile signature and a
 * hostile certificate.
 *
 * Input: u16 big-endian certificate length L, L bytes of certificate DER,
 * then the signature. The signed data is fixed: FUZZ_DATA_LEN bytes of the
 * pattern below at FUZZ_DATA_ADDR (seeds sign exactly that, so messageDigest
 * and the signature checks are reached). When the certificate is usable it
 * is enrolled, twice (once trusted, once denied) in two stores; the verdict
 * must be consistent: whatever verifies with the trusted store is
 * SIG_EDENIED with the denied one. Guest memory is a buffer behind
 * abs_to_ptr().
 */
#include <stdlib.h>
#include <string.h>

#include <bearssl_hash.h>

#include "abi/enroll.h"
#include "crypto/pkcs7.h"
#include "crypto/sigverify.h"
#include "fw/endian.h"
#include "fw/machine.h"

#define RAM (1u << 20)
#define FUZZ_DATA_ADDR 0x10000u
#define FUZZ_DATA_LEN 8192u
#define FUZZ_SIG_ADDR 0x1000u

static uint8_t ram[RAM];
static uint8_t area[ENROLL_AREA_SIZE];
static struct trust_store trusted, denied;

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	if (addr > RAM || len > RAM - addr)
		return NULL;
	return ram + addr;
}

absaddr_t ptr_to_abs(const void *p)
{
	return (absaddr_t)((const uint8_t *)p - ram);
}

/* one-certificate store; as a trusted certificate or on the deny list next to @other */
static int make_store(struct trust_store *ts, const uint8_t *der, size_t len, bool deny)
{
	struct enroll_header *h = (struct enroll_header *)area;
	struct enroll_entry e = { .len = cpu_to_be32((uint32_t)len) };
	size_t off = sizeof(*h);
	br_sha256_context c;

	memset(area, 0, sizeof(area));
	memcpy(h->magic, ENROLL_MAGIC, ENROLL_MAGIC_LEN);
	h->version = cpu_to_be32(ENROLL_VERSION);
	h->hdr_len = cpu_to_be32(sizeof(*h));
	h->size = cpu_to_be32(ENROLL_AREA_SIZE);
	h->mode = ENROLL_MODE_SECURE;
	h->ncert = cpu_to_be16(1);
	for (int i = 0; i < 1 + deny; i++) {
		e.type = i ? ENROLL_ENTRY_DENY_CERT : ENROLL_ENTRY_CERT;
		memcpy(area + off, &e, sizeof(e));
		memcpy(area + off + sizeof(e), der, len);
		off += sizeof(e) + ALIGN_UP(len, (size_t)8);
	}
	h->ndeny_cert = cpu_to_be16(deny);
	h->total_len = cpu_to_be32((uint32_t)off);
	br_sha256_init(&c);
	br_sha256_update(&c, area, off);
	br_sha256_out(&c, h->checksum);
	return trust_store_parse(ts, area, sizeof(area), NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	struct sig_result r1, r2;
	struct pkcs7 p7;
	size_t clen, slen;
	const uint8_t *sig;

	if (n < 2)
		return 0;
	clen = (size_t)in[0] << 8 | in[1];
	if (clen > n - 2 || clen > ENROLL_MAX_CERT_LEN || (clen + 2 + 16) * 2 > sizeof(area))
		return 0;
	sig = in + 2 + clen;
	slen = n - 2 - clen;
	for (unsigned int i = 0; i < FUZZ_DATA_LEN; i++)
		ram[FUZZ_DATA_ADDR + i] = (uint8_t)(i * 7 + (i >> 9));
	if (slen > SIG_MAX_SIG_LEN)
		slen = SIG_MAX_SIG_LEN;
	memcpy(ram + FUZZ_SIG_ADDR, sig, slen);

	/* the reader alone: everything it returns lies inside the signature */
	if (pkcs7_parse(ram + FUZZ_SIG_ADDR, slen, &p7) == 0) {
		const uint8_t *lo = ram + FUZZ_SIG_ADDR, *hi = lo + slen;

		if (p7.sig < lo || p7.sig + p7.sig_len > hi || p7.sig_len == 0 ||
		    (p7.attrs && (p7.attrs < lo || p7.attrs + p7.attrs_len > hi || !p7.msg_digest)))
			abort();
	}
	if (make_store(&trusted, in + 2, clen, false) != 0)
		return 0;
	if (make_store(&denied, in + 2, clen, true) != 0)
		abort(); /* the same certificate must parse again */
	if (!denied.cert[0].denied)
		abort();
	sig_verify(&trusted, FUZZ_DATA_ADDR, FUZZ_DATA_LEN, FUZZ_SIG_ADDR, (uint32_t)slen, &r1);
	sig_verify(&denied, FUZZ_DATA_ADDR, FUZZ_DATA_LEN, FUZZ_SIG_ADDR, (uint32_t)slen, &r2);
	if (r1.verified != (r2.err == SIG_EDENIED) || r2.verified)
		abort();
	if (r1.verified && (r1.cert_index != 0 || r1.rc != SIG_RC_OK))
		abort();
	return 0;
}
