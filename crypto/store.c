// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The enrolled trust store (include/abi/enroll.h): a strict parser of the
 * image's ".enroll" section. Everything the enrollment tool writes is
 * checked again here, so a hand-edited or damaged image is refused, not
 * half-used: a checksum over the used part, exact lengths and counts, zero
 * reserved bytes, padding and tail, and certificates that parse strictly
 * with a key the verifier supports.
 */
#include <bearssl_hash.h>

#include "crypto/der.h"
#include "crypto/sigverify.h"
#include "crypto/x509.h"
#include "fw/endian.h"
#include "fw/string.h"

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* SHA-256 of [0, total) with the checksum field read as zeros. */
static void store_checksum(const uint8_t *a, size_t total, uint8_t out[SIG_SHA256_LEN])
{
	static const uint8_t zero[SIG_SHA256_LEN];
	const size_t off = __builtin_offsetof(struct enroll_header, checksum);
	br_sha256_context h;

	br_sha256_init(&h);
	br_sha256_update(&h, a, off);
	br_sha256_update(&h, zero, sizeof(zero));
	br_sha256_update(&h, a + off + SIG_SHA256_LEN, total - off - SIG_SHA256_LEN);
	br_sha256_out(&h, out);
}

/* One certificate: strict X.509 with RSA 2048..4096 or EC P-256/384/521. */
static int parse_cert(struct ts_cert *c, const uint8_t *der, uint32_t len, const char **why)
{
	struct x509_info xi;
	br_sha256_context h;

	memset(c, 0, sizeof(*c));
	if (len == 0 || len > ENROLL_MAX_CERT_LEN) {
		*why = "certificate length out of range";
		return SIG_ESTORE;
	}
	if (x509_parse(der, len, &xi)) {
		*why = "certificate is not a strict DER X.509 certificate";
		return SIG_ESTORE;
	}
	c->der = der;
	c->der_len = len;
	br_sha256_init(&h);
	br_sha256_update(&h, der, len);
	br_sha256_out(&h, c->sha256);
	if (xi.key_alg == X509_KEY_RSA && xi.rsa_n && xi.rsa_bits >= 2048 && xi.rsa_bits <= 4096) {
		c->key_kind = TS_KEY_RSA;
		c->key_bits = (uint16_t)xi.rsa_bits;
		c->n = xi.rsa_n;
		c->nlen = (uint32_t)xi.rsa_nlen;
		c->e = xi.rsa_e;
		c->elen = (uint32_t)xi.rsa_elen;
	} else if (xi.key_alg == X509_KEY_EC && xi.ec_q &&
		   (xi.curve == X509_CURVE_P256 || xi.curve == X509_CURVE_P384 ||
		    xi.curve == X509_CURVE_P521)) {
		c->key_kind = TS_KEY_EC;
		c->curve = (uint8_t)xi.curve;
		c->key_bits = xi.curve == X509_CURVE_P256 ? 256 : xi.curve == X509_CURVE_P384 ? 384 : 521;
		c->q = xi.ec_q;
		c->qlen = (uint32_t)xi.ec_qlen;
	} else {
		*why = "certificate key is not RSA 2048..4096 or ECDSA P-256/P-384/P-521";
		return SIG_ESTORE;
	}
	c->key_usage_ok = !xi.has_key_usage || (xi.key_usage & X509_KU_DIGITAL_SIGNATURE);
	return SIG_OK;
}

static int fail(struct trust_store *ts, const char **why, const char *msg)
{
	memset(ts, 0, sizeof(*ts));
	if (why)
		*why = msg;
	return SIG_ESTORE;
}

