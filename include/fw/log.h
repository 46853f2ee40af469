/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Console output. fw_printf() formats with lib/printf.c and hands the text
 * to the console sink the SCLP driver registers; before that, output is
 * dropped. Supported conversions: %c %s %d %i %u %x %X %p %%, flags '-' '0',
 * field width and precision (also '*'), length modifiers hh h l ll z.
 */
#ifndef FW_LOG_H
#define FW_LOG_H

#include <stdarg.h>

#include "fw/compiler.h"
#include "fw/types.h"

typedef void (*console_sink_t)(const char *s, size_t len);

void fw_set_console(console_sink_t sink);
int fw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fw_snprintf(char *buf, size_t size, const char *fmt, ...) FW_PRINTF(3, 4);
void fw_printf(const char *fmt, ...) FW_PRINTF(1, 2);

#endif
