/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the pxelinux.cfg parser, entry selection, menu labels
 * and lookup names (loader/pxelinux.c) and the boot file kinds
 * (loader/bootfile.c). Input: the config file itself. Its first bytes also
 * feed the lookup-name inputs (boot file, options 209/210, UUID, MAC,
 * IPv4, buffer size). Checks the invariants the callers rely on: counts
 * and indexes in range, every string NUL-terminated inside the pool and
 * within its limit, selection results consistent, names NUL-terminated
 * inside their buffer. ASan/UBSan on the rest (the input is an exact-size
 * heap copy, so a read past its end is caught).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/err.h"
#include "loader/bootfile.h"
#include "loader/menu.h"
#include "loader/pxelinux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pxe_cfg cfg;

static void check_str(uint16_t off, size_t max)
{
	const char *s;

	if (off == 0)
		return;
	if (off >= cfg.pool_used)
		abort();
	s = memchr(cfg.pool + off, '\0', cfg.pool_used - off);
	if (!s || (size_t)(s - (cfg.pool + off)) > max)
		abort();
	if (s == cfg.pool + off && max != PXE_APPEND_MAX)
		abort();        /* only APPEND may be empty... and it never is */
}

static void check_cfg(void)
{
	const char *labels[MENU_MAX_ENTRIES];
	char def[24];
	unsigned int idx;

	if (cfg.count > PXE_MAX_ENTRIES || cfg.pool_used > PXE_POOL_SIZE || cfg.pool[0])
		abort();
	if (cfg.count ? cfg.default_index >= cfg.count : cfg.default_index != 0)
		abort();
	for (unsigned int i = 0; i < cfg.count; i++) {
		const struct pxe_entry *e = &cfg.entries[i];

		if (!e->label)
			abort();
		check_str(e->label, PXE_LABEL_MAX);
		check_str(e->kernel, PXE_NAME_MAX);
		check_str(e->initrd, PXE_NAME_MAX);
		check_str(e->append, PXE_APPEND_MAX);
	}
	for (unsigned int want = 0; want <= PXE_MAX_ENTRIES + 2; want++) {
		int rc = pxe_select(&cfg, want, &idx);

		if (cfg.count == 0 ? rc != FW_ENOENT : want > cfg.count ? rc != FW_EACCES :
		    (idx >= cfg.count || (rc == 0) != (cfg.entries[idx].kernel != 0)))
			abort();
	}
	pxe_menu_labels(&cfg, labels, MENU_MAX_ENTRIES, def, sizeof(def));
	for (unsigned int i = 1; i < MENU_MAX_ENTRIES; i++) {
		if ((labels[i] != NULL) != (i <= cfg.count))
			abort();
		if (labels[i] && strlen(labels[i]) > PXE_LABEL_MAX)
			abort();
	}
}

/* lookup names from pieces of the input */
static void check_names(const char *s, size_t size)
{
	struct pxe_lookup_in in;
	char bootfile[64], cfgfile[64], prefix[64], out[300];
	uint8_t uuid[16];
	size_t bufsize, k;

	if (size < 40)
		return;
	memset(&in, 0, sizeof(in));
	k = (uint8_t)s[0] % 64;
	memcpy(bootfile, s + 1, k < 39 ? k : 39);
	bootfile[k < 39 ? k : 39] = '\0';
	memcpy(cfgfile, s + 2, 20);
	cfgfile[(uint8_t)s[3] % 21] = '\0';
	memcpy(prefix, s + 4, 30);
	prefix[(uint8_t)s[5] % 31] = '\0';
	memcpy(uuid, s + 6, 16);
	memcpy(in.mac, s + 22, 6);
	memcpy(&in.ipv4, s + 28, 4);
	in.bootfile = (s[32] & 1) ? bootfile : NULL;
	in.cfgfile = (s[32] & 2) ? cfgfile : NULL;
	in.prefix = (s[32] & 4) ? prefix : NULL;
	in.uuid = (s[32] & 8) ? uuid : NULL;
	bufsize = (uint8_t)s[33] + ((s[34] & 1) ? 45 : 0);
	if (bufsize > sizeof(out))
		bufsize = sizeof(out);
	for (unsigned int i = 0; i <= PXE_LOOKUP_NAMES; i++) {
		int rc;

		memset(out, 'X', sizeof(out));
		rc = pxe_lookup_name(&in, i, out, bufsize);
		if (i == PXE_LOOKUP_NAMES ? rc != FW_ENOENT : (rc != 0 && rc != 1 && rc != FW_ENOSPC))
			abort();
		if (rc == 0 && (!memchr(out, '\0', bufsize) || strlen(out) == 0))
			abort();
		if (rc == FW_ENOSPC && bufsize && out[0])
			abort();
		if (bufsize < sizeof(out) && out[bufsize] != 'X')
			abort();        /* wrote past the buffer */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	rc = pxe_parse(copy, size, &cfg);
	if (rc == 0)
		check_cfg();
	else if (rc != FW_ENOSPC || !cfg.err || !cfg.err_line)
		abort();
	check_names(copy, size);
	(void)bootfile_classify(copy, size, size);
	(void)bootfile_start_addr(copy, size);
	free(copy);
	return 0;
}
