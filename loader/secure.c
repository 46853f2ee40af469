// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secure IPL (see secure.h; shared/docs/secure-ipl.md sections 1.2-1.4,
 * 2.5-2.9, 3.3-3.5 and 4 are the specification this follows, message for
 * message and bit for bit).
 *
 * Everything the hypervisor answers is checked before use: DIAG return
 * codes, the sizes in the VCSSB, every length and offset in a certificate
 * entry. Nothing is sized by a hypervisor count: the component and
 * certificate lists have the report's fixed maxima, the certificate buffer
 * is a fixed DMA area.
 *
 * Two backends check signatures behind one seam (struct sig_backend): QEMU's
 * DIAG 0x508 with the certificates of its DIAG 0x320 store, or the store
 * enrolled in this image (secure-ccw-enroll) with the verifier of crypto/.
 * The walk, its checks, messages, indicator bits and the report are the
 * same for both. QEMU decides when it offers Secure IPL (IPL block flags
 * and the SIPL facility); the enrolled store decides otherwise. Its deny
 * list and strict policy apply on top of either.
 */
#include "abi/iplb.h"
#include "abi/secure_ipl.h"
#include "abi/zipl.h"
#include "crypto/sigverify.h"
#include "diag/diag.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/secure.h"

#define VCB_MAX_SIZE (3 * PAGE_SIZE)      /* 64 + 128 + 8064 rounded to pages */
#define UNSIGNED_MIN_ADDR 0x2000

struct secure_dma {
	struct vcssb vcssb;                   /* 8-byte aligned */
	struct svb svb;
	uint32_t ism[8];
	uint8_t sig[DIAG508_SIG_MAX];
};

/* What a backend found out about one signed component. */
struct verdict {
	unsigned int store_idx;               /* 1-origin, in the backend's store */
	uint64_t der_len;                     /* DER length of that certificate */
	bool denied;                          /* verified only by a denied certificate */
	bool have_sha256;
	uint8_t sha256[SIG_SHA256_LEN];       /* the component's, when computed */
};

struct sig_backend {
	const char *name;
	/* The machine/store can verify: else print why, return FW_ESECURITY. */
	int (*init)(const struct sclp_info *info);
	/* Verify @c against the pending signature: 0 and *v, or print the
	 * backend's reason and return nonzero (v->denied may be set). */
	int (*verify)(const struct iirb_component *c, struct verdict *v);
	/* The DER of store certificate @idx (@der_len bytes): 0, FW_EINVAL
	 * (the device fails) or FW_ESECURITY (stop). */
	int (*cert_der)(unsigned int idx, uint64_t der_len, const uint8_t **der);
};

static struct trust_store store;          /* the enrolled store, parsed */

static struct {
	enum ipl_mode mode;
	const struct sig_backend *be;
	uint8_t enrolled;                     /* ENROLL_MODE_* of this image */
	bool strict;                          /* every component must be signed */
	struct secure_dma *dma;
	uint8_t *vcb;                         /* page-aligned, VCB_MAX_SIZE */
	uint32_t vcb_in_len;
	absaddr_t cert_area;
	size_t cert_area_size;

	/* per walk */
	struct iirb_component comp[IIRB_MAX_COMPONENTS];
	unsigned int ncomp;
	struct iirb_certificate cert[IIRB_MAX_CERTIFICATES];
	unsigned int ncert;
	uint8_t cert_of_store[256];           /* store index (1-origin) -> list index + 1 */
	size_t cert_used;
	uint16_t iiei;
	bool signed_found, sclab_found;
	bool have_global;
	struct sclab global;
	bool sig_pending;
	bool sig_bad;                         /* its length cannot be verified */
	uint32_t sig_len;
} sec;

enum ipl_mode secure_mode_of(const struct iplb *iplb)
{
	uint8_t f = iplb->hdr_flags;

	if (!(f & IPLB_HDR_FLAG_IPLIR))
		return IPL_MODE_NORMAL;
	return (f & IPLB_HDR_FLAG_SIPL) ? IPL_MODE_SECURE : IPL_MODE_AUDIT;
}

enum ipl_mode secure_mode(void)
{
	return sec.mode;
}

int secure_refuse(const char *what)
{
	fw_printf("ERROR: %s\n", what);
	return FW_ESECURITY;
}

