/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Certificates of the reference certificate store: the first PEM object named
 * CERTIFICATE (or X509 CERTIFICATE) of a file, as GnuTLS imports it for QEMU;
 * a strict DER walk of the X.509 structure (validity, SubjectPublicKeyInfo for
 * the key id, keyUsage); the public key from BearSSL's X.509 decoder; and the
 * DIAG 320 Verification Certificate Entry built from it.
 */
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "fw/endian.h"
#include "ref_int.h"

_Static_assert(sizeof(((struct ref_cert *)0)->key_buf) == BR_X509_BUFSIZE_KEY,
	       "key_buf must hold a BearSSL decoded key");

struct growbuf {
	uint8_t *p;
	size_t len, cap;
	bool oom;
};

static void growbuf_append(void *ctx, const void *src, size_t len)
{
	struct growbuf *b = ctx;

	if (b->oom)
		return;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 2048;
		uint8_t *p;

		while (cap < b->len + len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, src, len);
	b->len += len;
}

/* The DER bytes of the first certificate object of a PEM file. */
static int pem_first_cert(const uint8_t *pem, size_t len, struct growbuf *out)
{
	br_pem_decoder_context pc;
	bool in_cert = false, done = false;
	const char *name;
	/* A final newline lets the decoder see an unterminated END line. */
	const uint8_t nl = '\n';
	const uint8_t *p = pem;
	size_t n = len;
	bool tail = false;

	br_pem_decoder_init(&pc);
	while (!done) {
		size_t used;

		if (n == 0) {
			if (tail)
				break;
			tail = true;
			p = &nl;
			n = 1;
		}
		used = br_pem_decoder_push(&pc, p, n);
		p += used;
		n -= used;
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			name = br_pem_decoder_name(&pc);
			if (!in_cert && (strcmp(name, "CERTIFICATE") == 0 ||
					 strcmp(name, "X509 CERTIFICATE") == 0)) {
				in_cert = true;
				br_pem_decoder_setdest(&pc, growbuf_append, out);
			} else {
				br_pem_decoder_setdest(&pc, NULL, NULL);
			}
			break;
		case BR_PEM_END_OBJ:
			if (in_cert)
				done = true;
			break;
		case BR_PEM_ERROR:
			return REF_ECERT;
		default:
			break;
		}
	}
	if (!done || out->len == 0)
		return REF_ECERT;
	return out->oom ? REF_ENOMEM : REF_OK;
}

/* SubjectPublicKeyInfo: which algorithms GnuTLS can compute a key id for. */
static int parse_spki(struct ref_cert *c, const struct der_tlv *spki)
{
	struct der in = der_inner(spki);
	struct der_tlv oid, params, key;
	bool has_params;
	int rc;

	rc = der_algorithm(&in, &oid, &params, &has_params);
	if (rc)
		return rc;
	rc = der_expect(&in, DER_BIT_STRING, &key);
	if (rc)
		return rc;
	rc = der_check_bit_string(&key);
	if (rc)
		return rc;
	rc = der_end(&in);
	if (rc)
		return rc;

	c->key_type = REF_VCE_KEYTYPE_SELF_DESCRIBING;
	if (der_oid_is(&oid, OID_RSA_ENCRYPTION) || der_oid_is(&oid, OID_RSA_PSS) ||
	    der_oid_is(&oid, OID_DSA) || der_oid_is(&oid, OID_ED25519) ||
	    der_oid_is(&oid, OID_ED448)) {
		c->key_id_ok = true;
	} else if (der_oid_is(&oid, OID_EC_PUBLIC_KEY) && has_params && params.tag == DER_OID) {
		c->key_id_ok = der_oid_is(&params, OID_P192) || der_oid_is(&params, OID_P224) ||
			       der_oid_is(&params, OID_P256) || der_oid_is(&params, OID_P384) ||
			       der_oid_is(&params, OID_P521);
		if (der_oid_is(&params, OID_P521))
			c->key_type = REF_VCE_KEYTYPE_ECDSA_P521;
	}
	return REF_OK;
}

