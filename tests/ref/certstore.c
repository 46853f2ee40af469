/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reference certificate store, built like QEMU's hw/s390x/cert-store.c
 * builds it from the boot-certs paths: ".pem" files and directories, at most
 * 64 certificates, each a PEM X.509 certificate whose key id + hash + DER
 * data fits 8064 bytes, named by the file's basename in EBCDIC.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ref_int.h"

/*
 * QEMU's ascii2ebcdic (include/hw/s390x/ebcdic.h): code page 037 for
 * 0x00..0x7f except LF -> 0x15 and 0x1c -> 0x22; above 0x7f everything is
 * 0x3f except 0xe1 -> 0x59, 0xf8 -> 0x90, 0xfd -> 0xea, 0xff -> 0xff.
 */
static const uint8_t ascii_to_ebcdic_lo[128] = {
	0x00, 0x01, 0x02, 0x03, 0x37, 0x2d, 0x2e, 0x2f,
	0x16, 0x05, 0x15, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x3c, 0x3d, 0x32, 0x26,
	0x18, 0x19, 0x3f, 0x27, 0x22, 0x1d, 0x1e, 0x1f,
	0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d,
	0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f,
	0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
	0xd7, 0xd8, 0xd9, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6,
	0xe7, 0xe8, 0xe9, 0xba, 0xe0, 0xbb, 0xb0, 0x6d,
	0x79, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
	0x97, 0x98, 0x99, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	0xa7, 0xa8, 0xa9, 0xc0, 0x4f, 0xd0, 0xa1, 0x07,
};

static uint8_t ascii_to_ebcdic(uint8_t c)
{
	if (c < 0x80)
		return ascii_to_ebcdic_lo[c];
	switch (c) {
	case 0xe1: return 0x59;
	case 0xf8: return 0x90;
	case 0xfd: return 0xea;
	case 0xff: return 0xff;
	}
	return 0x3f;
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void warn(const struct ref_certstore *cs, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!cs->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs->warn(cs->warn_ctx, msg);
}

static bool has_pem_suffix(const char *s)
{
	size_t n = strlen(s);

	return n >= 4 && strcmp(s + n - 4, ".pem") == 0;
}

/* g_path_get_basename(): the last component, trailing slashes ignored. */
static void basename_of(const char *path, char *out, size_t outlen)
{
	size_t end = strlen(path), start;

	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end - start >= outlen)
		end = start + outlen - 1;
	memcpy(out, path + start, end - start);
	out[end - start] = '\0';
}

void ref_certstore_init(struct ref_certstore *cs)
{
	memset(cs, 0, sizeof(*cs));
}

void ref_certstore_free(struct ref_certstore *cs)
{
	for (unsigned int i = 0; i < cs->count; i++)
		ref_cert_free(&cs->certs[i]);
	cs->count = 0;
	cs->largest = 0;
	cs->total = 0;
}

int ref_certstore_add_pem(struct ref_certstore *cs, const char *path, const void *pem,
			  size_t len, char *err, size_t errlen)
{
	struct ref_cert *c;
	char base[4096];
	size_t data, bl;
	int rc;

	if (cs->count >= REF_MAX_CERTS) {
		seterr(err, errlen, "Cert store is full");
		return -1;
	}
	c = &cs->certs[cs->count];
	memset(c, 0, sizeof(*c));
	rc = ref_cert_parse_pem(c, pem, len);
	if (rc) {
		seterr(err, errlen, "Failed to initialize certificate: %s: %s", path,
		       ref_strerror(rc));
		ref_cert_free(c);
		return -1;
	}
	data = ref_cert_data_size(c);
	if (data > REF_CERT_DATA_MAX) {
		seterr(err, errlen, "Certificate data size %zu exceeds maximum buffer size %u",
		       data, REF_CERT_DATA_MAX);
		ref_cert_free(c);
		return -1;
	}
	c->path = strdup(path);
	if (!c->path) {
		seterr(err, errlen, "out of memory");
		ref_cert_free(c);
		return -1;
	}
	c->pem_len = len;
	/* strpadcpy(name, 64, basename, ' ') then ebcdic_put() */
	basename_of(path, base, sizeof(base));
	bl = strlen(base);
	for (size_t i = 0; i < REF_CERT_NAME_LEN; i++)
		c->name[i] = ascii_to_ebcdic(i < bl ? (uint8_t)base[i] : ' ');
	if (cs->largest < data)
		cs->largest = data;
	cs->total += data;
	cs->count++;
	return 0;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *q = realloc(p, cap ? cap * 2 : 4096);

			if (!q) {
				free(p);
				fclose(f);
				return -1;
			}
			p = q;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(p);
		fclose(f);
		return -1;
	}
	fclose(f);
	*buf = p;
	*len = n;
	return 0;
}

