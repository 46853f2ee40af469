/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Basic types shared by the firmware and the host harness.
 *
 * Only freestanding standard headers are used, so this compiles for the
 * s390x firmware (-ffreestanding -nostdinc) and natively for the tests.
 */
#ifndef FW_TYPES_H
#define FW_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An absolute (real, prefix 0) guest address. Never dereference it directly. */
typedef uint64_t absaddr_t;

/* Big-endian (architected) and little-endian (virtio 1.x) wire types. */
typedef uint16_t be16;
typedef uint32_t be32;
typedef uint64_t be64;
typedef uint16_t le16;
typedef uint32_t le32;
typedef uint64_t le64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)
#define PAGE_SIZE 4096u

#endif
