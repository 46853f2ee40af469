/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the Secure IPL reference hypervisor (tests/ref): DIAG 0x320
 * and DIAG 0x508 byte for byte against docs/secure-ipl.md and QEMU, the
 * certificate-store loading rules, the strict DER/CMS reader, and the
 * tools/sign-component and tests/data/keys/mk-keys.sh scripts. Keys,
 * certificates and signatures are made with the openssl CLI at run time.
 *
 * Env: REF_SRCDIR (repository top, default "."), REF_TMPDIR (scratch
 * directory, default a new one under /tmp). Argument: a substring selecting
 * tests by name. Output: "PASS name" / "FAIL name: why" / "SKIP name: why",
 * then "N passed, N failed".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fw/endian.h"
#include "ref.h"
#include "../testutil.h"

#define RAM_SIZE (16u << 20)
#define SVB_ADDR 0x1000u
#define SIG_ADDR 0x8000u
#define VCB_ADDR 0x10000u
#define COMP_ADDR 0x100000u
#define COMP_LEN 0x10000u /* 64 KiB component */

static uint8_t *ram;
static const char *srcdir = ".";
static char tmpdir[2048];
static char keydir[4096];
static char warnings[2048];

/* ---- host helpers ------------------------------------------------------- */

/* "<hex>  -" from sha256sum into 32 bytes */
static bool sha256_of_cmd(const char *cmd, uint8_t out[32])
{
	char line[256];
	FILE *p = popen(cmd, "r");
	bool ok = false;

	if (!p)
		return false;
	if (fgets(line, sizeof(line), p)) {
		ok = true;
		for (int i = 0; i < 32; i++) {
			unsigned int b;

			if (sscanf(line + 2 * i, "%2x", &b) != 1) {
				ok = false;
				break;
			}
			out[i] = (uint8_t)b;
		}
	}
	pclose(p);
	return ok;
}

static const char *cert_path(const char *name)
{
	static char buf[8][4200];
	static unsigned int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/certs/%s.pem", keydir, name);
	return buf[k];
}

static const char *key_path(const char *name)
{
	static char buf[8][4200];
	static unsigned int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/keys/%s.pem", keydir, name);
	return buf[k];
}

/* The DER of a certificate, as openssl writes it. */
static uint8_t *cert_der(const char *name, size_t *len)
{
	char out[4200];

	snprintf(out, sizeof(out), "%s/%s.der", tmpdir, name);
	if (sh("openssl x509 -in '%s' -outform DER -out '%s'", cert_path(name), out))
		return NULL;
	return slurp(out, len);
}

/* ---- guest memory ------------------------------------------------------- */

static bool ram_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr >= RAM_SIZE || len > RAM_SIZE - addr)
		return false;
	memcpy(buf, ram + addr, len);
	return true;
}

static bool ram_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	(void)ctx;
	if (addr >= RAM_SIZE || len > RAM_SIZE - addr)
		return false;
	memcpy(ram + addr, buf, len);
	return true;
}

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	strncat(warnings, msg, sizeof(warnings) - strlen(warnings) - 2);
	strcat(warnings, "\n");
}

static struct ref_certstore store;
static struct ref_ctx hv;

/* Fresh store of the named generated certificates; a fresh hypervisor. */
static const char *setup(const char *const *names, size_t n)
{
	const char *paths[REF_MAX_CERTS];
	struct ref_mem mem = { NULL, ram_read, ram_write, NULL };
	char err[512];

	ref_certstore_free(&store);
	ref_certstore_init(&store);
	store.warn = warn_cb;
	warnings[0] = '\0';
	for (size_t i = 0; i < n; i++)
		paths[i] = cert_path(names[i]);
	if (n && ref_certstore_load(&store, paths, n, err, sizeof(err)))
		return FAILF("loading the store: %s", err);
	ref_ctx_init(&hv, &mem, &store);
	memset(ram, 0, RAM_SIZE);
	return NULL;
}

#define SETUP(...)                                                                \
	do {                                                                      \
		const char *const names_[] = { __VA_ARGS__ };                     \
		const char *e_ = setup(names_, sizeof(names_) / sizeof(names_[0])); \
		if (e_)                                                           \
			return e_;                                                \
	} while (0)

static const char *setup_empty(void)
{
	return setup(NULL, 0);
}

/* ---- signed components -------------------------------------------------- */

static uint8_t *comp_data;

static const char *comp_file(void)
{
	static char path[4200];

	snprintf(path, sizeof(path), "%s/comp.bin", tmpdir);
	return path;
}

struct signed_comp {
	uint8_t *file; /* the whole signed file */
	size_t file_len;
	const uint8_t *sig;
	size_t sig_len;
};

static void signed_free(struct signed_comp *s)
{
	free(s->file);
	memset(s, 0, sizeof(*s));
}

/* Sign the test component with tools/sign-component and split the trailer. */
static const char *sign_with(struct signed_comp *s, const char *key, const char *cert,
			     const char *opts)
{
	static const char magic[] = "~Module signature appended~\n";
	char out[4200];
	uint32_t n;

	memset(s, 0, sizeof(*s));
	snprintf(out, sizeof(out), "%s/signed.bin", tmpdir);
	if (sh("'%s/tools/sign-component' %s '%s' '%s' '%s' '%s'", srcdir, opts, key_path(key),
	       cert_path(cert), comp_file(), out))
		return FAILF("sign-component %s %s failed", opts, key);
	s->file = slurp(out, &s->file_len);
	if (!s->file || s->file_len < COMP_LEN + 40)
		return FAILF("signed file too short");
	if (memcmp(s->file + s->file_len - 28, magic, 28) != 0)
		return FAILF("no module signature magic");
	n = get_be32(s->file + s->file_len - 32);
	if (n + 40 + (size_t)COMP_LEN != s->file_len)
		return FAILF("sig_len %u does not add up to the file size", n);
	s->sig = s->file + COMP_LEN;
	s->sig_len = n;
	return NULL;
}

static const char *sign(struct signed_comp *s, const char *key, const char *opts)
{
	return sign_with(s, key, key, opts);
}

/* Place component and signature, fill an SVB, run DIAG 508 subcode 0x8000. */
static int run508(const uint8_t *comp, size_t clen, const uint8_t *sig, size_t slen, uint64_t *rc)
{
	uint8_t *svb = ram + SVB_ADDR;

	memcpy(ram + COMP_ADDR, comp, clen);
	memcpy(ram + SIG_ADDR, sig, slen);
	memset(svb, 0x5a, REF_SVB_LEN); /* reserved bytes must survive */
	put_be32(svb, REF_SVB_LEN);
	svb[7] = 0;
	put_be64(svb + 0x20, clen);
	put_be64(svb + 0x28, COMP_ADDR);
	put_be64(svb + 0x30, slen);
	put_be64(svb + 0x38, SIG_ADDR);
	*rc = 0xdead;
	return ref_diag508(&hv, REF_DIAG508_VERIFY, SVB_ADDR, rc);
}

static const char *expect508(const struct signed_comp *s, uint64_t want, unsigned int idx,
			     const char *cert)
{
	uint64_t rc;
	int r = run508(comp_data, COMP_LEN, s->sig, s->sig_len, &rc);
	const uint8_t *svb = ram + SVB_ADDR;

	CHECK(r == REF_DIAG_DONE, "DIAG 508 raised program exception %#x", r);
	CHECK(rc == want, "rc %#llx, want %#llx (%s)", (unsigned long long)rc,
	      (unsigned long long)want, ref_strerror(hv.last_verify_err));
	if (want != REF_DIAG508_RC_OK)
		return NULL;
	CHECK(svb[0x10] == idx, "cert_store_index %u, want %u", svb[0x10], idx);
	if (cert) {
		size_t dlen;
		uint8_t *der = cert_der(cert, &dlen);

		CHECK(der, "openssl x509 -outform DER failed");
		free(der);
		CHECK(get_be64(svb + 0x18) == dlen, "cert_len %llu, want %zu",
		      (unsigned long long)get_be64(svb + 0x18), dlen);
	}
	for (unsigned int i = 4; i < 0x10; i++)
		CHECK(i == 7 || svb[i] == 0x5a, "SVB byte %#x changed", i);
	for (unsigned int i = 0x11; i < 0x18; i++)
		CHECK(svb[i] == 0x5a, "SVB reserved byte %#x changed", i);
	CHECK(get_be64(svb + 0x20) == COMP_LEN && get_be64(svb + 0x28) == COMP_ADDR &&
		      get_be64(svb + 0x30) == s->sig_len && get_be64(svb + 0x38) == SIG_ADDR,
	      "SVB input fields changed");
	return NULL;
}

/* ---- mk-keys and sign-component ----------------------------------------- */

static const char *const all_names[] = {
	"ca2",	   "expired", "nodigsig", "notyet",  "p256",    "p384",
	"p521",	   "rsa1024", "rsa2048-alt", "rsa2048", "rsa3072", "rsa4096",
};

static const char *t_mk_keys(void)
{
	for (size_t i = 0; i < sizeof(all_names) / sizeof(all_names[0]); i++) {
		struct stat st;

		CHECK(stat(cert_path(all_names[i]), &st) == 0, "%s missing",
		      cert_path(all_names[i]));
		CHECK(stat(key_path(all_names[i]), &st) == 0, "%s missing", key_path(all_names[i]));
	}
	CHECK(sh("openssl x509 -in '%s' -noout -checkend 0 >/dev/null", cert_path("expired")) == 1,
	      "expired certificate is not expired");
	return NULL;
}

