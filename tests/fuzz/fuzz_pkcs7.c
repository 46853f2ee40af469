/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the reference hypervisor's strict DER/CMS reader
 * (tests/ref/pkcs7.c, der.c): ref_pkcs7_parse() on arbitrary bytes, checks
 * that everything it returns lies inside the input, then runs verification
 * against a fixed RSA-2048 and a fixed P-256 public key (so the signed
 * attribute hashing and the BearSSL calls see fuzzed values too), and feeds
 * the same bytes to the X.509 walker.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Itests/ref -Iinclude -I. \
 *       tests/fuzz/fuzz_pkcs7.c tests/ref/ *.c -lbearssl
 *   (make fuzz-pkcs7 FUZZ_SECONDS=60)
 */
#include <stdlib.h>
#include <string.h>

#include "ref.h"

static bool inside(const uint8_t *base, size_t size, const uint8_t *p, size_t len)
{
	return p >= base && len <= size && (size_t)(p - base) <= size - len;
}

/* The P-256 base point (SEC 2): a valid public key nobody signs with here. */
static const uint8_t p256_g[65] = {
	0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63,
	0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39,
	0x45, 0xd8, 0x98, 0xc2, 0x96, 0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e,
	0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e,
	0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static struct ref_cert rsa_cert, ec_cert;

static void init_keys(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	/* an odd 2048-bit "modulus" with e = 65537 */
	for (size_t i = 0; i < 256; i++)
		rsa_cert.key_buf[i] = (uint8_t)(0xc5 ^ (i * 37));
	rsa_cert.key_buf[0] |= 0x80;
	rsa_cert.key_buf[255] |= 1;
	rsa_cert.key_buf[256] = 0x01;
	rsa_cert.key_buf[257] = 0x00;
	rsa_cert.key_buf[258] = 0x01;
	rsa_cert.rsa_n = rsa_cert.key_buf;
	rsa_cert.rsa_nlen = 256;
	rsa_cert.rsa_e = rsa_cert.key_buf + 256;
	rsa_cert.rsa_elen = 3;
	rsa_cert.key_kind = REF_KEY_RSA;
	rsa_cert.key_bits = 2048;
	rsa_cert.not_after = INT64_MAX;

	memcpy(ec_cert.key_buf, p256_g, sizeof(p256_g));
	ec_cert.ec_q = ec_cert.key_buf;
	ec_cert.ec_qlen = sizeof(p256_g);
	ec_cert.curve = 23; /* BR_EC_secp256r1 */
	ec_cert.key_kind = REF_KEY_EC;
	ec_cert.key_bits = 256;
	ec_cert.not_after = INT64_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref_pkcs7 p7;
	struct ref_cert c;

	init_keys();
	if (ref_pkcs7_parse(data, size, &p7) == REF_OK) {
		if (!inside(data, size, p7.sig, p7.sig_len) || p7.sig_len == 0 ||
		    !inside(data, size, p7.sid, p7.sid_len) ||
		    !inside(data, size, p7.econtent_type, p7.econtent_type_len) ||
		    p7.nsigners == 0 || p7.hash == REF_HASH_NONE || p7.sigalg == REF_SIG_NONE)
			abort();
		if (p7.attrs && (!inside(data, size, p7.attrs, p7.attrs_len) || !p7.msg_digest ||
				 !inside(data, size, p7.msg_digest, p7.msg_digest_len)))
			abort();
		/* a forged signature must never verify against keys nobody holds */
		if (ref_pkcs7_verify(&p7, &rsa_cert, data, size, 0) == REF_OK ||
		    ref_pkcs7_verify(&p7, &ec_cert, data, size, 0) == REF_OK)
			abort();
	}
	memset(&c, 0, sizeof(c));
	if (ref_cert_parse_der(&c, data, size) == REF_OK) {
		if (c.der_len != size)
			abort();
	}
	ref_cert_free(&c);
	return 0;
}
