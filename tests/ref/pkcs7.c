/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Detached CMS / PKCS#7 SignedData (RFC 5652) as Linux sign-file writes it,
 * read strictly (crypto/pkcs7.c, shared with the firmware), and verified against one certificate the way QEMU's DIAG 508
 * does through GnuTLS gnutls_pkcs7_verify_direct(): first SignerInfo only, no
 * signer-identifier match (the certificate's key simply has to verify), the
 * messageDigest attribute when signed attributes are present, then the
 * certificate's validity dates and keyUsage. Accepted algorithms: RSASSA-
 * PKCS1-v1_5 with 2048..4096-bit keys and ECDSA on P-256/P-384/P-521, with
 * SHA-256/384/512.
 */
#include <string.h>

#include <bearssl.h>

#include "ref_int.h"

size_t ref_hash_buf(enum ref_hash h, const void *data, size_t len, uint8_t *out)
{
	union {
		br_sha256_context s256;
		br_sha384_context s384;
		br_sha512_context s512;
	} c;

	switch (h) {
	case REF_HASH_SHA256:
		br_sha256_init(&c.s256);
		br_sha256_update(&c.s256, data, len);
		br_sha256_out(&c.s256, out);
		return br_sha256_SIZE;
	case REF_HASH_SHA384:
		br_sha384_init(&c.s384);
		br_sha384_update(&c.s384, data, len);
		br_sha384_out(&c.s384, out);
		return br_sha384_SIZE;
	case REF_HASH_SHA512:
		br_sha512_init(&c.s512);
		br_sha512_update(&c.s512, data, len);
		br_sha512_out(&c.s512, out);
		return br_sha512_SIZE;
	case REF_HASH_NONE:
		break;
	}
	return 0;
}

static const br_hash_class *hash_class(enum ref_hash h)
{
	switch (h) {
	case REF_HASH_SHA256: return &br_sha256_vtable;
	case REF_HASH_SHA384: return &br_sha384_vtable;
	case REF_HASH_SHA512: return &br_sha512_vtable;
	case REF_HASH_NONE: break;
	}
	return NULL;
}

static const unsigned char *hash_oid(enum ref_hash h)
{
	switch (h) {
	case REF_HASH_SHA256: return BR_HASH_OID_SHA256;
	case REF_HASH_SHA384: return BR_HASH_OID_SHA384;
	case REF_HASH_SHA512: return BR_HASH_OID_SHA512;
	case REF_HASH_NONE: break;
	}
	return NULL;
}

/* @dig = hash of the component with p7->hash (computed once per DIAG 508). */
static int verify_digest(const struct ref_pkcs7 *p7, const struct ref_cert *c, const uint8_t *dig,
			 size_t dlen, int64_t now)
{
	const br_hash_class *hc = hash_class(p7->hash);
	br_hash_compat_context hctx;
	uint8_t hv[64], out[64];
	int rc;

	if (!hc || dlen > sizeof(hv))
		return REF_EALG;
	if (p7->attrs) {
		/* GnuTLS: signed data = the attributes with the [0] tag turned into SET */
		const uint8_t set = DER_SET;

		if (p7->msg_digest_len != dlen || memcmp(p7->msg_digest, dig, dlen) != 0)
			return REF_EDIGEST;
		hc->init(&hctx.vtable);
		hc->update(&hctx.vtable, &set, 1);
		hc->update(&hctx.vtable, p7->attrs + 1, p7->attrs_len - 1);
		hc->out(&hctx.vtable, hv);
	} else {
		memcpy(hv, dig, dlen);
	}

	switch (p7->sigalg) {
	case REF_SIG_RSA_PKCS1: {
		br_rsa_public_key pk;

		if (c->key_kind != REF_KEY_RSA)
			return REF_EKEY;
		if (c->key_bits < 2048 || c->key_bits > 4096)
			return REF_EKEYSIZE;
		pk.n = (unsigned char *)c->rsa_n;
		pk.nlen = c->rsa_nlen;
		pk.e = (unsigned char *)c->rsa_e;
		pk.elen = c->rsa_elen;
		if (!br_rsa_i31_pkcs1_vrfy(p7->sig, p7->sig_len, hash_oid(p7->hash), dlen, &pk,
					   out) ||
		    memcmp(out, hv, dlen) != 0)
			return REF_ESIG;
		break;
	}
	case REF_SIG_ECDSA: {
		br_ec_public_key pk;

		if (c->key_kind != REF_KEY_EC)
			return REF_EKEY;
		if (c->curve != BR_EC_secp256r1 && c->curve != BR_EC_secp384r1 &&
		    c->curve != BR_EC_secp521r1)
			return REF_EKEY;
		pk.curve = c->curve;
		pk.q = (unsigned char *)c->ec_q;
		pk.qlen = c->ec_qlen;
		if (!br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hv, dlen, &pk, p7->sig, p7->sig_len))
			return REF_ESIG;
		break;
	}
	default:
		return REF_EALG;
	}

	/* gnutls_x509_crt_verify_data2(): dates, then keyUsage digitalSignature */
	rc = ref_cert_check_time(c, now);
	if (rc)
		return rc;
	if (c->has_key_usage && !(c->key_usage & 0x8000))
		return REF_EKEYUSAGE;
	return REF_OK;
}

int ref_pkcs7_verify(const struct ref_pkcs7 *p7, const struct ref_cert *c, const uint8_t *data,
		     size_t len, int64_t now)
{
	uint8_t dig[64];
	size_t dlen = ref_hash_buf(p7->hash, data, len, dig);

	if (!dlen)
		return REF_EALG;
	return verify_digest(p7, c, dig, dlen, now);
}

int ref_verify(const struct ref_certstore *cs, const uint8_t *comp, size_t comp_len,
	       const uint8_t *sig, size_t sig_len, int64_t now, unsigned int *idx)
{
	struct ref_pkcs7 p7;
	uint8_t dig[64];
	size_t dlen;
	int rc;

	rc = ref_pkcs7_parse(sig, sig_len, &p7);
	if (rc)
		return rc;
	dlen = ref_hash_buf(p7.hash, comp, comp_len, dig);
	if (!dlen)
		return REF_EALG;
	rc = REF_EKEY;
	for (unsigned int i = 0; i < cs->count; i++) {
		rc = verify_digest(&p7, &cs->certs[i], dig, dlen, now);
		if (rc == REF_OK) {
			*idx = i;
			return REF_OK;
		}
	}
	return rc;
}
