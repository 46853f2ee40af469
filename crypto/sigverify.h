/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * In-firmware signature verification for Secure IPL without a hypervisor
 * DIAG 0x508: the enrolled trust store (include/abi/enroll.h) and a PKCS#7
 * (CMS SignedData, detached) verifier on BearSSL, portable C.
 *
 * What is verified (as the reference DIAG 0x508 in tests/ref, i.e. as QEMU
 * with GnuTLS, minus dates):
 *   - DER PKCS#7 detached SignedData as Linux's sign-file and zipl write it
 *     (the signature without the module-signature trailer), with or without
 *     signed attributes (messageDigest must match, contentType if present
 *     must be id-data), strict DER, first SignerInfo only;
 *   - digests SHA-256/384/512; RSA PKCS#1 v1.5 with 2048..4096-bit moduli;
 *     ECDSA on P-256/P-384/P-521;
 *   - each trusted certificate in store order, no signer-identifier match
 *     (DIAG 0x508 semantics: the first certificate whose key verifies wins);
 *   - keyUsage: a certificate with a keyUsage extension lacking
 *     digitalSignature never verifies.
 * Not checked: certificate validity dates. The firmware has no trusted
 * clock (the TOD clock is the hypervisor's to set), so notBefore/notAfter
 * are checked once, by secure-ccw-enroll when the certificate is enrolled.
 *
 * Memory: no heap. The trust store points into the enrolled area (which
 * must outlive it); signatures are read in place through abs_to_ptr(); the
 * data is hashed streaming, in chunks, through abs_to_ptr().
 */
#ifndef CRYPTO_SIGVERIFY_H
#define CRYPTO_SIGVERIFY_H

#include "abi/enroll.h"
#include "fw/types.h"

/* Errors (negative; 0 = success). */
enum sig_err {
	SIG_OK = 0,
	SIG_ELEN = -1,       /* length 0, signature > 4096, data > 256 MiB, address 0 */
	SIG_EMEM = -2,       /* data or signature outside guest memory */
	SIG_EFORMAT = -3,    /* signature is not strict-DER PKCS#7 detached SignedData */
	SIG_EALG = -4,       /* digest or signature algorithm not supported */
	SIG_ENOCERT = -5,    /* the trust store holds no certificate */
	SIG_EDIGEST = -6,    /* signed attributes: messageDigest does not match */
	SIG_EVERIFY = -7,    /* no trusted certificate verifies the signature */
	SIG_EDENIED = -8,    /* it verifies only with a denied certificate */
	SIG_ESTORE = -9,     /* enrolled area malformed (trust_store_parse) */
};

/* DIAG 0x508 response codes (spec §3.4), reported in sig_result.rc. */
#define SIG_RC_OK 0x0001              /* verified */
#define SIG_RC_NO_CERTS 0x0102        /* empty store */
#define SIG_RC_INVAL_COMP_DATA 0x0202 /* data length 0 or > 256 MiB, or address 0 */
#define SIG_RC_INVAL_PKCS7_SIG 0x0302 /* signature length 0 or > 4096, or address 0 */
#define SIG_RC_FAIL_VERIF 0x0402      /* anything else (QEMU: unparsable PKCS#7 too) */
#define SIG_RC_INVAL_LEN 0x0502       /* (SVB length; not produced here) */

#define SIG_MAX_SIG_LEN 4096u
#define SIG_MAX_DATA_LEN 0x10000000ULL /* DIAG 0x508's 256 MiB component limit */
#define SIG_SHA256_LEN 32

/* Key kinds of a parsed certificate. */
#define TS_KEY_NONE 0   /* not usable (unsupported algorithm or size) */
#define TS_KEY_RSA 1
#define TS_KEY_EC 2

/* One certificate of the store, parsed (pointers into the enrolled area). */
struct ts_cert {
	const uint8_t *der;
	uint32_t der_len;
	uint8_t sha256[SIG_SHA256_LEN]; /* fingerprint: SHA-256 of the DER */
	uint8_t key_kind;               /* TS_KEY_* */
	uint8_t curve;                  /* EC: BearSSL curve id (23, 24, 25) */
	uint16_t key_bits;              /* RSA modulus / EC field bits */
	bool key_usage_ok;              /* no keyUsage, or it has digitalSignature */
	bool denied;                    /* trusted cert whose fingerprint is also denied */
	const uint8_t *n, *e, *q;       /* RSA modulus/exponent, EC point */
	uint32_t nlen, elen, qlen;
};

struct trust_store {
	uint8_t mode;                   /* ENROLL_MODE_* */
	unsigned int ncert;
	unsigned int ndeny_cert;
	unsigned int ndeny_sha256;
	struct ts_cert cert[ENROLL_MAX_CERTS];
	struct ts_cert deny_cert[ENROLL_MAX_DENY_CERTS];
	const uint8_t *deny_sha256;     /* ndeny_sha256 digests of 32 bytes */
};

/*
 * trust_store_parse - validate an enrolled area strictly and parse it.
 * @area/@len: the whole section (ENROLL_AREA_SIZE bytes). Everything is
 * checked: magic, version, lengths, size, mode, reserved bytes zero, entry
 * order/types/counts, padding zero, trailing bytes zero, checksum, and each
 * certificate must be strict-DER X.509 with a supported key (RSA 2048..4096,
 * EC P-256/384/521). The empty store (mode ENROLL_MODE_NONE) parses to
 * ts->mode == ENROLL_MODE_NONE with no entries. Returns 0, or SIG_ESTORE
 * with *why (if @why) naming the defect (a static string).
 */
int trust_store_parse(struct trust_store *ts, const void *area, size_t len, const char **why);

/* The image's own ".enroll" section (ENROLL_AREA_SIZE bytes). */
const void *enroll_area(void);

/* trust_store_init_enrolled - trust_store_parse() of enroll_area(). */
int trust_store_init_enrolled(struct trust_store *ts, const char **why);

/* trust_store_cert_der - DER of trusted certificate @idx (0-origin); 0 or SIG_ENOCERT. */
int trust_store_cert_der(const struct trust_store *ts, unsigned int idx, const uint8_t **der,
			 uint32_t *len);

/* trust_store_sha256_denied - is @digest on the deny list? */
bool trust_store_sha256_denied(const struct trust_store *ts, const uint8_t digest[SIG_SHA256_LEN]);

struct sig_result {
	bool verified;          /* a trusted, non-denied certificate verifies it */
	uint16_t rc;            /* DIAG 0x508 response code equivalent (SIG_RC_*) */
	int err;                /* SIG_OK or why not (the same as the return value) */
	unsigned int cert_index;/* verified: 0-origin index into ts->cert */
	uint32_t cert_len;      /* verified: DER length of that certificate */
	bool denied;            /* verified only by a denied certificate */
	unsigned int deny_index;/* denied: index into ts->cert (if also trusted,
				   deny_in_trusted) or ts->deny_cert */
	bool deny_in_trusted;
	uint8_t data_sha256[SIG_SHA256_LEN]; /* SHA-256 of the data, computed in
				   the same pass when the store has deny digests
				   or the signature uses SHA-256 */
	bool have_data_sha256;  /* data_sha256 is set */
	int detail;             /* enum cms_err (crypto/der.h) of the PKCS#7 parse
				   or of the last certificate tried; 0 if none */
};

/*
 * sig_verify - DIAG 0x508 "verify" done in the firmware: verify the PKCS#7
 * detached signature at @sig (@sig_len bytes) over @len bytes at @data with
 * the trusted certificates of @ts, in order. Certificates whose fingerprint
 * is denied are skipped; if no trusted certificate verifies, the denied
 * certificates (trusted-and-denied, then the deny list) are tried, and a
 * match is reported as SIG_EDENIED with res->denied set. The data's SHA-256
 * is computed in the same pass when the store has deny digests
 * (res->data_sha256, have_data_sha256), so one pass over memory serves both.
 * The caller has checked that [data, data+len) and [sig, sig+sig_len) are
 * RAM (the firmware's abs_to_ptr() only rejects wrap-around). Returns 0 when
 * verified, else the negative enum sig_err (also in res->err).
 */
int sig_verify(const struct trust_store *ts, absaddr_t data, uint64_t len, absaddr_t sig,
	       uint32_t sig_len, struct sig_result *res);

/* sig_sha256_range - SHA-256 of @len bytes of guest memory at @data; 0 or SIG_EMEM. */
int sig_sha256_range(absaddr_t data, uint64_t len, uint8_t out[SIG_SHA256_LEN]);

/* sig_strerror - a short English reason for an enum sig_err value. */
const char *sig_strerror(int err);

#endif