/* A failed security check: warn in audit mode, stop in secure mode. */
static int check_failed(const char *why)
{
	if (sec.mode == IPL_MODE_AUDIT) {
		fw_printf("AUDIT MODE WARNING: %s\n", why);
		return 0;
	}
	fw_printf("ERROR: %s\n", why);
	return FW_ESECURITY;
}

/* A check with an indicator bit: record it (audit mode), then as above. */
static int validate16(bool ok, uint16_t *ind, uint16_t bit, const char *why)
{
	if (ok)
		return 0;
	*ind |= bit;
	return check_failed(why);
}

static int validate32(bool ok, be32 *ind, uint32_t bit, const char *why)
{
	if (ok)
		return 0;
	*ind = cpu_to_be32(be32_to_cpu(*ind) | bit);
	return check_failed(why);
}

static bool facilities_ok(const struct sclp_info *info)
{
	uint32_t ism;

	if (!(info->fac_ipl & SCLP_FAC136_SIPL)) {
		fw_printf("Secure IPL Facility is not supported by the hypervisor!\n");
		return false;
	}
	if (!(diag508(DIAG508_QUERY, 0) & DIAG508_VERIFY)) {
		fw_printf("Secure IPL extensions are not supported by the hypervisor!\n");
		return false;
	}
	memset(sec.dma->ism, 0, sizeof(sec.dma->ism));
	if (!(info->fac134 & SCLP_FAC134_CERT_STORE) ||
	    diag320(DIAG320_QUERY_ISM, ptr_to_abs(sec.dma->ism)) != DIAG320_RC_OK ||
	    !((ism = be32_to_cpu(sec.dma->ism[0])) & (DIAG320_ISM_QUERY_VCSI | DIAG320_ISM_STORE_VC))) {
		fw_printf("Certificate Store Facility is not supported by the hypervisor!\n");
		return false;
	}
	if (!(info->fac_ipl & SCLP_FAC136_SCLAF)) {
		fw_printf("Secure IPL Code Loading Attributes Facility is not supported by the "
			  "hypervisor!\n");
		return false;
	}
	return true;
}

/* ---------------------------------------------- DIAG 0x508 backend */

static int d508_init(const struct sclp_info *info)
{
	struct vcssb *v;
	uint32_t max;

	if (!facilities_ok(info))
		return secure_refuse("Unable to boot in secure/audit mode");
	v = &sec.dma->vcssb;
	memset(v, 0, sizeof(*v));
	v->length = cpu_to_be32(VCSSB_LEN);
	if (diag320(DIAG320_QUERY_VCSI, ptr_to_abs(v)) != DIAG320_RC_OK)
		return secure_refuse("Failed to query certificate storage information!");
	if (be32_to_cpu(v->length) == VCSSB_LEN_EMPTY || be16_to_cpu(v->total_vc_ct) == 0)
		return secure_refuse("Need at least one certificate for secure boot!");
	max = be32_to_cpu(v->max_single_vcb_len);
	if (be32_to_cpu(v->length) != VCSSB_LEN ||
	    max < sizeof(struct vcb_header) + sizeof(struct vce_header) || max > VCB_MAX_SIZE) {
		fw_printf("certificate store: unusable sizes (VCSSB length %u, largest entry %u)\n",
			  be32_to_cpu(v->length), max);
		return secure_refuse("Failed to query certificate storage information!");
	}
	sec.vcb_in_len = ALIGN_UP(max, PAGE_SIZE);
	fw_printf("Secure IPL: %u certificate(s) in the store\n", be16_to_cpu(v->total_vc_ct));
	return 0;
}

