// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zPCI functions through CLP and PCI Load/Store (see zpci.h). The CLP block
 * is one page of DMA memory: the request (32 bytes) followed by the
 * response, whose length field says how much room the machine may use.
 */
#include "drivers/pci/zpci.h"
#include "drivers/pci/zpci_insn.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/string.h"

#define ZPCI_LIST_PAGES 64              /* resume-token rounds before giving up */
#define ZPCI_BUSY_RETRIES 1000

static uint8_t *clp_blk;

/* Prepare the CLP block for command @cmd; returns the response header. */
static void *clp_prepare(uint16_t cmd)
{
	struct clp_req_hdr *req;
	struct clp_rsp_hdr *rsp;

	if (!clp_blk)
		clp_blk = dma_alloc(CLP_BLK_SIZE, PAGE_SIZE);
	memset(clp_blk, 0, CLP_BLK_SIZE);
	req = (struct clp_req_hdr *)clp_blk;
	req->len = cpu_to_be16(CLP_REQ_LEN);
	req->cmd = cpu_to_be16(cmd);
	rsp = (struct clp_rsp_hdr *)(clp_blk + CLP_REQ_LEN);
	rsp->len = cpu_to_be16(CLP_BLK_SIZE - CLP_REQ_LEN);
	return rsp;
}

static const char *clp_cmd_name(uint16_t cmd)
{
	switch (cmd) {
	case CLP_LIST_PCI:
		return "List PCI Functions";
	case CLP_QUERY_PCI_FN:
		return "Query PCI Function";
	case CLP_QUERY_PCI_FNGRP:
		return "Query PCI Function Group";
	default:
		return "Set PCI Function";
	}
}

/* Run the prepared command; @min is the response length we need. Returns
 * the response code, or 0 when the instruction itself failed. */
static uint16_t clp_run(uint16_t cmd, uint16_t min, const char *who)
{
	struct clp_rsp_hdr *rsp = (struct clp_rsp_hdr *)(clp_blk + CLP_REQ_LEN);
	int cc = zpci_clp(clp_blk);
	uint16_t code = be16_to_cpu(rsp->rsp), len = be16_to_cpu(rsp->len);

	if (cc) {
		fw_printf("%s: CLP %s failed (cc %d)\n", who, clp_cmd_name(cmd), cc);
		return 0;
	}
	if (code == CLP_RC_OK && (len < min || len > CLP_BLK_SIZE - CLP_REQ_LEN)) {
		fw_printf("%s: CLP %s: response length %u is invalid\n", who, clp_cmd_name(cmd),
			  len);
		return 0;
	}
	if (code != CLP_RC_OK && code != CLP_RC_SETPCIFN_ALRDY)
		fw_printf("%s: CLP %s: response code 0x%04x\n", who, clp_cmd_name(cmd), code);
	return code;
}

static void fn_name(struct zpci_fn *fn)
{
	fw_snprintf(fn->name, sizeof(fn->name), "pci 0x%x", fn->fid);
}

static struct zpci_fn fn_table[ZPCI_MAX_FNS];

int zpci_list(const struct zpci_fn **fnsp)
{
	const unsigned int max = ZPCI_MAX_FNS;
	uint64_t token = 0;
	unsigned int n = 0;

	*fnsp = fn_table;
	if (!zpci_facility())
		return FW_ENOTSUP;
	for (unsigned int round = 0; round < ZPCI_LIST_PAGES; round++) {
		struct clp_req_list_pci *req;
		struct clp_rsp_list_pci *rsp = clp_prepare(CLP_LIST_PCI);
		unsigned int entries;
		uint16_t len;

		req = (struct clp_req_list_pci *)clp_blk;
		req->resume_token = cpu_to_be64(token);
		if (clp_run(CLP_LIST_PCI, CLP_LIST_RSP_HDR_LEN, "zPCI") != CLP_RC_OK)
			return FW_EIO;
		len = be16_to_cpu(rsp->hdr.len);
		if (rsp->entry_size != sizeof(struct clp_fh_entry) ||
		    (len - CLP_LIST_RSP_HDR_LEN) % sizeof(struct clp_fh_entry)) {
			fw_printf("zPCI: List PCI Functions: bad entry size %u / length %u\n",
				  rsp->entry_size, len);
			return FW_EINVAL;
		}
		entries = (len - CLP_LIST_RSP_HDR_LEN) / sizeof(struct clp_fh_entry);
		for (unsigned int i = 0; i < entries && n < max; i++) {
			const struct clp_fh_entry *e = &rsp->fh[i];
			struct zpci_fn *fn = &fn_table[n++];

			memset(fn, 0, sizeof(*fn));
			fn->fid = be32_to_cpu(e->fid);
			fn->fh = be32_to_cpu(e->fh);
			fn->vendor_id = be16_to_cpu(e->vendor_id);
			fn->device_id = be16_to_cpu(e->device_id);
			fn->configured = be32_to_cpu(e->config) & CLP_FH_CONFIGURED;
			fn_name(fn);
		}
		token = be64_to_cpu(rsp->resume_token);
		if (!token || n >= max)
			return (int)n;
	}
	fw_printf("zPCI: List PCI Functions does not end, using the first %u\n", n);
	return (int)n;
}