static int parse_extensions(struct ref_cert *c, const struct der_tlv *exts)
{
	struct der outer = der_inner(exts), in;
	struct der_tlv seq;
	int rc;

	rc = der_expect(&outer, DER_SEQUENCE, &seq);
	if (rc)
		return rc;
	rc = der_end(&outer);
	if (rc)
		return rc;
	in = der_inner(&seq);
	if (der_empty(&in))
		return REF_EVALUE; /* SIZE (1..MAX) */
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

			if (c->has_key_usage)
				return REF_EVALUE; /* duplicate extension */
			rc = der_expect(&kv, DER_BIT_STRING, &bits);
			if (!rc)
				rc = der_check_bit_string(&bits);
			if (!rc)
				rc = der_end(&kv);
			if (rc)
				return rc;
			c->has_key_usage = true;
			c->key_usage = (uint16_t)((bits.len > 1 ? bits.val[1] << 8 : 0) |
						  (bits.len > 2 ? bits.val[2] : 0));
		}
	}
	return REF_OK;
}

/* Cross-check with BearSSL's decoder and take the public key from it. */
static int bearssl_key(struct ref_cert *c)
{
	br_x509_decoder_context *dc;
	const br_x509_pkey *pk;
	int64_t epoch0 = -ref_days_from_civil(0, 1, 1); /* BearSSL: days since 0000-01-01 */
	int rc = REF_OK;

	dc = malloc(sizeof(*dc));
	if (!dc)
		return REF_ENOMEM;
	br_x509_decoder_init(dc, NULL, NULL);
	br_x509_decoder_push(dc, c->der, c->der_len);
	pk = br_x509_decoder_get_pkey(dc);
	if (!pk)
		goto out; /* e.g. Ed25519, secp256k1, RSA > 4096: stored, never verifies */
	if (((int64_t)dc->notbefore_days - epoch0) * 86400 + dc->notbefore_seconds !=
		    c->not_before ||
	    ((int64_t)dc->notafter_days - epoch0) * 86400 + dc->notafter_seconds != c->not_after) {
		rc = REF_ETIME; /* our walker and BearSSL disagree: a bug on one side */
		goto out;
	}
	if (pk->key_type == BR_KEYTYPE_RSA) {
		const br_rsa_public_key *r = &pk->key.rsa;
		size_t skip = 0;

		if (r->nlen + r->elen > sizeof(c->key_buf))
			goto out;
		memcpy(c->key_buf, r->n, r->nlen);
		memcpy(c->key_buf + r->nlen, r->e, r->elen);
		c->rsa_n = c->key_buf;
		c->rsa_nlen = r->nlen;
		c->rsa_e = c->key_buf + r->nlen;
		c->rsa_elen = r->elen;
		while (skip < r->nlen && r->n[skip] == 0)
			skip++;
		c->key_bits = 0;
		if (skip < r->nlen) {
			unsigned int top = r->n[skip];

			c->key_bits = (unsigned int)(r->nlen - skip - 1) * 8;
			while (top) {
				c->key_bits++;
				top >>= 1;
			}
		}
		c->key_kind = REF_KEY_RSA;
	} else if (pk->key_type == BR_KEYTYPE_EC) {
		const br_ec_public_key *e = &pk->key.ec;

		if (e->qlen > sizeof(c->key_buf))
			goto out;
		memcpy(c->key_buf, e->q, e->qlen);
		c->ec_q = c->key_buf;
		c->ec_qlen = e->qlen;
		c->curve = e->curve;
		c->key_bits = e->curve == BR_EC_secp256r1 ? 256 :
			      e->curve == BR_EC_secp384r1 ? 384 :
			      e->curve == BR_EC_secp521r1 ? 521 : 0;
		c->key_kind = REF_KEY_EC;
	}
out:
	free(dc);
	return rc;
}