static int d508_verify(const struct iirb_component *c, struct verdict *v)
{
	struct svb *svb = &sec.dma->svb;
	uint64_t rc;

	memset(svb, 0, sizeof(*svb));
	svb->length = cpu_to_be32(sizeof(*svb));
	svb->comp_len = c->len;
	svb->comp_addr = c->addr;
	svb->sig_len = cpu_to_be64(sec.sig_len);
	svb->sig_addr = cpu_to_be64(ptr_to_abs(sec.dma->sig));
	rc = diag508(DIAG508_VERIFY, ptr_to_abs(svb));
	if (rc != DIAG508_RC_OK) {
		fw_printf("component at 0x%llx: DIAG 508 verification: 0x%llx\n",
			  (unsigned long long)be64_to_cpu(c->addr), (unsigned long long)rc);
		return FW_EINVAL;
	}
	v->store_idx = svb->cert_store_index + 1u;
	v->der_len = be64_to_cpu(svb->cert_len);
	if (v->store_idx > IIRB_MAX_CERTIFICATES || v->der_len == 0) {
		fw_printf("component at 0x%llx: verified by certificate %u of %llu bytes?\n",
			  (unsigned long long)be64_to_cpu(c->addr), v->store_idx,
			  (unsigned long long)v->der_len);
		return FW_EINVAL;
	}
	return 0;
}

/* DIAG 320 subcode 2 for certificate @store_idx (1-origin). */
static int d508_cert_der(unsigned int store_idx, uint64_t der_len, const uint8_t **der)
{
	struct vcb_header *h = (struct vcb_header *)sec.vcb;
	const struct vce_header *e = (const struct vce_header *)(sec.vcb + sizeof(*h));
	uint32_t out_len, vce_len, off, clen;
	uint64_t rc;

	memset(sec.vcb, 0, sec.vcb_in_len);
	h->in_len = cpu_to_be32(sec.vcb_in_len);
	h->first_vc_index = cpu_to_be16((uint16_t)store_idx);
	h->last_vc_index = cpu_to_be16((uint16_t)store_idx);
	rc = diag320(DIAG320_STORE_VC, ptr_to_abs(sec.vcb));
	if (rc != DIAG320_RC_OK) {
		fw_printf("Could not get certificate (DIAG 320 store: 0x%llx)\n",
			  (unsigned long long)rc);
		return FW_EINVAL;
	}
	if (be16_to_cpu(h->remain_ct) != 0)
		return secure_refuse("Not enough memory to store requested certificate");
	out_len = be32_to_cpu(h->out_len);
	if (be16_to_cpu(h->stored_ct) == 0 || out_len < sizeof(*h) + VCE_INVALID_LEN ||
	    out_len > sec.vcb_in_len) {
		fw_printf("No certificate entry\n");
		fw_printf("Could not get certificate\n");
		return FW_EINVAL;
	}
	vce_len = be32_to_cpu(e->len);
	off = be16_to_cpu(e->cert_offset);
	clen = be32_to_cpu(e->cert_len);
	if (!(e->flags & VCE_FLAG_VALID) || e->format != VCE_FORMAT_X509_DER ||
	    vce_len < sizeof(*e) || vce_len > out_len - sizeof(*h) || off < sizeof(*e) ||
	    clen == 0 || off > vce_len || clen > vce_len - off || der_len > clen) {
		fw_printf("Invalid certificate\n");
		fw_printf("Could not get certificate\n");
		return FW_EINVAL;
	}
	*der = (const uint8_t *)e + off;
	return 0;
}

static const struct sig_backend d508_backend = {
	"DIAG 0x508", d508_init, d508_verify, d508_cert_der,
};

/* -------------------------------------------- enrolled-store backend */

static int enrolled_init(const struct sclp_info *info)
{
	(void)info;
	if (store.ncert == 0)
		return secure_refuse("Need at least one certificate for secure boot!");
	fw_printf("Secure IPL: %u certificate(s) in the enrolled store\n", store.ncert);
	return 0;
}

static int enrolled_verify(const struct iirb_component *c, struct verdict *v)
{
	uint64_t addr = be64_to_cpu(c->addr);
	struct sig_result r;
	int err;

	err = sig_verify(&store, addr, be64_to_cpu(c->len), ptr_to_abs(sec.dma->sig),
			 sec.sig_len, &r);
	v->have_sha256 = r.have_data_sha256;
	memcpy(v->sha256, r.data_sha256, sizeof(v->sha256));
	if (err == SIG_EDENIED) {
		v->denied = true;
		fw_printf("component at 0x%llx: verifies only with denied certificate %u\n",
			  (unsigned long long)addr, r.deny_index + 1);
		return err;
	}
	if (err) {
		fw_printf("component at 0x%llx: %s (as DIAG 508: 0x%x)\n",
			  (unsigned long long)addr, sig_strerror(err), r.rc);
		return err;
	}
	v->store_idx = r.cert_index + 1;
	v->der_len = r.cert_len;
	return 0;
}