int zpci_find(uint32_t fid, struct zpci_fn *fn)
{
	const struct zpci_fn *fns;
	int n = zpci_list(&fns);

	for (int i = 0; i < n; i++) {
		if (fns[i].fid == fid) {
			*fn = fns[i];
			return 0;
		}
	}
	if (n == FW_ENOTSUP)
		fw_printf("pci 0x%x: this machine has no zPCI facility\n", fid);
	else
		fw_printf("pci 0x%x: no such PCI function\n", fid);
	return n < 0 ? n : FW_ENODEV;
}

static int query(struct zpci_fn *fn)
{
	struct clp_rsp_query_pci *rsp = clp_prepare(CLP_QUERY_PCI_FN);
	struct clp_req_query_pci *req = (struct clp_req_query_pci *)clp_blk;
	struct clp_req_query_pci_grp *greq;

	req->fh = cpu_to_be32(fn->fh);
	if (clp_run(CLP_QUERY_PCI_FN, sizeof(*rsp), fn->name) != CLP_RC_OK)
		return FW_EIO;
	if (be32_to_cpu(rsp->fid) != fn->fid) {
		fw_printf("%s: Query PCI Function answers for function 0x%x\n", fn->name,
			  be32_to_cpu(rsp->fid));
		return FW_EINVAL;
	}
	fn->pfgid = rsp->pfgid;
	for (unsigned int i = 0; i < ZPCI_BAR_COUNT; i++)
		fn->bar_size[i] = rsp->bar_size[i] < 64 ? rsp->bar_size[i] : 0;
	fn->sdma = be64_to_cpu(rsp->sdma);
	fn->edma = be64_to_cpu(rsp->edma);

	/* the group is informational: QEMU only knows groups of vfio devices */
	(void)clp_prepare(CLP_QUERY_PCI_FNGRP);
	greq = (struct clp_req_query_pci_grp *)clp_blk;
	greq->pfgid = fn->pfgid;
	(void)zpci_clp(clp_blk);
	return 0;
}

static int set_pci(struct zpci_fn *fn, uint8_t oc)
{
	struct clp_rsp_set_pci *rsp = clp_prepare(CLP_SET_PCI_FN);
	struct clp_req_set_pci *req = (struct clp_req_set_pci *)clp_blk;
	uint16_t code;

	req->fh = cpu_to_be32(fn->fh);
	req->oc = oc;
	req->ndas = oc == CLP_SET_ENABLE_PCI_FN ? 1 : 0;
	code = clp_run(CLP_SET_PCI_FN, sizeof(*rsp), fn->name);
	if (code == CLP_RC_SETPCIFN_ALRDY)
		return 0;
	if (code != CLP_RC_OK)
		return code == CLP_RC_SETPCIFN_ERR || code == CLP_RC_SETPCIFN_RECPND ? FW_EIO
										      : FW_ENODEV;
	fn->fh = be32_to_cpu(rsp->fh);
	return 0;
}

int zpci_enable(struct zpci_fn *fn)
{
	int rc;

	if (!fn->configured) {
		fw_printf("%s: PCI function is in standby (not configured)\n", fn->name);
		return FW_ENODEV;
	}
	if (fn->fh & ZPCI_FH_ENABLED) {
		/* left enabled by an earlier attempt or OS: start from a reset */
		rc = set_pci(fn, CLP_SET_DISABLE_PCI_FN);
		if (rc)
			return rc;
	}
	rc = set_pci(fn, CLP_SET_ENABLE_PCI_FN);
	if (rc)
		return rc;
	if (!(fn->fh & ZPCI_FH_ENABLED)) {
		fw_printf("%s: Set PCI Function returned a disabled handle 0x%08x\n", fn->name,
			  fn->fh);
		return FW_EINVAL;
	}
	return query(fn);
}

void zpci_disable(struct zpci_fn *fn)
{
	if (fn->fh & ZPCI_FH_ENABLED)
		(void)set_pci(fn, CLP_SET_DISABLE_PCI_FN);
}

