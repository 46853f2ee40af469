/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Detached CMS / PKCS#7 SignedData (RFC 5652) as Linux sign-file writes it,
 * read strictly, and verified against one certificate the way QEMU's DIAG 508
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

static enum ref_hash digest_alg(const struct der_tlv *oid)
{
	if (der_oid_is(oid, OID_SHA256))
		return REF_HASH_SHA256;
	if (der_oid_is(oid, OID_SHA384))
		return REF_HASH_SHA384;
	if (der_oid_is(oid, OID_SHA512))
		return REF_HASH_SHA512;
	return REF_HASH_NONE;
}

/* Parameters of a digest or signature AlgorithmIdentifier: absent or NULL. */
static int no_params(bool has, const struct der_tlv *p)
{
	return !has || (p->tag == DER_NULL && p->len == 0) ? REF_OK : REF_EALG;
}

/*
 * signatureAlgorithm: a bare key algorithm takes its hash from
 * digestAlgorithm; a combined one must name the same hash (RFC 5754 §3).
 */
static int signature_alg(const struct der_tlv *oid, enum ref_hash dh, struct ref_pkcs7 *p7)
{
	const struct {
		const uint8_t *oid;
		size_t len;
		enum ref_sigalg alg;
		enum ref_hash hash;
	} tab[] = {
		{ OID_RSA_ENCRYPTION, REF_SIG_RSA_PKCS1, REF_HASH_NONE },
		{ OID_SHA256_RSA, REF_SIG_RSA_PKCS1, REF_HASH_SHA256 },
		{ OID_SHA384_RSA, REF_SIG_RSA_PKCS1, REF_HASH_SHA384 },
		{ OID_SHA512_RSA, REF_SIG_RSA_PKCS1, REF_HASH_SHA512 },
		{ OID_EC_PUBLIC_KEY, REF_SIG_ECDSA, REF_HASH_NONE },
		{ OID_ECDSA_SHA256, REF_SIG_ECDSA, REF_HASH_SHA256 },
		{ OID_ECDSA_SHA384, REF_SIG_ECDSA, REF_HASH_SHA384 },
		{ OID_ECDSA_SHA512, REF_SIG_ECDSA, REF_HASH_SHA512 },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!der_oid_is(oid, tab[i].oid, tab[i].len))
			continue;
		if (tab[i].hash != REF_HASH_NONE && tab[i].hash != dh)
			return REF_EALG;
		p7->sigalg = tab[i].alg;
		p7->hash = dh;
		return REF_OK;
	}
	return REF_EALG;
}

/* signedAttrs: DER SET OF Attribute; messageDigest once, contentType at most once. */
static int parse_attrs(const struct der_tlv *attrs, struct ref_pkcs7 *p7)
{
	struct der in = der_inner(attrs);
	struct der_tlv prev = { 0 };
	bool have_prev = false, have_ct = false;
	int rc;

	while (!der_empty(&in)) {
		struct der_tlv attr, type, values, v;
		struct der a, vs;

		rc = der_expect(&in, DER_SEQUENCE, &attr);
		if (rc)
			return rc;
		if (have_prev && der_set_cmp(&prev, &attr) > 0)
			return REF_EATTR; /* not in DER SET OF order */
		prev = attr;
		have_prev = true;
		a = der_inner(&attr);
		rc = der_expect(&a, DER_OID, &type);
		if (!rc)
			rc = der_check_oid(&type);
		if (!rc)
			rc = der_expect(&a, DER_SET, &values);
		if (!rc)
			rc = der_end(&a);
		if (rc)
			return rc;
		vs = der_inner(&values);
		if (der_empty(&vs))
			return REF_EATTR; /* SET SIZE (1..MAX) */
		if (der_oid_is(&type, OID_ATTR_MESSAGE_DIGEST)) {
			if (p7->msg_digest)
				return REF_EATTR;
			rc = der_expect(&vs, DER_OCTET_STRING, &v);
			if (!rc)
				rc = der_end(&vs);
			if (rc)
				return rc == REF_ETRAIL ? REF_EATTR : rc;
			p7->msg_digest = v.val;
			p7->msg_digest_len = v.len;
		} else if (der_oid_is(&type, OID_ATTR_CONTENT_TYPE)) {
			if (have_ct)
				return REF_EATTR;
			have_ct = true;
			rc = der_expect(&vs, DER_OID, &v);
			if (!rc)
				rc = der_end(&vs);
			if (rc)
				return rc == REF_ETRAIL ? REF_EATTR : rc;
			/* GnuTLS: must equal encapContentInfo.eContentType */
			if (v.raw_len != p7->econtent_type_len ||
			    memcmp(v.raw, p7->econtent_type, v.raw_len) != 0)
				return REF_EATTR;
		} else {
			while (!der_empty(&vs)) {
				rc = der_get(&vs, &v);
				if (rc)
					return rc;
			}
		}
	}
	return p7->msg_digest ? REF_OK : REF_EATTR;
}

