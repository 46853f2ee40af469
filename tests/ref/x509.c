/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Certificates of the reference certificate store: the first PEM object named
 * CERTIFICATE (or X509 CERTIFICATE) of a file, as GnuTLS imports it for QEMU;
 * the firmware's strict X.509 reader (crypto/x509.c: validity,
 * SubjectPublicKeyInfo for the key id, keyUsage); the public key from
 * BearSSL's X.509 decoder, compared with the reader's; and the
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

/* Cross-check with BearSSL's decoder and take the public key from it. */
static int bearssl_key(struct ref_cert *c)
{
	br_x509_decoder_context *dc;
	const br_x509_pkey *pk;
	int64_t epoch0 = -der_days_from_civil(0, 1, 1); /* BearSSL: days since 0000-01-01 */
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
	struct x509_info xi;
	br_sha256_context h;
	int rc;

	c->der = malloc(len ? len : 1);
	if (!c->der)
		return REF_ENOMEM;
	memcpy(c->der, der, len);
	c->der_len = len;
	rc = x509_parse(c->der, len, &xi); /* the firmware's reader (crypto/x509.c) */
	if (rc)
		return rc;
	c->not_before = xi.not_before;
	c->not_after = xi.not_after;
	c->has_key_usage = xi.has_key_usage;
	c->key_usage = xi.key_usage;
	/* GnuTLS computes key ids for these algorithms and curves only */
	c->key_type = REF_VCE_KEYTYPE_SELF_DESCRIBING;
	switch (xi.key_alg) {
	case X509_KEY_RSA:
	case X509_KEY_RSA_PSS:
	case X509_KEY_DSA:
	case X509_KEY_ED25519:
	case X509_KEY_ED448:
		c->key_id_ok = true;
		break;
	case X509_KEY_EC:
		c->key_id_ok = xi.curve != X509_CURVE_NONE;
		if (xi.curve == X509_CURVE_P521)
			c->key_type = REF_VCE_KEYTYPE_ECDSA_P521;
		break;
	case X509_KEY_OTHER:
		break;
	}
	br_sha256_init(&h);
	br_sha256_update(&h, xi.spki, xi.spki_len);
	br_sha256_out(&h, c->key_id);
	br_sha256_init(&h);
	br_sha256_update(&h, c->der, c->der_len);
	br_sha256_out(&h, c->fingerprint);
	rc = bearssl_key(c);
	if (rc)
		return rc;
	/* The firmware takes the key from crypto/x509.c, this side from
	 * BearSSL's decoder: they must agree. */
	if (c->key_kind == REF_KEY_RSA &&
	    (!xi.rsa_n || xi.rsa_nlen > c->rsa_nlen || xi.rsa_bits != c->key_bits || xi.rsa_elen != c->rsa_elen ||
	     memcmp(xi.rsa_e, c->rsa_e, xi.rsa_elen) != 0 ||
	     memcmp(xi.rsa_n, c->rsa_n + c->rsa_nlen - xi.rsa_nlen, xi.rsa_nlen) != 0))
		return REF_EKEY;
	if (c->key_kind == REF_KEY_EC &&
	    (xi.curve != (unsigned int)c->curve || xi.ec_qlen != c->ec_qlen ||
	     memcmp(xi.ec_q, c->ec_q, xi.ec_qlen) != 0))
		return REF_EKEY;
	return REF_OK;
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