static int enrolled_cert_der(unsigned int store_idx, uint64_t der_len, const uint8_t **der)
{
	uint32_t len;

	if (trust_store_cert_der(&store, store_idx - 1, der, &len) || len != der_len) {
		fw_printf("Invalid certificate\n");
		fw_printf("Could not get certificate\n");
		return FW_EINVAL;
	}
	return 0;
}

static const struct sig_backend enrolled_backend = {
	"enrolled store", enrolled_init, enrolled_verify, enrolled_cert_der,
};

/* Parse the image's store; sec.enrolled is its mode. FW_ESECURITY if it is
 * damaged. An image that says nothing is enrolled is not parsed. */
static int load_enrolled(void)
{
	const struct enroll_header *h = enroll_area();
	const char *why = "?";

	memset(&store, 0, sizeof(store));
	sec.enrolled = ENROLL_MODE_NONE;
	if (h->mode == ENROLL_MODE_NONE)
		return 0;
	if (trust_store_init_enrolled(&store, &why)) {
		fw_printf("secure-ccw: the enrolled certificate store is damaged: %s\n", why);
		return FW_ESECURITY;
	}
	sec.enrolled = store.mode;
	return 0;
}

static const char *const mode_name[] = { "normal", "audit", "secure" };

int secure_init(enum ipl_mode mode, const struct sclp_info *info, absaddr_t cert_area,
		size_t cert_area_size)
{
	bool qemu = mode != IPL_MODE_NORMAL && (info->fac_ipl & SCLP_FAC136_SIPL);

	sec.mode = IPL_MODE_NORMAL;
	sec.strict = false;
	if (load_enrolled())
		return FW_ESECURITY;
	/* The IPL block asks for Secure IPL, but the machine has none: flags a
	 * previous enrolled boot set (QEMU keeps them across re-IPL). */
	if (mode != IPL_MODE_NORMAL && !qemu && sec.enrolled != ENROLL_MODE_NONE)
		mode = IPL_MODE_NORMAL;
	sec.be = &d508_backend;
	if (mode == IPL_MODE_NORMAL && sec.enrolled != ENROLL_MODE_NONE) {
		mode = sec.enrolled == ENROLL_MODE_AUDIT ? IPL_MODE_AUDIT : IPL_MODE_SECURE;
		sec.be = &enrolled_backend;
	}
	sec.strict = sec.enrolled == ENROLL_MODE_STRICT;
	sec.mode = mode;
	if (mode == IPL_MODE_NORMAL)
		return 0;
	fw_printf("Secure IPL: %s mode%s (signatures: %s)\n", mode_name[mode],
		  sec.strict ? ", strict policy" : "", sec.be->name);
	if (sec.be == &d508_backend && sec.enrolled != ENROLL_MODE_NONE)
		fw_printf("Secure IPL: QEMU's mode and store decide; the enrolled deny list%s "
			  "applies on top\n", sec.strict ? " and strict policy" : "");
	if (!sec.dma) {
		sec.dma = dma_alloc(sizeof(*sec.dma), PAGE_SIZE);
		sec.vcb = dma_alloc(VCB_MAX_SIZE, PAGE_SIZE);
	}
	sec.cert_area = cert_area;
	sec.cert_area_size = cert_area_size;
	return sec.be->init(info);
}

void secure_walk_begin(void)
{
	memset(sec.comp, 0, sizeof(sec.comp));
	memset(sec.cert, 0, sizeof(sec.cert));
	memset(sec.cert_of_store, 0, sizeof(sec.cert_of_store));
	sec.ncomp = sec.ncert = 0;
	sec.cert_used = 0;
	sec.iiei = 0;
	sec.signed_found = sec.sclab_found = sec.have_global = false;
	sec.sig_pending = sec.sig_bad = false;
	sec.sig_len = 0;
}