uint64_t zpci_bar_len(const struct zpci_fn *fn, unsigned int bar)
{
	if (bar >= ZPCI_BAR_COUNT || !fn->bar_size[bar])
		return 0;
	return 1ULL << fn->bar_size[bar];
}

/* register value (bytes in address order) <-> little-endian value */
static uint64_t swap_len(uint64_t v, unsigned int len)
{
	switch (len) {
	case 2:
		return __builtin_bswap16((uint16_t)v);
	case 4:
		return __builtin_bswap32((uint32_t)v);
	case 8:
		return __builtin_bswap64(v);
	default:
		return v & 0xff;
	}
}

static int ls_result(struct zpci_fn *fn, int cc, uint8_t status, const char *what)
{
	switch (cc) {
	case ZPCI_CC_OK:
		return 0;
	case ZPCI_CC_ERR:
		fw_printf("%s: PCI %s failed, status %u%s\n", fn->name, what, status,
			  status == ZPCI_ST_BLOCKED || status == ZPCI_ST_FUNC_IN_ERR ?
			  " (function in error state)" : "");
		return FW_EIO;
	case ZPCI_CC_INVAL_HANDLE:
		fw_printf("%s: PCI %s: function handle no longer valid\n", fn->name, what);
		return FW_ENODEV;
	default:
		fw_printf("%s: PCI %s: function stays busy\n", fn->name, what);
		return FW_ETIMEDOUT;
	}
}

static int load(struct zpci_fn *fn, uint8_t as, uint64_t off, unsigned int len, uint64_t *val)
{
	uint8_t status = 0;
	uint64_t raw = 0;
	int cc;

	for (int i = 0; i < ZPCI_BUSY_RETRIES; i++) {
		cc = zpci_pcilg(ZPCI_REQ(fn->fh, as, len), off, &raw, &status);
		if (cc != ZPCI_CC_BUSY)
			break;
	}
	*val = swap_len(raw, len);
	return ls_result(fn, cc, status, "load");
}

static int store(struct zpci_fn *fn, uint8_t as, uint64_t off, unsigned int len, uint64_t val)
{
	uint8_t status = 0;
	int cc;

	for (int i = 0; i < ZPCI_BUSY_RETRIES; i++) {
		cc = zpci_pcistg(ZPCI_REQ(fn->fh, as, len), off, swap_len(val, len), &status);
		if (cc != ZPCI_CC_BUSY)
			break;
	}
	return ls_result(fn, cc, status, "store");
}

static bool cfg_ok(uint32_t off, unsigned int len)
{
	return (len == 1 || len == 2 || len == 4) && off < 4096 && (off & (len - 1)) == 0;
}

int zpci_cfg_read(struct zpci_fn *fn, uint32_t off, unsigned int len, uint32_t *val)
{
	uint64_t v = 0;
	int rc = FW_ERANGE;

	if (cfg_ok(off, len))
		rc = load(fn, ZPCI_CONFIG_SPACE, off, len, &v);
	*val = (uint32_t)v;
	return rc;
}

int zpci_cfg_write(struct zpci_fn *fn, uint32_t off, unsigned int len, uint32_t val)
{
	if (!cfg_ok(off, len))
		return FW_ERANGE;
	return store(fn, ZPCI_CONFIG_SPACE, off, len, val);
}

static bool bar_ok(const struct zpci_fn *fn, unsigned int bar, uint64_t off, unsigned int len)
{
	uint64_t size = zpci_bar_len(fn, bar);

	return (len == 1 || len == 2 || len == 4 || len == 8) && (off & (len - 1)) == 0 &&
	       off < size && len <= size - off;
}

int zpci_bar_read(struct zpci_fn *fn, unsigned int bar, uint64_t off, unsigned int len,
		  uint64_t *val)
{
	*val = 0;
	if (!bar_ok(fn, bar, off, len)) {
		fw_printf("%s: BAR %u access at 0x%llx+%u is outside the BAR\n", fn->name, bar,
			  (unsigned long long)off, len);
		return FW_ERANGE;
	}
	return load(fn, (uint8_t)bar, off, len, val);
}

int zpci_bar_write(struct zpci_fn *fn, unsigned int bar, uint64_t off, unsigned int len,
		   uint64_t val)
{
	if (!bar_ok(fn, bar, off, len)) {
		fw_printf("%s: BAR %u access at 0x%llx+%u is outside the BAR\n", fn->name, bar,
			  (unsigned long long)off, len);
		return FW_ERANGE;
	}
	return store(fn, (uint8_t)bar, off, len, val);
}
