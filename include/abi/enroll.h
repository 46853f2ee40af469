/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The enrolled certificate store: a reserved section (".enroll") of the
 * firmware image that `secure-ccw-enroll` fills in a copy of the image.
 * All integers big-endian. Layout:
 *
 *   +0                 struct enroll_header (96 bytes)
 *   +96                entries, each struct enroll_entry (8 bytes) followed
 *                      by `len` data bytes and zero padding to a multiple
 *                      of 8; all ENROLL_ENTRY_CERT first, then all
 *                      ENROLL_ENTRY_DENY_CERT, then all
 *                      ENROLL_ENTRY_DENY_SHA256 (data = 32-byte digest)
 *   +total_len         zero bytes up to ENROLL_AREA_SIZE
 *
 * The unenrolled image carries the empty store: magic, version, hdr_len,
 * total_len = 96, size, mode ENROLL_MODE_NONE, zero counts, zero checksum.
 * An enrolled store has mode audit/secure/strict and checksum = SHA-256
 * over bytes [0, total_len) with the checksum field taken as zeros.
 */
#ifndef ABI_ENROLL_H
#define ABI_ENROLL_H

#include "fw/compiler.h"
#include "fw/types.h"

#define ENROLL_SECTION ".enroll"
#define ENROLL_AREA_SIZE (32 * 1024)  /* the whole reserved section */
#define ENROLL_MAGIC "sccwSTOR"       /* 8 bytes, no NUL */
#define ENROLL_MAGIC_LEN 8
#define ENROLL_VERSION 1

/* mode */
#define ENROLL_MODE_NONE 0    /* nothing enrolled: the firmware behaves as before */
#define ENROLL_MODE_AUDIT 1   /* verify, warn and go on */
#define ENROLL_MODE_SECURE 2  /* verify stage3 and kernel as QEMU's secure mode */
#define ENROLL_MODE_STRICT 3  /* secure, and every loaded component must be signed */

/* Limits (64 certificates: the report's certificate list maximum). */
#define ENROLL_MAX_CERTS 64
#define ENROLL_MAX_DENY_CERTS 64
#define ENROLL_MAX_DENY_SHA256 256
#define ENROLL_MAX_CERT_LEN 8000   /* DER bytes of one certificate */
#define ENROLL_SHA256_LEN 32

struct enroll_header {
	uint8_t magic[ENROLL_MAGIC_LEN]; /* 0x00 ENROLL_MAGIC */
	be32 version;                    /* 0x08 ENROLL_VERSION */
	be32 hdr_len;                    /* 0x0c sizeof(struct enroll_header) */
	be32 total_len;                  /* 0x10 header + entries (bytes used) */
	be32 size;                       /* 0x14 ENROLL_AREA_SIZE */
	uint8_t mode;                    /* 0x18 ENROLL_MODE_* */
	uint8_t reserved[3];             /* 0x19 zero */
	be16 ncert;                      /* 0x1c trusted certificates */
	be16 ndeny_cert;                 /* 0x1e denied certificates */
	be16 ndeny_sha256;               /* 0x20 denied component digests */
	uint8_t reserved2[30];           /* 0x22 zero */
	uint8_t checksum[32];            /* 0x40 SHA-256, see above */
} FW_PACKED;
ABI_SIZE(struct enroll_header, 96);
ABI_OFFSET(struct enroll_header, version, 0x08);
ABI_OFFSET(struct enroll_header, hdr_len, 0x0c);
ABI_OFFSET(struct enroll_header, total_len, 0x10);
ABI_OFFSET(struct enroll_header, size, 0x14);
ABI_OFFSET(struct enroll_header, mode, 0x18);
ABI_OFFSET(struct enroll_header, ncert, 0x1c);
ABI_OFFSET(struct enroll_header, ndeny_cert, 0x1e);
ABI_OFFSET(struct enroll_header, ndeny_sha256, 0x20);
ABI_OFFSET(struct enroll_header, checksum, 0x40);

/* entry types */
#define ENROLL_ENTRY_CERT 1        /* data: DER X.509 certificate */
#define ENROLL_ENTRY_DENY_CERT 2   /* data: DER X.509 certificate */
#define ENROLL_ENTRY_DENY_SHA256 3 /* data: 32-byte SHA-256 of a component */

struct enroll_entry {
	uint8_t type;         /* 0x00 ENROLL_ENTRY_* */
	uint8_t reserved[3];  /* 0x01 zero */
	be32 len;             /* 0x04 data bytes following (not counting padding) */
} FW_PACKED;
ABI_SIZE(struct enroll_entry, 8);
ABI_OFFSET(struct enroll_entry, len, 0x04);

#define ENROLL_ENTRY_ALIGN 8

_Static_assert(ENROLL_AREA_SIZE % 4096 == 0, "enroll area is whole pages");

#endif
