/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strict reader of an X.509 v1..v3 certificate (RFC 5280) in DER
 * (crypto/x509.c): the structure, the validity dates, the public key and the
 * keyUsage extension. Shared by the firmware, tests/ref and the enrollment
 * tool; no allocation, pointers go into the parsed buffer.
 */
#ifndef CRYPTO_X509_H
#define CRYPTO_X509_H

#include "fw/types.h"

/* Public-key algorithm of the SubjectPublicKeyInfo. */
enum x509_key_alg {
	X509_KEY_OTHER = 0, /* anything not listed */
	X509_KEY_RSA,       /* rsaEncryption */
	X509_KEY_RSA_PSS,
	X509_KEY_DSA,
	X509_KEY_ED25519,
	X509_KEY_ED448,
	X509_KEY_EC,        /* id-ecPublicKey with a named curve */
};

/* Named curves (x509_info.curve), numbered as BearSSL's BR_EC_* ids. */
#define X509_CURVE_NONE 0
#define X509_CURVE_P256 23
#define X509_CURVE_P384 24
#define X509_CURVE_P521 25
#define X509_CURVE_P192 19  /* known, not supported for verification */
#define X509_CURVE_P224 21

#define X509_KU_DIGITAL_SIGNATURE 0x8000

struct x509_info {
	unsigned int version;           /* 0 = v1 .. 2 = v3 */
	int64_t not_before, not_after;  /* seconds since the epoch (UTC) */
	const uint8_t *spki;            /* SubjectPublicKeyInfo TLV */
	size_t spki_len;
	enum x509_key_alg key_alg;
	unsigned int curve;             /* X509_CURVE_* for X509_KEY_EC */
	/* X509_KEY_RSA: modulus without leading zero bytes, exponent. */
	const uint8_t *rsa_n, *rsa_e;
	size_t rsa_nlen, rsa_elen;
	unsigned int rsa_bits;
	/* X509_KEY_EC: the point as stored (uncompressed: 0x04 X Y). */
	const uint8_t *ec_q;
	size_t ec_qlen;
	bool has_key_usage;
	uint16_t key_usage;             /* X509_KU_*: bit 0x8000 = digitalSignature */
};

/*
 * x509_parse - read the certificate @der (exactly @len bytes) strictly.
 * Returns 0 or a negative enum cms_err (crypto/der.h). An unknown key
 * algorithm is not an error (key_alg X509_KEY_OTHER); a malformed RSA key is.
 */
int x509_parse(const uint8_t *der, size_t len, struct x509_info *xi);

#endif
