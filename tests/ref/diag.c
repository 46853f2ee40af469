/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DIAG 0x320 (certificate store) and DIAG 0x508 (signature verification) as
 * QEMU 11.2's target/s390x/diag.c handles them, on the reference store:
 * the same checks in the same order, the same response codes, the same bytes
 * written back to the guest. Deviations (listed in tests/ref/README.md):
 * in_len < 64 is refused with 0x0204, and stored_ct / remain_ct of the VCB
 * header are set rather than added to what the guest left there.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fw/endian.h"
#include "ref_int.h"

void ref_ctx_init(struct ref_ctx *ctx, const struct ref_mem *mem, struct ref_certstore *store)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->mem = *mem;
	ctx->store = store;
	ctx->now = REF_NOW_REAL;
}

static int64_t now_of(const struct ref_ctx *ctx)
{
	return ctx->now == REF_NOW_REAL ? (int64_t)time(NULL) : ctx->now;
}

static bool mem_read(struct ref_ctx *ctx, uint64_t addr, void *buf, size_t len)
{
	return ctx->mem.read(ctx->mem.ctx, addr, buf, len);
}

static bool mem_write(struct ref_ctx *ctx, uint64_t addr, const void *buf, size_t len)
{
	return ctx->mem.write(ctx->mem.ctx, addr, buf, len);
}

/* QEMU diag_parm_addr_valid(): address_space_access_valid() of the range. */
static bool mem_valid(struct ref_ctx *ctx, uint64_t addr, uint64_t len, bool write)
{
	uint8_t probe[256];

	if (ctx->mem.valid)
		return ctx->mem.valid(ctx->mem.ctx, addr, len, write);
	for (uint64_t off = 0; off < len; off += sizeof(probe)) {
		uint64_t n = len - off < sizeof(probe) ? len - off : sizeof(probe);

		if (!mem_read(ctx, addr + off, probe, (size_t)n))
			return false;
	}
	return true;
}

/*
 * QEMU s390_ipl_read() ignores access errors: what is not RAM reads as zero.
 * Emulated page by page.
 */
static void mem_read_lenient(struct ref_ctx *ctx, uint64_t addr, uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		uint64_t a = addr + off;
		size_t n = (size_t)(0x1000 - (a & 0xfff));

		if (n > len - off)
			n = len - off;
		if (!mem_read(ctx, a, buf + off, n))
			memset(buf + off, 0, n);
		off += n;
	}
}

static int diag320_query_vcsi(struct ref_ctx *ctx, uint64_t addr, uint64_t *rc)
{
	const struct ref_certstore *cs = ctx->store;
	uint8_t vcssb[REF_VCSSB_LEN];

	if (addr & 7)
		return REF_PGM_SPECIFICATION;
	if (!mem_valid(ctx, addr, sizeof(vcssb), true))
		return REF_PGM_ADDRESSING;
	if (!mem_read(ctx, addr, vcssb, sizeof(vcssb)))
		return REF_PGM_ADDRESSING;
	if (get_be32(vcssb) != REF_VCSSB_LEN) {
		*rc = REF_DIAG320_RC_INVAL_VCSSB_LEN;
		return REF_DIAG_DONE;
	}
	if (!cs || cs->count == 0) {
		/* only the length word is written back */
		put_be32(vcssb, 4);
		if (!mem_write(ctx, addr, vcssb, 4))
			return REF_PGM_ADDRESSING;
		*rc = REF_DIAG320_RC_OK;
		return REF_DIAG_DONE;
	}
	vcssb[0x07] = 0; /* version */
	put_be16(vcssb + 0x20, (uint16_t)cs->count);
	put_be16(vcssb + 0x22, REF_MAX_CERTS);
	put_be32(vcssb + 0x50, (uint32_t)(REF_VCB_HDR_LEN + REF_VCE_HDR_LEN + cs->largest));
	put_be32(vcssb + 0x54, (uint32_t)(REF_VCB_HDR_LEN + cs->count * REF_VCE_HDR_LEN +
					   cs->total));
	if (!mem_write(ctx, addr, vcssb, sizeof(vcssb)))
		return REF_PGM_ADDRESSING;
	*rc = REF_DIAG320_RC_OK;
	return REF_DIAG_DONE;
}