static const char *t_sign_component_trailer(void)
{
	struct signed_comp s;
	const char *e = sign(&s, "rsa2048", "");
	static const uint8_t info[8] = { 0, 0, 2, 0, 0, 0, 0, 0 };

	if (e)
		return e;
	e = memcmp(s.file, comp_data, COMP_LEN) ? "component bytes changed" :
	    memcmp(s.file + s.file_len - 40, info, 8) ? "info block is not 0 0 2 0 0 0 0 0" :
							  NULL;
	signed_free(&s);
	return e;
}

static const char *t_sign_component_matches_openssl(void)
{
	struct signed_comp s;
	char out[4200];
	uint8_t *direct;
	size_t dlen;
	const char *e = sign(&s, "rsa3072", "--hash sha384");

	if (e)
		return e;
	snprintf(out, sizeof(out), "%s/direct.p7", tmpdir);
	if (sh("openssl cms -sign -binary -noattr -nocerts -nosmimecap -md sha384 -signer '%s' "
	       "-inkey '%s' -outform DER -in '%s' -out '%s'",
	       cert_path("rsa3072"), key_path("rsa3072"), comp_file(), out)) {
		signed_free(&s);
		return "openssl cms failed";
	}
	direct = slurp(out, &dlen);
	e = !direct || dlen != s.sig_len || memcmp(direct, s.sig, dlen) ?
		    "signature differs from openssl cms -noattr -nocerts -nosmimecap" :
		    NULL;
	free(direct);
	signed_free(&s);
	return e;
}

static const char *t_sign_component_refuses(void)
{
	char signed_path[4200], out[4200];

	snprintf(signed_path, sizeof(signed_path), "%s/once.bin", tmpdir);
	snprintf(out, sizeof(out), "%s/twice.bin", tmpdir);
	CHECK(sh("'%s/tools/sign-component' '%s' '%s' '%s' '%s'", srcdir, key_path("rsa2048"),
		 cert_path("rsa2048"), comp_file(), signed_path) == 0,
	      "first signature failed");
	CHECK(sh("'%s/tools/sign-component' '%s' '%s' '%s' '%s' 2>/dev/null", srcdir,
		 key_path("rsa2048"), cert_path("rsa2048"), signed_path, out) == 1,
	      "signing a signed file was not refused");
	CHECK(sh("'%s/tools/sign-component' --force '%s' '%s' '%s' '%s'", srcdir,
		 key_path("rsa2048"), cert_path("rsa2048"), signed_path, out) == 0,
	      "--force did not sign");
	CHECK(sh("'%s/tools/sign-component' --hash sha1 '%s' '%s' '%s' '%s' 2>/dev/null", srcdir,
		 key_path("rsa2048"), cert_path("rsa2048"), comp_file(), out) == 2,
	      "--hash sha1 was not refused");
	CHECK(sh("'%s/tools/sign-component' '%s' '%s' 2>/dev/null", srcdir, key_path("rsa2048"),
		 cert_path("rsa2048")) == 2,
	      "missing arguments not refused");
	return NULL;
}

/* ---- certificate store -------------------------------------------------- */

static void ebcdic_name(const char *ascii, uint8_t out[REF_CERT_NAME_LEN])
{
	/* letters, digits, '.', '-', '_' and blank are enough for the tests */
	for (int i = 0; i < REF_CERT_NAME_LEN; i++) {
		char c = i < (int)strlen(ascii) ? ascii[i] : ' ';

		if (c >= 'a' && c <= 'i')
			out[i] = (uint8_t)(0x81 + c - 'a');
		else if (c >= 'j' && c <= 'r')
			out[i] = (uint8_t)(0x91 + c - 'j');
		else if (c >= 's' && c <= 'z')
			out[i] = (uint8_t)(0xa2 + c - 's');
		else if (c >= '0' && c <= '9')
			out[i] = (uint8_t)(0xf0 + c - '0');
		else if (c == '.')
			out[i] = 0x4b;
		else if (c == '-')
			out[i] = 0x60;
		else if (c == '_')
			out[i] = 0x6d;
		else
			out[i] = 0x40;
	}
}

static const char *load_paths(const char *const *paths, size_t n, char *err, size_t errlen)
{
	ref_certstore_free(&store);
	ref_certstore_init(&store);
	store.warn = warn_cb;
	warnings[0] = '\0';
	return ref_certstore_load(&store, paths, n, err, errlen) ? "failed" : NULL;
}

static const char *t_store_directory(void)
{
	char dir[4200], err[512];
	const char *paths[1] = { dir };
	uint8_t name[REF_CERT_NAME_LEN];

	snprintf(dir, sizeof(dir), "%s/certs", keydir);
	CHECK(!load_paths(paths, 1, err, sizeof(err)), "load: %s", err);
	CHECK(store.count == 12, "%u certificates, want 12", store.count);
	for (unsigned int i = 0; i < store.count; i++) {
		char want[64];

		snprintf(want, sizeof(want), "%s.pem", all_names[i]);
		ebcdic_name(want, name);
		CHECK(memcmp(store.certs[i].name, name, REF_CERT_NAME_LEN) == 0,
		      "entry %u is not %s (sorted, EBCDIC, blank padded)", i, want);
	}
	return NULL;
}

static const char *t_store_skips_non_pem(void)
{
	char dir[4200], err[512];
	const char *paths[1] = { dir };

	snprintf(dir, sizeof(dir), "%s/mixed", tmpdir);
	CHECK(sh("mkdir -p '%s' && cp '%s' '%s/a.pem' && cp '%s' '%s/b.crt' && "
		 "touch '%s/c.pem.txt'",
		 dir, cert_path("p256"), dir, cert_path("p384"), dir, dir) == 0,
	      "setup");
	CHECK(!load_paths(paths, 1, err, sizeof(err)), "load: %s", err);
	CHECK(store.count == 1, "%u certificates, want 1", store.count);
	CHECK(strstr(warnings, "skipping 'b.crt': not a .pem file") &&
		      strstr(warnings, "skipping 'c.pem.txt': not a .pem file"),
	      "warnings: %s", warnings);
	return NULL;
}

static const char *t_store_empty_directory(void)
{
	char dir[4200], err[512];
	const char *paths[1] = { dir };

	snprintf(dir, sizeof(dir), "%s/emptydir", tmpdir);
	CHECK(sh("mkdir -p '%s'", dir) == 0, "mkdir");
	CHECK(!load_paths(paths, 1, err, sizeof(err)), "load: %s", err);
	CHECK(store.count == 0, "not empty");
	CHECK(strstr(warnings, "directory is empty"), "no warning: %s", warnings);
	return NULL;
}

static const char *t_store_errors(void)
{
	char nopem[4200], keypem[4200], derpem[4200], missing[4200], err[512];
	const char *p[1];

	snprintf(nopem, sizeof(nopem), "%s/cert.crt", tmpdir);
	snprintf(keypem, sizeof(keypem), "%s/key-as-cert.pem", tmpdir);
	snprintf(derpem, sizeof(derpem), "%s/der-as.pem", tmpdir);
	snprintf(missing, sizeof(missing), "%s/missing.pem", tmpdir);
	CHECK(sh("cp '%s' '%s' && cp '%s' '%s' && openssl x509 -in '%s' -outform DER -out '%s'",
		 cert_path("rsa2048"), nopem, key_path("rsa2048"), keypem, cert_path("rsa2048"),
		 derpem) == 0,
	      "setup");
	p[0] = "";
	CHECK(load_paths(p, 1, err, sizeof(err)) &&
		      !strcmp(err, "Empty path in certificate path list is not allowed"),
	      "empty path: %s", err);
	p[0] = nopem;
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "must have a .pem extension"),
	      "no .pem: %s", err);
	p[0] = missing;
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "Failed to stat path"),
	      "missing: %s", err);
	p[0] = keypem;
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "Failed to initialize certificate"),
	      "private key: %s", err);
	p[0] = derpem;
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "Failed to initialize certificate"),
	      "DER file: %s", err);
	p[0] = "/dev/null";
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "neither a file nor a directory"),
	      "device: %s", err);
	CHECK(store.count == 0, "store not left empty after an error");
	return NULL;
}

static const char *t_store_pem_variants(void)
{
	char f[4200], err[512];
	const char *p[1] = { f };

	/* GnuTLS takes the first CERTIFICATE object; other objects and junk are skipped */
	snprintf(f, sizeof(f), "%s/keyfirst.pem", tmpdir);
	CHECK(sh("(echo junk; cat '%s' '%s' '%s'; echo trailing) > '%s'", key_path("p256"),
		 cert_path("p256"), cert_path("rsa2048"), f) == 0,
	      "setup");
	CHECK(!load_paths(p, 1, err, sizeof(err)), "key + 2 certs: %s", err);
	CHECK(store.count == 1 && store.certs[0].key_kind == REF_KEY_EC, "not the first cert");
	snprintf(f, sizeof(f), "%s/x509banner.pem", tmpdir);
	CHECK(sh("sed 's/CERTIFICATE/X509 CERTIFICATE/' '%s' > '%s'", cert_path("p384"), f) == 0,
	      "setup");
	CHECK(!load_paths(p, 1, err, sizeof(err)), "X509 CERTIFICATE: %s", err);
	snprintf(f, sizeof(f), "%s/trusted.pem", tmpdir);
	CHECK(sh("sed 's/CERTIFICATE/TRUSTED CERTIFICATE/' '%s' > '%s'", cert_path("p384"), f) == 0,
	      "setup");
	CHECK(load_paths(p, 1, err, sizeof(err)), "TRUSTED CERTIFICATE accepted");
	return NULL;
}

