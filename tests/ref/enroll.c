/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An enrolled certificate store (include/abi/enroll.h) built in memory from
 * reference certificates, as secure-ccw-enroll writes it into an image: for
 * tests that plant a store into the firmware's ".enroll" area (harness:
 * `extern uint8_t enroll_section[]`, crypto/enroll_area.c).
 */
#include <string.h>

#include <bearssl.h>

#include "abi/enroll.h"
#include "fw/endian.h"
#include "ref.h"

static bool put(uint8_t *area, size_t size, size_t *off, uint8_t type, const void *p, size_t n)
{
	struct enroll_entry e = { .type = type, .len = cpu_to_be32((uint32_t)n) };
	size_t need = sizeof(e) + ALIGN_UP(n, (size_t)ENROLL_ENTRY_ALIGN);

	if (need > size - *off)
		return false;
	memcpy(area + *off, &e, sizeof(e));
	memcpy(area + *off + sizeof(e), p, n);
	*off += need;
	return true;
}

void ref_enroll_seal(uint8_t *area, size_t total)
{
	struct enroll_header *h = (struct enroll_header *)area;
	br_sha256_context c;

	h->total_len = cpu_to_be32((uint32_t)total);
	memset(h->checksum, 0, sizeof(h->checksum));
	br_sha256_init(&c);
	br_sha256_update(&c, area, total);
	br_sha256_out(&c, h->checksum);
}

long ref_enroll_build(uint8_t *area, size_t size, uint8_t mode, const struct ref_cert *const *certs,
		      unsigned int ncert, const struct ref_cert *const *deny, unsigned int ndeny,
		      const uint8_t *digests, unsigned int ndigests)
{
	struct enroll_header *h = (struct enroll_header *)area;
	size_t off = sizeof(*h);

	if (size < sizeof(*h))
		return -1;
	memset(area, 0, size);
	memcpy(h->magic, ENROLL_MAGIC, ENROLL_MAGIC_LEN);
	h->version = cpu_to_be32(ENROLL_VERSION);
	h->hdr_len = cpu_to_be32(sizeof(*h));
	h->size = cpu_to_be32((uint32_t)size);
	h->mode = mode;
	for (unsigned int i = 0; i < ncert; i++)
		if (!put(area, size, &off, ENROLL_ENTRY_CERT, certs[i]->der, certs[i]->der_len))
			return -1;
	for (unsigned int i = 0; i < ndeny; i++)
		if (!put(area, size, &off, ENROLL_ENTRY_DENY_CERT, deny[i]->der, deny[i]->der_len))
			return -1;
	for (unsigned int i = 0; i < ndigests; i++)
		if (!put(area, size, &off, ENROLL_ENTRY_DENY_SHA256, digests + 32 * i, 32))
			return -1;
	h->ncert = cpu_to_be16((uint16_t)ncert);
	h->ndeny_cert = cpu_to_be16((uint16_t)ndeny);
	h->ndeny_sha256 = cpu_to_be16((uint16_t)ndigests);
	ref_enroll_seal(area, off);
	return (long)off;
}
