/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the .INS file parser (loader/insfile.c). Input: the
 * file. Checks: results in range (1..INS_MAX_ENTRIES files, names
 * NUL-terminated, non-empty, without blanks, within INS_NAME_MAX), errors
 * carry a reason, and a successful parse survives a round trip: the
 * entries written back as "name 0xADDR" lines parse to the same entries.
 * The input is an exact-size heap copy, so ASan catches a read past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/err.h"
#include "loader/insfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ins_file ins, again;
static char text[INS_MAX_ENTRIES * (INS_NAME_MAX + 24) + 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	size_t n;
	int rc;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	rc = ins_parse(copy, size, &ins);
	free(copy);
	if (rc) {
		if ((rc != FW_EINVAL && rc != FW_ENOSPC) || !ins.err)
			abort();
		return 0;
	}
	if (ins.count < 1 || ins.count > INS_MAX_ENTRIES || strlen(ins.title) > INS_TITLE_MAX)
		abort();
	n = (size_t)snprintf(text, sizeof(text), "* x\n");
	for (unsigned int i = 0; i < ins.count; i++) {
		const struct ins_entry *e = &ins.entries[i];
		size_t l = strnlen(e->name, sizeof(e->name));

		if (l == 0 || l > INS_NAME_MAX || strpbrk(e->name, " \t\n") || e->line < 2)
			abort();
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s 0x%llx\n", e->name,
				      (unsigned long long)e->addr);
	}
	if (ins_parse(text, n, &again) || again.count != ins.count)
		abort();
	for (unsigned int i = 0; i < ins.count; i++) {
		if (strcmp(again.entries[i].name, ins.entries[i].name) ||
		    again.entries[i].addr != ins.entries[i].addr)
			abort();
	}
	return 0;
}