static const char *t_store_limit(void)
{
	char dir[4200], err[512];
	const char *p[2] = { dir, NULL };

	snprintf(dir, sizeof(dir), "%s/many", tmpdir);
	CHECK(sh("mkdir -p '%s' && for i in $(seq -w 1 64); do cp '%s' '%s'/c$i.pem; done", dir,
		 cert_path("p256"), dir) == 0,
	      "setup");
	err[0] = '\0';
	CHECK(!load_paths(p, 1, err, sizeof(err)) && store.count == 64, "64: %u (%s)", store.count,
	      err);
	p[1] = cert_path("p256");
	CHECK(load_paths(p, 2, err, sizeof(err)) &&
		      !strcmp(err, "Cert store exceeds maximum of 64 certificates"),
	      "65: %s", err);
	/* the same file twice is two entries (QEMU does not deduplicate) */
	p[0] = cert_path("p256");
	CHECK(!load_paths(p, 2, err, sizeof(err)) && store.count == 2, "duplicate: %s", err);
	return NULL;
}

static const char *t_store_data_limit(void)
{
	char f[4200], err[512];
	const char *p[1] = { f };
	static char comment[7700];

	/* per-cert data 64 + round4(DER) must stay <= 8064 */
	memset(comment, 'x', sizeof(comment) - 1);
	snprintf(f, sizeof(f), "%s/big.pem", tmpdir);
	CHECK(sh("openssl req -new -x509 -key '%s' -subj /CN=big/ -days 30 -addext 'nsComment=%s' "
		 "-out '%s' 2>/dev/null",
		 key_path("p256"), comment, f) == 0,
	      "openssl req");
	CHECK(load_paths(p, 1, err, sizeof(err)) && strstr(err, "exceeds maximum buffer size"),
	      "big certificate: %s", err);
	return NULL;
}

static const char *t_store_fields(void)
{
	SETUP("expired", "p521", "rsa2048", "nodigsig");
	CHECK(store.certs[0].not_before == 1577836800 && store.certs[0].not_after == 1609459200,
	      "expired: dates %lld..%lld", (long long)store.certs[0].not_before,
	      (long long)store.certs[0].not_after);
	CHECK(store.certs[1].key_kind == REF_KEY_EC && store.certs[1].key_bits == 521 &&
		      store.certs[1].key_type == REF_VCE_KEYTYPE_ECDSA_P521,
	      "p521 key");
	CHECK(store.certs[2].key_kind == REF_KEY_RSA && store.certs[2].key_bits == 2048 &&
		      store.certs[2].key_type == 0 && store.certs[2].has_key_usage &&
		      (store.certs[2].key_usage & 0x8000),
	      "rsa2048 key");
	CHECK(store.certs[3].has_key_usage && !(store.certs[3].key_usage & 0x8000),
	      "nodigsig keyUsage %#x", store.certs[3].key_usage);
	return NULL;
}

/* ---- DIAG 0x320 --------------------------------------------------------- */

static const char *t_320_ism(void)
{
	uint64_t rc = 0;

	SETUP("rsa2048");
	memset(ram + 0x2000, 0xee, 32);
	CHECK(ref_diag320(&hv, 0, 0x2001, &rc) == REF_DIAG_DONE && rc == 1, "rc %#llx",
	      (unsigned long long)rc);
	CHECK(get_be32(ram + 0x2001) == 0xE0000000u, "ISM word %#x", get_be32(ram + 0x2001));
	CHECK(ram[0x2005] == 0xee && ram[0x2000] == 0xee, "more than 4 bytes written");
	CHECK(ref_diag320(&hv, 0, RAM_SIZE - 2, &rc) == REF_PGM_ADDRESSING, "no addressing exc");
	return NULL;
}

static const char *t_320_subcodes(void)
{
	uint64_t rc = 0;

	SETUP("rsa2048");
	CHECK(ref_diag320(&hv, 3, 0, &rc) == REF_DIAG_DONE && rc == 0x0102, "subcode 3");
	CHECK(ref_diag320(&hv, 0xff, 0, &rc) == REF_DIAG_DONE && rc == 0x0102, "subcode 0xff");
	CHECK(ref_diag320(&hv, 0x100, 0, &rc) == REF_PGM_SPECIFICATION, "subcode 0x100");
	CHECK(ref_diag320(&hv, 1ULL << 63, 0, &rc) == REF_PGM_SPECIFICATION, "subcode 1<<63");
	hv.no_cert_store_facility = true;
	CHECK(ref_diag320(&hv, 0, 0x2000, &rc) == REF_PGM_SPECIFICATION, "no cstore facility");
	return NULL;
}

static const char *t_320_vcssb(void)
{
	uint64_t rc = 0;
	uint8_t *b = ram + 0x3000;
	size_t d1, d2, d3, max, sum;
	uint8_t *x1 = cert_der("rsa2048", &d1), *x2 = cert_der("p521", &d2),
		*x3 = cert_der("rsa4096", &d3);

	free(x1);
	free(x2);
	free(x3);
	CHECK(x1 && x2 && x3, "openssl");
	SETUP("rsa2048", "p521", "rsa4096");
	memset(b, 0xaa, REF_VCSSB_LEN);
	put_be32(b, 128);
	CHECK(ref_diag320(&hv, 1, 0x3000, &rc) == REF_DIAG_DONE && rc == 1, "rc %#llx",
	      (unsigned long long)rc);
	max = 64 + ((d1 + 3) & ~3u);
	max = MAX(max, 64 + ((d2 + 3) & ~3u));
	max = MAX(max, 64 + ((d3 + 3) & ~3u));
	sum = 192 + ((d1 + 3) & ~3u) + ((d2 + 3) & ~3u) + ((d3 + 3) & ~3u);
	CHECK(get_be32(b) == 128 && b[7] == 0, "length/version");
	CHECK(get_be16(b + 0x20) == 3 && get_be16(b + 0x22) == 64, "total %u max %u",
	      get_be16(b + 0x20), get_be16(b + 0x22));
	CHECK(get_be32(b + 0x50) == 64 + 128 + max, "max_single_vcb_len %u, want %zu",
	      get_be32(b + 0x50), 64 + 128 + max);
	CHECK(get_be32(b + 0x54) == 64 + 3 * 128 + sum, "total_vcb_len %u, want %zu",
	      get_be32(b + 0x54), 64 + 3 * 128 + sum);
	for (unsigned int i = 4; i < 128; i++) {
		if (i == 7 || (i >= 0x20 && i < 0x24) || (i >= 0x50 && i < 0x58))
			continue;
		CHECK(b[i] == 0xaa, "byte %#x not left as the guest wrote it", i);
	}
	return NULL;
}

static const char *t_320_vcssb_errors(void)
{
	uint64_t rc = 0;
	uint8_t *b = ram + 0x3000;

	SETUP("rsa2048");
	memset(b, 0xaa, 128);
	put_be32(b, 127);
	CHECK(ref_diag320(&hv, 1, 0x3000, &rc) == REF_DIAG_DONE && rc == 0x0202, "length 127");
	CHECK(get_be32(b) == 127 && b[0x20] == 0xaa, "block written on 0x0202");
	put_be32(b, 4096);
	CHECK(ref_diag320(&hv, 1, 0x3000, &rc) == REF_DIAG_DONE && rc == 0x0202, "length 4096");
	CHECK(ref_diag320(&hv, 1, 0x3004, &rc) == REF_PGM_SPECIFICATION, "4-aligned address");
	CHECK(ref_diag320(&hv, 1, RAM_SIZE - 64, &rc) == REF_PGM_ADDRESSING, "block past RAM");

	CHECK(!setup_empty(), "setup");
	memset(b, 0xaa, 128);
	put_be32(b, 128);
	CHECK(ref_diag320(&hv, 1, 0x3000, &rc) == REF_DIAG_DONE && rc == 1, "empty rc");
	CHECK(get_be32(b) == 4, "empty store: length %u, want 4", get_be32(b));
	for (unsigned int i = 4; i < 128; i++)
		CHECK(b[i] == 0xaa, "empty store: byte %#x written", i);
	return NULL;
}

/* Run subcode 2 on a 64-byte header at VCB_ADDR. */
static int run_vc(uint32_t in_len, uint16_t first, uint16_t last, uint64_t *rc)
{
	uint8_t *h = ram + VCB_ADDR;

	memset(h, 0, 0x20000);
	put_be32(h, in_len);
	put_be16(h + 8, first);
	put_be16(h + 10, last);
	*rc = 0xdead;
	return ref_diag320(&hv, 2, VCB_ADDR, rc);
}

