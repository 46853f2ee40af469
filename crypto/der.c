/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strict DER reader shared by the firmware and the reference hypervisor
 * (X.690 §8 and §10): every length is checked against the bytes that remain
 * at its level, lengths must
 * be definite and minimal, tags are single-byte, INTEGERs and OIDs minimal,
 * BOOLEAN TRUE is 0xFF, BIT STRING unused bits are zero, times are the DER
 * forms "YYMMDDHHMMSSZ" / "YYYYMMDDHHMMSSZ".
 */
#include "crypto/der.h"
#include "fw/string.h"

int der_get(struct der *d, struct der_tlv *t)
{
	size_t hdr, len;

	if (d->n < 2)
		return CMS_ETRUNC;
	if ((d->p[0] & 0x1f) == 0x1f)
		return CMS_ETAG; /* high tag numbers: not used by CMS or X.509 */
	if (d->p[1] < 0x80) {
		len = d->p[1];
		hdr = 2;
	} else if (d->p[1] == 0x80) {
		return CMS_EINDEF;
	} else {
		size_t k = d->p[1] & 0x7f;

		if (k > 4)
			return CMS_ETRUNC; /* no buffer here is 4 GiB long */
		if (d->n - 2 < k)
			return CMS_ETRUNC;
		if (d->p[2] == 0)
			return CMS_ENONMIN;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | d->p[2 + i];
		if (len < 0x80)
			return CMS_ENONMIN;
		hdr = 2 + k;
	}
	if (len > d->n - hdr)
		return CMS_ETRUNC;
	t->tag = d->p[0];
	t->raw = d->p;
	t->raw_len = hdr + len;
	t->val = d->p + hdr;
	t->len = len;
	d->p += hdr + len;
	d->n -= hdr + len;
	return CMS_OK;
}

int der_expect(struct der *d, uint8_t tag, struct der_tlv *t)
{
	if (d->n == 0)
		return CMS_ETRUNC;
	if (d->p[0] != tag)
		return CMS_ETAG;
	return der_get(d, t);
}

int der_optional(struct der *d, uint8_t tag, struct der_tlv *t, bool *present)
{
	*present = der_peek(d, tag);
	return *present ? der_get(d, t) : CMS_OK;
}

int der_end(const struct der *d)
{
	return d->n == 0 ? CMS_OK : CMS_ETRAIL;
}

int der_check_oid(const struct der_tlv *t)
{
	if (t->tag != DER_OID || t->len == 0)
		return CMS_EVALUE;
	if (t->val[t->len - 1] & 0x80)
		return CMS_EVALUE; /* last subidentifier unterminated */
	for (size_t i = 0; i < t->len; i++) {
		/* a subidentifier may not start with 0x80 (non-minimal) */
		if (t->val[i] == 0x80 && (i == 0 || !(t->val[i - 1] & 0x80)))
			return CMS_EVALUE;
	}
	return CMS_OK;
}

bool der_oid_is(const struct der_tlv *t, const uint8_t *oid, size_t len)
{
	return t->tag == DER_OID && t->len == len && memcmp(t->val, oid, len) == 0;
}

int der_check_integer(const struct der_tlv *t)
{
	if (t->tag != DER_INTEGER || t->len == 0)
		return CMS_EVALUE;
	if (t->len > 1 && ((t->val[0] == 0x00 && !(t->val[1] & 0x80)) ||
			   (t->val[0] == 0xff && (t->val[1] & 0x80))))
		return CMS_ENONMIN;
	return CMS_OK;
}

int der_get_uint(const struct der_tlv *t, uint32_t *v)
{
	int rc = der_check_integer(t);
	uint64_t x = 0;

	if (rc)
		return rc;
	if (t->val[0] & 0x80)
		return CMS_EVALUE; /* negative */
	if (t->len > 5 || (t->len == 5 && t->val[0] != 0))
		return CMS_EVALUE;
	for (size_t i = 0; i < t->len; i++)
		x = x << 8 | t->val[i];
	*v = (uint32_t)x;
	return CMS_OK;
}

int der_get_bool(const struct der_tlv *t, bool *v)
{
	if (t->tag != DER_BOOLEAN || t->len != 1 || (t->val[0] != 0 && t->val[0] != 0xff))
		return CMS_EVALUE;
	*v = t->val[0] != 0;
	return CMS_OK;
}

int der_check_bit_string(const struct der_tlv *t)
{
	uint8_t unused;

	if (t->tag != DER_BIT_STRING || t->len == 0)
		return CMS_EVALUE;
	unused = t->val[0];
	if (unused > 7 || (t->len == 1 && unused != 0))
		return CMS_EVALUE;
	if (t->len > 1 && (t->val[t->len - 1] & ((1u << unused) - 1)))
		return CMS_EVALUE;
	return CMS_OK;
}

int der_algorithm(struct der *d, struct der_tlv *oid, struct der_tlv *params, bool *has_params)
{
	struct der_tlv seq;
	struct der in;
	int rc;

	rc = der_expect(d, DER_SEQUENCE, &seq);
	if (rc)
		return rc;
	in = der_inner(&seq);
	rc = der_expect(&in, DER_OID, oid);
	if (rc)
		return rc;
	rc = der_check_oid(oid);
	if (rc)
		return rc;
	*has_params = !der_empty(&in);
	if (*has_params) {
		rc = der_get(&in, params);
		if (rc)
			return rc;
	}
	return der_end(&in);
}

int der_set_cmp(const struct der_tlv *a, const struct der_tlv *b)
{
	size_t n = a->raw_len > b->raw_len ? a->raw_len : b->raw_len;

	/* X.690 §11.6: compare as octet strings, the shorter padded with 0s. */
	for (size_t i = 0; i < n; i++) {
		unsigned int x = i < a->raw_len ? a->raw[i] : 0;
		unsigned int y = i < b->raw_len ? b->raw[i] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int64_t der_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	/* Days between 1970-01-01 and y-m-d (proleptic Gregorian). */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool digits(const uint8_t *p, size_t n, unsigned int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*v = *v * 10 + (p[i] - '0');
	}
	return true;
}

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int der_get_time(const struct der_tlv *t, int64_t *secs)
{
	static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned int y, mo, d, h, mi, s;
	const uint8_t *p = t->val;
	size_t ylen;

	if (t->tag == DER_UTC_TIME && t->len == 13)
		ylen = 2;
	else if (t->tag == DER_GENERALIZED_TIME && t->len == 15)
		ylen = 4;
	else
		return CMS_ETIME;
	if (p[t->len - 1] != 'Z' || !digits(p, ylen, &y) || !digits(p + ylen, 2, &mo) ||
	    !digits(p + ylen + 2, 2, &d) || !digits(p + ylen + 4, 2, &h) ||
	    !digits(p + ylen + 6, 2, &mi) || !digits(p + ylen + 8, 2, &s))
		return CMS_ETIME;
	if (ylen == 2)
		y += y < 50 ? 2000 : 1900; /* RFC 5280 §4.1.2.5.1 */
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59)
		return CMS_ETIME;
	if (d > (unsigned int)mdays[mo - 1] + (mo == 2 && leap(y)))
		return CMS_ETIME;
	*secs = der_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return CMS_OK;
}
