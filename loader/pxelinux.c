// SPDX-License-Identifier: GPL-2.0-or-later
/* pxelinux.cfg parser, entry selection and lookup names (see pxelinux.h). */
#include "fw/err.h"
#include "fw/log.h"
#include "fw/string.h"
#include "loader/pxelinux.h"

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does [s, s+n) equal the lower-case word @w, ignoring case? */
static bool word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (w[i] == '\0' || lower(s[i]) != w[i])
			return false;
	}
	return w[i] == '\0';
}

/* A line of the file without its line end and outer blanks. */
struct span {
	const char *p;
	size_t n;
};

static void trim(struct span *s)
{
	while (s->n && is_blank(s->p[0])) {
		s->p++;
		s->n--;
	}
	while (s->n && (is_blank(s->p[s->n - 1]) || s->p[s->n - 1] == '\r'))
		s->n--;
}

/* Split @line into its keyword and its argument (both trimmed). */
static void split(const struct span *line, struct span *kw, struct span *arg)
{
	size_t i = 0;

	while (i < line->n && !is_blank(line->p[i]))
		i++;
	kw->p = line->p;
	kw->n = i;
	arg->p = line->p + i;
	arg->n = line->n - i;
	trim(arg);
}

/* Decimal number at the start of @s (stops at the first non-digit); capped. */
static uint32_t number(const struct span *s)
{
	uint32_t v = 0;

	for (size_t i = 0; i < s->n && s->p[i] >= '0' && s->p[i] <= '9'; i++) {
		if (v > 100000000u)
			return v;
		v = v * 10 + (uint32_t)(s->p[i] - '0');
	}
	return v;
}

static int fail(struct pxe_cfg *cfg, unsigned int line, const char *why)
{
	cfg->err_line = line;
	cfg->err = why;
	return FW_ENOSPC;
}

/* Store @s (at most @max characters) in the pool; *off = its offset. */
static int store(struct pxe_cfg *cfg, const struct span *s, size_t max, unsigned int line,
		 const char *too_long, uint16_t *off)
{
	if (s->n > max)
		return fail(cfg, line, too_long);
	if (s->n + 1 > (size_t)(PXE_POOL_SIZE - cfg->pool_used))
		return fail(cfg, line, "the file's strings exceed the parser's buffer");
	*off = cfg->pool_used;
	memcpy(cfg->pool + cfg->pool_used, s->p, s->n);
	cfg->pool[cfg->pool_used + s->n] = '\0';
	cfg->pool_used = (uint16_t)(cfg->pool_used + s->n + 1);
	return 0;
}

static void ignore(struct pxe_cfg *cfg, unsigned int line)
{
	if (!cfg->ignored)
		cfg->first_ignored_line = line;
	cfg->ignored++;
}

const char *pxe_str(const struct pxe_cfg *cfg, uint16_t off)
{
	if (off == 0 || off >= cfg->pool_used)
		return "";
	return cfg->pool + off;
}

/* Resolve DEFAULT (by label) and MENU DEFAULT (entry or -1) after parsing. */
static void resolve_default(struct pxe_cfg *cfg, uint16_t def_label, int menu_default)
{
	cfg->default_index = 0;
	cfg->default_found = false;
	if (def_label) {
		const char *want = pxe_str(cfg, def_label);

		for (unsigned int i = 0; i < cfg->count; i++) {
			if (strcmp(pxe_str(cfg, cfg->entries[i].label), want) == 0) {
				cfg->default_index = i;
				cfg->default_found = true;
				return;
			}
		}
	}
	if (menu_default >= 0) {
		cfg->default_index = (unsigned int)menu_default;
		cfg->default_found = true;
	}
}

