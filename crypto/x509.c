// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strict X.509 certificate reader (RFC 5280 §4.1) on crypto/der.c: the
 * outer structure (tbsCertificate, signatureAlgorithm, signatureValue), the
 * version, serial number, validity (DER UTCTime/GeneralizedTime), the
 * SubjectPublicKeyInfo with the RSA key (RFC 8017 RSAPublicKey) or EC point,
 * and the keyUsage extension. Nothing else is interpreted; the certificate's
 * own signature is not checked (a trust anchor is trusted as enrolled).
 */
#include "crypto/der.h"
#include "crypto/x509.h"
#include "fw/string.h"

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static void parse_rsa_key(struct x509_info *xi, const uint8_t *p, size_t n)
{
	struct der top = der_init(p, n), in;
	struct der_tlv seq, mod, exp;
	unsigned int top_byte;

	if (der_expect(&top, DER_SEQUENCE, &seq) || der_end(&top))
		return;
	in = der_inner(&seq);
	if (der_expect(&in, DER_INTEGER, &mod) || der_check_integer(&mod) ||
	    der_expect(&in, DER_INTEGER, &exp) || der_check_integer(&exp) || der_end(&in))
		return;
	if ((mod.val[0] & 0x80) || (exp.val[0] & 0x80))
		return; /* negative */
	if (mod.val[0] == 0) {
		mod.val++;
		mod.len--;
	}
	if (exp.val[0] == 0) {
		exp.val++;
		exp.len--;
	}
	if (mod.len == 0 || exp.len == 0 || exp.len > 8)
		return;
	xi->rsa_n = mod.val;
	xi->rsa_nlen = mod.len;
	xi->rsa_e = exp.val;
	xi->rsa_elen = exp.len;
	xi->rsa_bits = (unsigned int)(mod.len - 1) * 8;
	for (top_byte = mod.val[0]; top_byte; top_byte >>= 1)
		xi->rsa_bits++;
}

static int parse_spki(struct x509_info *xi, const struct der_tlv *spki)
{
	const struct {
		const uint8_t *oid;
		size_t len;
		enum x509_key_alg alg;
	} algs[] = {
		{ OID_RSA_ENCRYPTION, X509_KEY_RSA },
		{ OID_RSA_PSS, X509_KEY_RSA_PSS },
		{ OID_DSA, X509_KEY_DSA },
		{ OID_ED25519, X509_KEY_ED25519 },
		{ OID_ED448, X509_KEY_ED448 },
		{ OID_EC_PUBLIC_KEY, X509_KEY_EC },
	};
	const struct {
		const uint8_t *oid;
		size_t len;
		unsigned int curve;
	} curves[] = {
		{ OID_P256, X509_CURVE_P256 },
		{ OID_P384, X509_CURVE_P384 },
		{ OID_P521, X509_CURVE_P521 },
		{ OID_P192, X509_CURVE_P192 },
		{ OID_P224, X509_CURVE_P224 },
	};
	struct der in = der_inner(spki);
	struct der_tlv oid, params, key;
	bool has_params;
	int rc;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (!rc)
		rc = der_expect(&in, DER_BIT_STRING, &key);
	if (!rc)
		rc = der_check_bit_string(&key);
	if (!rc)
		rc = der_end(&in);
	if (rc)
		return rc;
	xi->spki = spki->raw;
	xi->spki_len = spki->raw_len;
	xi->key_alg = X509_KEY_OTHER;
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++)
		if (der_oid_is(&oid, algs[i].oid, algs[i].len))
			xi->key_alg = algs[i].alg;
	if (xi->key_alg == X509_KEY_EC && has_params && params.tag == DER_OID)
		for (size_t i = 0; i < ARRAY_SIZE(curves); i++)
			if (der_oid_is(&params, curves[i].oid, curves[i].len))
				xi->curve = curves[i].curve;
	/* key.val[0] is the unused-bits count, 0 for every key type here */
	if (key.len < 2 || key.val[0] != 0)
		return CMS_OK;
	if (xi->key_alg == X509_KEY_RSA)
		parse_rsa_key(xi, key.val + 1, key.len - 1);
	else if (xi->key_alg == X509_KEY_EC) {
		xi->ec_q = key.val + 1;
		xi->ec_qlen = key.len - 1;
	}
	return CMS_OK;
}

