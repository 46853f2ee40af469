// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * secure-ccw-enroll: write a copy of a secure-ccw image whose ".enroll"
 * section (include/abi/enroll.h) holds the trusted certificates, the mode
 * and the deny list, for Secure IPL verified inside the firmware.
 *
 *   secure-ccw-enroll -o OUT.img --mode audit|secure|strict --cert CERT
 *       [--cert CERT ...] [--deny-cert CERT ...] [--deny-sha256 HEX ...]
 *       [--allow-expired] IN.img
 *   secure-ccw-enroll --list IMG
 *
 * Certificates are PEM or DER, one per file: RSA 2048..4096 or ECDSA
 * P-256/P-384/P-521, keyUsage (if present) with digitalSignature, and valid
 * now (the firmware has no trusted clock, so dates are checked here).
 * The store is read back with the firmware's own parser before OUT is
 * written; IN is never modified. See docs/man/secure-ccw-enroll.1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bearssl_hash.h>

#include "abi/enroll.h"
#include "crypto/der.h"
#include "crypto/sigverify.h"
#include "crypto/x509.h"
#include "fw/endian.h"
#include "tools/toolutil.h"

const char *const prog = "secure-ccw-enroll";

#define MAX_IMAGE (3u * 1024 * 1024) /* QEMU loads at most 3 MiB of firmware */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s -o OUT.img --mode audit|secure|strict --cert CERT [--cert CERT ...]\n"
		"          [--deny-cert CERT ...] [--deny-sha256 HEX ...] [--allow-expired] IN.img\n"
		"       %s --list IMG\n"
		"CERT: X.509 certificate, PEM or DER (RSA 2048..4096, ECDSA P-256/384/521)\n",
		prog, prog);
}

/* The ".enroll" section of an ELF64 big-endian s390 image: its file offset. */
static int find_store(const char *path, const uint8_t *img, size_t len, size_t *off)
{
	uint64_t shoff, sh_str, str_off, str_size;
	unsigned int shnum, shentsize, shstrndx, found = 0;

	if (len < 64 || memcmp(img, "\177ELF", 4) != 0) {
		err("'%s' is not a secure-ccw image (not an ELF file)", path);
		return -1;
	}
	if (img[4] != 2 || img[5] != 2 || get_be16(img + 18) != 22) {
		err("'%s' is not a secure-ccw image (not a 64-bit big-endian s390 ELF file)", path);
		return -1;
	}
	shoff = get_be64(img + 40);
	shentsize = get_be16(img + 58);
	shnum = get_be16(img + 60);
	shstrndx = get_be16(img + 62);
	if (shentsize != 64 || shnum == 0 || shstrndx >= shnum || shoff > len ||
	    (uint64_t)shnum * 64 > len - shoff) {
		err("'%s' is not a secure-ccw image (no usable section headers)", path);
		return -1;
	}
	sh_str = shoff + (uint64_t)shstrndx * 64;
	str_off = get_be64(img + sh_str + 24);
	str_size = get_be64(img + sh_str + 32);
	if (str_off > len || str_size > len - str_off) {
		err("'%s' is not a secure-ccw image (section names outside the file)", path);
		return -1;
	}
	for (unsigned int i = 0; i < shnum; i++) {
		const uint8_t *sh = img + shoff + (uint64_t)i * 64;
		uint32_t name = get_be32(sh);
		uint64_t o = get_be64(sh + 24), size = get_be64(sh + 32);

		if (name >= str_size || str_size - name < sizeof(ENROLL_SECTION) ||
		    memcmp(img + str_off + name, ENROLL_SECTION, sizeof(ENROLL_SECTION)) != 0)
			continue;
		if (get_be32(sh + 4) != 1 /* SHT_PROGBITS */ || size != ENROLL_AREA_SIZE ||
		    o > len || size > len - o) {
			err("'%s': section %s is not a %u-byte store inside the file", path,
			    ENROLL_SECTION, ENROLL_AREA_SIZE);
			return -1;
		}
		*off = (size_t)o;
		found++;
	}
	if (found != 1) {
		err("'%s' is not a secure-ccw image with a certificate store (%u %s sections)",
		    path, found, ENROLL_SECTION);
		return -1;
	}
	return 0;
}

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static const char *find_str(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (!memcmp(s + i, needle, k))
			return s + i;
	return NULL;
}

/*
 * PEM: exactly one "CERTIFICATE" block (text around it is allowed), base64
 * decoded strictly. Returns the DER length, or -1 with a message.
 */