static const char *check_vce(const uint8_t *v, const char *name, unsigned int idx1,
			     uint8_t key_type)
{
	char cmd[8500], fname[128];
	uint8_t keyid[32], fpr[32], want_name[REF_CERT_NAME_LEN];
	size_t dlen, len;
	uint8_t *der = cert_der(name, &dlen);

	CHECK(der, "openssl x509 -outform DER");
	len = 192 + ((dlen + 3) & ~(size_t)3);
	snprintf(cmd, sizeof(cmd),
		 "openssl x509 -in '%s' -noout -pubkey | "
		 "openssl pkey -pubin -outform DER | sha256sum",
		 cert_path(name));
	CHECK(sha256_of_cmd(cmd, keyid), "key id command");
	snprintf(cmd, sizeof(cmd), "openssl x509 -in '%s' -outform DER | sha256sum",
		 cert_path(name));
	CHECK(sha256_of_cmd(cmd, fpr), "fingerprint command");
	snprintf(fname, sizeof(fname), "%s.pem", name);
	ebcdic_name(fname, want_name);

	CHECK(get_be32(v) == len, "%s: VCE length %u, want %zu", name, get_be32(v), len);
	CHECK(v[4] == 0x80, "%s: flags %#x", name, v[4]);
	CHECK(v[5] == key_type, "%s: key type %u", name, v[5]);
	CHECK(get_be16(v + 6) == idx1, "%s: cert_idx %u, want %u", name, get_be16(v + 6), idx1);
	CHECK(memcmp(v + 8, want_name, 64) == 0, "%s: name", name);
	CHECK(v[0x48] == 1 && v[0x49] == 0, "%s: format", name);
	CHECK(get_be16(v + 0x4a) == 32 && v[0x4c] == 0 && v[0x4d] == 1 && get_be16(v + 0x4e) == 32,
	      "%s: keyid_len/hash_type/hash_len", name);
	CHECK(get_be32(v + 0x50) == 0 && get_be32(v + 0x54) == dlen, "%s: cert_len %u", name,
	      get_be32(v + 0x54));
	CHECK(get_be64(v + 0x58) == 0, "%s: reserved 0x58", name);
	CHECK(get_be16(v + 0x60) == 160 && get_be16(v + 0x62) == 192, "%s: offsets %u %u", name,
	      get_be16(v + 0x60), get_be16(v + 0x62));
	for (unsigned int i = 0x64; i < 0x80; i++)
		CHECK(v[i] == 0, "%s: reserved byte %#x", name, i);
	CHECK(memcmp(v + 128, keyid, 32) == 0, "%s: key id is not SHA-256 of the SPKI", name);
	CHECK(memcmp(v + 160, fpr, 32) == 0, "%s: hash is not SHA-256 of the DER", name);
	CHECK(memcmp(v + 192, der, dlen) == 0, "%s: DER at 192 differs", name);
	for (size_t i = 192 + dlen; i < len; i++)
		CHECK(v[i] == 0, "%s: padding byte %zu", name, i);
	free(der);
	return NULL;
}

static const char *t_320_vce_layout(void)
{
	uint64_t rc;
	const uint8_t *h = ram + VCB_ADDR;
	const char *e;
	uint32_t l1;

	SETUP("rsa2048", "p521", "p256");
	CHECK(run_vc(8192, 1, 3, &rc) == REF_DIAG_DONE && rc == 1, "rc %#llx",
	      (unsigned long long)rc);
	CHECK(get_be16(h + 0x28) == 3 && get_be16(h + 0x2a) == 0, "stored %u remain %u",
	      get_be16(h + 0x28), get_be16(h + 0x2a));
	e = check_vce(h + 64, "rsa2048", 1, 0);
	if (e)
		return e;
	l1 = get_be32(h + 64);
	e = check_vce(h + 64 + l1, "p521", 2, 1);
	if (e)
		return e;
	e = check_vce(h + 64 + l1 + get_be32(h + 64 + l1), "p256", 3, 0);
	if (e)
		return e;
	CHECK(get_be32(h + 0x20) == 64 + l1 + get_be32(h + 64 + l1) +
					    get_be32(h + 64 + l1 + get_be32(h + 64 + l1)),
	      "out_len %u", get_be32(h + 0x20));
	return NULL;
}

static const char *t_320_ranges(void)
{
	uint64_t rc;
	const uint8_t *h = ram + VCB_ADDR;

	SETUP("rsa2048", "p256", "p384");
	CHECK(run_vc(4096, 2, 1, &rc) == REF_DIAG_DONE && rc == 0x0302, "first > last: %#llx",
	      (unsigned long long)rc);
	CHECK(run_vc(4096, 0, 0, &rc) == REF_DIAG_DONE && rc == 1 && get_be32(h + 0x20) == 64 &&
		      get_be16(h + 0x28) == 0,
	      "0..0");
	CHECK(run_vc(4096, 1, 4, &rc) == REF_DIAG_DONE && rc == 1 && get_be32(h + 0x20) == 64 &&
		      get_be16(h + 0x28) == 0,
	      "last beyond the store");
	CHECK(run_vc(4096, 4, 4, &rc) == REF_DIAG_DONE && rc == 1 && get_be32(h + 0x20) == 64,
	      "first beyond the store");
	CHECK(run_vc(4096, 0, 2, &rc) == REF_DIAG_DONE && rc == 1 && get_be16(h + 0x28) == 2 &&
		      get_be16(h + 64 + 6) == 1,
	      "0..2: stored %u", get_be16(h + 0x28));
	CHECK(run_vc(4096, 3, 3, &rc) == REF_DIAG_DONE && rc == 1 && get_be16(h + 0x28) == 1 &&
		      get_be16(h + 64 + 6) == 3,
	      "3..3");
	CHECK(run_vc(4097, 1, 1, &rc) == REF_DIAG_DONE && rc == 0x0204, "in_len 4097");
	CHECK(run_vc(0, 1, 1, &rc) == REF_DIAG_DONE && rc == 0x0204, "in_len 0");
	CHECK(run_vc(4096, 2, 1, &rc) == REF_DIAG_DONE && rc == 0x0302, "range checked after len");
	CHECK(run_vc(4095, 2, 1, &rc) == REF_DIAG_DONE && rc == 0x0204, "len checked first");
	CHECK(ref_diag320(&hv, 2, VCB_ADDR + 8, &rc) == REF_PGM_SPECIFICATION, "unaligned");
	CHECK(ref_diag320(&hv, 2, RAM_SIZE, &rc) == REF_PGM_ADDRESSING, "header past RAM");
	return NULL;
}

static const char *t_320_remain(void)
{
	const char *names[] = { "rsa4096", "rsa3072", "rsa2048", "p256" };
	size_t vlen[4];
	uint64_t rc;
	const uint8_t *h = ram + VCB_ADDR;
	uint64_t space = 4096 - 64, out = 64;
	unsigned int stored = 0, remain = 0;

	for (int i = 0; i < 4; i++) {
		size_t d;
		uint8_t *der = cert_der(names[i], &d);

		CHECK(der, "openssl");
		free(der);
		vlen[i] = 192 + ((d + 3) & ~(size_t)3);
	}
	for (unsigned int i = 0; i < 4; i++) {
		if (space < vlen[i]) {
			remain = 4 - i;
			break;
		}
		space -= vlen[i];
		out += vlen[i];
		stored++;
	}
	CHECK(remain > 0, "test certificates too small to overflow 4096 bytes");
	SETUP("rsa4096", "rsa3072", "rsa2048", "p256");
	CHECK(run_vc(4096, 1, 4, &rc) == REF_DIAG_DONE && rc == 1, "rc");
	CHECK(get_be16(h + 0x28) == stored && get_be16(h + 0x2a) == remain &&
		      get_be32(h + 0x20) == out,
	      "stored %u remain %u out %u, want %u %u %llu", get_be16(h + 0x28),
	      get_be16(h + 0x2a), get_be32(h + 0x20), stored, remain, (unsigned long long)out);
	CHECK(ram[VCB_ADDR + out] == 0, "wrote past out_len");
	/* with a second page everything fits */
	CHECK(run_vc(8192, 1, 4, &rc) == REF_DIAG_DONE && rc == 1 && get_be16(h + 0x28) == 4 &&
		      get_be16(h + 0x2a) == 0,
	      "8192: stored %u remain %u", get_be16(h + 0x28), get_be16(h + 0x2a));
	/* the buffer must be writable as far as it is used */
	CHECK(ref_diag320(&hv, 2, RAM_SIZE - 4096, &rc) == REF_DIAG_DONE, "last page");
	put_be32(ram + RAM_SIZE - 4096, 8192);
	put_be16(ram + RAM_SIZE - 4096 + 8, 1);
	put_be16(ram + RAM_SIZE - 4096 + 10, 4);
	CHECK(ref_diag320(&hv, 2, RAM_SIZE - 4096, &rc) == REF_PGM_ADDRESSING,
	      "VCEs past RAM: no addressing exception");
	return NULL;
}

static const char *t_320_invalid_entries(void)
{
	uint64_t rc;
	const uint8_t *h = ram + VCB_ADDR, *v;
	uint8_t name[REF_CERT_NAME_LEN];

	SETUP("expired", "notyet", "p256");
	CHECK(run_vc(4096, 1, 3, &rc) == REF_DIAG_DONE && rc == 1 && get_be16(h + 0x28) == 3,
	      "rc / stored");
	v = h + 64;
	ebcdic_name("expired.pem", name);
	CHECK(get_be32(v) == 72 && v[4] == 0 && v[5] == 0 && get_be16(v + 6) == 1 &&
		      !memcmp(v + 8, name, 64),
	      "expired: len %u flags %#x idx %u", get_be32(v), v[4], get_be16(v + 6));
	v += 72;
	CHECK(get_be32(v) == 72 && v[4] == 0 && get_be16(v + 6) == 2, "not yet valid: len %u",
	      get_be32(v));
	v += 72;
	CHECK(v[4] == 0x80 && get_be16(v + 6) == 3, "valid entry after two invalid ones");
	CHECK(get_be32(h + 0x20) == 64 + 72 + 72 + get_be32(v), "out_len %u", get_be32(h + 0x20));

	/* a settable clock: in 2020 the first one is valid */
	hv.now = 1590969600; /* 2020-06-01 */
	CHECK(run_vc(4096, 1, 1, &rc) == REF_DIAG_DONE && rc == 1 && h[64 + 4] == 0x80,
	      "expired certificate invalid in 2020");
	hv.now = 1609459200; /* notAfter itself is still valid */
	CHECK(run_vc(4096, 1, 1, &rc) == REF_DIAG_DONE && h[64 + 4] == 0x80, "at notAfter");
	hv.now = 1609459201;
	CHECK(run_vc(4096, 1, 1, &rc) == REF_DIAG_DONE && h[64 + 4] == 0 && get_be32(h + 64) == 72,
	      "one second after notAfter");
	return NULL;
}

