/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FW_ASSERT: for programming errors between our own modules only (never for
 * bad external data, which is validated and reported). Prints and halts.
 */
#ifndef FW_ASSERT_H
#define FW_ASSERT_H

#include "fw/compiler.h"

FW_NORETURN void fw_assert_fail(const char *file, int line, const char *expr);

#define FW_ASSERT(cond)                                          \
	do {                                                     \
		if (!(cond))                                     \
			fw_assert_fail(__FILE__, __LINE__, #cond); \
	} while (0)

#endif