static long pem_decode(const char *path, const char *s, size_t n, uint8_t *out, size_t max)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
	const char *b = find_str(s, n, begin), *e, *p;
	uint32_t acc = 0;
	size_t len = 0;
	int bits = 0, pad = 0;

	if (!b) {
		err("'%s': no PEM CERTIFICATE block", path);
		return -1;
	}
	p = b + sizeof(begin) - 1;
	e = find_str(p, n - (size_t)(p - s), end);
	if (!e) {
		err("'%s': PEM CERTIFICATE block not terminated", path);
		return -1;
	}
	if (find_str(e, n - (size_t)(e - s), begin)) {
		err("'%s' holds more than one certificate; give one per option", path);
		return -1;
	}
	for (; p < e; p++) {
		int v;

		if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			continue;
		if (*p == '=') {
			pad++;
			continue;
		}
		v = b64_value((unsigned char)*p);
		if (v < 0 || pad) {
			err("'%s': bad base64 in the PEM block", path);
			return -1;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len == max) {
				err("'%s': certificate longer than %zu bytes", path, max);
				return -1;
			}
			out[len++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (bits && (acc & ((1u << bits) - 1)))) {
		err("'%s': bad base64 padding in the PEM block", path);
		return -1;
	}
	return (long)len;
}

static bool allow_expired;