/* ---- DIAG 0x508 --------------------------------------------------------- */

static const char *t_508_query(void)
{
	uint64_t rc = 0;

	CHECK(!setup_empty(), "setup");
	CHECK(ref_diag508(&hv, 0, 0xffffffffffffULL, &rc) == REF_DIAG_DONE && rc == 0x8000,
	      "query %#llx", (unsigned long long)rc);
	CHECK(ref_diag508(&hv, 1, SVB_ADDR, &rc) == REF_PGM_SPECIFICATION, "subcode 1");
	CHECK(ref_diag508(&hv, 0x4000, SVB_ADDR, &rc) == REF_PGM_SPECIFICATION, "subcode 0x4000");
	CHECK(ref_diag508(&hv, 0x18000, SVB_ADDR, &rc) == REF_PGM_SPECIFICATION, "0x18000");
	CHECK(ref_diag508(&hv, 0x8000, RAM_SIZE - 63, &rc) == REF_PGM_ADDRESSING,
	      "SVB past RAM (checked before the empty store)");
	return NULL;
}

static const char *t_508_empty_store(void)
{
	uint64_t rc = 0;

	CHECK(!setup_empty(), "setup");
	put_be32(ram + SVB_ADDR, 0); /* the store is checked before the SVB */
	CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0102,
	      "rc %#llx", (unsigned long long)rc);
	return NULL;
}

static const char *t_508_svb_checks(void)
{
	struct signed_comp s;
	uint64_t rc;
	uint8_t *svb = ram + SVB_ADDR;
	const char *e;
	static const struct {
		unsigned int off;
		uint64_t val;
		uint64_t rc;
		const char *what;
	} cases[] = {
		{ 0x20, 0, 0x0202, "comp_len 0" },
		{ 0x28, 0, 0x0202, "comp_addr 0" },
		{ 0x20, 0x10000001, 0x0202, "comp_len > 0x10000000" },
		{ 0x20, ~0ULL, 0x0202, "comp_len ~0" },
		{ 0x30, 0, 0x0302, "sig_len 0" },
		{ 0x38, 0, 0x0302, "sig_addr 0" },
		{ 0x30, 4097, 0x0302, "sig_len 4097" },
		{ 0x30, 4096, 0x0402, "sig_len 4096 accepted (then fails)" },
	};

	SETUP("rsa2048");
	e = sign(&s, "rsa2048", "");
	if (e)
		return e;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run508(comp_data, COMP_LEN, s.sig, s.sig_len, &rc);
		CHECK(rc == 1, "baseline rc %#llx", (unsigned long long)rc);
		put_be64(svb + cases[i].off, cases[i].val);
		CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == cases[i].rc,
		      "%s: rc %#llx, want %#llx", cases[i].what, (unsigned long long)rc,
		      (unsigned long long)cases[i].rc);
	}
	/* length first, then component, then signature */
	put_be64(svb + 0x20, 0);
	put_be64(svb + 0x30, 0);
	CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0202,
	      "comp before sig");
	for (uint32_t len = 0; len < 70; len += 1) {
		if (len == 64)
			continue;
		put_be32(svb, len);
		CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0502,
		      "SVB length %u: rc %#llx", len, (unsigned long long)rc);
	}
	put_be32(svb, 0x40000000);
	CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0502,
	      "SVB length 0x40000000");
	/* the 256 MiB limit itself is accepted (RAM ends earlier: reads as zero) */
	run508(comp_data, COMP_LEN, s.sig, s.sig_len, &rc);
	put_be64(svb + 0x20, 0x10000000);
	CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0402,
	      "comp_len 0x10000000: rc %#llx", (unsigned long long)rc);
	signed_free(&s);
	return NULL;
}

struct combo {
	const char *key;
	const char *hash;
	bool attrs;
};

static const struct combo *cur_combo;

static const char *t_508_combo(void)
{
	struct signed_comp s;
	char opts[64];
	const char *e;

	snprintf(opts, sizeof(opts), "--hash %s%s", cur_combo->hash,
		 cur_combo->attrs ? " --attrs" : "");
	SETUP("ca2", cur_combo->key);
	e = sign(&s, cur_combo->key, opts);
	if (e)
		return e;
	e = expect508(&s, 1, 1, cur_combo->key);
	signed_free(&s);
	return e;
}

static const char *t_508_tampered(void)
{
	struct signed_comp s;
	uint8_t *comp = malloc(COMP_LEN);
	uint64_t rc;
	const char *e;

	SETUP("rsa2048", "p256");
	for (int attrs = 0; attrs < 2; attrs++) {
		for (int k = 0; k < 2; k++) {
			uint8_t *sig;

			e = sign(&s, k ? "p256" : "rsa2048", attrs ? "--attrs" : "");
			if (e) {
				free(comp);
				return e;
			}
			memcpy(comp, comp_data, COMP_LEN);
			comp[COMP_LEN / 2] ^= 1;
			run508(comp, COMP_LEN, s.sig, s.sig_len, &rc);
			CHECK(rc == 0x0402, "tampered component accepted (attrs %d key %d)", attrs,
			      k);
			CHECK(hv.last_verify_err == (attrs ? REF_EDIGEST : REF_ESIG) ||
				      hv.last_verify_err == REF_EKEY,
			      "reason %s", ref_strerror(hv.last_verify_err));
			sig = malloc(s.sig_len);
			memcpy(sig, s.sig, s.sig_len);
			sig[s.sig_len - 1] ^= 0x10; /* inside the signature value */
			run508(comp_data, COMP_LEN, sig, s.sig_len, &rc);
			free(sig);
			CHECK(rc == 0x0402, "tampered signature accepted");
			run508(comp_data, COMP_LEN, s.sig, s.sig_len, &rc);
			CHECK(rc == 1, "untampered: rc %#llx", (unsigned long long)rc);
			signed_free(&s);
		}
	}
	free(comp);
	return NULL;
}

static const char *t_508_tampered_attrs(void)
{
	struct signed_comp s;
	uint8_t *sig;
	uint64_t rc;
	const char *e;
	size_t at = 0;

	SETUP("rsa2048");
	e = sign(&s, "rsa2048", "--attrs");
	if (e)
		return e;
	/* flip the last byte of the signingTime value: attributes no longer match */
	for (size_t i = 0; i + 15 < s.sig_len; i++) {
		if (s.sig[i] == 0x17 && s.sig[i + 1] == 13 && s.sig[i + 14] == 'Z') {
			at = i + 2 + 11;
			break;
		}
	}
	CHECK(at, "no UTCTime in the signed attributes");
	sig = malloc(s.sig_len);
	memcpy(sig, s.sig, s.sig_len);
	sig[at] = sig[at] == '0' ? '1' : '0';
	run508(comp_data, COMP_LEN, sig, s.sig_len, &rc);
	free(sig);
	CHECK(rc == 0x0402 && hv.last_verify_err == REF_ESIG, "rc %#llx (%s)",
	      (unsigned long long)rc, ref_strerror(hv.last_verify_err));
	signed_free(&s);
	return NULL;
}

static const char *t_508_wrong_cert(void)
{
	struct signed_comp s;
	const char *e;

	SETUP("ca2", "p256", "rsa3072");
	e = sign(&s, "rsa2048", "");
	if (!e)
		e = expect508(&s, 0x0402, 0, NULL);
	signed_free(&s);
	return e;
}

static const char *t_508_second_cert(void)
{
	struct signed_comp s;
	const char *e;

	SETUP("ca2", "rsa2048");
	e = sign(&s, "rsa2048", "");
	if (!e)
		e = expect508(&s, 1, 1, "rsa2048");
	signed_free(&s);
	return e;
}

static const char *t_508_first_wins(void)
{
	struct signed_comp s;
	const char *e;

	/* rsa2048-alt has rsa2048's key: QEMU does not match the signer id */
	SETUP("rsa2048-alt", "rsa2048");
	e = sign(&s, "rsa2048", "");
	if (!e)
		e = expect508(&s, 1, 0, "rsa2048-alt");
	if (!e)
		e = setup((const char *const[]){ "rsa2048", "rsa2048-alt" }, 2);
	if (!e)
		e = expect508(&s, 1, 0, "rsa2048");
	signed_free(&s);
	return e;
}

static const char *t_508_keyid_sid(void)
{
	struct signed_comp s;
	const char *e;
	struct ref_pkcs7 p7;

	SETUP("p384");
	e = sign(&s, "p384", "--keyid --attrs --hash sha384");
	if (e)
		return e;
	CHECK(ref_pkcs7_parse(s.sig, s.sig_len, &p7) == 0 && p7.sid_is_skid && p7.si_version == 3,
	      "not a subjectKeyIdentifier signer");
	e = expect508(&s, 1, 0, "p384");
	signed_free(&s);
	return e;
}

static const char *t_508_rsa1024(void)
{
	struct signed_comp s;
	const char *e;
	uint64_t rc;

	SETUP("rsa1024");
	e = sign(&s, "rsa1024", "");
	if (!e)
		e = expect508(&s, 0x0402, 0, NULL);
	if (e)
		return e;
	CHECK(hv.last_verify_err == REF_EKEYSIZE, "reason %s", ref_strerror(hv.last_verify_err));
	/* the store still offers it through DIAG 320 */
	CHECK(run_vc(4096, 1, 1, &rc) == REF_DIAG_DONE && ram[VCB_ADDR + 64 + 4] == 0x80,
	      "rsa1024 VCE not valid");
	signed_free(&s);
	return NULL;
}

