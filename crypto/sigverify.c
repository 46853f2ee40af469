// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Placeholder of the in-firmware verifier so callers can be written against
 * crypto/sigverify.h; it parses nothing and verifies nothing.
 */
#include "crypto/sigverify.h"
#include "fw/string.h"

int trust_store_parse(struct trust_store *ts, const void *area, size_t len, const char **why)
{
	(void)area;
	(void)len;
	memset(ts, 0, sizeof(*ts));
	if (why)
		*why = "trust store parser not built yet";
	return SIG_ESTORE;
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

int sig_verify(const struct trust_store *ts, absaddr_t data, uint64_t len, absaddr_t sig,
	       uint32_t sig_len, struct sig_result *res)
{
	(void)ts;
	(void)data;
	(void)len;
	(void)sig;
	(void)sig_len;
	memset(res, 0, sizeof(*res));
	res->rc = SIG_RC_FAIL_VERIF;
	res->err = SIG_EVERIFY;
	return res->err;
}

int sig_sha256_range(absaddr_t data, uint64_t len, uint8_t out[SIG_SHA256_LEN])
{
	(void)data;
	(void)len;
	memset(out, 0, SIG_SHA256_LEN);
	return SIG_EMEM;
}

const char *sig_strerror(int err)
{
	(void)err;
	return "not implemented";
}
