/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reference implementation of the hypervisor side of QEMU 11.2's Secure IPL
 * DIAGNOSE calls, for the host test harness: DIAG 0x320 (certificate store)
 * and DIAG 0x508 (signature verification), on BearSSL.
 *
 * The library does not know the emulator. Guest memory is reached through
 * struct ref_mem; a handler either completes (returns REF_DIAG_DONE and
 * stores the value for R1+1 in *rc) or asks the caller to raise a program
 * exception (returns REF_PGM_SPECIFICATION or REF_PGM_ADDRESSING; *rc is
 * untouched). Privileged-operation and odd-R1 checks belong to the caller.
 *
 * Wire layouts and return codes follow docs/secure-ipl.md (§2.8, §2.9, §3.3,
 * §3.4, §5); where QEMU's code and the spec differ, QEMU's code wins and the
 * choice is listed in tests/ref/README.md.
 */
#ifndef TESTS_REF_REF_H
#define TESTS_REF_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/der.h"
#include "crypto/pkcs7.h"

/* Limits (QEMU: MAX_CERTIFICATES, CERT_NAME_MAX_LEN, CERT_BUF_MAX_LEN). */
#define REF_MAX_CERTS 64
#define REF_CERT_NAME_LEN 64
#define REF_KEYID_LEN 32
#define REF_HASH_LEN 32
#define REF_CERT_DATA_MAX 8064 /* round4(key id) + round4(hash) + round4(DER) */
#define REF_VCE_MAX_LEN 8192
#define REF_VCE_HDR_LEN 128
#define REF_VCE_INVALID_LEN 72
#define REF_VCB_HDR_LEN 64
#define REF_VCSSB_LEN 128
#define REF_SVB_LEN 64
#define REF_DIAG508_MAX_COMP_LEN 0x10000000ULL
#define REF_DIAG508_MAX_SIG_LEN 4096ULL

/* Handler results: done, or the program-interruption code to raise. */
#define REF_DIAG_DONE 0
#define REF_PGM_ADDRESSING 0x0005
#define REF_PGM_SPECIFICATION 0x0006

/* DIAG 0x320 subcodes and response codes. */
#define REF_DIAG320_QUERY_ISM 0
#define REF_DIAG320_QUERY_VCSI 1
#define REF_DIAG320_STORE_VC 2
#define REF_DIAG320_ISM_WORD0 0xE0000000u
#define REF_DIAG320_RC_OK 0x0001
#define REF_DIAG320_RC_NOT_SUPPORTED 0x0102
#define REF_DIAG320_RC_INVAL_VCSSB_LEN 0x0202
#define REF_DIAG320_RC_INVAL_VCB_LEN 0x0204
#define REF_DIAG320_RC_BAD_RANGE 0x0302

/* DIAG 0x508 subcodes and response codes. */
#define REF_DIAG508_QUERY 0x0000
#define REF_DIAG508_VERIFY 0x8000
#define REF_DIAG508_RC_OK 0x0001
#define REF_DIAG508_RC_NO_CERTS 0x0102
#define REF_DIAG508_RC_INVAL_COMP_DATA 0x0202
#define REF_DIAG508_RC_INVAL_PKCS7_SIG 0x0302
#define REF_DIAG508_RC_FAIL_VERIF 0x0402
#define REF_DIAG508_RC_INVAL_LEN 0x0502

/* VCE header fields (offsets from the VCE start). */
#define REF_VCE_FLAGS_VALID 0x80
#define REF_VCE_KEYTYPE_SELF_DESCRIBING 0
#define REF_VCE_KEYTYPE_ECDSA_P521 1
#define REF_VCE_FORMAT_X509_DER 1
#define REF_VCE_HASHTYPE_SHA2_256 1
#define REF_VCE_KEYID_OFFSET 128
#define REF_VCE_HASH_OFFSET 160
#define REF_VCE_CERT_OFFSET 192