static const char *t_508_dates_and_usage(void)
{
	struct signed_comp s;
	const char *e;

	/* gnutls_pkcs7_verify_direct() checks the signer's dates (GnuTLS >= 3.5.6) */
	SETUP("expired");
	e = sign(&s, "expired", "");
	if (!e)
		e = expect508(&s, 0x0402, 0, NULL);
	if (!e && hv.last_verify_err != REF_EEXPIRED)
		e = FAILF("expired: %s", ref_strerror(hv.last_verify_err));
	hv.now = 1590969600; /* 2020-06-01 */
	if (!e)
		e = expect508(&s, 1, 0, "expired");
	signed_free(&s);
	if (e)
		return e;

	SETUP("notyet");
	e = sign(&s, "notyet", "");
	if (!e)
		e = expect508(&s, 0x0402, 0, NULL);
	if (!e && hv.last_verify_err != REF_ENOTYET)
		e = FAILF("not yet valid: %s", ref_strerror(hv.last_verify_err));
	hv.now = 4086000000; /* mid 2099 */
	if (!e)
		e = expect508(&s, 1, 0, "notyet");
	signed_free(&s);
	if (e)
		return e;

	/* ... and keyUsage must allow digitalSignature when present */
	SETUP("nodigsig");
	e = sign(&s, "nodigsig", "");
	if (!e)
		e = expect508(&s, 0x0402, 0, NULL);
	if (!e && hv.last_verify_err != REF_EKEYUSAGE)
		e = FAILF("keyUsage: %s", ref_strerror(hv.last_verify_err));
	signed_free(&s);
	return e;
}

static const char *t_508_two_signers(void)
{
	char out[4200];
	uint8_t *sig;
	size_t len;
	struct ref_pkcs7 p7;
	uint64_t rc1, rc2;

	snprintf(out, sizeof(out), "%s/two.p7", tmpdir);
	CHECK(sh("openssl cms -sign -binary -noattr -nocerts -nosmimecap -md sha256 -signer '%s' "
		 "-inkey '%s' -signer '%s' -inkey '%s' -outform DER -in '%s' -out '%s'",
		 cert_path("rsa2048"), key_path("rsa2048"), cert_path("ca2"), key_path("ca2"),
		 comp_file(), out) == 0,
	      "openssl cms");
	sig = slurp(out, &len);
	CHECK(sig, "read");
	CHECK(ref_pkcs7_parse(sig, len, &p7) == 0 && p7.nsigners == 2, "parse");
	CHECK(!setup((const char *const[]){ "rsa2048" }, 1), "setup");
	run508(comp_data, COMP_LEN, sig, len, &rc1);
	CHECK(!setup((const char *const[]){ "ca2" }, 1), "setup");
	run508(comp_data, COMP_LEN, sig, len, &rc2);
	free(sig);
	CHECK((rc1 == 1) != (rc2 == 1) && (rc1 == 0x0402 || rc2 == 0x0402),
	      "only the first SignerInfo may count: rc %#llx / %#llx", (unsigned long long)rc1,
	      (unsigned long long)rc2);
	return NULL;
}

static const char *t_508_comp_outside_ram(void)
{
	struct signed_comp s;
	uint8_t *svb = ram + SVB_ADDR;
	uint64_t rc;
	const char *e;

	SETUP("rsa2048");
	e = sign(&s, "rsa2048", "");
	if (e)
		return e;
	run508(comp_data, COMP_LEN, s.sig, s.sig_len, &rc);
	put_be64(svb + 0x28, RAM_SIZE - 0x1000); /* straddles the end of RAM */
	CHECK(ref_diag508(&hv, 0x8000, SVB_ADDR, &rc) == REF_DIAG_DONE && rc == 0x0402,
	      "rc %#llx", (unsigned long long)rc);
	signed_free(&s);
	return NULL;
}

/* ---- DER / CMS reader --------------------------------------------------- */

static uint8_t *openssl_sig(const char *key, const char *extra, size_t *len)
{
	char out[4200];

	snprintf(out, sizeof(out), "%s/o.p7", tmpdir);
	if (sh("openssl cms -sign -binary -nosmimecap -signer '%s' -inkey '%s' %s -outform DER "
	       "-in '%s' -out '%s' 2>/dev/null",
	       cert_path(key), key_path(key), extra, comp_file(), out))
		return NULL;
	return slurp(out, len);
}

static const char *t_p7_parse(void)
{
	size_t len;
	uint8_t *sig = openssl_sig("rsa2048", "-nocerts -noattr -md sha512", &len);
	struct ref_pkcs7 p7;
	int rc;

	CHECK(sig, "openssl");
	rc = ref_pkcs7_parse(sig, len, &p7);
	CHECK(rc == 0, "parse: %s", ref_strerror(rc));
	CHECK(p7.sd_version == 1 && p7.si_version == 1 && !p7.sid_is_skid && p7.nsigners == 1 &&
		      p7.hash == REF_HASH_SHA512 && p7.sigalg == REF_SIG_RSA_PKCS1 && !p7.attrs &&
		      p7.sig_len == 256,
	      "fields");
	free(sig);
	return NULL;
}

static const char *t_p7_truncated(void)
{
	size_t len;
	uint8_t *sig = openssl_sig("p256", "-nocerts -md sha256", &len);
	struct ref_pkcs7 p7;

	CHECK(sig, "openssl");
	for (size_t n = 0; n < len; n++) {
		uint8_t *cut = malloc(n ? n : 1); /* exact size: ASan sees any overread */

		memcpy(cut, sig, n);
		CHECK(ref_pkcs7_parse(cut, n, &p7) != 0, "truncated to %zu bytes accepted", n);
		free(cut);
	}
	free(sig);
	return NULL;
}

static const char *t_p7_malformed(void)
{
	size_t len;
	uint8_t *sig = openssl_sig("rsa2048", "-nocerts -noattr -md sha256", &len);
	uint8_t *b;
	struct ref_pkcs7 p7;
	int rc;

	CHECK(sig && sig[0] == 0x30 && sig[1] == 0x82, "openssl");
	b = malloc(len + 16);

	memcpy(b, sig, len);
	b[len] = 0;
	CHECK(ref_pkcs7_parse(b, len + 1, &p7) == REF_ETRAIL, "trailing byte");

	/* 30 82 xx xx -> 30 83 00 xx xx: non-minimal length */
	b[0] = 0x30;
	b[1] = 0x83;
	b[2] = 0;
	memcpy(b + 3, sig + 2, len - 2);
	CHECK(ref_pkcs7_parse(b, len + 1, &p7) == REF_ENONMIN, "non-minimal length");

	/* 30 80 ... 00 00: indefinite length */
	b[1] = 0x80;
	memcpy(b + 2, sig + 4, len - 4);
	b[len - 2] = 0;
	b[len - 1] = 0;
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_EINDEF, "indefinite length");

	/* pkcs7-envelopedData instead of signedData */
	memcpy(b, sig, len);
	CHECK(b[4] == 0x06 && b[5] == 9 && b[14] == 2, "layout");
	b[14] = 3;
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_ETYPE, "envelopedData");

	/* SignerInfo version 3 with issuerAndSerialNumber */
	memcpy(b, sig, len);
	for (size_t i = 40; i + 3 < len; i++) {
		if (b[i] == 0x02 && b[i + 1] == 1 && b[i + 2] == 1 && b[i + 3] == 0x30) {
			b[i + 2] = 3;
			break;
		}
	}
	rc = ref_pkcs7_parse(b, len, &p7);
	CHECK(rc == REF_EVERSION, "signer version 3 with issuer+serial: %s", ref_strerror(rc));

	/* SignedData version 2 */
	memcpy(b, sig, len);
	CHECK(b[23] == 2 && b[24] == 1 && b[25] == 1, "layout (version)");
	b[25] = 2;
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_EVERSION, "SignedData version 2");

	/* a constructed OCTET STRING (BER) for the signature */
	memcpy(b, sig, len);
	CHECK(b[len - 260] == 0x04 && b[len - 259] == 0x82, "layout (signature)");
	b[len - 260] = 0x24;
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_ETAG, "constructed OCTET STRING");

	/* a length one past the end of its container */
	memcpy(b, sig, len);
	b[len - 257]++;
	rc = ref_pkcs7_parse(b, len, &p7);
	CHECK(rc == REF_ETRUNC, "overlong signature length: %s", ref_strerror(rc));

	free(b);
	free(sig);
	return NULL;
}

static const char *t_p7_algorithms(void)
{
	static const struct {
		const char *key;
		const char *extra;
		int want;
	} cases[] = {
		{ "rsa2048", "-nocerts -noattr -md sha1", REF_EALG },
		{ "rsa2048", "-nocerts -noattr -md sha224", REF_EALG },
		{ "p256", "-nocerts -noattr -md sha1", REF_EALG },
		{ "rsa2048", "-nocerts -noattr -md sha256 -keyopt rsa_padding_mode:pss", REF_EALG },
		{ "rsa2048", "-nocerts -noattr -md sha256 -nodetach", REF_ECONTENT },
		{ "p521", "-md sha512", REF_OK }, /* certificates [0] present: skipped */
	};
	struct ref_pkcs7 p7;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *sig = openssl_sig(cases[i].key, cases[i].extra, &len);
		int rc;

		CHECK(sig, "openssl %s", cases[i].extra);
		rc = ref_pkcs7_parse(sig, len, &p7);
		free(sig);
		CHECK(rc == cases[i].want, "%s %s: %s, want %s", cases[i].key, cases[i].extra,
		      ref_strerror(rc), ref_strerror(cases[i].want));
	}
	return NULL;
}