static int diag320_store_vc(struct ref_ctx *ctx, uint64_t addr, uint64_t *rc)
{
	const struct ref_certstore *cs = ctx->store;
	unsigned int count = cs ? cs->count : 0;
	uint8_t hdr[REF_VCB_HDR_LEN];
	uint32_t in_len, out_len = REF_VCB_HDR_LEN;
	uint16_t first, last, stored = 0, remain = 0;
	uint64_t space;
	uint8_t *vce = NULL;
	int ret = REF_DIAG_DONE;

	if (addr & 0xfff)
		return REF_PGM_SPECIFICATION;
	if (!mem_read(ctx, addr, hdr, sizeof(hdr)))
		return REF_PGM_ADDRESSING;
	in_len = get_be32(hdr);
	first = get_be16(hdr + 0x08);
	last = get_be16(hdr + 0x0a);
	/* QEMU accepts in_len 0 and underflows; the reference refuses it. */
	if (in_len % 4096 != 0 || in_len < REF_VCB_HDR_LEN) {
		*rc = REF_DIAG320_RC_INVAL_VCB_LEN;
		return REF_DIAG_DONE;
	}
	if (first > last) {
		*rc = REF_DIAG320_RC_BAD_RANGE;
		return REF_DIAG_DONE;
	}
	if (first == 0 && last == 0)
		goto out;
	/* 1-origin indices; first 0 means "from the first" */
	if ((first ? first - 1u : 0u) >= count || last - 1u >= count)
		goto out;
	vce = malloc(REF_VCE_MAX_LEN);
	if (!vce)
		abort();
	space = in_len - REF_VCB_HDR_LEN;
	for (unsigned int i = first ? first - 1u : 0u; i <= last - 1u; i++) {
		size_t len = ref_vce_build(&cs->certs[i], i, now_of(ctx), vce, REF_VCE_MAX_LEN);

		if (space < len) {
			remain = (uint16_t)(last - i);
			break;
		}
		if (!mem_write(ctx, addr + out_len, vce, len)) {
			ret = REF_PGM_ADDRESSING;
			goto done;
		}
		out_len += (uint32_t)len;
		space -= len;
		stored++;
	}
out:
	put_be32(hdr + 0x20, out_len);
	put_be16(hdr + 0x28, stored);
	put_be16(hdr + 0x2a, remain);
	if (!mem_write(ctx, addr, hdr, sizeof(hdr))) {
		ret = REF_PGM_ADDRESSING;
		goto done;
	}
	*rc = REF_DIAG320_RC_OK;
done:
	free(vce);
	return ret;
}

int ref_diag320(struct ref_ctx *ctx, uint64_t subcode, uint64_t addr, uint64_t *rc)
{
	uint8_t ism[4];

	if (ctx->no_cert_store_facility || (subcode & ~0xffULL))
		return REF_PGM_SPECIFICATION;
	switch (subcode) {
	case REF_DIAG320_QUERY_ISM:
		/* only word 0 of the ISB: subcodes 0, 1, 2 */
		put_be32(ism, REF_DIAG320_ISM_WORD0);
		if (!mem_write(ctx, addr, ism, sizeof(ism)))
			return REF_PGM_ADDRESSING;
		*rc = REF_DIAG320_RC_OK;
		return REF_DIAG_DONE;
	case REF_DIAG320_QUERY_VCSI:
		return diag320_query_vcsi(ctx, addr, rc);
	case REF_DIAG320_STORE_VC:
		return diag320_store_vc(ctx, addr, rc);
	default:
		*rc = REF_DIAG320_RC_NOT_SUPPORTED;
		return REF_DIAG_DONE;
	}
}

static int diag508_verify(struct ref_ctx *ctx, uint64_t addr, uint64_t *rc)
{
	const struct ref_certstore *cs = ctx->store;
	uint8_t svb[REF_SVB_LEN];
	uint64_t comp_len, comp_addr, sig_len, sig_addr;
	uint8_t *comp, *sig;
	unsigned int idx;
	int err;

	if (!mem_valid(ctx, addr, sizeof(svb), true))
		return REF_PGM_ADDRESSING;
	if (!cs || cs->count == 0) {
		*rc = REF_DIAG508_RC_NO_CERTS;
		return REF_DIAG_DONE;
	}
	if (!mem_read(ctx, addr, svb, sizeof(svb)))
		return REF_PGM_ADDRESSING;
	if (get_be32(svb) != REF_SVB_LEN) {
		*rc = REF_DIAG508_RC_INVAL_LEN;
		return REF_DIAG_DONE;
	}
	comp_len = get_be64(svb + 0x20);
	comp_addr = get_be64(svb + 0x28);
	sig_len = get_be64(svb + 0x30);
	sig_addr = get_be64(svb + 0x38);
	if (!comp_len || !comp_addr || comp_len > REF_DIAG508_MAX_COMP_LEN) {
		*rc = REF_DIAG508_RC_INVAL_COMP_DATA;
		return REF_DIAG_DONE;
	}
	if (!sig_len || !sig_addr || sig_len > REF_DIAG508_MAX_SIG_LEN) {
		*rc = REF_DIAG508_RC_INVAL_PKCS7_SIG;
		return REF_DIAG_DONE;
	}
	comp = malloc((size_t)comp_len);
	sig = malloc((size_t)sig_len);
	if (!comp || !sig)
		abort();
	mem_read_lenient(ctx, comp_addr, comp, (size_t)comp_len);
	mem_read_lenient(ctx, sig_addr, sig, (size_t)sig_len);
	err = ref_verify(cs, comp, (size_t)comp_len, sig, (size_t)sig_len, now_of(ctx), &idx);
	free(comp);
	free(sig);
	ctx->last_verify_err = err;
	if (err) {
		*rc = REF_DIAG508_RC_FAIL_VERIF;
		return REF_DIAG_DONE;
	}
	svb[0x10] = (uint8_t)idx; /* 0-origin */
	put_be64(svb + 0x18, cs->certs[idx].der_len);
	if (!mem_write(ctx, addr, svb, sizeof(svb)))
		return REF_PGM_ADDRESSING;
	*rc = REF_DIAG508_RC_OK;
	return REF_DIAG_DONE;
}

int ref_diag508(struct ref_ctx *ctx, uint64_t subcode, uint64_t addr, uint64_t *rc)
{
	if (subcode & ~0xffffULL)
		return REF_PGM_SPECIFICATION;
	switch (subcode) {
	case REF_DIAG508_QUERY:
		*rc = REF_DIAG508_VERIFY; /* installed-subcodes mask */
		return REF_DIAG_DONE;
	case REF_DIAG508_VERIFY:
		return diag508_verify(ctx, addr, rc);
	default:
		return REF_PGM_SPECIFICATION;
	}
}