static int parse_extensions(struct x509_info *xi, const struct der_tlv *exts)
{
	struct der outer = der_inner(exts), in;
	struct der_tlv seq;
	int rc;

	rc = der_expect(&outer, DER_SEQUENCE, &seq);
	if (!rc)
		rc = der_end(&outer);
	if (rc)
		return rc;
	in = der_inner(&seq);
	if (der_empty(&in))
		return CMS_EVALUE; /* SIZE (1..MAX) */
	while (!der_empty(&in)) {
		struct der_tlv ext, oid, crit, val;
		struct der e;
		bool has_crit, critical = false;

		rc = der_expect(&in, DER_SEQUENCE, &ext);
		if (rc)
			return rc;
		e = der_inner(&ext);
		rc = der_expect(&e, DER_OID, &oid);
		if (!rc)
			rc = der_check_oid(&oid);
		if (!rc)
			rc = der_optional(&e, DER_BOOLEAN, &crit, &has_crit);
		if (!rc && has_crit)
			rc = der_get_bool(&crit, &critical);
		if (!rc)
			rc = der_expect(&e, DER_OCTET_STRING, &val);
		if (!rc)
			rc = der_end(&e);
		if (rc)
			return rc;
		(void)critical; /* an explicit FALSE (not DER) is accepted, as GnuTLS does */
		if (der_oid_is(&oid, OID_KEY_USAGE)) {
			struct der kv = der_inner(&val);
			struct der_tlv bits;

			if (xi->has_key_usage)
				return CMS_EVALUE; /* duplicate extension */
			rc = der_expect(&kv, DER_BIT_STRING, &bits);
			if (!rc)
				rc = der_check_bit_string(&bits);
			if (!rc)
				rc = der_end(&kv);
			if (rc)
				return rc;
			xi->has_key_usage = true;
			xi->key_usage = (uint16_t)((bits.len > 1 ? bits.val[1] << 8 : 0) |
						   (bits.len > 2 ? bits.val[2] : 0));
		}
	}
	return CMS_OK;
}

int x509_parse(const uint8_t *der, size_t len, struct x509_info *xi)
{
	struct der top = der_init(der, len), cert, tbs, v;
	struct der_tlv t_cert, t_tbs, t, oid, params, validity, spki;
	bool has, has_params;
	uint32_t version = 0;
	int rc;

	memset(xi, 0, sizeof(*xi));
	rc = der_expect(&top, DER_SEQUENCE, &t_cert);
	if (!rc)
		rc = der_end(&top);
	if (rc)
		return rc;
	cert = der_inner(&t_cert);
	rc = der_expect(&cert, DER_SEQUENCE, &t_tbs);
	if (!rc)
		rc = der_algorithm(&cert, &oid, &params, &has_params);
	if (!rc)
		rc = der_expect(&cert, DER_BIT_STRING, &t);
	if (!rc)
		rc = der_check_bit_string(&t);
	if (!rc)
		rc = der_end(&cert);
	if (rc)
		return rc;

	tbs = der_inner(&t_tbs);
	rc = der_optional(&tbs, DER_CTX_CONS(0), &t, &has);
	if (rc)
		return rc;
	if (has) {
		struct der ver = der_inner(&t);
		struct der_tlv vi;

		rc = der_expect(&ver, DER_INTEGER, &vi);
		if (!rc)
			rc = der_get_uint(&vi, &version);
		if (!rc)
			rc = der_end(&ver);
		if (rc)
			return rc;
		if (version > 2)
			return CMS_EVERSION;
	}
	xi->version = version;
	rc = der_expect(&tbs, DER_INTEGER, &t); /* serialNumber */
	if (!rc)
		rc = der_check_integer(&t);
	if (!rc)
		rc = der_algorithm(&tbs, &oid, &params, &has_params); /* signature */
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &t); /* issuer */
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &validity);
	if (rc)
		return rc;
	v = der_inner(&validity);
	rc = der_get(&v, &t);
	if (!rc)
		rc = der_get_time(&t, &xi->not_before);
	if (!rc)
		rc = der_get(&v, &t);
	if (!rc)
		rc = der_get_time(&t, &xi->not_after);
	if (!rc)
		rc = der_end(&v);
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &t); /* subject */
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &spki);
	if (!rc)
		rc = parse_spki(xi, &spki);
	if (rc)
		return rc;

	rc = der_optional(&tbs, DER_CTX_PRIM(1), &t, &has); /* issuerUniqueID */
	if (!rc)
		rc = der_optional(&tbs, DER_CTX_PRIM(2), &t, &has); /* subjectUniqueID */
	if (!rc)
		rc = der_optional(&tbs, DER_CTX_CONS(3), &t, &has);
	if (rc)
		return rc;
	if (has) {
		if (version != 2)
			return CMS_EVERSION;
		rc = parse_extensions(xi, &t);
		if (rc)
			return rc;
	}
	return der_end(&tbs);
}