static int parse_signer(const struct der_tlv *si, struct ref_pkcs7 *p7)
{
	struct der in = der_inner(si);
	struct der_tlv t, oid, params, attrs = { 0 }, sig;
	enum ref_hash dh;
	bool has, has_params;
	uint32_t version;
	int rc;

	rc = der_expect(&in, DER_INTEGER, &t);
	if (!rc)
		rc = der_get_uint(&t, &version);
	if (rc)
		return rc;
	if (der_peek(&in, DER_SEQUENCE)) {
		/* issuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber } */
		struct der ias;
		struct der_tlv name, serial;

		rc = der_get(&in, &t);
		if (rc)
			return rc;
		ias = der_inner(&t);
		rc = der_expect(&ias, DER_SEQUENCE, &name);
		if (!rc)
			rc = der_expect(&ias, DER_INTEGER, &serial);
		if (!rc)
			rc = der_check_integer(&serial);
		if (!rc)
			rc = der_end(&ias);
		if (rc)
			return rc;
		p7->sid_is_skid = false;
		if (version != 1)
			return REF_EVERSION;
	} else {
		/* subjectKeyIdentifier [0] IMPLICIT OCTET STRING */
		rc = der_expect(&in, DER_CTX_PRIM(0), &t);
		if (rc)
			return rc;
		p7->sid_is_skid = true;
		if (version != 3)
			return REF_EVERSION;
	}
	p7->si_version = version;
	p7->sid = t.val;
	p7->sid_len = t.len;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (rc)
		return rc;
	dh = digest_alg(&oid);
	if (dh == REF_HASH_NONE || no_params(has_params, &params))
		return REF_EALG;

	rc = der_optional(&in, DER_CTX_CONS(0), &attrs, &has);
	if (rc)
		return rc;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (rc)
		return rc;
	if (no_params(has_params, &params))
		return REF_EALG;
	rc = signature_alg(&oid, dh, p7);
	if (rc)
		return rc;

	rc = der_expect(&in, DER_OCTET_STRING, &sig);
	if (rc)
		return rc;
	if (sig.len == 0)
		return REF_EVALUE;
	p7->sig = sig.val;
	p7->sig_len = sig.len;

	rc = der_optional(&in, DER_CTX_CONS(1), &t, &has); /* unsignedAttrs: ignored */
	if (!rc)
		rc = der_end(&in);
	if (rc)
		return rc;
	if (attrs.raw) {
		p7->attrs = attrs.raw;
		p7->attrs_len = attrs.raw_len;
		return parse_attrs(&attrs, p7);
	}
	return REF_OK;
}

int ref_pkcs7_parse(const uint8_t *buf, size_t len, struct ref_pkcs7 *p7)
{
	struct der top = der_init(buf, len), ci, sd, eci, set;
	struct der_tlv t, ct, content, sdseq, oid, params;
	bool has, has_params;
	uint32_t version;
	int rc;

	memset(p7, 0, sizeof(*p7));

	/* ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT ANY } */
	rc = der_expect(&top, DER_SEQUENCE, &t);
	if (!rc)
		rc = der_end(&top);
	if (rc)
		return rc;
	ci = der_inner(&t);
	rc = der_expect(&ci, DER_OID, &ct);
	if (!rc)
		rc = der_check_oid(&ct);
	if (rc)
		return rc;
	if (!der_oid_is(&ct, OID_SIGNED_DATA))
		return REF_ETYPE;
	rc = der_expect(&ci, DER_CTX_CONS(0), &content);
	if (!rc)
		rc = der_end(&ci);
	if (rc)
		return rc;
	sd = der_inner(&content);
	rc = der_expect(&sd, DER_SEQUENCE, &sdseq);
	if (!rc)
		rc = der_end(&sd);
	if (rc)
		return rc;
	sd = der_inner(&sdseq);

	/* SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, ... } */
	rc = der_expect(&sd, DER_INTEGER, &t);
	if (!rc)
		rc = der_get_uint(&t, &version);
	if (rc)
		return rc;
	if (version != 1 && version != 3 && version != 4 && version != 5)
		return REF_EVERSION;
	p7->sd_version = version;

	rc = der_expect(&sd, DER_SET, &t);
	if (rc)
		return rc;
	set = der_inner(&t);
	while (!der_empty(&set)) {
		rc = der_algorithm(&set, &oid, &params, &has_params);
		if (rc)
			return rc;
	}

	rc = der_expect(&sd, DER_SEQUENCE, &t);
	if (rc)
		return rc;
	eci = der_inner(&t);
	rc = der_expect(&eci, DER_OID, &ct);
	if (!rc)
		rc = der_check_oid(&ct);
	if (rc)
		return rc;
	p7->econtent_type = ct.raw;
	p7->econtent_type_len = ct.raw_len;
	if (!der_empty(&eci))
		return der_peek(&eci, DER_CTX_CONS(0)) ? REF_ECONTENT : REF_ETAG;

	rc = der_optional(&sd, DER_CTX_CONS(0), &t, &has); /* certificates: skipped */
	if (!rc)
		rc = der_optional(&sd, DER_CTX_CONS(1), &t, &has); /* crls: skipped */
	if (rc)
		return rc;

	rc = der_expect(&sd, DER_SET, &t);
	if (!rc)
		rc = der_end(&sd);
	if (rc)
		return rc;
	set = der_inner(&t);
	while (!der_empty(&set)) {
		struct der_tlv si;

		rc = der_expect(&set, DER_SEQUENCE, &si);
		if (rc)
			return rc;
		if (p7->nsigners++ == 0) {
			rc = parse_signer(&si, p7);
			if (rc)
				return rc;
		}
	}
	if (p7->nsigners == 0)
		return REF_ENOSIGNER;
	return REF_OK;
}

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