static const char *t_p7_alg_mismatch(void)
{
	size_t len;
	uint8_t *sig = openssl_sig("p256", "-nocerts -noattr -md sha256", &len);
	static const uint8_t ecdsa_sha256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
						0x3d, 0x04, 0x03, 0x02 };
	struct ref_pkcs7 p7;
	bool found = false;

	CHECK(sig, "openssl");
	CHECK(ref_pkcs7_parse(sig, len, &p7) == 0 && p7.sigalg == REF_SIG_ECDSA, "baseline");
	for (size_t i = 0; i + sizeof(ecdsa_sha256) <= len; i++) {
		if (!memcmp(sig + i, ecdsa_sha256, sizeof(ecdsa_sha256))) {
			sig[i + sizeof(ecdsa_sha256) - 1] = 0x03; /* ecdsa-with-SHA384 */
			found = true;
			break;
		}
	}
	CHECK(found, "no ecdsa-with-SHA256 OID");
	CHECK(ref_pkcs7_parse(sig, len, &p7) == REF_EALG, "SHA-256 digest with ecdsa-with-SHA384");
	free(sig);
	return NULL;
}

static const char *t_p7_attrs(void)
{
	size_t len;
	uint8_t *sig = openssl_sig("rsa2048", "-nocerts -md sha256", &len);
	static const uint8_t md_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					  0x0d, 0x01, 0x09, 0x04 };
	static const uint8_t ct_attr[] = { 0x30, 0x18, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					   0x0d, 0x01, 0x09, 0x03 };
	struct ref_pkcs7 p7;
	uint8_t *b;
	size_t md = 0, ct = 0;
	int rc;

	CHECK(sig, "openssl");
	rc = ref_pkcs7_parse(sig, len, &p7);
	CHECK(rc == 0 && p7.attrs && p7.msg_digest_len == 32, "baseline: %s", ref_strerror(rc));
	for (size_t i = 0; i + sizeof(md_oid) <= len; i++) {
		if (!memcmp(sig + i, md_oid, sizeof(md_oid)))
			md = i;
		if (i + sizeof(ct_attr) <= len && !memcmp(sig + i, ct_attr, sizeof(ct_attr)))
			ct = i;
	}
	CHECK(md && ct, "attributes not found");
	b = malloc(len);

	/* no messageDigest (its OID turned into another attribute type) */
	memcpy(b, sig, len);
	b[md + sizeof(md_oid) - 1] = 0x07;
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_EATTR, "missing messageDigest");

	/* contentType that differs from eContentType */
	memcpy(b, sig, len);
	CHECK(b[ct + 13] == 0x31 && b[ct + 15] == 0x06 && b[ct + 16] == 9, "layout");
	b[ct + 25] ^= 0x04; /* pkcs7-data -> something else */
	CHECK(ref_pkcs7_parse(b, len, &p7) == REF_EATTR, "contentType mismatch");

	/* attributes out of DER order: swap contentType (26 bytes) with the next one */
	memcpy(b, sig, len);
	if (b[ct + 26] == 0x30 && b[ct + 27] == 0x1c) {
		uint8_t tmp[26 + 30];

		memcpy(tmp, b + ct + 26, 30);
		memcpy(tmp + 30, b + ct, 26);
		memcpy(b + ct, tmp, sizeof(tmp));
		CHECK(ref_pkcs7_parse(b, len, &p7) == REF_EATTR, "unsorted attributes");
	} else {
		free(b);
		free(sig);
		return "signingTime does not follow contentType";
	}
	free(b);
	free(sig);
	return NULL;
}

static const char *t_p7_module(void)
{
	char cmd[8192], path[4200];
	FILE *p;
	uint8_t *f, *s;
	size_t len;
	uint32_t n;
	struct ref_pkcs7 p7;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "find \"${SECURE_CCW_CACHE:-$HOME/.cache/secure-ccw}\"/s390x-*/root/lib/modules "
		 "-name af_key.ko 2>/dev/null | head -n 1");
	p = popen(cmd, "r");
	path[0] = '\0';
	if (p) {
		if (!fgets(path, sizeof(path), p))
			path[0] = '\0';
		pclose(p);
	}
	path[strcspn(path, "\n")] = '\0';
	if (!path[0]) {
		snprintf(errbuf, sizeof(errbuf), "no Debian s390x module in the e2e cache");
		return SKIPPED;
	}
	f = slurp(path, &len);
	CHECK(f && len > 40 && !memcmp(f + len - 28, "~Module signature appended~\n", 28),
	      "%s is not signed", path);
	n = get_be32(f + len - 32);
	CHECK(f[len - 38] == 2 && n + 40 <= len, "info block");
	s = f + len - 40 - n;
	rc = ref_pkcs7_parse(s, n, &p7);
	CHECK(rc == 0, "Debian's sign-file output: %s", ref_strerror(rc));
	CHECK(!p7.attrs && p7.sigalg == REF_SIG_RSA_PKCS1, "unexpected shape");
	free(f);
	return NULL;
}

static const char *t_der_time(void)
{
	/* RFC 5280: dates from 2050 on are GeneralizedTime (notyet: 2099..2100) */
	SETUP("notyet");
	CHECK(store.certs[0].not_before == 4070908800 && store.certs[0].not_after == 4102444800,
	      "GeneralizedTime dates %lld %lld", (long long)store.certs[0].not_before,
	      (long long)store.certs[0].not_after);
	return NULL;
}

/* ---- differential: GnuTLS as QEMU calls it ------------------------------ */

static const char *oracle_bin(void)
{
	const char *o = getenv("REF_GNUTLS_ORACLE");

	if (!o || !*o || access(o, X_OK) != 0) {
		snprintf(errbuf, sizeof(errbuf),
			 "no gnutls-oracle (build needs GnuTLS development files)");
		return NULL;
	}
	return o;
}

static bool oracle_run(char *out, size_t outlen, const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p)
		return false;
	n = fread(out, 1, outlen - 1, p);
	out[n] = '\0';
	return pclose(p) == 0;
}

static bool hex_field(const char *out, const char *key, uint8_t v[32])
{
	const char *p = strstr(out, key);

	if (!p)
		return false;
	p += strlen(key);
	for (int i = 0; i < 32; i++) {
		unsigned int b;

		if (sscanf(p + 2 * i, "%2x", &b) != 1)
			return false;
		v[i] = (uint8_t)b;
	}
	return true;
}

static const char *t_gnutls_certs(void)
{
	const char *o = oracle_bin();
	char out[1024], dir[4200], err[512];
	const char *paths[1] = { dir };

	if (!o)
		return SKIPPED;
	snprintf(dir, sizeof(dir), "%s/certs", keydir);
	CHECK(!load_paths(paths, 1, err, sizeof(err)), "load: %s", err);
	for (unsigned int i = 0; i < store.count; i++) {
		const struct ref_cert *c = &store.certs[i];
		uint8_t v[32];

		CHECK(oracle_run(out, sizeof(out), "'%s' cert '%s'", o, c->path), "oracle failed");
		if (strstr(out, "keyid none"))
			CHECK(!c->key_id_ok, "%s: GnuTLS has no key id", c->path);
		else
			CHECK(hex_field(out, "keyid ", v) && c->key_id_ok &&
				      !memcmp(v, c->key_id, 32),
			      "%s: key id differs from GnuTLS", c->path);
		CHECK(hex_field(out, "fingerprint ", v) && !memcmp(v, c->fingerprint, 32),
		      "%s: fingerprint differs from GnuTLS", c->path);
		CHECK(!!strstr(out, "valid 1") ==
			      (ref_cert_check_time(c, (int64_t)time(NULL)) == 0),
		      "%s: validity differs from GnuTLS: %s", c->path, out);
		CHECK(!!strstr(out, "p521 1") == (c->key_type == REF_VCE_KEYTYPE_ECDSA_P521),
		      "%s: key type differs", c->path);
	}
	return NULL;
}

enum diff_expect { SAME, REF_FAILS };