/* Handle one non-empty, non-comment line. */
static int parse_line(struct pxe_cfg *cfg, const struct span *line, unsigned int lineno,
		      uint16_t *def_label, int *menu_default, bool *skipping)
{
	struct pxe_entry *e = cfg->count ? &cfg->entries[cfg->count - 1] : NULL;
	struct span kw, arg;

	split(line, &kw, &arg);
	if (word_is(kw.p, kw.n, "label")) {
		if (arg.n == 0) {
			ignore(cfg, lineno);
			return 0;
		}
		if (cfg->count == PXE_MAX_ENTRIES) {
			cfg->dropped++;
			*skipping = true;
			return 0;
		}
		*skipping = false;
		e = &cfg->entries[cfg->count++];
		e->line = (uint16_t)(lineno > 0xffff ? 0xffff : lineno);
		return store(cfg, &arg, PXE_LABEL_MAX, lineno, "LABEL is too long", &e->label);
	}
	if (word_is(kw.p, kw.n, "default")) {
		if (arg.n == 0) {
			ignore(cfg, lineno);
			return 0;
		}
		return store(cfg, &arg, PXE_LABEL_MAX, lineno, "DEFAULT is too long", def_label);
	}
	if (word_is(kw.p, kw.n, "timeout")) {
		cfg->timeout_ds = number(&arg);
		return 0;
	}
	if (word_is(kw.p, kw.n, "prompt")) {
		cfg->prompt = number(&arg) != 0;
		return 0;
	}
	if (*skipping)
		return 0;       /* the entry lines of a dropped LABEL */
	if (word_is(kw.p, kw.n, "menu")) {
		struct span sub, rest;

		split(&arg, &sub, &rest);
		if (e && word_is(sub.p, sub.n, "default"))
			*menu_default = (int)(cfg->count - 1);
		return 0;       /* MENU TITLE, LABEL, ...: display only */
	}
	if (!e || arg.n == 0) {
		/* before the first LABEL (QEMU ignores these too), or no argument */
		ignore(cfg, lineno);
		return 0;
	}
	if (word_is(kw.p, kw.n, "kernel") || word_is(kw.p, kw.n, "linux"))
		return store(cfg, &arg, PXE_NAME_MAX, lineno, "KERNEL file name is too long",
			     &e->kernel);
	if (word_is(kw.p, kw.n, "initrd"))
		return store(cfg, &arg, PXE_NAME_MAX, lineno, "INITRD file name is too long",
			     &e->initrd);
	if (word_is(kw.p, kw.n, "append"))
		return store(cfg, &arg, PXE_APPEND_MAX, lineno, "APPEND line is too long",
			     &e->append);
	ignore(cfg, lineno);
	return 0;
}

int pxe_parse(const char *buf, size_t len, struct pxe_cfg *out)
{
	uint16_t def_label = 0;
	int menu_default = -1;
	bool skipping = false;
	unsigned int lineno = 0;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	out->pool_used = 1;     /* offset 0 = absent */
	/* a NUL byte ends the file, as in QEMU */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\0') {
			len = i;
			break;
		}
	}
	while (pos < len) {
		struct span line = { buf + pos, 0 };
		int rc;

		while (pos + line.n < len && line.p[line.n] != '\n')
			line.n++;
		pos += line.n + 1;
		lineno++;
		trim(&line);
		if (line.n == 0 || line.p[0] == '#')
			continue;
		rc = parse_line(out, &line, lineno, &def_label, &menu_default, &skipping);
		if (rc)
			return rc;
	}
	resolve_default(out, def_label, menu_default);
	return 0;
}

int pxe_select(const struct pxe_cfg *cfg, unsigned int want, unsigned int *index)
{
	*index = 0;
	if (cfg->count == 0)
		return FW_ENOENT;
	if (want > cfg->count)
		return FW_EACCES;
	*index = want ? want - 1 : cfg->default_index;
	if (*index >= cfg->count) {
		*index = 0;
		return FW_EINVAL;
	}
	if (cfg->entries[*index].kernel == 0)
		return FW_EINVAL;
	return 0;
}

bool pxe_menu_useful(const struct pxe_cfg *cfg)
{
	return cfg->count > 1;
}

