/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Detached CMS / PKCS#7 SignedData (RFC 5652) as Linux's sign-file and zipl
 * write it, read strictly (crypto/der.h): ContentInfo(signedData), version
 * 1/3/4/5, no encapsulated content, certificates and CRLs skipped, the first
 * SignerInfo decoded in full (version 1 issuerAndSerialNumber or version 3
 * subjectKeyIdentifier), digest SHA-256/384/512, signature algorithm
 * rsaEncryption / id-ecPublicKey (hash from digestAlgorithm) or a combined
 * OID naming the same hash, signed attributes in DER SET OF order with
 * messageDigest exactly once and contentType at most once (equal to
 * eContentType). Shared by the firmware and tests/ref; no allocation.
 */
#include "crypto/der.h"
#include "crypto/pkcs7.h"
#include "fw/string.h"

static enum pkcs7_hash digest_alg(const struct der_tlv *oid)
{
	if (der_oid_is(oid, OID_SHA256))
		return PKCS7_HASH_SHA256;
	if (der_oid_is(oid, OID_SHA384))
		return PKCS7_HASH_SHA384;
	if (der_oid_is(oid, OID_SHA512))
		return PKCS7_HASH_SHA512;
	return PKCS7_HASH_NONE;
}

/* Parameters of a digest or signature AlgorithmIdentifier: absent or NULL. */
static int no_params(bool has, const struct der_tlv *p)
{
	return !has || (p->tag == DER_NULL && p->len == 0) ? CMS_OK : CMS_EALG;
}

/*
 * signatureAlgorithm: a bare key algorithm takes its hash from
 * digestAlgorithm; a combined one must name the same hash (RFC 5754 §3).
 */
__attribute__((noinline)) static int signature_alg(const struct der_tlv *oid, enum pkcs7_hash dh, struct pkcs7 *p7)
{
	const struct {
		const uint8_t *oid;
		size_t len;
		enum pkcs7_sigalg alg;
		enum pkcs7_hash hash;
	} tab[] = {
		{ OID_RSA_ENCRYPTION, PKCS7_SIG_RSA_PKCS1, PKCS7_HASH_NONE },
		{ OID_SHA256_RSA, PKCS7_SIG_RSA_PKCS1, PKCS7_HASH_SHA256 },
		{ OID_SHA384_RSA, PKCS7_SIG_RSA_PKCS1, PKCS7_HASH_SHA384 },
		{ OID_SHA512_RSA, PKCS7_SIG_RSA_PKCS1, PKCS7_HASH_SHA512 },
		{ OID_EC_PUBLIC_KEY, PKCS7_SIG_ECDSA, PKCS7_HASH_NONE },
		{ OID_ECDSA_SHA256, PKCS7_SIG_ECDSA, PKCS7_HASH_SHA256 },
		{ OID_ECDSA_SHA384, PKCS7_SIG_ECDSA, PKCS7_HASH_SHA384 },
		{ OID_ECDSA_SHA512, PKCS7_SIG_ECDSA, PKCS7_HASH_SHA512 },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!der_oid_is(oid, tab[i].oid, tab[i].len))
			continue;
		if (tab[i].hash != PKCS7_HASH_NONE && tab[i].hash != dh)
			return CMS_EALG;
		p7->sigalg = tab[i].alg;
		p7->hash = dh;
		return CMS_OK;
	}
	return CMS_EALG;
}

/* signedAttrs: DER SET OF Attribute; messageDigest once, contentType at most once. */
__attribute__((noinline)) static int parse_attrs(const struct der_tlv *attrs, struct pkcs7 *p7)
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
			return CMS_EATTR; /* not in DER SET OF order */
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
			return CMS_EATTR; /* SET SIZE (1..MAX) */
		if (der_oid_is(&type, OID_ATTR_MESSAGE_DIGEST)) {
			if (p7->msg_digest)
				return CMS_EATTR;
			rc = der_expect(&vs, DER_OCTET_STRING, &v);
			if (!rc)
				rc = der_end(&vs);
			if (rc)
				return rc == CMS_ETRAIL ? CMS_EATTR : rc;
			p7->msg_digest = v.val;
			p7->msg_digest_len = v.len;
		} else if (der_oid_is(&type, OID_ATTR_CONTENT_TYPE)) {
			if (have_ct)
				return CMS_EATTR;
			have_ct = true;
			rc = der_expect(&vs, DER_OID, &v);
			if (!rc)
				rc = der_end(&vs);
			if (rc)
				return rc == CMS_ETRAIL ? CMS_EATTR : rc;
			/* GnuTLS: must equal encapContentInfo.eContentType */
			if (v.raw_len != p7->econtent_type_len ||
			    memcmp(v.raw, p7->econtent_type, v.raw_len) != 0)
				return CMS_EATTR;
		} else {
			while (!der_empty(&vs)) {
				rc = der_get(&vs, &v);
				if (rc)
					return rc;
			}
		}
	}
	return p7->msg_digest ? CMS_OK : CMS_EATTR;
}

__attribute__((noinline)) static int parse_signer(const struct der_tlv *si, struct pkcs7 *p7)
{
	struct der in = der_inner(si);
	struct der_tlv t, oid, params, attrs = { 0 }, sig;
	enum pkcs7_hash dh;
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
			return CMS_EVERSION;
	} else {
		/* subjectKeyIdentifier [0] IMPLICIT OCTET STRING */
		rc = der_expect(&in, DER_CTX_PRIM(0), &t);
		if (rc)
			return rc;
		p7->sid_is_skid = true;
		if (version != 3)
			return CMS_EVERSION;
	}
	p7->si_version = version;
	p7->sid = t.val;
	p7->sid_len = t.len;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (rc)
		return rc;
	dh = digest_alg(&oid);
	if (dh == PKCS7_HASH_NONE || no_params(has_params, &params))
		return CMS_EALG;

	rc = der_optional(&in, DER_CTX_CONS(0), &attrs, &has);
	if (rc)
		return rc;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (rc)
		return rc;
	if (no_params(has_params, &params))
		return CMS_EALG;
	rc = signature_alg(&oid, dh, p7);
	if (rc)
		return rc;

	rc = der_expect(&in, DER_OCTET_STRING, &sig);
	if (rc)
		return rc;
	if (sig.len == 0)
		return CMS_EVALUE;
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
	return CMS_OK;
}

int pkcs7_parse(const uint8_t *buf, size_t len, struct pkcs7 *p7)
{
	struct der top = der_init(buf, len), ci, sd, eci, set;
	struct der_tlv t, ct, content, sdseq, oid, params;
	bool has, has_params;
	uint32_t version;
	unsigned int digest_algs;
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
		return CMS_ETYPE;
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
		return CMS_EVERSION;
	p7->sd_version = version;

	rc = der_expect(&sd, DER_SET, &t);
	if (rc)
		return rc;
	set = der_inner(&t);
	digest_algs = 0;
	while (!der_empty(&set)) {
		enum pkcs7_hash h;

		rc = der_algorithm(&set, &oid, &params, &has_params);
		if (rc)
			return rc;
		h = digest_alg(&oid);
		if (h != PKCS7_HASH_NONE && !no_params(has_params, &params))
			digest_algs |= 1u << h;
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
		return der_peek(&eci, DER_CTX_CONS(0)) ? CMS_ECONTENT : CMS_ETAG;

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
		return CMS_ENOSIGNER;
	/* The signer's digest must be announced in digestAlgorithms (RFC 5652
	 * §5.1; OpenSSL refuses otherwise, and so do we). */
	if (!(digest_algs & (1u << p7->hash)))
		return CMS_EALG;
	return CMS_OK;
}