/* Errors of the parsers and of verification (negative; 0 = success). */
enum ref_err {
	REF_OK = 0,
	REF_ETRUNC = CMS_ETRUNC,     /* a length runs past its container */
	REF_EINDEF = CMS_EINDEF,     /* indefinite length (BER, not DER) */
	REF_ENONMIN = CMS_ENONMIN,    /* non-minimal length or integer encoding */
	REF_ETAG = CMS_ETAG,       /* unexpected or unsupported tag */
	REF_ETRAIL = CMS_ETRAIL,     /* bytes after the end of a structure */
	REF_ETYPE = CMS_ETYPE,      /* not ContentInfo(signedData) / not a certificate */
	REF_EALG = CMS_EALG,       /* unknown, unsupported or inconsistent algorithm */
	REF_EVERSION = CMS_EVERSION,   /* unsupported version number */
	REF_ECONTENT = CMS_ECONTENT,   /* encapsulated content present (not detached) */
	REF_EATTR = CMS_EATTR,     /* signed attributes malformed */
	REF_ENOSIGNER = CMS_ENOSIGNER, /* no SignerInfo */
	REF_EKEY = CMS_EKEY,      /* key missing, unsupported or of the wrong type */
	REF_EKEYSIZE = CMS_EKEYSIZE,  /* RSA modulus outside 2048..4096 bits */
	REF_EDIGEST = CMS_EDIGEST,   /* messageDigest attribute does not match */
	REF_ESIG = CMS_ESIG,      /* signature does not verify with the key */
	REF_EEXPIRED = CMS_EEXPIRED,  /* certificate expired (now > notAfter) */
	REF_ENOTYET = CMS_ENOTYET,   /* certificate not yet valid (now < notBefore) */
	REF_EKEYUSAGE = CMS_EKEYUSAGE, /* keyUsage present without digitalSignature */
	REF_ENOMEM = -19,
	REF_EIO = -20,       /* file or directory error */
	REF_ECERT = -21,     /* no PEM certificate, or X.509 malformed */
	REF_EFULL = -22,     /* more than 64 certificates / data too large */
	REF_ETIME = CMS_ETIME,     /* malformed UTCTime / GeneralizedTime */
	REF_EVALUE = CMS_EVALUE,    /* malformed primitive value (OID, BOOLEAN, ...) */
};

const char *ref_strerror(int err);

/*
 * Guest memory. read/write return false when any byte of the range is not
 * accessible (mapped to an addressing exception where QEMU raises one).
 * valid is optional: NULL probes with a read of the range.
 */