int secure_on_signature(unsigned int idx, uint8_t format, uint32_t sig_len)
{
	if (sec.sig_pending) {
		fw_printf("zipl: component %u: a second signature entry before the signed "
			  "component\n", idx);
		return FW_EINVAL;
	}
	if (format != ZIPL_SIG_FORMAT_PKCS7) {
		fw_printf("Signature is not in DER format\n");
		return FW_EINVAL;
	}
	/* A length QEMU's DIAG 0x508 refuses is a failed verification of the
	 * component it signs (QEMU: "Could not verify component"). */
	sec.sig_bad = sig_len == 0 || sig_len > DIAG508_SIG_MAX;
	if (sec.sig_bad)
		fw_printf("zipl: component %u: signature length %u is not 1..%u\n", idx, sig_len,
			  DIAG508_SIG_MAX);
	sec.sig_len = sig_len;
	return 0;
}

bool secure_sig_pending(void)
{
	return sec.sig_pending;
}

void *secure_sig_buffer(void)
{
	return sec.dma->sig;
}

int secure_sig_loaded(unsigned int idx, uint64_t loaded)
{
	if (!sec.sig_bad && loaded < sec.sig_len) {
		fw_printf("zipl: component %u: signature of %u bytes, but only %llu loaded\n", idx,
			  sec.sig_len, (unsigned long long)loaded);
		sec.sig_bad = true;
	}
	sec.sig_pending = true;
	return 0;
}

static bool overlaps(uint64_t a0, uint64_t s0, uint64_t a1, uint64_t s1)
{
	return a1 > a0 ? a1 - a0 < s0 : a0 - a1 < s1;
}

static struct iirb_component *new_entry(uint64_t addr, uint64_t len)
{
	struct iirb_component *c;

	if (sec.ncomp == IIRB_MAX_COMPONENTS) {
		fw_printf("Warning: only %u component entries are supported\n",
			  IIRB_MAX_COMPONENTS);
		return NULL;
	}
	c = &sec.comp[sec.ncomp];
	memset(c, 0, sizeof(*c));
	c->addr = cpu_to_be64(addr);
	c->len = cpu_to_be64(len);
	return c;
}

/* The SCLAB checks of one signed component (spec 4.4). */
static int check_sclab(struct iirb_component *c)
{
	uint64_t addr = be64_to_cpu(c->addr), len = be64_to_cpu(c->len);
	const struct sclab_locator *loc;
	const struct sclab *s;
	uint16_t slen, flags;
	bool opsw, ola;
	int rc;

	if (len < sizeof(*loc))
		return validate32(false, &c->cei, CEI_INVALID_SCLAB,
				  "Signed component too short to contain SCLAB locator");
	loc = abs_to_ptr(addr + len - sizeof(*loc), sizeof(*loc));
	if (memcmp(loc->magic, "zIPL", 4) != 0)
		return validate32(false, &c->cei, CEI_INVALID_SCLAB,
				  "Magic does not match. SCLAB does not exist");
	slen = be16_to_cpu(loc->len);
	if (slen < SCLAB_MIN_LEN || slen > len)
		return validate32(false, &c->cei, CEI_INVALID_SCLAB_LEN | CEI_INVALID_SCLAB,
				  "Invalid SCLAB length");
	s = abs_to_ptr(addr + len - slen, sizeof(*s));
	flags = be16_to_cpu(s->flags);
	opsw = flags & SCLAB_FLAG_OPSW;
	ola = flags & SCLAB_FLAG_OLA;

	rc = validate32(s->format == 0, &c->cei, CEI_INVALID_SCLAB_FORMAT,
			"Format-0 SCLAB is not being used");
	if (!rc && !opsw)
		rc = validate32(s->load_psw == 0, &c->cei, CEI_SCLAB_LOAD_PSW_NOT_ZERO,
				"Load PSW is not zero when Override PSW bit is zero");
	if (!rc && opsw) {
		if (sec.have_global)
			rc = validate16(false, &sec.iiei, IIEI_MORE_GLOBAL_SCLAB,
					"More than one global SCLAB");
		sec.have_global = true;
		memcpy(&sec.global, s, sizeof(*s));
		if (!rc)
			rc = validate32(ola, &c->cei, CEI_SCLAB_OLA_NOT_ONE,
					"OLA flag is not set to one in the global SCLAB");
	}
	if (!rc && !ola)
		rc = validate32(s->load_addr == 0, &c->cei, CEI_SCLAB_LOAD_ADDR_NOT_ZERO,
				"Load Address is not zero when OLA flag is zero");
	if (!rc && ola)
		rc = validate32(be64_to_cpu(s->load_addr) == addr, &c->cei,
				CEI_UNMATCHED_SCLAB_LOAD_ADDR,
				"Load Address does not match with component load address");
	if (!rc && (flags & SCLAB_FLAG_NUC))
		rc = validate32(opsw, &c->cei, CEI_NUC_NOT_IN_GLOBAL_SCLAB,
				"NUC bit is set, but not in the global SCLAB");
	if (!rc && (flags & SCLAB_FLAG_SC))
		rc = validate32(opsw, &c->cei, CEI_SC_NOT_IN_GLOBAL_SCLAB,
				"SC bit is set, but not in the global SCLAB");
	return rc;
}

