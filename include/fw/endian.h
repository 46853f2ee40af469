/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte-order accessors. s390x is big-endian, so the be*() accessors compile
 * to nothing in the firmware and to byte swaps in the (little-endian) host
 * harness. Every ABI field typed be16/be32/be64/le16/le32/le64 is read and
 * written through these.
 */
#ifndef FW_ENDIAN_H
#define FW_ENDIAN_H

#include "fw/types.h"

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FW_CPU_BE(bits, x) (x)
#define FW_CPU_LE(bits, x) __builtin_bswap##bits(x)
#else
#define FW_CPU_BE(bits, x) __builtin_bswap##bits(x)
#define FW_CPU_LE(bits, x) (x)
#endif

static inline uint16_t be16_to_cpu(be16 x) { return FW_CPU_BE(16, x); }
static inline uint32_t be32_to_cpu(be32 x) { return FW_CPU_BE(32, x); }
static inline uint64_t be64_to_cpu(be64 x) { return FW_CPU_BE(64, x); }
static inline be16 cpu_to_be16(uint16_t x) { return FW_CPU_BE(16, x); }
static inline be32 cpu_to_be32(uint32_t x) { return FW_CPU_BE(32, x); }
static inline be64 cpu_to_be64(uint64_t x) { return FW_CPU_BE(64, x); }
static inline uint16_t le16_to_cpu(le16 x) { return FW_CPU_LE(16, x); }
static inline uint32_t le32_to_cpu(le32 x) { return FW_CPU_LE(32, x); }
static inline uint64_t le64_to_cpu(le64 x) { return FW_CPU_LE(64, x); }
static inline le16 cpu_to_le16(uint16_t x) { return FW_CPU_LE(16, x); }
static inline le32 cpu_to_le32(uint32_t x) { return FW_CPU_LE(32, x); }
static inline le64 cpu_to_le64(uint64_t x) { return FW_CPU_LE(64, x); }

/* Unaligned big-endian loads and stores from byte buffers (disk data). */
static inline uint16_t get_be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t get_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t get_be64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)get_be32(b) << 32 | get_be32(b + 4);
}

static inline uint16_t get_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[1] << 8 | b[0]);
}

static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static inline void put_be16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static inline void put_be64(void *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32((uint8_t *)p + 4, (uint32_t)v);
}

#endif