struct ref_mem {
	void *ctx;
	bool (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	bool (*write)(void *ctx, uint64_t addr, const void *buf, size_t len);
	bool (*valid)(void *ctx, uint64_t addr, uint64_t len, bool write);
};

/* Public key kinds usable for verification. */
enum ref_key_kind {
	REF_KEY_NONE = 0, /* BearSSL could not decode it (still a valid store entry) */
	REF_KEY_RSA,
	REF_KEY_EC,
};

/* One certificate of the store. All pointers are owned by the entry. */
struct ref_cert {
	char *path;                        /* as given / built from the directory */
	uint8_t name[REF_CERT_NAME_LEN];   /* basename, blank padded, EBCDIC */
	uint8_t *der;                      /* the DER certificate */
	size_t der_len;
	size_t pem_len;                    /* size of the file as read */
	uint8_t key_id[REF_KEYID_LEN];     /* SHA-256 of SubjectPublicKeyInfo */
	uint8_t fingerprint[REF_HASH_LEN]; /* SHA-256 of the DER certificate */
	bool key_id_ok;                    /* key algorithm known to GnuTLS */
	uint8_t key_type;                  /* VCE key type (1 = ECDSA P-521) */
	int64_t not_before, not_after;     /* seconds since the epoch (UTC) */
	bool has_key_usage;
	uint16_t key_usage;                /* bit 0x8000 = digitalSignature */
	enum ref_key_kind key_kind;
	unsigned int key_bits;             /* RSA modulus bits / EC field bits */
	int curve;                         /* BearSSL curve id for EC keys */
	const uint8_t *rsa_n, *rsa_e;      /* into key_buf */
	size_t rsa_nlen, rsa_elen;
	const uint8_t *ec_q;               /* into key_buf */
	size_t ec_qlen;
	uint8_t key_buf[520];              /* BR_X509_BUFSIZE_KEY */
};

/* Per-certificate data size (QEMU "data_buf_size"): 32 + 32 + round4(DER). */
size_t ref_cert_data_size(const struct ref_cert *c);

struct ref_certstore {
	struct ref_cert certs[REF_MAX_CERTS];
	unsigned int count;
	size_t largest;  /* largest per-cert data size */
	size_t total;    /* sum of per-cert data sizes */
	/* QEMU's warn_report() lines (skipped files, empty directory); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

void ref_certstore_init(struct ref_certstore *cs);
void ref_certstore_free(struct ref_certstore *cs);

/*
 * ref_certstore_load - build the store from boot-certs paths with QEMU's
 * rules: each path is a ".pem" regular file or a directory whose "*.pem"
 * entries are all taken (sorted by name here; QEMU takes readdir order);
 * more than 64 collected paths, a file that is not a PEM X.509 certificate,
 * or more than 8064 bytes of per-cert data is an error (QEMU exits). The
 * store must be empty. On error the store is left empty, -1 is returned and
 * @err holds QEMU's message.
 */
int ref_certstore_load(struct ref_certstore *cs, const char *const *paths, size_t npaths,
		       char *err, size_t errlen);

/* ref_certstore_add_pem - add one certificate from memory; @path names it. */
int ref_certstore_add_pem(struct ref_certstore *cs, const char *path, const void *pem,
			  size_t len, char *err, size_t errlen);

/* ref_cert_parse_pem - parse the first PEM CERTIFICATE of @pem into @c. */
int ref_cert_parse_pem(struct ref_cert *c, const void *pem, size_t len);
/* ref_cert_parse_der - parse one DER certificate (exactly @len bytes). */
int ref_cert_parse_der(struct ref_cert *c, const uint8_t *der, size_t len);
void ref_cert_free(struct ref_cert *c);

/* Time validity as DIAG 320 sees it: 0, REF_EEXPIRED or REF_ENOTYET. */
int ref_cert_check_time(const struct ref_cert *c, int64_t now);

/*
 * ref_vce_build - the VCE of @c (0-origin store index @idx) at time @now into
 * @buf (at least REF_VCE_HDR_LEN + 64 + round4(DER) bytes, zeroed here).
 * Returns the VCE length: 192 + round4(DER), or 72 for an invalid entry
 * (only those 72 bytes are meaningful).
 */
size_t ref_vce_build(const struct ref_cert *c, unsigned int idx, int64_t now, uint8_t *buf,
		     size_t cap);

/* Hash functions of signatures. */
/* The CMS reader is the firmware's (crypto/pkcs7.h); the reference's names. */
#define ref_pkcs7 pkcs7
#define ref_hash pkcs7_hash
#define ref_sigalg pkcs7_sigalg
#define REF_HASH_NONE PKCS7_HASH_NONE
#define REF_HASH_SHA256 PKCS7_HASH_SHA256
#define REF_HASH_SHA384 PKCS7_HASH_SHA384
#define REF_HASH_SHA512 PKCS7_HASH_SHA512
#define REF_SIG_NONE PKCS7_SIG_NONE
#define REF_SIG_RSA_PKCS1 PKCS7_SIG_RSA_PKCS1
#define REF_SIG_ECDSA PKCS7_SIG_ECDSA
#define ref_pkcs7_parse pkcs7_parse

/* Digest of @data with @h into @out (64 bytes); returns the length. */
size_t ref_hash_buf(enum ref_hash h, const void *data, size_t len, uint8_t *out);

/*
 * ref_pkcs7_verify - verify @p7 over @data with certificate @c at @now, with
 * the checks GnuTLS's gnutls_pkcs7_verify_direct() makes for QEMU: signed
 * attributes (messageDigest), the signature with the certificate's key (no
 * signer-identifier match), validity dates, keyUsage digitalSignature.
 */
int ref_pkcs7_verify(const struct ref_pkcs7 *p7, const struct ref_cert *c, const uint8_t *data,
		     size_t len, int64_t now);

/*
 * ref_verify - DIAG 508's search: parse @sig, try each store certificate in
 * index order; 0 and *idx (0-origin) on the first success, else the error
 * of the parse or of the last certificate tried.
 */
int ref_verify(const struct ref_certstore *cs, const uint8_t *comp, size_t comp_len,
	       const uint8_t *sig, size_t sig_len, int64_t now, unsigned int *idx);

/* The hypervisor. */
#define REF_NOW_REAL INT64_MIN

struct ref_ctx {
	struct ref_mem mem;
	struct ref_certstore *store;
	bool no_cert_store_facility; /* CPU feature cstore off: DIAG 320 -> specification */
	int64_t now;                 /* validity time; REF_NOW_REAL = time(NULL) */
	int last_verify_err;         /* why the last DIAG 508 verification failed */
};

/*
 * ref_enroll_build - an enrolled store (include/abi/enroll.h) of @size bytes
 * (ENROLL_AREA_SIZE for the firmware's area) in @area: @mode, the trusted
 * certificates, the denied ones and @ndigests SHA-256 digests (32 bytes
 * each), checksum included, as secure-ccw-enroll writes it. Returns the
 * bytes used, or -1 when it does not fit. ref_enroll_seal() recomputes the
 * checksum over @total bytes after a test edited the area.
 */
long ref_enroll_build(uint8_t *area, size_t size, uint8_t mode, const struct ref_cert *const *certs,
		      unsigned int ncert, const struct ref_cert *const *deny, unsigned int ndeny,
		      const uint8_t *digests, unsigned int ndigests);
void ref_enroll_seal(uint8_t *area, size_t total);

void ref_ctx_init(struct ref_ctx *ctx, const struct ref_mem *mem, struct ref_certstore *store);

/* DIAG 0x320: R3 = @subcode, R1 = @addr; on REF_DIAG_DONE *rc goes to R1+1. */
int ref_diag320(struct ref_ctx *ctx, uint64_t subcode, uint64_t addr, uint64_t *rc);

/* DIAG 0x508: R3 = @subcode, R1 = @addr; on REF_DIAG_DONE *rc goes to R1+1. */
int ref_diag508(struct ref_ctx *ctx, uint64_t subcode, uint64_t addr, uint64_t *rc);

#endif