/* Is QEMU's certificate @der (@len bytes), which verified the component at
 * @addr, on the enrolled deny list? */
static bool qemu_cert_denied(uint64_t addr, unsigned int store_idx, const uint8_t *der,
			     uint64_t len)
{
	uint8_t fp[SIG_SHA256_LEN];

	if (!store.ndeny_cert || sig_sha256_range(ptr_to_abs(der), len, fp))
		return store.ndeny_cert != 0;   /* cannot tell: denied */
	for (unsigned int i = 0; i < store.ndeny_cert; i++) {
		if (!memcmp(store.deny_cert[i].sha256, fp, sizeof(fp))) {
			fw_printf("component at 0x%llx: certificate %u is denied\n",
				  (unsigned long long)addr, store_idx);
			return true;
		}
	}
	return false;
}

/* Record store certificate @v->store_idx in the report's list (once),
 * copying its DER to the certificate area; *list_idx gets its index. A
 * certificate of QEMU's store on the deny list sets *denied instead. */
static int record_certificate(const struct iirb_component *c, const struct verdict *v,
			      unsigned int *list_idx, bool *denied)
{
	const uint8_t *der;
	int err;

	if (v->store_idx < ARRAY_SIZE(sec.cert_of_store) && sec.cert_of_store[v->store_idx]) {
		*list_idx = sec.cert_of_store[v->store_idx] - 1u;
		return 0;
	}
	if (v->store_idx >= ARRAY_SIZE(sec.cert_of_store))
		return FW_EINVAL;
	err = sec.be->cert_der(v->store_idx, v->der_len, &der);
	if (err)
		return err;
	*denied = sec.be == &d508_backend &&
		  qemu_cert_denied(be64_to_cpu(c->addr), v->store_idx, der, v->der_len);
	if (*denied)
		return 0;
	if (sec.ncert == IIRB_MAX_CERTIFICATES || v->der_len > sec.cert_area_size - sec.cert_used) {
		fw_printf("Not enough memory to store certificates\n");
		fw_printf("Could not get certificate\n");
		return FW_EINVAL;
	}
	memcpy(abs_to_ptr(sec.cert_area + sec.cert_used, v->der_len), der, v->der_len);
	sec.cert[sec.ncert].addr = cpu_to_be64(sec.cert_area + sec.cert_used);
	sec.cert[sec.ncert].len = cpu_to_be64(v->der_len);
	sec.cert_used += ALIGN_UP(v->der_len, 8);
	*list_idx = sec.ncert++;
	sec.cert_of_store[v->store_idx] = (uint8_t)(*list_idx + 1);
	return 0;
}

/* Verify the component against the pending signature with the backend. */
static int verify(struct iirb_component *c, struct verdict *v)
{
	unsigned int list_idx;
	bool denied = false;
	uint64_t t0;
	int err;

	if (sec.sig_bad)
		return check_failed("Could not verify component");
	t0 = mach_tod();
	err = sec.be->verify(c, v);
	t0 = mach_tod() - t0;
	if (err && v->denied)
		return check_failed("Component is signed by a denied certificate");
	if (err)
		return check_failed("Could not verify component");
	err = record_certificate(c, v, &list_idx, &denied);
	if (err)
		return err;
	if (denied)
		return check_failed("Component is signed by a denied certificate");
	c->cert_index = cpu_to_be16((uint16_t)list_idx);
	c->flags |= IIRB_COMP_VERIFIED;
	fw_printf("Verified component at 0x%llx (%llu bytes) with certificate %u in %llu ms\n",
		  (unsigned long long)be64_to_cpu(c->addr), (unsigned long long)be64_to_cpu(c->len),
		  v->store_idx, (unsigned long long)(t0 / TOD_PER_MS));
	return 0;
}

