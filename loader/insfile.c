// SPDX-License-Identifier: GPL-2.0-or-later
/* .INS file parser (see insfile.h). */
#include "fw/err.h"
#include "fw/string.h"
#include "loader/insfile.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool ins_is_ins_file(const void *buf, size_t len)
{
	const char *p = buf;

	return len >= 2 && p[0] == '*' && p[1] == ' ';
}

static int fail(struct ins_file *ins, unsigned int line, int rc, const char *why)
{
	ins->err_line = line;
	ins->err = why;
	return rc;
}

static int digit_value(char c, unsigned int base)
{
	unsigned int v;

	if (c >= '0' && c <= '9')
		v = (unsigned int)(c - '0');
	else if (c >= 'a' && c <= 'f')
		v = (unsigned int)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		v = (unsigned int)(c - 'A' + 10);
	else
		return -1;
	return v < base ? (int)v : -1;
}

/* The address in [p, p+n): 0x-hex or decimal, nothing else. */
static int parse_addr(const char *p, size_t n, uint64_t *addr, const char **why)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		n -= 2;
	}
	if (n == 0) {
		*why = "the address is not a number";
		return FW_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(p[i], base);

		if (d < 0) {
			*why = is_blank(p[i]) ? "text after the address" :
						"the address is not a number";
			return FW_EINVAL;
		}
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			*why = "the address does not fit in 64 bits";
			return FW_EINVAL;
		}
		v = v * base + (uint64_t)d;
	}
	*addr = v;
	return 0;
}

/* One "name address" line (without line end, trimmed, not empty). */
static int parse_entry(struct ins_file *ins, const char *p, size_t n, unsigned int line)
{
	struct ins_entry *e;
	const char *why = NULL;
	size_t name = 0, a;
	int rc;

	while (name < n && !is_blank(p[name]))
		name++;
	if (name == n)
		return fail(ins, line, FW_EINVAL, "missing address (no blank after the file name)");
	if (name > INS_NAME_MAX)
		return fail(ins, line, FW_ENOSPC, "file name is too long");
	if (ins->count == INS_MAX_ENTRIES)
		return fail(ins, line, FW_ENOSPC, "too many files");
	e = &ins->entries[ins->count];
	for (a = name; a < n && is_blank(p[a]); a++)
		;
	rc = parse_addr(p + a, n - a, &e->addr, &why);
	if (rc)
		return fail(ins, line, rc, why);
	memcpy(e->name, p, name);
	e->name[name] = '\0';
	e->line = line;
	ins->count++;
	return 0;
}

int ins_parse(const char *buf, size_t len, struct ins_file *out)
{
	unsigned int lineno = 1;
	size_t pos = 0, n = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			len = i;        /* a NUL byte ends the file */
			break;
		}
	}
	if (!ins_is_ins_file(buf, len))
		return fail(out, 0, FW_EINVAL, "not an .INS file (no \"* \" at the start)");
	while (n < len && buf[n] != '\n')
		n++;
	if (n == len)
		return fail(out, 1, FW_EINVAL, "no line after the title line");
	pos = n + 1;
	n -= 2;
	if (n && buf[2 + n - 1] == '\r')
		n--;
	n = n > INS_TITLE_MAX ? INS_TITLE_MAX : n;
	memcpy(out->title, buf + 2, n);
	out->title[n] = '\0';

	while (pos < len) {
		const char *p = buf + pos;
		size_t l = 0;
		int rc;

		while (pos + l < len && p[l] != '\n')
			l++;
		pos += l + 1;
		lineno++;
		while (l && (is_blank(p[l - 1]) || p[l - 1] == '\r'))
			l--;
		while (l && is_blank(p[0])) {
			p++;
			l--;
		}
		if (l == 0 || p[0] == '*')
			continue;
		rc = parse_entry(out, p, l, lineno);
		if (rc)
			return rc;
	}
	if (out->count == 0)
		return fail(out, 0, FW_EINVAL, "no file listed");
	return 0;
}
