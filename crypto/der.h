/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A strict, bounds-checked DER reader (X.690 §8/§10) for CMS and X.509,
 * shared by the firmware (crypto/) and the reference hypervisor (tests/ref):
 * definite minimal lengths, single-byte tags, exact tag bytes (so primitive
 * and constructed forms are enforced), minimal INTEGERs and OIDs, DER
 * BOOLEAN, BIT STRING and times. No allocation, no host headers; every read
 * is checked against the bytes that remain at its level.
 */
#ifndef CRYPTO_DER_H
#define CRYPTO_DER_H

#include "fw/types.h"

/* Errors of the readers (negative; 0 = success). tests/ref's enum ref_err
 * uses the same values. */
enum cms_err {
	CMS_OK = 0,
	CMS_ETRUNC = -1,     /* a length runs past its container */
	CMS_EINDEF = -2,     /* indefinite length (BER, not DER) */
	CMS_ENONMIN = -3,    /* non-minimal length or integer encoding */
	CMS_ETAG = -4,       /* unexpected or unsupported tag */
	CMS_ETRAIL = -5,     /* bytes after the end of a structure */
	CMS_ETYPE = -6,      /* not ContentInfo(signedData) / not a certificate */
	CMS_EALG = -7,       /* unknown, unsupported or inconsistent algorithm */
	CMS_EVERSION = -8,   /* unsupported version number */
	CMS_ECONTENT = -9,   /* encapsulated content present (not detached) */
	CMS_EATTR = -10,     /* signed attributes malformed */
	CMS_ENOSIGNER = -11, /* no SignerInfo */
	CMS_EKEY = -12,      /* key missing, unsupported or of the wrong type */
	CMS_EKEYSIZE = -13,  /* RSA modulus outside 2048..4096 bits */
	CMS_EDIGEST = -14,   /* messageDigest attribute does not match */
	CMS_ESIG = -15,      /* signature does not verify with the key */
	CMS_EEXPIRED = -16,  /* certificate expired */
	CMS_ENOTYET = -17,   /* certificate not yet valid */
	CMS_EKEYUSAGE = -18, /* keyUsage present without digitalSignature */
	CMS_ETIME = -23,     /* malformed UTCTime / GeneralizedTime */
	CMS_EVALUE = -24,    /* malformed primitive value (OID, BOOLEAN, ...) */
};

/* A cursor over the bytes still to be read at one nesting level. */
struct der {
	const uint8_t *p;
	size_t n;
};

/* One element: tag byte, the whole encoding (raw) and its contents (val). */
struct der_tlv {
	uint8_t tag;
	const uint8_t *raw;
	size_t raw_len;
	const uint8_t *val;
	size_t len;
};

#define DER_BOOLEAN 0x01
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_UTC_TIME 0x17
#define DER_GENERALIZED_TIME 0x18
#define DER_SEQUENCE 0x30
#define DER_SET 0x31
#define DER_CTX_CONS(n) (0xa0 | (n)) /* [n] constructed */
#define DER_CTX_PRIM(n) (0x80 | (n)) /* [n] primitive */

static inline struct der der_init(const uint8_t *p, size_t n)
{
	struct der d = { p, n };
	return d;
}

static inline struct der der_inner(const struct der_tlv *t)
{
	return der_init(t->val, t->len);
}

static inline bool der_empty(const struct der *d)
{
	return d->n == 0;
}

static inline bool der_peek(const struct der *d, uint8_t tag)
{
	return d->n > 0 && d->p[0] == tag;
}

/* der_get - read the next element of any tag. */
int der_get(struct der *d, struct der_tlv *t);
/* der_expect - read the next element; it must carry @tag. */
int der_expect(struct der *d, uint8_t tag, struct der_tlv *t);
/* der_optional - read the next element if it carries @tag; *present says so. */
int der_optional(struct der *d, uint8_t tag, struct der_tlv *t, bool *present);
/* der_end - nothing may follow at this level. */
int der_end(const struct der *d);

/* Primitive value checks. */
int der_check_oid(const struct der_tlv *t);
bool der_oid_is(const struct der_tlv *t, const uint8_t *oid, size_t len);
int der_check_integer(const struct der_tlv *t);
int der_get_uint(const struct der_tlv *t, uint32_t *v);
int der_get_bool(const struct der_tlv *t, bool *v);
int der_check_bit_string(const struct der_tlv *t);
int der_get_time(const struct der_tlv *t, int64_t *secs);

/* X.690 DER order of SET OF elements (a < b: negative). */
int der_set_cmp(const struct der_tlv *a, const struct der_tlv *b);

/*
 * der_algorithm - AlgorithmIdentifier ::= SEQUENCE { OID, params ANY OPTIONAL }.
 * *params is set when parameters are present.
 */
int der_algorithm(struct der *d, struct der_tlv *oid, struct der_tlv *params, bool *has_params);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t der_days_from_civil(int64_t y, unsigned int m, unsigned int d);

#define OID(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Object identifiers (contents octets only). */
#define OID_SIGNED_DATA OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02)
#define OID_CT_DATA OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01)
#define OID_ATTR_CONTENT_TYPE OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03)
#define OID_ATTR_MESSAGE_DIGEST OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04)
#define OID_SHA256 OID(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01)
#define OID_SHA384 OID(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02)
#define OID_SHA512 OID(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03)
#define OID_RSA_ENCRYPTION OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)
#define OID_RSA_PSS OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a)
#define OID_SHA256_RSA OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)
#define OID_SHA384_RSA OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c)
#define OID_SHA512_RSA OID(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d)
#define OID_EC_PUBLIC_KEY OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01)
#define OID_ECDSA_SHA256 OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02)
#define OID_ECDSA_SHA384 OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03)
#define OID_ECDSA_SHA512 OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04)
#define OID_DSA OID(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01)
#define OID_ED25519 OID(0x2b, 0x65, 0x70)
#define OID_ED448 OID(0x2b, 0x65, 0x71)
#define OID_P192 OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01)
#define OID_P224 OID(0x2b, 0x81, 0x04, 0x00, 0x21)
#define OID_P256 OID(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07)
#define OID_P384 OID(0x2b, 0x81, 0x04, 0x00, 0x22)
#define OID_P521 OID(0x2b, 0x81, 0x04, 0x00, 0x23)
#define OID_KEY_USAGE OID(0x55, 0x1d, 0x0f)

#endif
