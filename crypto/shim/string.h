/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * <string.h> for BearSSL in the freestanding firmware build: the mem*()
 * functions of lib/string.c, declared here without the firmware's other
 * headers (their MIN/MAX macros clash with BearSSL's functions). Only on the
 * include path of crypto/ and BearSSL objects of the s390x build.
 */
#ifndef CRYPTO_SHIM_STRING_H
#define CRYPTO_SHIM_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
