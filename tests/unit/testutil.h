/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared helpers of the host unit tests that report PASS/FAIL/SKIP lines
 * (tests/unit/ref, tests/unit/crypto): a test is a function returning NULL
 * (pass), an error string (fail) or SKIPPED (reason in errbuf); run() calls
 * it when its name contains the filter and counts the verdicts. Plus small
 * host helpers: run a shell command, read and write a whole file.
 */
#ifndef TESTS_UNIT_TESTUTIL_H
#define TESTS_UNIT_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern const char *filter;                /* substring selecting tests, or NULL */
extern unsigned int npass, nfail, nskip;
extern char errbuf[8192];

#define FAILF(...) (snprintf(errbuf, sizeof(errbuf), __VA_ARGS__), errbuf)
#define CHECK(cond, ...)                           \
	do {                                       \
		if (!(cond))                       \
			return FAILF(__VA_ARGS__); \
	} while (0)
#define SKIPPED ((const char *)1)

/* Runs fn if name is selected; prints and counts its verdict. */
void run(const char *name, const char *(*fn)(void));

/* system() of the formatted command: its exit status, -1 if it did not exit. */
int sh(const char *fmt, ...);

/* A whole file in malloc'd memory (NULL if unreadable); *len its size. */
uint8_t *slurp(const char *path, size_t *len);

/* Writes len bytes to path; true on success. */
bool spit(const char *path, const void *p, size_t len);

#endif
