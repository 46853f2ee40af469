/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiler attributes and compile-time checks. */
#ifndef FW_COMPILER_H
#define FW_COMPILER_H

#define FW_NORETURN __attribute__((noreturn))
#define FW_PACKED __attribute__((packed))
#define FW_ALIGNED(n) __attribute__((aligned(n)))
#define FW_MUST_CHECK __attribute__((warn_unused_result))
#define FW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FW_UNUSED __attribute__((unused))
#define FW_FALLTHROUGH __attribute__((fallthrough))

/* Layout checks for ABI headers: size and field offsets. */
#define ABI_SIZE(type, size) _Static_assert(sizeof(type) == (size), #type " size")
#define ABI_OFFSET(type, field, off) \
	_Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field " offset")

#endif