/* The deny list of component digests (SHA-256 of the loaded bytes). */
static int check_denied_digest(const struct iirb_component *c, const struct verdict *v)
{
	uint8_t d[SIG_SHA256_LEN];
	const uint8_t *digest = v->sha256;

	if (!store.ndeny_sha256)
		return 0;
	if (!v->have_sha256) {
		if (sig_sha256_range(be64_to_cpu(c->addr), be64_to_cpu(c->len), d)) {
			fw_printf("component at 0x%llx: cannot compute its SHA-256\n",
				  (unsigned long long)be64_to_cpu(c->addr));
			return check_failed("Component is denied");
		}
		digest = d;
	}
	if (!trust_store_sha256_denied(&store, digest))
		return 0;
	fw_printf("component at 0x%llx: its SHA-256 is on the deny list\n",
		  (unsigned long long)be64_to_cpu(c->addr));
	return check_failed("Component is denied");
}

/* Strict policy: an unsigned component must carry nothing (zipl's heap and
 * stack buffers are zero blocks). */
static int check_strict(const struct iirb_component *c)
{
	uint64_t addr = be64_to_cpu(c->addr), len = be64_to_cpu(c->len);

	if (!sec.strict)
		return 0;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t n = MIN((uint64_t)PAGE_SIZE, len - off);
		const uint8_t *p = abs_to_ptr(addr + off, n);

		for (uint64_t i = 0; i < n; i++) {
			if (p[i]) {
				fw_printf("component at 0x%llx (%llu bytes) is not signed\n",
					  (unsigned long long)addr, (unsigned long long)len);
				return check_failed("Unsigned component is not allowed by the "
						    "strict policy");
			}
		}
	}
	return 0;
}

int secure_on_load(unsigned int idx, uint64_t addr, uint64_t len)
{
	struct iirb_component *c = new_entry(addr, len);
	struct verdict v;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	(void)idx;
	if (!c)
		return secure_refuse("The device component list has reached its maximum capacity");
	for (unsigned int i = 0; i < sec.ncomp && !rc; i++) {
		if ((sec.comp[i].flags & IIRB_COMP_SIGNED) &&
		    overlaps(be64_to_cpu(sec.comp[i].addr), be64_to_cpu(sec.comp[i].len), addr, len))
			rc = check_failed("Component addresses overlap");
	}
	if (!rc && !sec.sig_pending) {
		rc = validate32(addr >= UNSIGNED_MIN_ADDR, &c->cei, CEI_INVALID_UNSIGNED_ADDR,
				"Load address for unsigned component is less than 0x2000");
		if (!rc && addr < UNSIGNED_MIN_ADDR)
			len = 0;        /* in the lowcore image, not in memory yet */
		if (!rc && len)
			rc = check_strict(c);
	} else if (!rc) {
		c->flags = IIRB_COMP_SIGNED;
		sec.signed_found = true;
		rc = check_sclab(c);
		if (!rc && !(be32_to_cpu(c->cei) & CEI_INVALID_SCLAB))
			sec.sclab_found = true;
		if (!rc)
			rc = verify(c, &v);
	}
	if (!rc && len)
		rc = check_denied_digest(c, &v);
	sec.sig_pending = false;
	if (rc)
		return rc;
	sec.ncomp++;
	return 0;
}

/* Is the 31-bit address of @psw inside a signed component (>= 2 bytes left)? */
static bool psw_in_signed(uint64_t psw)
{
	uint64_t a = psw & 0x7fffffffULL;

	for (unsigned int i = 0; i < sec.ncomp; i++) {
		uint64_t ca = be64_to_cpu(sec.comp[i].addr), cl = be64_to_cpu(sec.comp[i].len);

		if ((sec.comp[i].flags & IIRB_COMP_SIGNED) && cl >= 2 && a >= ca && a <= ca + cl - 2)
			return true;
	}
	return false;
}