int trust_store_parse(struct trust_store *ts, const void *area, size_t len, const char **why)
{
	const uint8_t *a = area;
	const struct enroll_header *h = area;
	uint8_t sum[SIG_SHA256_LEN];
	unsigned int ncert, ndeny, nsha, seen[4] = { 0 };
	const char *msg = NULL;
	uint32_t total;
	size_t off;
	uint8_t last_type = 0;

	memset(ts, 0, sizeof(*ts));
	if (len != ENROLL_AREA_SIZE)
		return fail(ts, why, "store area has the wrong size");
	if (memcmp(h->magic, ENROLL_MAGIC, ENROLL_MAGIC_LEN) != 0)
		return fail(ts, why, "store magic missing");
	if (be32_to_cpu(h->version) != ENROLL_VERSION)
		return fail(ts, why, "store version not supported");
	if (be32_to_cpu(h->hdr_len) != sizeof(*h) || be32_to_cpu(h->size) != ENROLL_AREA_SIZE)
		return fail(ts, why, "store header or area length wrong");
	total = be32_to_cpu(h->total_len);
	if (total < sizeof(*h) || total > ENROLL_AREA_SIZE || total % ENROLL_ENTRY_ALIGN)
		return fail(ts, why, "store length out of range");
	if (h->mode > ENROLL_MODE_STRICT)
		return fail(ts, why, "store mode unknown");
	if (!all_zero(h->reserved, sizeof(h->reserved)) ||
	    !all_zero(h->reserved2, sizeof(h->reserved2)))
		return fail(ts, why, "store reserved bytes not zero");
	if (!all_zero(a + total, ENROLL_AREA_SIZE - total))
		return fail(ts, why, "bytes after the store's end not zero");
	ncert = be16_to_cpu(h->ncert);
	ndeny = be16_to_cpu(h->ndeny_cert);
	nsha = be16_to_cpu(h->ndeny_sha256);

	if (h->mode == ENROLL_MODE_NONE) {
		if (total != sizeof(*h) || ncert || ndeny || nsha ||
		    !all_zero(h->checksum, sizeof(h->checksum)))
			return fail(ts, why, "unenrolled store is not empty");
		return SIG_OK;
	}
	store_checksum(a, total, sum);
	if (memcmp(sum, h->checksum, sizeof(sum)) != 0)
		return fail(ts, why, "store checksum mismatch");
	if (ncert == 0)
		return fail(ts, why, "no certificate enrolled");
	if (ncert > ENROLL_MAX_CERTS || ndeny > ENROLL_MAX_DENY_CERTS ||
	    nsha > ENROLL_MAX_DENY_SHA256)
		return fail(ts, why, "too many store entries");

	for (off = sizeof(*h); off < total;) {
		const struct enroll_entry *e = (const struct enroll_entry *)(a + off);
		uint32_t dlen, padded;
		const uint8_t *data;
		int rc = SIG_OK;

		if (total - off < sizeof(*e))
			return fail(ts, why, "store entry header truncated");
		dlen = be32_to_cpu(e->len);
		if (e->type < ENROLL_ENTRY_CERT || e->type > ENROLL_ENTRY_DENY_SHA256)
			return fail(ts, why, "store entry type unknown");
		if (e->type < last_type)
			return fail(ts, why, "store entries out of order");
		if (!all_zero(e->reserved, sizeof(e->reserved)))
			return fail(ts, why, "store entry reserved bytes not zero");
		if (dlen > total - off - sizeof(*e))
			return fail(ts, why, "store entry runs past the store's end");
		padded = (uint32_t)ALIGN_UP(dlen, ENROLL_ENTRY_ALIGN);
		if (padded > total - off - sizeof(*e))
			return fail(ts, why, "store entry padding runs past the store's end");
		data = a + off + sizeof(*e);
		if (!all_zero(data + dlen, padded - dlen))
			return fail(ts, why, "store entry padding not zero");
		last_type = e->type;
		switch (e->type) {
		case ENROLL_ENTRY_CERT:
			if (seen[1] == ncert)
				return fail(ts, why, "more certificates than the header says");
			rc = parse_cert(&ts->cert[seen[1]], data, dlen, &msg);
			break;
		case ENROLL_ENTRY_DENY_CERT:
			if (seen[2] == ndeny)
				return fail(ts, why, "more denied certificates than the header says");
			rc = parse_cert(&ts->deny_cert[seen[2]], data, dlen, &msg);
			break;
		default:
			if (seen[3] == nsha)
				return fail(ts, why, "more denied digests than the header says");
			if (dlen != SIG_SHA256_LEN)
				return fail(ts, why, "denied digest is not 32 bytes");
			if (seen[3] == 0)
				ts->deny_sha256 = data;
			break;
		}
		if (rc)
			return fail(ts, why, msg);
		seen[e->type]++;
		off += sizeof(*e) + padded;
	}
	if (seen[1] != ncert || seen[2] != ndeny || seen[3] != nsha)
		return fail(ts, why, "store entry counts do not match the header");

	ts->mode = h->mode;
	ts->ncert = ncert;
	ts->ndeny_cert = ndeny;
	ts->ndeny_sha256 = nsha;
	for (unsigned int i = 0; i < ncert; i++)
		for (unsigned int j = 0; j < ndeny; j++)
			if (!memcmp(ts->cert[i].sha256, ts->deny_cert[j].sha256, SIG_SHA256_LEN))
				ts->cert[i].denied = true;
	return SIG_OK;
}

int trust_store_init_enrolled(struct trust_store *ts, const char **why)
{
	return trust_store_parse(ts, enroll_area(), ENROLL_AREA_SIZE, why);
}

int trust_store_cert_der(const struct trust_store *ts, unsigned int idx, const uint8_t **der,
			 uint32_t *len)
{
	if (idx >= ts->ncert)
		return SIG_ENOCERT;
	*der = ts->cert[idx].der;
	*len = ts->cert[idx].der_len;
	return SIG_OK;
}

bool trust_store_sha256_denied(const struct trust_store *ts, const uint8_t digest[SIG_SHA256_LEN])
{
	for (unsigned int i = 0; i < ts->ndeny_sha256; i++)
		if (!memcmp(ts->deny_sha256 + i * SIG_SHA256_LEN, digest, SIG_SHA256_LEN))
			return true;
	return false;
}