struct pathlist {
	char **v;
	size_t n, cap;
};

static int pathlist_add(struct pathlist *l, char *s)
{
	if (!s)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

static void pathlist_free(struct pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *s = malloc(dl + nl + 2);

	if (!s)
		return NULL;
	memcpy(s, dir, dl);
	if (dl == 0 || dir[dl - 1] != '/')
		s[dl++] = '/';
	memcpy(s + dl, name, nl + 1);
	return s;
}

/* QEMU get_cert_paths(), directory entries sorted by name. */
static int collect(const struct ref_certstore *cs, const char *const *paths, size_t npaths,
		   struct pathlist *out, char *err, size_t errlen)
{
	for (size_t i = 0; i < npaths; i++) {
		const char *path = paths[i];
		struct stat st;

		if (!path || !*path) {
			seterr(err, errlen, "Empty path in certificate path list is not allowed");
			return -1;
		}
		if (stat(path, &st) != 0) {
			seterr(err, errlen, "Failed to stat path '%s': %s", path, strerror(errno));
			return -1;
		}
		if (S_ISREG(st.st_mode)) {
			if (!has_pem_suffix(path)) {
				seterr(err, errlen,
				       "Certificate file '%s' must have a .pem extension", path);
				return -1;
			}
			if (pathlist_add(out, strdup(path))) {
				seterr(err, errlen, "out of memory");
				return -1;
			}
		} else if (S_ISDIR(st.st_mode)) {
			size_t first = out->n;
			bool empty = true;
			struct dirent *de;
			DIR *d = opendir(path);

			if (!d) {
				seterr(err, errlen, "Failed to open directory '%s': %s", path,
				       strerror(errno));
				return -1;
			}
			while ((de = readdir(d))) {
				if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
					continue;
				empty = false;
				if (!has_pem_suffix(de->d_name)) {
					warn(cs, "skipping '%s': not a .pem file", de->d_name);
					continue;
				}
				if (pathlist_add(out, join(path, de->d_name))) {
					closedir(d);
					seterr(err, errlen, "out of memory");
					return -1;
				}
			}
			closedir(d);
			if (empty)
				warn(cs, "'%s' directory is empty", path);
			if (out->n - first > 1)
				qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_str);
		} else {
			seterr(err, errlen, "Path '%s' is neither a file nor a directory", path);
			return -1;
		}
	}
	return 0;
}

int ref_certstore_load(struct ref_certstore *cs, const char *const *paths, size_t npaths,
		       char *err, size_t errlen)
{
	struct pathlist l = { 0 };
	int rc = -1;

	if (cs->count) {
		seterr(err, errlen, "certificate store already populated");
		return -1;
	}
	if (collect(cs, paths, npaths, &l, err, errlen))
		goto out;
	if (l.n > REF_MAX_CERTS) {
		seterr(err, errlen, "Cert store exceeds maximum of %d certificates",
		       REF_MAX_CERTS);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		uint8_t *buf;
		size_t len;
		int r;

		if (read_file(l.v[i], &buf, &len)) {
			seterr(err, errlen, "Failed to load certificate: %s", l.v[i]);
			goto out;
		}
		r = ref_certstore_add_pem(cs, l.v[i], buf, len, err, errlen);
		free(buf);
		if (r)
			goto out;
	}
	rc = 0;
out:
	if (rc)
		ref_certstore_free(cs);
	pathlist_free(&l);
	return rc;
}
