/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The string functions the firmware uses. lib/string_s390x.c implements them for
 * the firmware; the host harness uses the host C library (so ASan checks
 * every call).
 */
#ifndef FW_STRING_H
#define FW_STRING_H

#include "fw/types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
