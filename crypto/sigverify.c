// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DIAG 0x508's signature check done inside the firmware (crypto/sigverify.h):
 * the detached PKCS#7 is read strictly (crypto/pkcs7.c), the data is hashed
 * streaming through abs_to_ptr() in chunks, and each enrolled certificate's
 * key is tried in order with BearSSL's RSA PKCS#1 v1.5 (i31) or ECDSA
 * (prime_i31) verification, as tests/ref does for the hypervisor side.
 */
#include <bearssl_ec.h>
#include <bearssl_hash.h>
#include <bearssl_rsa.h>

#include "crypto/der.h"
#include "crypto/pkcs7.h"
#include "crypto/sigverify.h"
#include "fw/machine.h"
#include "fw/string.h"

#define HASH_CHUNK (64 * 1024)
#define HASH_MAX_LEN 64

union hash_ctx {
	br_sha256_context s256;
	br_sha512_context s512; /* also SHA-384 */
};

static void hash_init(enum pkcs7_hash h, union hash_ctx *c)
{
	if (h == PKCS7_HASH_SHA256)
		br_sha256_init(&c->s256);
	else if (h == PKCS7_HASH_SHA384)
		br_sha384_init(&c->s512);
	else
		br_sha512_init(&c->s512);
}

static void hash_update(enum pkcs7_hash h, union hash_ctx *c, const void *p, size_t n)
{
	if (h == PKCS7_HASH_SHA256)
		br_sha256_update(&c->s256, p, n);
	else if (h == PKCS7_HASH_SHA384)
		br_sha384_update(&c->s512, p, n);
	else
		br_sha512_update(&c->s512, p, n);
}

static size_t hash_out(enum pkcs7_hash h, union hash_ctx *c, uint8_t *out)
{
	if (h == PKCS7_HASH_SHA256) {
		br_sha256_out(&c->s256, out);
		return br_sha256_SIZE;
	}
	if (h == PKCS7_HASH_SHA384) {
		br_sha384_out(&c->s512, out);
		return br_sha384_SIZE;
	}
	br_sha512_out(&c->s512, out);
	return br_sha512_SIZE;
}

static const unsigned char *hash_oid(enum pkcs7_hash h)
{
	return h == PKCS7_HASH_SHA256 ? BR_HASH_OID_SHA256 :
	       h == PKCS7_HASH_SHA384 ? BR_HASH_OID_SHA384 : BR_HASH_OID_SHA512;
}

/*
 * Hash @len bytes at @data with @h into @dig and, if @s256 is not NULL,
 * with SHA-256 into @s256 in the same pass (the deny list).
 */
static int hash_range(absaddr_t data, uint64_t len, enum pkcs7_hash h, uint8_t *dig,
		      size_t *dlen, uint8_t s256[SIG_SHA256_LEN])
{
	union hash_ctx c;
	br_sha256_context c256;
	bool both = s256 && h != PKCS7_HASH_SHA256;

	hash_init(h, &c);
	if (both)
		br_sha256_init(&c256);
	for (uint64_t off = 0; off < len;) {
		uint64_t n = MIN(len - off, (uint64_t)HASH_CHUNK);
		const void *p;

		if (data + off < data)
			return SIG_EMEM;
		p = abs_to_ptr(data + off, n);
		if (!p)
			return SIG_EMEM;
		hash_update(h, &c, p, (size_t)n);
		if (both)
			br_sha256_update(&c256, p, (size_t)n);
		off += n;
	}
	*dlen = hash_out(h, &c, dig);
	if (both)
		br_sha256_out(&c256, s256);
	else if (s256)
		memcpy(s256, dig, SIG_SHA256_LEN);
	return SIG_OK;
}

int sig_sha256_range(absaddr_t data, uint64_t len, uint8_t out[SIG_SHA256_LEN])
{
	size_t dlen;

	return hash_range(data, len, PKCS7_HASH_SHA256, out, &dlen, out);
}

/*
 * The signed message digest: with signed attributes, the hash of the
 * attributes' DER with the [0] IMPLICIT tag read as SET (RFC 5652 §5.4),
 * after messageDigest was compared with the data's digest.
 */
static int signed_digest(const struct pkcs7 *p7, const uint8_t *dig, size_t dlen, uint8_t *hv)
{
	union hash_ctx c;
	const uint8_t set = DER_SET;

	if (!p7->attrs) {
		memcpy(hv, dig, dlen);
		return CMS_OK;
	}
	if (p7->msg_digest_len != dlen || memcmp(p7->msg_digest, dig, dlen) != 0)
		return CMS_EDIGEST;
	hash_init(p7->hash, &c);
	hash_update(p7->hash, &c, &set, 1);
	hash_update(p7->hash, &c, p7->attrs + 1, p7->attrs_len - 1);
	hash_out(p7->hash, &c, hv);
	return CMS_OK;
}

/* BearSSL's key structs take non-const pointers; it never writes through them. */
static unsigned char *unconst(const uint8_t *p)
{
	unsigned char *q;

	memcpy(&q, &p, sizeof(q));
	return q;
}