void pxe_menu_labels(const struct pxe_cfg *cfg, const char **labels, unsigned int nlabels,
		     char *defbuf, size_t defsize)
{
	for (unsigned int i = 0; i < nlabels; i++)
		labels[i] = NULL;
	if (nlabels == 0)
		return;
	fw_snprintf(defbuf, defsize, "default (%u)", cfg->default_index + 1);
	labels[0] = defbuf;
	for (unsigned int i = 0; i < cfg->count && i + 1 < nlabels; i++)
		labels[i + 1] = pxe_str(cfg, cfg->entries[i].label);
}

/* Appending to a bounded name buffer; ->bad once anything did not fit. */
struct namebuf {
	char *buf;
	size_t size, len;
	bool bad;
};

static void put(struct namebuf *nb, const char *s, size_t n)
{
	if (nb->bad || n >= nb->size - nb->len) {
		nb->bad = true;
		return;
	}
	memcpy(nb->buf + nb->len, s, n);
	nb->len += n;
	nb->buf[nb->len] = '\0';
}

static void put_str(struct namebuf *nb, const char *s)
{
	put(nb, s, strlen(s));
}

/* @n bytes in hex; a '-' after byte i when bit i of @dashes is set. */
static void put_hex(struct namebuf *nb, const uint8_t *bytes, size_t n, bool upper,
		    uint32_t dashes)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		char two[2] = { digits[bytes[i] >> 4], digits[bytes[i] & 15] };

		put(nb, two, 2);
		if (dashes & (1u << i))
			put(nb, "-", 1);
	}
}

static void put_base(struct namebuf *nb, const struct pxe_lookup_in *in)
{
	if (in->prefix) {
		put_str(nb, in->prefix);
		return;
	}
	if (in->bootfile) {
		size_t dir = 0;

		for (size_t i = 0; in->bootfile[i]; i++) {
			if (in->bootfile[i] == '/')
				dir = i + 1;
		}
		put(nb, in->bootfile, dir);
	}
	put_str(nb, "pxelinux.cfg/");
}

static bool uuid_present(const uint8_t *uuid)
{
	uint8_t any = 0;

	if (!uuid)
		return false;
	for (unsigned int i = 0; i < 16; i++)
		any |= uuid[i];
	return any != 0;
}

int pxe_lookup_name(const struct pxe_lookup_in *in, unsigned int i, char *buf, size_t size)
{
	struct namebuf nb = { buf, size, 0, size == 0 };

	if (i >= PXE_LOOKUP_NAMES)
		return FW_ENOENT;
	if (i == 0 && (!in->cfgfile || !in->cfgfile[0]))
		return 1;
	if (i == 1 && !uuid_present(in->uuid))
		return 1;
	if (i >= 3 && i <= 10 && in->ipv4 == 0)
		return 1;
	if (size)
		buf[0] = '\0';
	put_base(&nb, in);
	if (i == 0) {
		put_str(&nb, in->cfgfile);
	} else if (i == 1) {
		put_hex(&nb, in->uuid, 16, false, 0x2a8);  /* 8-4-4-4-12 */
	} else if (i == 2) {
		put_str(&nb, "01-");
		put_hex(&nb, in->mac, 6, false, 0x1f);
	} else if (i <= 10) {
		uint8_t ip[4] = { (uint8_t)(in->ipv4 >> 24), (uint8_t)(in->ipv4 >> 16),
				  (uint8_t)(in->ipv4 >> 8), (uint8_t)in->ipv4 };
		char hex[9];
		struct namebuf hb = { hex, sizeof(hex), 0, false };

		put_hex(&hb, ip, 4, true, 0);
		put(&nb, hex, 8 - (i - 3));     /* 8 digits, then 7, ... 1 */
	} else {
		put_str(&nb, "default");
	}
	if (nb.bad) {
		if (size)
			buf[0] = '\0';
		return FW_ENOSPC;
	}
	return 0;
}

bool pxe_is_cfg_file(const void *buf, size_t len)
{
	const char *p = buf;

	return len >= 10 && word_is(p, 10, "# pxelinux");
}
