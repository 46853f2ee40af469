/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers of the host unit tests: see testutil.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"

const char *filter;
unsigned int npass, nfail, nskip;
char errbuf[8192];

void run(const char *name, const char *(*fn)(void))
{
	const char *err;

	if (filter && !strstr(name, filter))
		return;
	err = fn();
	if (err == SKIPPED) {
		printf("SKIP %s: %s\n", name, errbuf);
		nskip++;
	} else if (err) {
		printf("FAIL %s: %s\n", name, err);
		nfail++;
	} else {
		printf("PASS %s\n", name);
		npass++;
	}
	fflush(stdout);
}

int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return -1;
	return WEXITSTATUS(rc);
}

uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n > 0 ? (size_t)n : 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

bool spit(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(p, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}