int secure_on_exec(uint64_t psw)
{
	struct iirb_component *p;
	unsigned int nsigned = 0, nunsigned = 0;
	uint16_t gflags;
	int rc;

	if (sec.sig_pending) {
		fw_printf("zipl: a signature entry is followed by the EXEC entry\n");
		return FW_EINVAL;
	}
	p = new_entry(psw, 0);
	if (!p)
		return secure_refuse("The device component list has reached its maximum capacity");

	rc = validate16(sec.signed_found, &sec.iiei, IIEI_NO_SIGNED_COMP,
			"Secure boot is on, but components are not signed");
	if (!rc)
		rc = validate16(sec.sclab_found, &sec.iiei, IIEI_NO_SCLAB, "No recognizable SCLAB");
	if (rc)
		return rc;
	if (!sec.have_global) {
		rc = validate16(false, &sec.iiei, IIEI_NO_GLOBAL_SCLAB,
				"Global SCLAB does not exist");
	} else {
		for (unsigned int i = 0; i < sec.ncomp; i++) {
			if (sec.comp[i].flags & IIRB_COMP_SIGNED)
				nsigned++;
			else
				nunsigned++;
		}
		gflags = be16_to_cpu(sec.global.flags);
		rc = validate32(psw_in_signed(psw) && psw_in_signed(be64_to_cpu(sec.global.load_psw)),
				&p->cei, CEI_INVALID_LOAD_PSW, "Invalid PSW");
		if (!rc)
			rc = validate32(be64_to_cpu(sec.global.load_psw) == psw, &p->cei,
					CEI_UNMATCHED_SCLAB_LOAD_PSW,
					"Load PSW does not match with PSW in component");
		if (!rc && (gflags & SCLAB_FLAG_NUC))
			rc = validate16(nunsigned == 0, &sec.iiei, IIEI_FOUND_UNSIGNED_COMP,
					"Unsigned components are not allowed");
		if (!rc && (gflags & SCLAB_FLAG_SC))
			rc = validate16(nsigned == 1 && nunsigned == 0, &sec.iiei,
					IIEI_MORE_SIGNED_COMP, "Only one signed component is allowed");
	}
	if (rc)
		return rc;
	sec.ncomp++;
	return 0;
}

int secure_write_report(struct iplb *iplb)
{
	uint32_t iplb_len = be32_to_cpu(iplb->len);
	uint32_t clen = (uint32_t)(sizeof(struct iirb_list_header) +
				   sec.ncomp * sizeof(struct iirb_component));
	uint32_t klen = (uint32_t)(sizeof(struct iirb_list_header) +
				   sec.ncert * sizeof(struct iirb_certificate));
	uint32_t total = (uint32_t)sizeof(struct iirb_header) + clen + klen;
	struct iirb_header *hdr;
	struct iirb_list_header *lh;
	uint8_t *p;

	if (sec.be == &enrolled_backend) {
		/* What QEMU's Secure IPL would have set: Linux and stage3 read
		 * the mode from these flags (DIAG 308 store after the set). */
		iplb->hdr_flags |= IPLB_HDR_FLAG_IPLIR;
		if (sec.mode == IPL_MODE_SECURE)
			iplb->hdr_flags |= IPLB_HDR_FLAG_SIPL;
		iplb->len = cpu_to_be32(IPLB_SIZE);
		iplb_len = IPLB_SIZE;
	}
	if (iplb_len % 8)
		return secure_refuse("IPL parameter block length field value is not multiple of "
				     "8 bytes");
	if (total > IIRB_MAX_SIZE || iplb_len > IPLB_SIZE)
		return secure_refuse("Not enough space to hold all components and certificates "
				     "in IIRB");
	p = (uint8_t *)iplb + iplb_len;
	memset(p, 0, total);
	hdr = (struct iirb_header *)p;
	hdr->len = cpu_to_be32(total);
	p += sizeof(*hdr);
	lh = (struct iirb_list_header *)p;
	lh->len = cpu_to_be32(clen);
	lh->type = IIRB_TYPE_COMPONENTS;
	lh->iiei = cpu_to_be16(sec.iiei);
	p += sizeof(*lh);
	memcpy(p, sec.comp, sec.ncomp * sizeof(struct iirb_component));
	p += sec.ncomp * sizeof(struct iirb_component);
	lh = (struct iirb_list_header *)p;
	lh->len = cpu_to_be32(klen);
	lh->type = IIRB_TYPE_CERTIFICATES;
	p += sizeof(*lh);
	memcpy(p, sec.cert, sec.ncert * sizeof(struct iirb_certificate));
	return 0;
}