/* The signature over @hv with certificate @c's key, then its keyUsage. */
static int verify_with(const struct pkcs7 *p7, const struct ts_cert *c, const uint8_t *hv,
		       size_t dlen)
{
	switch (p7->sigalg) {
	case PKCS7_SIG_RSA_PKCS1: {
		br_rsa_public_key pk;
		uint8_t out[HASH_MAX_LEN];

		if (c->key_kind != TS_KEY_RSA)
			return CMS_EKEY;
		if (c->key_bits < 2048 || c->key_bits > 4096)
			return CMS_EKEYSIZE;
		pk.n = unconst(c->n);
		pk.nlen = c->nlen;
		pk.e = unconst(c->e);
		pk.elen = c->elen;
		if (!br_rsa_i31_pkcs1_vrfy(p7->sig, p7->sig_len, hash_oid(p7->hash), dlen, &pk,
					   out) ||
		    memcmp(out, hv, dlen) != 0)
			return CMS_ESIG;
		break;
	}
	case PKCS7_SIG_ECDSA: {
		br_ec_public_key pk;

		if (c->key_kind != TS_KEY_EC)
			return CMS_EKEY;
		pk.curve = c->curve;
		pk.q = unconst(c->q);
		pk.qlen = c->qlen;
		if (!br_ecdsa_i31_vrfy_asn1(&br_ec_prime_i31, hv, dlen, &pk, p7->sig, p7->sig_len))
			return CMS_ESIG;
		break;
	}
	default:
		return CMS_EALG;
	}
	/* No validity dates: the firmware has no trusted clock (sigverify.h). */
	if (!c->key_usage_ok)
		return CMS_EKEYUSAGE;
	return CMS_OK;
}

static int finish(struct sig_result *res, int err, uint16_t rc)
{
	res->err = err;
	res->rc = rc;
	res->verified = err == SIG_OK;
	return err;
}

int sig_verify(const struct trust_store *ts, absaddr_t data, uint64_t len, absaddr_t sig,
	       uint32_t sig_len, struct sig_result *res)
{
	uint8_t dig[HASH_MAX_LEN], hv[HASH_MAX_LEN];
	const uint8_t *sp;
	struct pkcs7 p7;
	size_t dlen;
	bool want256;
	int rc;

	memset(res, 0, sizeof(*res));
	if (ts->ncert == 0)
		return finish(res, SIG_ENOCERT, SIG_RC_NO_CERTS);
	if (len == 0 || data == 0 || len > SIG_MAX_DATA_LEN)
		return finish(res, SIG_ELEN, SIG_RC_INVAL_COMP_DATA);
	if (sig_len == 0 || sig == 0 || sig_len > SIG_MAX_SIG_LEN)
		return finish(res, SIG_ELEN, SIG_RC_INVAL_PKCS7_SIG);
	sp = sig + sig_len > sig ? abs_to_ptr(sig, sig_len) : NULL;
	if (!sp)
		return finish(res, SIG_EMEM, SIG_RC_FAIL_VERIF);
	rc = pkcs7_parse(sp, sig_len, &p7);
	if (rc) {
		res->detail = rc;
		return finish(res, rc == CMS_EALG ? SIG_EALG : SIG_EFORMAT, SIG_RC_FAIL_VERIF);
	}
	/* The extra SHA-256 costs as much as the digest itself: only for a deny list. */
	want256 = ts->ndeny_sha256 > 0 || p7.hash == PKCS7_HASH_SHA256;
	rc = hash_range(data, len, p7.hash, dig, &dlen, want256 ? res->data_sha256 : NULL);
	if (rc)
		return finish(res, rc, SIG_RC_FAIL_VERIF);
	res->have_data_sha256 = want256;
	rc = signed_digest(&p7, dig, dlen, hv);
	if (rc) {
		res->detail = rc;
		return finish(res, SIG_EDIGEST, SIG_RC_FAIL_VERIF);
	}

	res->detail = CMS_EKEY;
	for (unsigned int i = 0; i < ts->ncert; i++) {
		if (ts->cert[i].denied)
			continue;
		rc = verify_with(&p7, &ts->cert[i], hv, dlen);
		res->detail = rc;
		if (rc == CMS_OK) {
			res->cert_index = i;
			res->cert_len = ts->cert[i].der_len;
			return finish(res, SIG_OK, SIG_RC_OK);
		}
	}
	/* Not verified: say so more precisely if a denied certificate signed it. */
	for (unsigned int i = 0; i < ts->ncert; i++) {
		if (ts->cert[i].denied && verify_with(&p7, &ts->cert[i], hv, dlen) == CMS_OK) {
			res->denied = res->deny_in_trusted = true;
			res->deny_index = i;
			return finish(res, SIG_EDENIED, SIG_RC_FAIL_VERIF);
		}
	}
	for (unsigned int i = 0; i < ts->ndeny_cert; i++) {
		if (verify_with(&p7, &ts->deny_cert[i], hv, dlen) == CMS_OK) {
			res->denied = true;
			res->deny_index = i;
			return finish(res, SIG_EDENIED, SIG_RC_FAIL_VERIF);
		}
	}
	return finish(res, SIG_EVERIFY, SIG_RC_FAIL_VERIF);
}

const char *sig_strerror(int err)
{
	switch (err) {
	case SIG_OK: return "verified";
	case SIG_ELEN: return "invalid data or signature length";
	case SIG_EMEM: return "data or signature outside memory";
	case SIG_EFORMAT: return "signature is not a DER PKCS#7 detached signature";
	case SIG_EALG: return "signature algorithm not supported";
	case SIG_ENOCERT: return "no certificate enrolled";
	case SIG_EDIGEST: return "message digest does not match the data";
	case SIG_EVERIFY: return "no enrolled certificate verifies the signature";
	case SIG_EDENIED: return "signed with a denied certificate";
	case SIG_ESTORE: return "enrolled certificate store is malformed";
	}
	return "unknown error";
}