/* Read, decode and check one certificate; returns its DER length or -1. */
static long load_cert(const char *path, uint8_t *der, size_t max)
{
	struct blob b;
	struct x509_info xi;
	long len;
	int rc;
	time_t now = time(NULL);

	if (read_file(path, &b))
		return -1;
	if (b.len >= 10 && find_str((const char *)b.data, b.len, "-----BEGIN")) {
		len = pem_decode(path, (const char *)b.data, b.len, der, max);
	} else if (b.len > max) {
		err("'%s': certificate of %zu bytes, at most %zu are supported", path, b.len, max);
		len = -1;
	} else {
		memcpy(der, b.data, b.len);
		len = (long)b.len;
	}
	free(b.data);
	if (len < 0)
		return -1;
	rc = x509_parse(der, (size_t)len, &xi);
	if (rc) {
		err("'%s' is not a valid DER X.509 certificate (%s)", path,
		    rc == CMS_ETRUNC ? "truncated" : rc == CMS_ETRAIL ? "trailing bytes" :
		    rc == CMS_ETIME ? "bad validity time" : rc == CMS_EVERSION ? "bad version" :
		    "malformed");
		return -1;
	}
	if (xi.key_alg == X509_KEY_RSA) {
		if (!xi.rsa_n) {
			err("'%s': malformed RSA public key", path);
			return -1;
		}
		if (xi.rsa_bits < 2048 || xi.rsa_bits > 4096) {
			err("'%s': RSA key of %u bits; supported are 2048..4096", path, xi.rsa_bits);
			return -1;
		}
	} else if (xi.key_alg == X509_KEY_EC) {
		if (xi.curve != X509_CURVE_P256 && xi.curve != X509_CURVE_P384 &&
		    xi.curve != X509_CURVE_P521) {
			err("'%s': EC key on an unsupported curve; supported are P-256, P-384, P-521",
			    path);
			return -1;
		}
		if (!xi.ec_q) {
			err("'%s': malformed EC public key", path);
			return -1;
		}
	} else {
		err("'%s': unsupported key algorithm; supported are RSA and ECDSA", path);
		return -1;
	}
	if (xi.has_key_usage && !(xi.key_usage & X509_KU_DIGITAL_SIGNATURE)) {
		err("'%s': keyUsage lacks digitalSignature; it can never verify a signature", path);
		return -1;
	}
	if ((int64_t)now > xi.not_after || (int64_t)now < xi.not_before) {
		if (!allow_expired) {
			err("'%s': certificate %s (the firmware does not check dates; "
			    "--allow-expired enrolls it anyway)", path,
			    (int64_t)now > xi.not_after ? "has expired" : "is not valid yet");
			return -1;
		}
		warn("'%s': certificate outside its validity period, enrolled anyway", path);
	}
	return len;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_sha256(const char *s, uint8_t out[ENROLL_SHA256_LEN])
{
	if (strlen(s) != 2 * ENROLL_SHA256_LEN) {
		err("--deny-sha256 '%s': need 64 hex digits", s);
		return -1;
	}
	for (unsigned int i = 0; i < ENROLL_SHA256_LEN; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			err("--deny-sha256 '%s': not a hex digit", s);
			return -1;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

struct store_builder {
	uint8_t area[ENROLL_AREA_SIZE];
	size_t used;
	bool full;
};

static void add_entry(struct store_builder *sb, uint8_t type, const uint8_t *data, size_t len)
{
	size_t need = sizeof(struct enroll_entry) + align_up(len, ENROLL_ENTRY_ALIGN);
	struct enroll_entry e = { .type = type, .len = cpu_to_be32((uint32_t)len) };

	if (sb->full || need > sizeof(sb->area) - sb->used) {
		sb->full = true;
		sb->used += need; /* for the message */
		return;
	}
	memcpy(sb->area + sb->used, &e, sizeof(e));
	memcpy(sb->area + sb->used + sizeof(e), data, len);
	sb->used += need;
}

static void print_fpr(const uint8_t *d)
{
	for (unsigned int i = 0; i < SIG_SHA256_LEN; i++)
		printf("%02x", d[i]);
}

static int list_store(const char *path)
{
	static const char *const modes[] = { "none", "audit", "secure", "strict" };
	static struct trust_store ts;
	const char *why = NULL;
	struct blob b;
	size_t off;

	if (read_file(path, &b))
		return EXIT_ERROR;
	if (find_store(path, b.data, b.len, &off))
		return EXIT_ERROR;
	if (trust_store_parse(&ts, b.data + off, ENROLL_AREA_SIZE, &why)) {
		err("'%s': the certificate store is invalid: %s", path, why);
		return EXIT_ERROR;
	}
	printf("mode %s\n", modes[ts.mode]);
	for (unsigned int i = 0; i < ts.ncert; i++) {
		printf("cert %u %s-%u sha256 ", i, ts.cert[i].key_kind == TS_KEY_RSA ? "rsa" : "ec",
		       ts.cert[i].key_bits);
		print_fpr(ts.cert[i].sha256);
		printf("%s\n", ts.cert[i].denied ? " denied" : "");
	}
	for (unsigned int i = 0; i < ts.ndeny_cert; i++) {
		printf("deny-cert %u sha256 ", i);
		print_fpr(ts.deny_cert[i].sha256);
		printf("\n");
	}
	for (unsigned int i = 0; i < ts.ndeny_sha256; i++) {
		printf("deny-sha256 ");
		print_fpr(ts.deny_sha256 + i * SIG_SHA256_LEN);
		printf("\n");
	}
	free(b.data);
	return 0;
}

static int write_output(const char *out, const uint8_t *img, size_t len, const char *in)
{
	struct stat si, so;
	char *tmp;
	size_t done = 0;
	int fd;

	if (!stat(in, &si) && !stat(out, &so) && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
		err("output '%s' is the input image; the input is never modified", out);
		return -1;
	}
	tmp = xzalloc(strlen(out) + 16);
	sprintf(tmp, "%s.tmp%ld", out, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		err("cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (done < len) {
		ssize_t n = write(fd, img + done, len - done);

		if (n <= 0) {
			err("cannot write '%s': %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) || close(fd) || rename(tmp, out)) {
		err("cannot write '%s': %s", out, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int main(int argc, char **argv)
{
	static struct store_builder sb;
	static struct trust_store check;
	static uint8_t der[ENROLL_MAX_CERT_LEN];
	const char *out = NULL, *in = NULL, *mode_s = NULL, *list = NULL, *opt, *why = NULL;
	const char **certs = xzalloc(sizeof(char *) * (size_t)argc);
	const char **denies = xzalloc(sizeof(char *) * (size_t)argc);
	uint8_t (*shas)[ENROLL_SHA256_LEN] = xzalloc(ENROLL_SHA256_LEN * (size_t)argc);
	unsigned int ncert = 0, ndeny = 0, nsha = 0;
	int allow = 0, i = 1;
	struct flag_opt flags[] = { { "--allow-expired", NULL, &allow }, { NULL, NULL, NULL } };
	struct enroll_header *h = (struct enroll_header *)sb.area;
	uint8_t mode;
	struct blob b;
	size_t off;
	char *v;

	while ((opt = next_option(argc, argv, &i, flags, usage, &v))) {
		if (opt[0] != '-') {
			if (in) {
				err("more than one input image ('%s', '%s')", in, opt);
				return EXIT_USAGE;
			}
			in = opt;
			if (v)
				i--; /* next_option() took the next argument as a value */
			continue;
		}
		if (!v) {
			err("option %s needs a value", opt);
			return EXIT_USAGE;
		}
		if (!strcmp(opt, "-o") || !strcmp(opt, "--output"))
			out = v;
		else if (!strcmp(opt, "--mode"))
			mode_s = v;
		else if (!strcmp(opt, "--cert"))
			certs[ncert++] = v;
		else if (!strcmp(opt, "--deny-cert"))
			denies[ndeny++] = v;
		else if (!strcmp(opt, "--deny-sha256")) {
			if (parse_sha256(v, shas[nsha++]))
				return EXIT_USAGE;
		} else if (!strcmp(opt, "--list"))
			list = v;
		else {
			err("unknown option %s", opt);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	allow_expired = allow;
	if (list) {
		if (in || out || mode_s || ncert || ndeny || nsha) {
			err("--list takes only the image");
			return EXIT_USAGE;
		}
		return list_store(list);
	}
	if (!in || !out || !mode_s) {
		err("need -o OUT.img, --mode and an input image");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(mode_s, "audit"))
		mode = ENROLL_MODE_AUDIT;
	else if (!strcmp(mode_s, "secure"))
		mode = ENROLL_MODE_SECURE;
	else if (!strcmp(mode_s, "strict"))
		mode = ENROLL_MODE_STRICT;
	else {
		err("--mode '%s': one of audit, secure, strict", mode_s);
		return EXIT_USAGE;
	}
	if (ncert == 0) {
		err("need at least one --cert");
		return EXIT_USAGE;
	}
	if (ncert > ENROLL_MAX_CERTS || ndeny > ENROLL_MAX_DENY_CERTS ||
	    nsha > ENROLL_MAX_DENY_SHA256) {
		err("too many entries: at most %u --cert, %u --deny-cert, %u --deny-sha256",
		    ENROLL_MAX_CERTS, ENROLL_MAX_DENY_CERTS, ENROLL_MAX_DENY_SHA256);
		return EXIT_ERROR;
	}

	if (read_file(in, &b))
		return EXIT_ERROR;
	if (b.len > MAX_IMAGE) {
		err("'%s' is not a secure-ccw image (%zu bytes, more than 3 MiB)", in, b.len);
		return EXIT_ERROR;
	}
	if (find_store(in, b.data, b.len, &off))
		return EXIT_ERROR;
	if (trust_store_parse(&check, b.data + off, ENROLL_AREA_SIZE, &why)) {
		err("'%s': its certificate store is invalid (%s)", in, why);
		return EXIT_ERROR;
	}
	if (check.mode != ENROLL_MODE_NONE)
		warn("'%s' is enrolled already; its store is replaced", in);

	sb.used = sizeof(*h);
	for (unsigned int k = 0; k < ncert + ndeny; k++) {
		const char *path = k < ncert ? certs[k] : denies[k - ncert];
		long len = load_cert(path, der, sizeof(der));

		if (len < 0)
			return EXIT_ERROR;
		add_entry(&sb, k < ncert ? ENROLL_ENTRY_CERT : ENROLL_ENTRY_DENY_CERT, der,
			  (size_t)len);
	}
	for (unsigned int k = 0; k < nsha; k++)
		add_entry(&sb, ENROLL_ENTRY_DENY_SHA256, shas[k], ENROLL_SHA256_LEN);
	if (sb.full) {
		err("store too big: %zu bytes, the image reserves %u", sb.used, ENROLL_AREA_SIZE);
		return EXIT_ERROR;
	}
	memcpy(h->magic, ENROLL_MAGIC, ENROLL_MAGIC_LEN);
	h->version = cpu_to_be32(ENROLL_VERSION);
	h->hdr_len = cpu_to_be32(sizeof(*h));
	h->total_len = cpu_to_be32((uint32_t)sb.used);
	h->size = cpu_to_be32(ENROLL_AREA_SIZE);
	h->mode = mode;
	h->ncert = cpu_to_be16((uint16_t)ncert);
	h->ndeny_cert = cpu_to_be16((uint16_t)ndeny);
	h->ndeny_sha256 = cpu_to_be16((uint16_t)nsha);
	{
		br_sha256_context c;

		br_sha256_init(&c);
		br_sha256_update(&c, sb.area, sb.used);
		br_sha256_out(&c, h->checksum);
	}
	/* Read it back the way the firmware will. */
	if (trust_store_parse(&check, sb.area, sizeof(sb.area), &why)) {
		err("internal error: the store written does not parse: %s", why);
		return EXIT_ERROR;
	}
	memcpy(b.data + off, sb.area, sizeof(sb.area));
	if (write_output(out, b.data, b.len, in))
		return EXIT_ERROR;
	free(b.data);
	free(certs);
	free(denies);
	free(shas);
	return 0;
}
