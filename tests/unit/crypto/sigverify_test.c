// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit and differential tests of the in-firmware verifier (crypto/):
 *   - the enrolled-store parser on stores built here (and hostile edits);
 *   - sig_verify() on PKCS#7 signatures made by the openssl CLI the way
 *     sign-file / tools/sign-component make them (RSA 2048/3072/4096,
 *     P-256/384/521, SHA-256/384/512, with and without signed attributes,
 *     issuer+serial and subjectKeyIdentifier signers), lengths, addresses,
 *     deny lists, keyUsage;
 *   - differential: the same signatures, and thousands of mutations of them,
 *     through the firmware verifier, the reference DIAG 0x508 (tests/ref,
 *     BearSSL's X.509 decoder and ec_all_m31) and `openssl cms -verify`.
 * Guest memory is a plain buffer behind abs_to_ptr().
 *
 * Env: CRYPTO_SRCDIR (repository top), CRYPTO_TMPDIR (scratch directory).
 * Arg: substring selecting tests. Output: PASS/FAIL/SKIP lines, then
 * "N passed, N failed, N skipped".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bearssl_hash.h>

#include "abi/enroll.h"
#include "crypto/der.h"
#include "crypto/pkcs7.h"
#include "crypto/sigverify.h"
#include "fw/endian.h"
#include "fw/machine.h"
#include "ref.h"
#include "../testutil.h"

#define RAM_SIZE (48u << 20)
#define DATA_ADDR 0x100000u
#define DATA_LEN (64u * 1024 + 512) /* not a multiple of the hash chunk */
#define SIG_ADDR 0x10000u
#define REAL_ADDR 0x1000000u /* components of the real-zipl disk */

static uint8_t *ram;
static const char *srcdir = ".";
static char tmpdir[1024];
static bool have_openssl_cms;

void *abs_to_ptr(absaddr_t addr, uint64_t len)
{
	if (addr > RAM_SIZE || len > RAM_SIZE - addr)
		return NULL;
	return ram + addr;
}

absaddr_t ptr_to_abs(const void *p)
{
	return (absaddr_t)((const uint8_t *)p - ram);
}

/* ---- fixtures ------------------------------------------------------------ */

static const char *const key_names[] = { "rsa2048", "rsa3072", "rsa4096", "p256", "p384", "p521" };
#define NKEYS 6

struct cert_file {
	uint8_t *der, *pem;
	size_t der_len, pem_len;
};
static struct cert_file certs[NKEYS + 4]; /* + nodigsig, expired, rsa2048-alt, rsa1024 */
#define C_NODIGSIG NKEYS
#define C_EXPIRED (NKEYS + 1)
#define C_ALT (NKEYS + 2)
#define C_RSA1024 (NKEYS + 3)
static const char *const extra_names[] = { "nodigsig", "expired", "rsa2048-alt", "rsa1024" };

static const char *cert_name(unsigned int i)
{
	return i < NKEYS ? key_names[i] : extra_names[i - NKEYS];
}

static uint8_t data[DATA_LEN];

static bool load_cert(unsigned int i)
{
	char pem[2048], der[2048];
	const char *n = cert_name(i);

	snprintf(pem, sizeof(pem), "%s/keys/certs/%s.pem", tmpdir, n);
	snprintf(der, sizeof(der), "%s/%s.der", tmpdir, n);
	if (sh("openssl x509 -in '%s' -outform DER -out '%s'", pem, der))
		return false;
	certs[i].pem = slurp(pem, &certs[i].pem_len);
	certs[i].der = slurp(der, &certs[i].der_len);
	return certs[i].pem && certs[i].der;
}

/* sign data.bin with key @k: @md, signed attributes or not, skid signer or not */
static uint8_t *sign(unsigned int k, const char *md, bool attrs, bool keyid, size_t *len)
{
	char out[2048];

	snprintf(out, sizeof(out), "%s/sig-%s-%s-%d%d.der", tmpdir, cert_name(k), md, attrs, keyid);
	if (access(out, R_OK) &&
	    sh("openssl cms -sign -binary -nocerts -nosmimecap %s %s -md %s -in '%s/data.bin' "
	       "-signer '%s/keys/certs/%s.pem' -inkey '%s/keys/keys/%s.pem' -outform DER -out '%s'",
	       attrs ? "" : "-noattr", keyid ? "-keyid" : "", md, tmpdir, tmpdir, cert_name(k),
	       tmpdir, cert_name(k), out))
		return NULL;
	return slurp(out, len);
}

/* ---- enrolled stores ----------------------------------------------------- */

static uint8_t area[ENROLL_AREA_SIZE];
static struct trust_store ts;

static size_t put_entry(size_t off, uint8_t type, const void *p, size_t n)
{
	struct enroll_entry e = { .type = type, .len = cpu_to_be32((uint32_t)n) };

	memcpy(area + off, &e, sizeof(e));
	memcpy(area + off + sizeof(e), p, n);
	return off + sizeof(e) + ALIGN_UP(n, (size_t)ENROLL_ENTRY_ALIGN);
}

static void seal(size_t total)
{
	ref_enroll_seal(area, total);
}

/* A store of certificates @tr (-1 ended), deny certs @dn, digests @dig (ref_enroll_build). */
static size_t build(uint8_t mode, const int *tr, const int *dn, const uint8_t *dig, unsigned int nd)
{
	static struct ref_cert rc[2][NKEYS + 4];
	const struct ref_cert *t[NKEYS + 4], *d[NKEYS + 4];
	unsigned int n = 0, m = 0;
	long total;

	for (; tr && tr[n] >= 0; n++) {
		rc[0][n].der = certs[tr[n]].der;
		rc[0][n].der_len = certs[tr[n]].der_len;
		t[n] = &rc[0][n];
	}
	for (; dn && dn[m] >= 0; m++) {
		rc[1][m].der = certs[dn[m]].der;
		rc[1][m].der_len = certs[dn[m]].der_len;
		d[m] = &rc[1][m];
	}
	total = ref_enroll_build(area, sizeof(area), mode, t, n, d, m, dig, nd);
	return total < 0 ? 0 : (size_t)total;
}

static int load(const char **why)
{
	return trust_store_parse(&ts, area, sizeof(area), why);
}

/* ---- verification helpers ----------------------------------------------- */

static int fw_verify(const uint8_t *sig, size_t sig_len, struct sig_result *res)
{
	memcpy(ram + SIG_ADDR, sig, sig_len);
	return sig_verify(&ts, DATA_ADDR, DATA_LEN, SIG_ADDR, (uint32_t)sig_len, res);
}

static struct ref_certstore refcs;

/* the reference store: the same certificates in the same order */
static bool ref_store(const int *tr)
{
	char err[256];

	ref_certstore_free(&refcs);
	ref_certstore_init(&refcs);
	for (unsigned int i = 0; tr[i] >= 0; i++)
		if (ref_certstore_add_pem(&refcs, cert_name((unsigned int)tr[i]), certs[tr[i]].pem,
					  certs[tr[i]].pem_len, err, sizeof(err)))
			return false;
	return true;
}

static int ref_check(const uint8_t *sig, size_t sig_len, unsigned int *idx)
{
	return ref_verify(&refcs, ram + DATA_ADDR, DATA_LEN, sig, sig_len, (int64_t)time(NULL), idx);
}

/* openssl cms -verify (signature only, no chain): 1 verified, 0 not, -1 error */
static int openssl_check(const uint8_t *sig, size_t sig_len, int cert)
{
	char p[2048];
	int rc;

	snprintf(p, sizeof(p), "%s/mut.der", tmpdir);
	if (!spit(p, sig, sig_len))
		return -1;
	rc = sh("openssl cms -verify -binary -noverify -inform DER -in '%s' -content '%s/data.bin' "
		"-certfile '%s/keys/certs/%s.pem' -out /dev/null 2>/dev/null",
		p, tmpdir, tmpdir, cert_name((unsigned int)cert));
	return rc == 0 ? 1 : rc > 0 ? 0 : -1;
}

/* ---- tests --------------------------------------------------------------- */

static const char *t_store_empty(void)
{
	const char *why = NULL;

	memcpy(area, enroll_area(), sizeof(area));
	CHECK(load(&why) == 0 && ts.mode == ENROLL_MODE_NONE && ts.ncert == 0,
	      "the image's empty store: %s", why);
	area[sizeof(struct enroll_header) + 5] = 1;
	CHECK(load(&why) == SIG_ESTORE, "garbage after an empty store accepted");
	return NULL;
}

static const char *t_store_parse(void)
{
	const int tr[] = { 0, 1, 2, 3, 4, 5, -1 }, dn[] = { 3, C_ALT, -1 };
	uint8_t dig[64];
	const char *why = NULL;
	size_t total;

	memset(dig, 0x5a, sizeof(dig));
	total = build(ENROLL_MODE_STRICT, tr, dn, dig, 2);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(ts.mode == ENROLL_MODE_STRICT && ts.ncert == 6 && ts.ndeny_cert == 2 &&
		      ts.ndeny_sha256 == 2,
	      "counts");
	CHECK(ts.cert[0].key_kind == TS_KEY_RSA && ts.cert[0].key_bits == 2048 &&
		      ts.cert[2].key_bits == 4096 && ts.cert[5].key_kind == TS_KEY_EC &&
		      ts.cert[5].key_bits == 521 && ts.cert[5].curve == 25,
	      "key kinds");
	CHECK(ts.cert[3].denied && !ts.cert[0].denied, "trusted-and-denied flag");
	CHECK(trust_store_sha256_denied(&ts, dig) && !trust_store_sha256_denied(&ts, data),
	      "deny digests");
	{
		const uint8_t *der;
		uint32_t len;

		CHECK(trust_store_cert_der(&ts, 4, &der, &len) == 0 && len == certs[4].der_len &&
			      !memcmp(der, certs[4].der, len),
		      "cert DER access");
		CHECK(trust_store_cert_der(&ts, 6, &der, &len) == SIG_ENOCERT, "index 6");
	}
	/* every single-byte change in the used part is refused (checksum or structure) */
	for (size_t i = 0; i < total; i++) {
		area[i] ^= 0x01;
		CHECK(load(&why) == SIG_ESTORE, "byte %zu flipped accepted", i);
		area[i] ^= 0x01;
	}
	/* structural defects with a valid checksum */
	area[sizeof(struct enroll_header) + 1] = 1; /* entry reserved byte */
	seal(total);
	CHECK(load(&why) == SIG_ESTORE && strstr(why, "reserved"), "entry reserved: %s", why);
	build(ENROLL_MODE_SECURE, tr, NULL, NULL, 0);
	((struct enroll_header *)area)->ncert = cpu_to_be16(5);
	seal(be32_to_cpu(((struct enroll_header *)area)->total_len));
	CHECK(load(&why) == SIG_ESTORE, "count mismatch accepted");
	build(ENROLL_MODE_SECURE, NULL, NULL, NULL, 0);
	CHECK(load(&why) == SIG_ESTORE && strstr(why, "no certificate"), "empty secure store: %s", why);
	{
		const int one[] = { C_RSA1024, -1 };

		build(ENROLL_MODE_SECURE, one, NULL, NULL, 0);
		CHECK(load(&why) == SIG_ESTORE && strstr(why, "RSA 2048"), "RSA-1024: %s", why);
	}
	{
		/* a certificate entry holding a truncated certificate */
		struct enroll_header *h = (struct enroll_header *)area;
		size_t off;

		build(ENROLL_MODE_SECURE, NULL, NULL, NULL, 0);
		off = put_entry(sizeof(*h), ENROLL_ENTRY_CERT, certs[0].der, certs[0].der_len - 1);
		h->ncert = cpu_to_be16(1);
		seal(off);
		CHECK(load(&why) == SIG_ESTORE && strstr(why, "X.509"), "truncated cert: %s", why);
	}
	{
		/* deny digest before a certificate: out of order */
		struct enroll_header *h = (struct enroll_header *)area;
		size_t off;

		build(ENROLL_MODE_SECURE, NULL, NULL, NULL, 0);
		off = put_entry(sizeof(*h), ENROLL_ENTRY_DENY_SHA256, dig, 32);
		off = put_entry(off, ENROLL_ENTRY_CERT, certs[0].der, certs[0].der_len);
		h->ncert = cpu_to_be16(1);
		h->ndeny_sha256 = cpu_to_be16(1);
		seal(off);
		CHECK(load(&why) == SIG_ESTORE && strstr(why, "order"), "order: %s", why);
	}
	return NULL;
}

/* every key x hash x attrs x signer form: firmware, reference, openssl agree */
static const char *t_verify_matrix(void)
{
	const char *const mds[] = { "sha256", "sha384", "sha512" };
	const int tr[] = { 0, 1, 2, 3, 4, 5, -1 };
	const char *why = NULL;
	unsigned int n = 0;

	build(ENROLL_MODE_SECURE, tr, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(ref_store(tr), "reference store");
	for (unsigned int k = 0; k < NKEYS; k++)
		for (unsigned int h = 0; h < 3; h++)
			for (unsigned int v = 0; v < 3; v++) {
				bool attrs = v == 1, keyid = v == 2;
				struct sig_result res;
				unsigned int idx = 99;
				size_t len;
				uint8_t *sig = sign(k, mds[h], attrs, keyid, &len);
				int rc, rrc;

				CHECK(sig, "openssl cms -sign %s %s", key_names[k], mds[h]);
				rc = fw_verify(sig, len, &res);
				CHECK(rc == 0 && res.verified && res.rc == SIG_RC_OK &&
					      res.cert_index == k && res.cert_len == certs[k].der_len,
				      "%s %s attrs=%d keyid=%d: %s (detail %d, index %u)",
				      key_names[k], mds[h], attrs, keyid, sig_strerror(rc),
				      res.detail, res.cert_index);
				rrc = ref_check(sig, len, &idx);
				CHECK(rrc == 0 && idx == k, "reference: %s", ref_strerror(rrc));
				if (have_openssl_cms)
					CHECK(openssl_check(sig, len, (int)k) == 1, "openssl disagrees");
				free(sig);
				n++;
			}
	CHECK(n == 54, "%u signatures", n);
	return NULL;
}

static const char *t_verify_refusals(void)
{
	const int only_p256[] = { 3, -1 };
	const char *why = NULL;
	struct sig_result res;
	size_t len;
	uint8_t *sig = sign(0, "sha256", false, false, &len);

	CHECK(sig, "sign");
	build(ENROLL_MODE_SECURE, only_p256, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(fw_verify(sig, len, &res) == SIG_EVERIFY && res.rc == SIG_RC_FAIL_VERIF &&
		      res.detail == CMS_EKEY,
	      "wrong certificate: %s", sig_strerror(res.err));
	memcpy(ram + SIG_ADDR, sig, len);
	CHECK(sig_verify(&ts, DATA_ADDR, 0, SIG_ADDR, (uint32_t)len, &res) == SIG_ELEN &&
		      res.rc == SIG_RC_INVAL_COMP_DATA,
	      "data length 0");
	CHECK(sig_verify(&ts, 0, DATA_LEN, SIG_ADDR, (uint32_t)len, &res) == SIG_ELEN &&
		      res.rc == SIG_RC_INVAL_COMP_DATA,
	      "data address 0");
	CHECK(sig_verify(&ts, DATA_ADDR, SIG_MAX_DATA_LEN + 1, SIG_ADDR, (uint32_t)len, &res) ==
			      SIG_ELEN && res.rc == SIG_RC_INVAL_COMP_DATA,
	      "data over 256 MiB");
	CHECK(sig_verify(&ts, DATA_ADDR, DATA_LEN, SIG_ADDR, 0, &res) == SIG_ELEN &&
		      res.rc == SIG_RC_INVAL_PKCS7_SIG,
	      "signature length 0");
	CHECK(sig_verify(&ts, DATA_ADDR, DATA_LEN, SIG_ADDR, 4097, &res) == SIG_ELEN &&
		      res.rc == SIG_RC_INVAL_PKCS7_SIG,
	      "signature length 4097");
	CHECK(sig_verify(&ts, DATA_ADDR, DATA_LEN, RAM_SIZE - 10, (uint32_t)len, &res) == SIG_EMEM,
	      "signature beyond memory");
	CHECK(sig_verify(&ts, RAM_SIZE - 4096, 8192, SIG_ADDR, (uint32_t)len, &res) == SIG_EMEM,
	      "data beyond memory");
	CHECK(sig_verify(&ts, ~0ULL - 100, 4096, SIG_ADDR, (uint32_t)len, &res) == SIG_EMEM,
	      "data address wraps");
	memset(&ts, 0, sizeof(ts));
	CHECK(fw_verify(sig, len, &res) == SIG_ENOCERT && res.rc == SIG_RC_NO_CERTS, "empty store");
	{
		/* tampered data: every hash, RSA and EC */
		const int tr[] = { 0, 5, -1 };

		build(ENROLL_MODE_SECURE, tr, NULL, NULL, 0);
		CHECK(load(&why) == 0, "store: %s", why);
		data[DATA_LEN - 1] ^= 1;
		memcpy(ram + DATA_ADDR, data, DATA_LEN);
		CHECK(fw_verify(sig, len, &res) == SIG_EVERIFY, "tampered data, RSA");
		free(sig);
		sig = sign(5, "sha512", true, false, &len);
		CHECK(sig && fw_verify(sig, len, &res) == SIG_EDIGEST, "tampered data, attrs: %s",
		      sig_strerror(res.err));
		data[DATA_LEN - 1] ^= 1;
		memcpy(ram + DATA_ADDR, data, DATA_LEN);
		CHECK(fw_verify(sig, len, &res) == 0, "restored data");
	}
	free(sig);
	return NULL;
}

static const char *t_verify_deny(void)
{
	const int tr[] = { 3, 0, -1 }, dn0[] = { 0, -1 }, tr2[] = { 3, -1 };
	const char *why = NULL;
	struct sig_result res;
	size_t len;
	uint8_t *sig = sign(0, "sha384", false, false, &len);
	uint8_t s256[32];
	br_sha256_context c;

	CHECK(sig, "sign");
	build(ENROLL_MODE_SECURE, tr, dn0, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(fw_verify(sig, len, &res) == SIG_EDENIED && res.denied && res.deny_in_trusted &&
		      res.deny_index == 1 && !res.verified,
	      "trusted and denied: %s", sig_strerror(res.err));
	build(ENROLL_MODE_SECURE, tr2, dn0, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(fw_verify(sig, len, &res) == SIG_EDENIED && res.denied && !res.deny_in_trusted &&
		      res.deny_index == 0,
	      "deny list only: %s", sig_strerror(res.err));
	/* the data's SHA-256 comes with the verification when there is a deny
	 * list of digests, also for SHA-384 signatures; without one it is not
	 * computed (it would double the time) */
	CHECK(!res.have_data_sha256, "SHA-256 computed without deny digests");
	br_sha256_init(&c);
	br_sha256_update(&c, data, DATA_LEN);
	br_sha256_out(&c, s256);
	{
		uint8_t other[32];

		memset(other, 0x11, sizeof(other));
		build(ENROLL_MODE_SECURE, tr2, dn0, other, 1);
		CHECK(load(&why) == 0, "store: %s", why);
		CHECK(fw_verify(sig, len, &res) == SIG_EDENIED && res.have_data_sha256 &&
			      !memcmp(res.data_sha256, s256, 32),
		      "data SHA-256 next to SHA-384");
	}
	{
		uint8_t out[32];

		CHECK(sig_sha256_range(DATA_ADDR, DATA_LEN, out) == 0 && !memcmp(out, s256, 32),
		      "sig_sha256_range");
		CHECK(sig_sha256_range(RAM_SIZE - 1, 2, out) == SIG_EMEM, "range beyond memory");
	}
	build(ENROLL_MODE_SECURE, tr2, NULL, s256, 1);
	CHECK(load(&why) == 0 && trust_store_sha256_denied(&ts, s256), "deny digest");
	free(sig);
	return NULL;
}

/* keyUsage and dates: where the firmware follows the reference, and where not */
static const char *t_verify_keyusage_dates(void)
{
	const int nd[] = { C_NODIGSIG, -1 }, ex[] = { C_EXPIRED, -1 };
	const char *why = NULL;
	struct sig_result res;
	unsigned int idx;
	size_t len;
	uint8_t *sig = sign(C_NODIGSIG, "sha256", false, false, &len);

	CHECK(sig, "sign");
	build(ENROLL_MODE_SECURE, nd, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(fw_verify(sig, len, &res) == SIG_EVERIFY && res.detail == CMS_EKEYUSAGE,
	      "keyUsage without digitalSignature verified");
	CHECK(ref_store(nd) && ref_check(sig, len, &idx) == REF_EKEYUSAGE, "reference keyUsage");
	free(sig);
	sig = sign(C_EXPIRED, "sha256", true, false, &len);
	CHECK(sig, "sign");
	build(ENROLL_MODE_SECURE, ex, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	/* documented: no trusted clock in the firmware, secure-ccw-enroll checks dates */
	CHECK(fw_verify(sig, len, &res) == 0, "expired certificate: the firmware ignores dates");
	CHECK(ref_store(ex) && ref_check(sig, len, &idx) == REF_EEXPIRED, "reference: expired");
	free(sig);
	return NULL;
}

/* Signer identity is not matched (DIAG 0x508): a certificate with the same key verifies. */
static const char *t_verify_no_sid_match(void)
{
	const int alt[] = { C_ALT, -1 };
	const char *why = NULL;
	struct sig_result res;
	unsigned int idx;
	size_t len;
	uint8_t *sig = sign(0, "sha256", false, false, &len);

	CHECK(sig, "sign");
	build(ENROLL_MODE_SECURE, alt, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(fw_verify(sig, len, &res) == 0, "same key, other name");
	CHECK(ref_store(alt) && ref_check(sig, len, &idx) == 0, "reference agrees");
	free(sig);
	return NULL;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/*
 * Mutated signatures: the firmware and the reference must give the same
 * verdict (and index) on every one; openssl is asked about a sample and must
 * never reject what the firmware accepts (mutations of the signer identifier
 * are left out there: openssl matches it, DIAG 0x508 does not).
 */
static const char *t_differential_mutations(void)
{
	const int tr[] = { 0, 1, 2, 3, 4, 5, -1 };
	const char *why = NULL;
	unsigned int total = 0, accepted = 0, asked = 0, stricter = 0;
	uint8_t mut[4200];

	build(ENROLL_MODE_SECURE, tr, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	CHECK(ref_store(tr), "reference store");
	for (unsigned int b = 0; b < 12; b++) {
		unsigned int k = b % NKEYS;
		bool attrs = b >= NKEYS;
		size_t len, sid_off = 0, sid_len = 0;
		uint8_t *sig = sign(k, b % 3 == 0 ? "sha256" : b % 3 == 1 ? "sha384" : "sha512",
				    attrs, false, &len);
		struct pkcs7 p7;

		CHECK(sig, "sign");
		if (pkcs7_parse(sig, len, &p7) == 0) {
			sid_off = (size_t)(p7.sid - sig);
			sid_len = p7.sid_len;
		}
		for (unsigned int m = 0; m < 250; m++) {
			size_t n = len, pos = rnd((uint32_t)len);
			struct sig_result res;
			unsigned int idx = 99;
			int fw, ref;

			memcpy(mut, sig, len);
			unsigned int kind = rnd(6);

			switch (kind) {
			case 0: mut[pos] ^= (uint8_t)(1u << rnd(8)); break;
			case 1: mut[pos] = (uint8_t)rnd(256); break;
			case 2: n = pos; break; /* truncate */
			case 3: /* insert a byte */
				memmove(mut + pos + 1, mut + pos, len - pos);
				mut[pos] = (uint8_t)rnd(256);
				n = len + 1;
				break;
			case 4: /* delete a byte */
				memmove(mut + pos, mut + pos + 1, len - pos - 1);
				n = len - 1;
				break;
			default: mut[pos] = rnd(2) ? 0x00 : 0x80; break;
			}
			if (n == 0)
				continue;
			fw = fw_verify(mut, n, &res);
			ref = ref_check(mut, n, &idx);
			CHECK((fw == 0) == (ref == 0), "base %u mutation %u: firmware %s, reference %s",
			      b, m, sig_strerror(fw), ref_strerror(ref));
			CHECK(fw != 0 || res.cert_index == idx, "index %u vs %u", res.cert_index, idx);
			total++;
			accepted += fw == 0;
			if (have_openssl_cms && m % 10 == 0 &&
			    !(pos >= sid_off && pos < sid_off + sid_len)) {
				int o = openssl_check(mut, n, (int)k);

				asked++;
				CHECK(o >= 0, "openssl did not run");
				CHECK(fw != 0 || o == 1,
				      "base %u mutation %u (kind %u at %zu of %zu, sid %zu+%zu): the firmware "
				      "accepts what openssl rejects", b, m, kind, pos, len, sid_off, sid_len);
				stricter += fw != 0 && o == 1;
			}
		}
		free(sig);
	}
	printf("     %u mutations: %u still verify in both; openssl asked %u times, "
	       "%u accepted by openssl only (stricter DER here)\n",
	       total, accepted, asked, stricter);
	return NULL;
}


/*
 * tools/sign-component (Linux sign-file's format, what zipl --secure cuts
 * apart): data + PKCS#7 + 12-byte info + magic; the signature found through
 * the trailer verifies over the data in the firmware.
 */
static const char *t_sign_component(void)
{
	const char *const variants[] = { "", "--attrs", "--keyid", "--hash sha512 --attrs --keyid" };
	const int tr[] = { 0, 4, -1 };
	const char *why = NULL;

	build(ENROLL_MODE_SECURE, tr, NULL, NULL, 0);
	CHECK(load(&why) == 0, "store: %s", why);
	for (unsigned int v = 0; v < 4; v++) {
		for (unsigned int k = 0; k < 2; k++) {
			const char *key = k ? "p384" : "rsa2048";
			char out[2048];
			struct sig_result res;
			uint8_t *f;
			size_t flen, slen;

			snprintf(out, sizeof(out), "%s/signed-%u-%u", tmpdir, v, k);
			CHECK(sh("'%s/tools/sign-component' %s '%s/keys/keys/%s.pem' "
				 "'%s/keys/certs/%s.pem' '%s/data.bin' '%s' >/dev/null", srcdir,
				 variants[v], tmpdir, key, tmpdir, key, tmpdir, out) == 0,
			      "sign-component %s", variants[v]);
			f = slurp(out, &flen);
			CHECK(f && flen > DATA_LEN + 40 &&
				      !memcmp(f + flen - 28, "~Module signature appended~\n", 28),
			      "trailer");
			slen = get_be32(f + flen - 32);
			CHECK(slen + 40 + DATA_LEN == flen && f[flen - 40 + 2] == 2, "info block");
			CHECK(!memcmp(f, data, DATA_LEN), "data kept");
			CHECK(fw_verify(f + DATA_LEN, slen, &res) == 0 && res.cert_index == k,
			      "%s %s: %s", key, variants[v], sig_strerror(res.err));
			free(f);
		}
	}
	return NULL;
}

/*
 * The disk the real zipl --secure 1 wrote in an s390x guest (e2e fixture,
 * tests/e2e/mk-signed-disk.sh): every SIGNATURE entry and the LOAD after it
 * taken off the disk by tests/e2e/zipl-walk.py, verified by the firmware
 * verifier and the reference with the fixture's certificate; on the
 * tampered disk the kernel must fail. The Debian kernel's time is printed.
 */
static const char *real_disk(const char *img, const char *certpath, bool tampered)
{
	char cmd[4096], path[2048], der[2048];
	struct cert_file cf;
	unsigned int nsig = 0, nok = 0;
	const char *why = NULL;
	FILE *p;
	int idx[32], n = 0;

	snprintf(der, sizeof(der), "%s/real-cert.der", tmpdir);
	CHECK(sh("openssl x509 -in '%s' -outform DER -out '%s'", certpath, der) == 0, "cert");
	cf.der = slurp(der, &cf.der_len);
	cf.pem = slurp(certpath, &cf.pem_len);
	CHECK(cf.der && cf.pem, "cert files");
	{
		struct enroll_header *h = (struct enroll_header *)area;
		size_t off;

		build(ENROLL_MODE_SECURE, NULL, NULL, NULL, 0);
		off = put_entry(sizeof(*h), ENROLL_ENTRY_CERT, cf.der, cf.der_len);
		h->ncert = cpu_to_be16(1);
		seal(off);
		CHECK(load(&why) == 0, "store: %s", why);
	}
	{
		char err[256];

		ref_certstore_free(&refcs);
		ref_certstore_init(&refcs);
		CHECK(ref_certstore_add_pem(&refcs, "real.pem", cf.pem, cf.pem_len, err,
					    sizeof(err)) == 0, "reference store: %s", err);
	}
	snprintf(cmd, sizeof(cmd),
		 "python3 '%s/tests/e2e/zipl-walk.py' show '%s' --json | python3 -c '"
		 "import json,sys\n"
		 "e=json.load(sys.stdin)[\"programs\"][0][\"entries\"]\n"
		 "[print(x[\"index\"]) for x in e if x[\"type\"]==\"SIGNATURE\"]'",
		 srcdir, img);
	p = popen(cmd, "r");
	CHECK(p, "zipl-walk");
	while (n < 32 && fscanf(p, "%d", &idx[n]) == 1)
		n++;
	CHECK(pclose(p) == 0 && n >= 2, "zipl-walk found %d signatures", n);
	for (int i = 0; i < n; i++) {
		uint8_t *sig, *comp;
		size_t slen, clen;
		struct sig_result res;
		unsigned int ri;
		struct timespec t0, t1;
		int rc, rrc;

		snprintf(path, sizeof(path), "%s/real-%d", tmpdir, idx[i]);
		CHECK(sh("python3 '%s/tests/e2e/zipl-walk.py' extract '%s' %d '%s.sig' >/dev/null && "
			 "python3 '%s/tests/e2e/zipl-walk.py' extract '%s' %d '%s.data' >/dev/null",
			 srcdir, img, idx[i], path, srcdir, img, idx[i] + 1, path) == 0,
		      "extract %d", idx[i]);
		snprintf(cmd, sizeof(cmd), "%s.sig", path);
		sig = slurp(cmd, &slen);
		snprintf(cmd, sizeof(cmd), "%s.data", path);
		comp = slurp(cmd, &clen);
		CHECK(sig && comp && clen < RAM_SIZE - REAL_ADDR && slen <= SIG_MAX_SIG_LEN,
		      "component %d", idx[i] + 1);
		memcpy(ram + REAL_ADDR, comp, clen);
		memcpy(ram + SIG_ADDR, sig, slen);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = sig_verify(&ts, REAL_ADDR, clen, SIG_ADDR, (uint32_t)slen, &res);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		rrc = ref_verify(&refcs, comp, clen, sig, slen, (int64_t)time(NULL), &ri);
		CHECK((rc == 0) == (rrc == 0), "entry %d: firmware %s, reference %s", idx[i],
		      sig_strerror(rc), ref_strerror(rrc));
		printf("     %s entry %d: %zu bytes, %s in %.1f ms (host, ASan build)\n",
		       tampered ? "tampered" : "real", idx[i] + 1, clen, sig_strerror(rc),
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		nsig++;
		nok += rc == 0;
		free(sig);
		free(comp);
	}
	free(cf.der);
	free(cf.pem);
	if (tampered)
		CHECK(nok == nsig - 1, "tampered disk: %u of %u verify (want all but the kernel)", nok,
		      nsig);
	else
		CHECK(nok == nsig, "%u of %u verify", nok, nsig);
	return NULL;
}

static const char *t_real_zipl(void)
{
	const char *img = getenv("CRYPTO_REAL_DISK"), *cert = getenv("CRYPTO_REAL_CERT");
	const char *bad = getenv("CRYPTO_REAL_TAMPERED");
	const char *r;

	if (!img || !cert || access(img, R_OK) || access(cert, R_OK)) {
		snprintf(errbuf, sizeof(errbuf), "no real-zipl signed disk (e2e fixture)");
		return SKIPPED;
	}
	r = real_disk(img, cert, false);
	if (!r && bad && !access(bad, R_OK))
		r = real_disk(bad, cert, true);
	return r;
}

int main(int argc, char **argv)
{
	const char *t = getenv("CRYPTO_TMPDIR");

	if (argc > 1)
		filter = argv[1];
	if (getenv("CRYPTO_SRCDIR"))
		srcdir = getenv("CRYPTO_SRCDIR");
	if (t && *t) {
		snprintf(tmpdir, sizeof(tmpdir), "%s", t);
		if (sh("mkdir -p '%s'", tmpdir))
			return 1;
	} else {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/crypto-test.XXXXXX");
		if (!mkdtemp(tmpdir))
			return 1;
	}
	ram = calloc(1, RAM_SIZE);
	for (size_t i = 0; i < DATA_LEN; i++)
		data[i] = (uint8_t)(i * 131 + (i >> 8));
	memcpy(ram + DATA_ADDR, data, DATA_LEN);
	if (!ram || !spit(strcat(strcpy(errbuf, tmpdir), "/data.bin"), data, DATA_LEN) ||
	    sh("'%s/tests/data/keys/mk-keys.sh' '%s/keys' >/dev/null", srcdir, tmpdir)) {
		printf("FAIL setup: keys (openssl)\n0 passed, 1 failed, 0 skipped\n");
		return 1;
	}
	for (unsigned int i = 0; i < NKEYS + 4; i++)
		if (!load_cert(i)) {
			printf("FAIL setup: certificate %s\n0 passed, 1 failed, 0 skipped\n",
			       cert_name(i));
			return 1;
		}
	have_openssl_cms = sh("openssl cms -help >/dev/null 2>&1") == 0;
	ref_certstore_init(&refcs);

	run("crypto: empty store of the image", t_store_empty);
	run("crypto: store parser, every byte flip refused", t_store_parse);
	run("crypto: verify 6 keys x 3 hashes x (plain, attrs, skid) = fw/ref/openssl", t_verify_matrix);
	run("crypto: lengths, addresses, wrong cert, tampered data", t_verify_refusals);
	run("crypto: deny certificates and digests", t_verify_deny);
	run("crypto: keyUsage (as reference), dates (documented difference)", t_verify_keyusage_dates);
	run("crypto: no signer-identifier match (DIAG 0x508)", t_verify_no_sid_match);
	run("crypto: tools/sign-component output (sign-file format)", t_sign_component);
	run("crypto: the real zipl --secure 1 disk (Debian kernel)", t_real_zipl);
	run("crypto: differential, 3000 mutated signatures (fw = ref, openssl sample)",
	    t_differential_mutations);
	ref_certstore_free(&refcs);
	sh("rm -rf '%s'", tmpdir);
	printf("%u passed, %u failed, %u skipped\n", npass, nfail, nskip);
	return nfail ? 1 : 0;
}
