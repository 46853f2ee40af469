// SPDX-License-Identifier: GPL-2.0-or-later
/* Reference hypervisor glue for the Secure IPL scenarios (see ref_glue.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/iplb.h"
#include "abi/secure_ipl.h"
#include "emu_int.h"
#include "emu_secure.h"
#include "fw/endian.h"
#include "ref.h"
#include "ref_glue.h"

static struct ref_certstore store;
static struct ref_ctx hv;
static bool store_ready;
static uint64_t force320, force508, force_vcssb;
static enum glue_vcb_fault vcb_fault;
static uint8_t iplb_buf[IPLB_SIZE];

static bool g_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	void *p = emu_mem(addr, len);

	(void)ctx;
	if (!p)
		return false;
	memcpy(buf, p, len);
	return true;
}

static bool g_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	void *p = emu_mem(addr, len);

	(void)ctx;
	if (!p)
		return false;
	memcpy(p, buf, len);
	return true;
}

static uint64_t finish(int r, uint64_t rc, const char *what, uint64_t sub)
{
	if (r != REF_DIAG_DONE)
		emu_pgm((uint16_t)r, "%s subcode 0x%llx: program exception 0x%x", what,
			(unsigned long long)sub, r);
	return rc;
}

static uint64_t g_diag320(uint64_t sub, absaddr_t addr)
{
	uint64_t rc = 0;
	int r;

	if (sub == REF_DIAG320_STORE_VC && force320)
		return force320;
	if (sub == REF_DIAG320_QUERY_VCSI && force_vcssb)
		return force_vcssb;
	r = ref_diag320(&hv, sub, addr, &rc);
	if (r == REF_DIAG_DONE && sub == REF_DIAG320_STORE_VC && vcb_fault != VCB_OK) {
		struct vcb_header *h = emu_mem(addr, sizeof(*h) + sizeof(struct vce_header));
		struct vce_header *e = (struct vce_header *)(h + 1);

		switch (vcb_fault) {
		case VCB_REMAIN:
			h->remain_ct = cpu_to_be16(1);
			break;
		case VCB_NONE_STORED:
			h->stored_ct = 0;
			break;
		case VCB_INVALID:
			e->flags = 0;
			break;
		case VCB_BAD_OFFSET:
			e->cert_offset = cpu_to_be16((uint16_t)(be32_to_cpu(e->len) + 8));
			break;
		default:
			break;
		}
	}
	return finish(r, rc, "DIAG 0x320", sub);
}

static uint64_t g_diag508(uint64_t sub, absaddr_t addr)
{
	uint64_t rc = 0;
	int r;

	if (sub == REF_DIAG508_VERIFY && force508)
		return force508;
	r = ref_diag508(&hv, sub, addr, &rc);
	return finish(r, rc, "DIAG 0x508", sub);
}

static const struct emu_secure_ops ops = { g_diag320, g_diag508 };
static const struct ref_mem mem = { NULL, g_read, g_write, NULL };

void glue_certs(const char *const *paths, unsigned int n)
{
	char err[256];

	if (store_ready)
		ref_certstore_free(&store);
	ref_certstore_init(&store);
	if (n && ref_certstore_load(&store, paths, n, err, sizeof(err))) {
		fprintf(stderr, "glue: certificate store: %s\n", err);
		abort();
	}
	store_ready = true;
	ref_ctx_init(&hv, &mem, &store);
	emu_set_secure_ops(&ops);
}

void glue_force_rc(uint64_t diag320_store_rc, uint64_t diag508_verify_rc)
{
	force320 = diag320_store_rc;
	force508 = diag508_verify_rc;
}

void glue_vcb_fault(enum glue_vcb_fault f)
{
	vcb_fault = f;
}

void glue_vcssb_rc(uint64_t rc)
{
	force_vcssb = rc;
}

void glue_machine(struct emu_config *cfg, enum glue_mode mode, uint16_t devno,
		  bool no_facilities)
{
	struct iplb *b = (struct iplb *)iplb_buf;

	memset(iplb_buf, 0, sizeof(iplb_buf));
	b->len = cpu_to_be32(mode == GLUE_NORMAL ? IPLB_LEN_CCW : IPLB_SIZE);
	b->blk0_len = cpu_to_be32(IPLB_LEN_CCW - IPLB_HDR_LEN);
	b->pbt = IPL_PBT_CCW;
	b->ccw.devno = cpu_to_be16(devno);
	if (mode != GLUE_NORMAL)
		b->hdr_flags = IPLB_HDR_FLAG_IPLIR;
	if (mode == GLUE_SECURE)
		b->hdr_flags |= IPLB_HDR_FLAG_SIPL;
	emu_boot_raw(cfg, iplb_buf, sizeof(iplb_buf));
	if (!no_facilities) {
		cfg->scp_byte134 = 0x04;        /* certificate store */
		cfg->scp_byte136 = 0x50;        /* SIPL, SCLAF */
	}
	if (!store_ready)
		glue_certs(NULL, 0);
}

const char *glue_path(const char *fmt, ...)
{
	static char buf[4][512];
	static unsigned int n;
	const char *dir = getenv("SECURE_DATA") ? getenv("SECURE_DATA") : "build/host/secure-data";
	char rel[256];
	va_list ap;
	char *out = buf[n++ % 4];

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(out, sizeof(buf[0]), "%s/%s", dir, rel);
	return out;
}