static const char *t_gnutls_verify(void)
{
	static const struct {
		const char *signer, *extra, *cert;
		enum diff_expect expect;
		bool tamper;
	} cases[] = {
		{ "rsa2048", "-nocerts -noattr -md sha256", "rsa2048", SAME, false },
		{ "rsa3072", "-nocerts -md sha384", "rsa3072", SAME, false },
		{ "rsa4096", "-nocerts -md sha512", "rsa4096", SAME, false },
		{ "p256", "-nocerts -noattr -md sha384", "p256", SAME, false },
		{ "p384", "-nocerts -keyid -md sha384", "p384", SAME, false },
		{ "p521", "-md sha512", "p521", SAME, false },
		{ "p521", "-nocerts -noattr -md sha256", "p521", SAME, false },
		{ "rsa2048", "-nocerts -noattr -md sha256", "rsa2048-alt", SAME, false },
		{ "rsa2048", "-nocerts -noattr -md sha256", "ca2", SAME, false },
		{ "rsa2048", "-nocerts -noattr -md sha256", "p256", SAME, false },
		{ "p256", "-nocerts -md sha256", "p384", SAME, false },
		{ "expired", "-nocerts -noattr -md sha256", "expired", SAME, false },
		{ "notyet", "-nocerts -noattr -md sha256", "notyet", SAME, false },
		{ "nodigsig", "-nocerts -noattr -md sha256", "nodigsig", SAME, false },
		{ "rsa2048", "-nocerts -noattr -md sha256", "rsa2048", SAME, true },
		{ "p384", "-nocerts -md sha512", "p384", SAME, true },
		{ "rsa1024", "-nocerts -noattr -md sha256", "rsa1024", REF_FAILS, false },
		{ "rsa2048", "-nocerts -noattr -md sha1", "rsa2048", REF_FAILS, false },
		{ "rsa2048", "-nocerts -noattr -md sha224", "rsa2048", REF_FAILS, false },
		{ "rsa2048", "-nocerts -noattr -keyopt rsa_padding_mode:pss", "rsa2048", REF_FAILS,
		  false },
	};
	const char *o = oracle_bin();
	char out[1024], sigpath[4200], comppath[4200], two[4200];
	const char *first = NULL;

	if (!o)
		return SKIPPED;
	snprintf(sigpath, sizeof(sigpath), "%s/o.p7", tmpdir);
	snprintf(comppath, sizeof(comppath), "%s/tampered.bin", tmpdir);
	comp_data[100] ^= 1;
	CHECK(spit(comppath, comp_data, COMP_LEN), "write");
	comp_data[100] ^= 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *sig = openssl_sig(cases[i].signer, cases[i].extra, &len);
		bool ref_ok, gnutls_ok;
		unsigned int idx;
		const char *e;

		CHECK(sig, "openssl %s %s", cases[i].signer, cases[i].extra);
		e = setup((const char *const[]){ cases[i].cert }, 1);
		if (e) {
			free(sig);
			return e;
		}
		comp_data[100] ^= cases[i].tamper;
		ref_ok = ref_verify(&store, comp_data, COMP_LEN, sig, len, (int64_t)time(NULL),
				    &idx) == 0;
		comp_data[100] ^= cases[i].tamper;
		free(sig);
		CHECK(oracle_run(out, sizeof(out), "'%s' verify '%s' '%s' '%s'", o,
				 cert_path(cases[i].cert), cases[i].tamper ? comppath : comp_file(),
				 sigpath),
		      "oracle failed");
		gnutls_ok = strncmp(out, "OK", 2) == 0;
		if (cases[i].expect == SAME)
			CHECK(ref_ok == gnutls_ok, "%s %s by %s%s: reference %s, GnuTLS %s",
			      cases[i].signer, cases[i].extra, cases[i].cert,
			      cases[i].tamper ? " (tampered)" : "", ref_ok ? "OK" : "FAIL", out);
		else
			CHECK(!ref_ok, "%s %s: the reference must refuse it", cases[i].signer,
			      cases[i].extra);
	}

	/* two SignerInfos: both sides must pick the same (first encoded) one */
	snprintf(two, sizeof(two), "%s/two.p7", tmpdir);
	CHECK(sh("openssl cms -sign -binary -noattr -nocerts -nosmimecap -md sha256 -signer '%s' "
		 "-inkey '%s' -signer '%s' -inkey '%s' -outform DER -in '%s' -out '%s'",
		 cert_path("rsa2048"), key_path("rsa2048"), cert_path("p256"), key_path("p256"),
		 comp_file(), two) == 0,
	      "openssl cms");
	for (int k = 0; k < 2; k++) {
		const char *cert = k ? "p256" : "rsa2048";
		size_t len;
		uint8_t *sig = slurp(two, &len);
		unsigned int idx;
		bool ref_ok;

		CHECK(sig && !setup((const char *const[]){ cert }, 1), "setup");
		ref_ok = ref_verify(&store, comp_data, COMP_LEN, sig, len, (int64_t)time(NULL),
				    &idx) == 0;
		free(sig);
		CHECK(oracle_run(out, sizeof(out), "'%s' verify '%s' '%s' '%s'", o, cert_path(cert),
				 comp_file(), two),
		      "oracle failed");
		CHECK(ref_ok == (strncmp(out, "OK", 2) == 0),
		      "two signers, %s: reference %s, GnuTLS %s", cert, ref_ok ? "OK" : "FAIL",
		      out);
		if (ref_ok)
			first = cert;
	}
	CHECK(first, "neither signer verified");
	return NULL;
}

/* ---- main --------------------------------------------------------------- */

static void make_component(void)
{
	uint32_t x = 0x12345678;

	comp_data = malloc(COMP_LEN);
	for (size_t i = 0; i < COMP_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		comp_data[i] = (uint8_t)x;
	}
}

int main(int argc, char **argv)
{
	static const char *const keys[] = { "rsa2048", "rsa3072", "rsa4096",
					    "p256",    "p384",    "p521" };
	static const char *const hashes[] = { "sha256", "sha384", "sha512" };
	const char *t = getenv("REF_TMPDIR");

	if (argc > 1)
		filter = argv[1];
	if (getenv("REF_SRCDIR"))
		srcdir = getenv("REF_SRCDIR");
	if (t && *t) {
		snprintf(tmpdir, sizeof(tmpdir), "%s", t);
		if (sh("mkdir -p '%s'", tmpdir)) {
			printf("FAIL setup: cannot create %s\n0 passed, 1 failed\n", tmpdir);
			return 1;
		}
	} else {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/ref-test.XXXXXX");
		if (!mkdtemp(tmpdir)) {
			printf("FAIL setup: mkdtemp: %s\n0 passed, 1 failed\n", strerror(errno));
			return 1;
		}
	}
	snprintf(keydir, sizeof(keydir), "%s/keys", tmpdir);
	ram = calloc(1, RAM_SIZE);
	make_component();
	ref_certstore_init(&store);
	if (!ram || !spit(comp_file(), comp_data, COMP_LEN) ||
	    sh("'%s/tests/data/keys/mk-keys.sh' '%s'", srcdir, keydir)) {
		printf("FAIL setup: mk-keys.sh or scratch files (%s)\n0 passed, 1 failed\n",
		       tmpdir);
		return 1;
	}

	run("mk-keys: all keys and certificates", t_mk_keys);
	run("sign-component: trailer layout", t_sign_component_trailer);
	run("sign-component: same bytes as openssl cms -noattr", t_sign_component_matches_openssl);
	run("sign-component: refuses signed input and bad options", t_sign_component_refuses);

	run("store: directory, sorted, EBCDIC names", t_store_directory);
	run("store: non-.pem directory entries skipped", t_store_skips_non_pem);
	run("store: empty directory warns", t_store_empty_directory);
	run("store: QEMU's error messages", t_store_errors);
	run("store: first PEM CERTIFICATE object", t_store_pem_variants);
	run("store: 64 certificates, duplicates kept", t_store_limit);
	run("store: per-cert data over 8064 bytes", t_store_data_limit);
	run("store: dates, key, keyUsage", t_store_fields);
	run("store: GeneralizedTime dates", t_der_time);

	run("diag320: subcode 0 ISM", t_320_ism);
	run("diag320: subcodes and facility", t_320_subcodes);
	run("diag320: subcode 1 VCSSB fields", t_320_vcssb);
	run("diag320: subcode 1 errors and empty store", t_320_vcssb_errors);
	run("diag320: subcode 2 VCE layout", t_320_vce_layout);
	run("diag320: subcode 2 ranges and lengths", t_320_ranges);
	run("diag320: subcode 2 remain_ct", t_320_remain);
	run("diag320: subcode 2 invalid (expired, not yet valid) entries", t_320_invalid_entries);

	run("diag508: query and subcodes", t_508_query);
	run("diag508: empty store", t_508_empty_store);
	run("diag508: SVB checks", t_508_svb_checks);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		for (size_t h = 0; h < sizeof(hashes) / sizeof(hashes[0]); h++) {
			for (int a = 0; a < 2; a++) {
				struct combo c = { keys[k], hashes[h], a };
				char name[128];

				snprintf(name, sizeof(name), "diag508: verify %s %s %s", keys[k],
					 hashes[h], a ? "signed-attrs" : "no-attrs");
				cur_combo = &c;
				run(name, t_508_combo);
			}
		}
	}
	run("diag508: tampered component and signature", t_508_tampered);
	run("diag508: tampered signed attributes", t_508_tampered_attrs);
	run("diag508: wrong certificate", t_508_wrong_cert);
	run("diag508: second certificate, index 1", t_508_second_cert);
	run("diag508: first match wins, no signer-id match", t_508_first_wins);
	run("diag508: subjectKeyIdentifier signer", t_508_keyid_sid);
	run("diag508: RSA-1024 refused", t_508_rsa1024);
	run("diag508: validity dates and keyUsage", t_508_dates_and_usage);
	run("diag508: only the first SignerInfo", t_508_two_signers);
	run("diag508: component outside RAM", t_508_comp_outside_ram);

	run("pkcs7: fields of a sign-file signature", t_p7_parse);
	run("pkcs7: every truncation refused", t_p7_truncated);
	run("pkcs7: malformed DER refused", t_p7_malformed);
	run("pkcs7: algorithms and detached content", t_p7_algorithms);
	run("pkcs7: digest/signature algorithm mismatch", t_p7_alg_mismatch);
	run("pkcs7: signed attributes rules", t_p7_attrs);
	run("pkcs7: Debian module signature", t_p7_module);

	run("gnutls: key id, fingerprint, validity, key type agree", t_gnutls_certs);
	run("gnutls: verification verdicts agree", t_gnutls_verify);

	ref_certstore_free(&store);
	free(ram);
	free(comp_data);
	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
