/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict reader of detached CMS SignedData (crypto/pkcs7.c). */
#ifndef CRYPTO_PKCS7_H
#define CRYPTO_PKCS7_H

#include "fw/types.h"

enum pkcs7_hash {
	PKCS7_HASH_NONE = 0,
	PKCS7_HASH_SHA256,
	PKCS7_HASH_SHA384,
	PKCS7_HASH_SHA512,
};

enum pkcs7_sigalg {
	PKCS7_SIG_NONE = 0,
	PKCS7_SIG_RSA_PKCS1, /* RSASSA-PKCS1-v1_5 */
	PKCS7_SIG_ECDSA,
};

/* A parsed detached CMS SignedData; pointers go into the parsed buffer. */
struct pkcs7 {
	unsigned int sd_version;
	unsigned int si_version;
	unsigned int nsigners;
	bool sid_is_skid;               /* subjectKeyIdentifier, else issuer+serial */
	const uint8_t *sid;             /* value of the sid choice */
	size_t sid_len;
	enum pkcs7_hash hash;
	enum pkcs7_sigalg sigalg;
	const uint8_t *econtent_type;   /* OID TLV of encapContentInfo.eContentType */
	size_t econtent_type_len;
	const uint8_t *attrs;           /* signedAttrs TLV ([0] tag included), or NULL */
	size_t attrs_len;
	const uint8_t *msg_digest;      /* messageDigest value (with attrs) */
	size_t msg_digest_len;
	const uint8_t *sig;             /* SignerInfo.signature value */
	size_t sig_len;
};

/*
 * pkcs7_parse - strict DER reader for ContentInfo(SignedData), detached.
 * Only the first SignerInfo is decoded in full (DIAG 0x508 verifies signer
 * 0). Returns 0 or a negative enum cms_err.
 */
int pkcs7_parse(const uint8_t *buf, size_t len, struct pkcs7 *p7);

#endif