int ref_cert_parse_der(struct ref_cert *c, const uint8_t *der, size_t len)
{
	struct der top, cert, tbs, v;
	struct der_tlv t_cert, t_tbs, t, oid, params, validity, spki;
	br_sha256_context h;
	bool has, has_params;
	uint32_t version = 0;
	int rc;

	c->der = malloc(len ? len : 1);
	if (!c->der)
		return REF_ENOMEM;
	memcpy(c->der, der, len);
	c->der_len = len;
	top = der_init(c->der, len);

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
			return REF_EVERSION;
	}
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
		rc = der_get_time(&t, &c->not_before);
	if (!rc)
		rc = der_get(&v, &t);
	if (!rc)
		rc = der_get_time(&t, &c->not_after);
	if (!rc)
		rc = der_end(&v);
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &t); /* subject */
	if (!rc)
		rc = der_expect(&tbs, DER_SEQUENCE, &spki);
	if (!rc)
		rc = parse_spki(c, &spki);
	if (rc)
		return rc;
	br_sha256_init(&h);
	br_sha256_update(&h, spki.raw, spki.raw_len);
	br_sha256_out(&h, c->key_id);

	rc = der_optional(&tbs, DER_CTX_PRIM(1), &t, &has); /* issuerUniqueID */
	if (!rc)
		rc = der_optional(&tbs, DER_CTX_PRIM(2), &t, &has); /* subjectUniqueID */
	if (!rc)
		rc = der_optional(&tbs, DER_CTX_CONS(3), &t, &has);
	if (rc)
		return rc;
	if (has) {
		if (version != 2)
			return REF_EVERSION;
		rc = parse_extensions(c, &t);
		if (rc)
			return rc;
	}
	rc = der_end(&tbs);
	if (rc)
		return rc;

	br_sha256_init(&h);
	br_sha256_update(&h, c->der, c->der_len);
	br_sha256_out(&h, c->fingerprint);
	return bearssl_key(c);
}

int ref_cert_parse_pem(struct ref_cert *c, const void *pem, size_t len)
{
	struct growbuf b = { 0 };
	int rc = pem_first_cert(pem, len, &b);

	if (!rc)
		rc = ref_cert_parse_der(c, b.p, b.len);
	free(b.p);
	return rc;
}

void ref_cert_free(struct ref_cert *c)
{
	free(c->der);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

size_t ref_cert_data_size(const struct ref_cert *c)
{
	return REF_KEYID_LEN + REF_HASH_LEN + ALIGN_UP(c->der_len, (size_t)4);
}

int ref_cert_check_time(const struct ref_cert *c, int64_t now)
{
	/* QEMU qcrypto_x509_check_cert_times(): expiration < now, activation > now. */
	if (c->not_after < now)
		return REF_EEXPIRED;
	if (c->not_before > now)
		return REF_ENOTYET;
	return REF_OK;
}

size_t ref_vce_build(const struct ref_cert *c, unsigned int idx, int64_t now, uint8_t *buf,
		     size_t cap)
{
	size_t len = REF_VCE_CERT_OFFSET + ALIGN_UP(c->der_len, (size_t)4);

	if (cap < REF_VCE_HDR_LEN)
		return 0;
	memset(buf, 0, cap < len ? cap : len);
	put_be32(buf, REF_VCE_HDR_LEN);
	put_be16(buf + 0x06, (uint16_t)(idx + 1));
	memcpy(buf + 0x08, c->name, REF_CERT_NAME_LEN);
	/* QEMU checks the dates before it sets the key type. */
	if (ref_cert_check_time(c, now))
		goto invalid;
	buf[0x05] = c->key_type;
	if (!c->key_id_ok || len > cap || len > REF_VCE_MAX_LEN)
		goto invalid;
	put_be16(buf + 0x4a, REF_KEYID_LEN);
	memcpy(buf + REF_VCE_KEYID_OFFSET, c->key_id, REF_KEYID_LEN);
	buf[0x4d] = REF_VCE_HASHTYPE_SHA2_256;
	put_be16(buf + 0x4e, REF_HASH_LEN);
	put_be16(buf + 0x60, REF_VCE_HASH_OFFSET);
	memcpy(buf + REF_VCE_HASH_OFFSET, c->fingerprint, REF_HASH_LEN);
	buf[0x48] = REF_VCE_FORMAT_X509_DER;
	put_be32(buf + 0x54, (uint32_t)c->der_len);
	put_be16(buf + 0x62, REF_VCE_CERT_OFFSET);
	memcpy(buf + REF_VCE_CERT_OFFSET, c->der, c->der_len);
	buf[0x04] = REF_VCE_FLAGS_VALID;
	put_be32(buf, (uint32_t)len);
	return len;
invalid:
	/* Only the first 72 bytes (len, flags 0, key type, index, name) count. */
	put_be32(buf, REF_VCE_INVALID_LEN);
	return REF_VCE_INVALID_LEN;
}
