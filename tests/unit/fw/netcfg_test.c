// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the network boot config parsers: pxelinux.cfg (syntax,
 * defaults, limits, selection, menu labels), the pxelinux.cfg lookup names,
 * .INS files, and the boot file kinds. Every parse runs on a heap copy of
 * exactly the input's length, so ASan catches any read past its end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fw/endian.h"
#include "fw/err.h"
#include "loader/bootfile.h"
#include "loader/insfile.h"
#include "loader/menu.h"
#include "loader/pxelinux.h"
#include "testfw.h"

static struct pxe_cfg cfg;
static struct ins_file ins;

/* an exact-size heap copy of @s (ASan: no read past its end goes unnoticed) */
static char *copy_of(const char *s, size_t len)
{
	char *copy = malloc(len ? len : 1);

	memcpy(copy, s, len);
	return copy;
}

static int pxe_n(const char *s, size_t len)
{
	char *copy = copy_of(s, len);
	int rc = pxe_parse(copy, len, &cfg);

	free(copy);
	return rc;
}

static int pxe(const char *s)
{
	return pxe_n(s, strlen(s));
}

static int ins_n(const char *s, size_t len)
{
	char *copy = copy_of(s, len);
	int rc = ins_parse(copy, len, &ins);

	free(copy);
	return rc;
}

static int insp(const char *s)
{
	return ins_n(s, strlen(s));
}

#define E(i) (&cfg.entries[i])
#define S(off) pxe_str(&cfg, (off))

/* ---- pxelinux.cfg ---- */

TEST(pxe_qemu_test_file)
{
	/* the shape of QEMU's functional test file */
	REQUIRE_EQ(pxe("# pxelinux.cfg style file\n"
		       "default Debian\n"
		       "label Nonexisting\n"
		       "kernel kernel.notavailable\n"
		       "initrd initrd.notavailable\n"
		       "label Debian\n"
		       "kernel vmlinuz\n"
		       "initrd initrd.img\n"
		       "append testoption=teststring\n"
		       "label Fedora\n"
		       "kernel fedora.vmlinuz\n"), 0);
	REQUIRE_EQ(cfg.count, 3);
	CHECK(!strcmp(S(E(0)->label), "Nonexisting"));
	CHECK(!strcmp(S(E(1)->kernel), "vmlinuz"));
	CHECK(!strcmp(S(E(1)->initrd), "initrd.img"));
	CHECK(!strcmp(S(E(1)->append), "testoption=teststring"));
	CHECK_EQ(E(2)->initrd, 0);
	CHECK_EQ(E(2)->append, 0);
	CHECK_EQ(cfg.default_index, 1);
	CHECK(cfg.default_found);
	CHECK_EQ(E(1)->line, 6);
	CHECK_EQ(cfg.ignored, 0);
}

TEST(pxe_keywords_case_insensitive_blanks_tabs_crlf)
{
	REQUIRE_EQ(pxe("  DeFaUlT\tb  \r\n"
		       "\tLABEL a\r\n"
		       "KERNEL  /boot/k1 \r\n"
		       "LaBeL b\r\n"
		       "  Kernel\t\tk2\t\r\n"
		       "INITRD i2\r\n"
		       "aPPend   root=/dev/vda  console=ttysclp0   \r\n"), 0);
	REQUIRE_EQ(cfg.count, 2);
	CHECK(!strcmp(S(E(0)->kernel), "/boot/k1"));
	CHECK(!strcmp(S(E(1)->label), "b"));
	CHECK(!strcmp(S(E(1)->kernel), "k2"));
	CHECK(!strcmp(S(E(1)->initrd), "i2"));
	/* inner blanks of the argument are kept */
	CHECK(!strcmp(S(E(1)->append), "root=/dev/vda  console=ttysclp0"));
	CHECK_EQ(cfg.default_index, 1);
}

TEST(pxe_labels_are_case_sensitive_for_default)
{
	REQUIRE_EQ(pxe("default linux\nlabel Linux\nkernel a\nlabel linux\nkernel b\n"), 0);
	CHECK_EQ(cfg.default_index, 1);
	REQUIRE_EQ(pxe("default LINUX\nlabel Linux\nkernel a\nlabel linux\nkernel b\n"), 0);
	CHECK_EQ(cfg.default_index, 0);
	CHECK(!cfg.default_found);
}

TEST(pxe_default_after_its_label_and_menu_default)
{
	REQUIRE_EQ(pxe("label a\nkernel ka\nlabel b\nkernel kb\ndefault b\n"), 0);
	CHECK_EQ(cfg.default_index, 1);
	/* MENU DEFAULT when DEFAULT names no label (e.g. a menu module) */
	REQUIRE_EQ(pxe("default vesamenu.c32\nlabel a\nkernel ka\nlabel b\n menu default\n"
		       "kernel kb\nlabel c\nkernel kc\n"), 0);
	CHECK_EQ(cfg.default_index, 1);
	CHECK(cfg.default_found);
	/* DEFAULT with a matching label wins over MENU DEFAULT */
	REQUIRE_EQ(pxe("default c\nlabel a\nkernel ka\nmenu default\nlabel c\nkernel kc\n"), 0);
	CHECK_EQ(cfg.default_index, 1);
	/* the last DEFAULT counts */
	REQUIRE_EQ(pxe("default a\ndefault c\nlabel a\nkernel ka\nlabel c\nkernel kc\n"), 0);
	CHECK_EQ(cfg.default_index, 1);
}

TEST(pxe_comments_empty_lines_timeout_prompt_menu)
{
	REQUIRE_EQ(pxe("#comment\n\n   # indented comment\n\t\n"
		       "timeout 50\nprompt 1\nmenu title Boot me\nmenu color x\n"
		       "label a\n menu label ^A system\n kernel ka\n"), 0);
	CHECK_EQ(cfg.count, 1);
	CHECK_EQ(cfg.timeout_ds, 50);
	CHECK(cfg.prompt);
	CHECK_EQ(cfg.ignored, 0);
	REQUIRE_EQ(pxe("prompt 0\ntimeout x\nlabel a\nkernel k\n"), 0);
	CHECK(!cfg.prompt);
	CHECK_EQ(cfg.timeout_ds, 0);
	REQUIRE_EQ(pxe("timeout 99999999999999999999\nlabel a\nkernel k\n"), 0);
	CHECK(cfg.timeout_ds > 100000000u);
}

TEST(pxe_unsupported_and_orphan_lines_are_counted)
{
	REQUIRE_EQ(pxe("kernel orphan\nappend x=1\nsay hello\n"
		       "label a\nkernel k\nipappend 2\nlocalboot 0\ninclude other.cfg\n"
		       "label\nkernel\n"), 0);
	CHECK_EQ(cfg.count, 1);
	CHECK(!strcmp(S(E(0)->kernel), "k"));
	CHECK_EQ(E(0)->append, 0);
	/* orphan kernel, append, say, ipappend, localboot, include, bare label, bare kernel */
	CHECK_EQ(cfg.ignored, 8);
	CHECK_EQ(cfg.first_ignored_line, 1);
}

TEST(pxe_linux_is_a_kernel_synonym_and_later_lines_override)
{
	REQUIRE_EQ(pxe("label a\nlinux vmlinuz\ninitrd i1\ninitrd i2\n"), 0);
	CHECK(!strcmp(S(E(0)->kernel), "vmlinuz"));
	CHECK(!strcmp(S(E(0)->initrd), "i2"));
}

TEST(pxe_missing_kernel_is_a_selection_error)
{
	unsigned int idx = 99;

	REQUIRE_EQ(pxe("default b\nlabel a\nkernel ka\nlabel b\ninitrd ib\nappend x\n"), 0);
	CHECK_EQ(cfg.count, 2);
	CHECK_EQ(pxe_select(&cfg, 0, &idx), FW_EINVAL);
	CHECK_EQ(idx, 1);       /* so the caller can name the entry */
	CHECK_EQ(pxe_select(&cfg, 1, &idx), 0);
	CHECK_EQ(idx, 0);
	CHECK_EQ(pxe_select(&cfg, 2, &idx), FW_EINVAL);
}

TEST(pxe_select_by_loadparm)
{
	unsigned int idx;

	REQUIRE_EQ(pxe("default c\nlabel a\nkernel ka\nlabel b\nkernel kb\nlabel c\nkernel kc\n"),
		   0);
	CHECK_EQ(pxe_select(&cfg, 0, &idx), 0);
	CHECK_EQ(idx, 2);
	CHECK_EQ(pxe_select(&cfg, 1, &idx), 0);
	CHECK_EQ(idx, 0);
	CHECK_EQ(pxe_select(&cfg, 3, &idx), 0);
	CHECK_EQ(idx, 2);
	CHECK_EQ(pxe_select(&cfg, 4, &idx), FW_EACCES);
	CHECK_EQ(pxe_select(&cfg, 30, &idx), FW_EACCES);
	CHECK_EQ(pxe_select(&cfg, ~0u, &idx), FW_EACCES);
}

TEST(pxe_empty_and_labelless_files)
{
	unsigned int idx;

	REQUIRE_EQ(pxe(""), 0);
	CHECK_EQ(cfg.count, 0);
	CHECK_EQ(pxe_select(&cfg, 0, &idx), FW_ENOENT);
	REQUIRE_EQ(pxe("# pxelinux\ndefault x\n"), 0);
	CHECK_EQ(cfg.count, 0);
	CHECK_EQ(pxe_select(&cfg, 1, &idx), FW_ENOENT);
	REQUIRE_EQ(pxe_n("\n\n\r\n", 5), 0);
	CHECK_EQ(cfg.count, 0);
}

TEST(pxe_last_line_without_newline)
{
	REQUIRE_EQ(pxe("label a\nkernel k"), 0);
	CHECK(!strcmp(S(E(0)->kernel), "k"));
	REQUIRE_EQ(pxe("label a\nkernel k\r"), 0);
	CHECK(!strcmp(S(E(0)->kernel), "k"));
}

TEST(pxe_nul_ends_the_file)
{
	static const char f[] = "label a\nkernel k\n\0label b\nkernel kb\n";

	REQUIRE_EQ(pxe_n(f, sizeof(f) - 1), 0);
	CHECK_EQ(cfg.count, 1);
	static const char g[] = "label a\nkernel k\0junk\n";
	REQUIRE_EQ(pxe_n(g, sizeof(g) - 1), 0);
	CHECK(!strcmp(S(E(0)->kernel), "k"));
}

TEST(pxe_too_many_entries_are_dropped)
{
	char buf[4096];
	size_t n = 0;
	unsigned int idx;

	for (int i = 1; i <= 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "label l%d\nkernel k%d\n", i, i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "default l35\n");
	REQUIRE_EQ(pxe_n(buf, n), 0);
	CHECK_EQ(cfg.count, PXE_MAX_ENTRIES);
	CHECK_EQ(cfg.dropped, 10);
	CHECK(!strcmp(S(E(29)->label), "l30"));
	CHECK(!strcmp(S(E(29)->kernel), "k30"));   /* QEMU loses this one; we do not */
	/* DEFAULT naming a dropped entry: not found, the first entry */
	CHECK_EQ(cfg.default_index, 0);
	CHECK(!cfg.default_found);
	CHECK_EQ(pxe_select(&cfg, 30, &idx), 0);
	CHECK_EQ(pxe_select(&cfg, 31, &idx), FW_EACCES);
	/* a dropped entry's KERNEL does not touch the last kept one; DEFAULT still counts */
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "kernel late\nmenu default\ndefault l30\n");
	REQUIRE_EQ(pxe_n(buf, n), 0);
	CHECK(!strcmp(S(E(29)->kernel), "k30"));
	CHECK_EQ(cfg.default_index, 29);
}

TEST(pxe_overlong_fields_are_errors_not_truncated)
{
	static char buf[16384];
	int n;

	n = snprintf(buf, sizeof(buf), "label a\nkernel %0*d\n", PXE_NAME_MAX, 0);
	REQUIRE_EQ(pxe_n(buf, (size_t)n), 0);
	CHECK_EQ(strlen(S(E(0)->kernel)), PXE_NAME_MAX);
	n = snprintf(buf, sizeof(buf), "label a\nkernel %0*d\n", PXE_NAME_MAX + 1, 0);
	CHECK_EQ(pxe_n(buf, (size_t)n), FW_ENOSPC);
	CHECK_EQ(cfg.err_line, 2);
	CHECK_STR(cfg.err, "KERNEL");
	n = snprintf(buf, sizeof(buf), "label a\nkernel k\ninitrd %0*d\n", PXE_NAME_MAX + 1, 0);
	CHECK_EQ(pxe_n(buf, (size_t)n), FW_ENOSPC);
	CHECK_STR(cfg.err, "INITRD");
	n = snprintf(buf, sizeof(buf), "label %0*d\n", PXE_LABEL_MAX + 1, 0);
	CHECK_EQ(pxe_n(buf, (size_t)n), FW_ENOSPC);
	CHECK_STR(cfg.err, "LABEL");
	n = snprintf(buf, sizeof(buf), "default %0*d\n", PXE_LABEL_MAX + 1, 0);
	CHECK_EQ(pxe_n(buf, (size_t)n), FW_ENOSPC);
	n = snprintf(buf, sizeof(buf), "label a\nappend %0*d\n", PXE_APPEND_MAX, 0);
	REQUIRE_EQ(pxe_n(buf, (size_t)n), 0);
	CHECK_EQ(strlen(S(E(0)->append)), PXE_APPEND_MAX);
	n = snprintf(buf, sizeof(buf), "label a\nappend %0*d\n", PXE_APPEND_MAX + 1, 0);
	CHECK_EQ(pxe_n(buf, (size_t)n), FW_ENOSPC);
	CHECK_STR(cfg.err, "APPEND");
	/* an overlong line that is ignored anyway is fine */
	n = snprintf(buf, sizeof(buf), "say %0*d\nlabel a\nkernel k\n", 10000, 0);
	REQUIRE_EQ(pxe_n(buf, (size_t)n), 0);
	CHECK_EQ(cfg.count, 1);
}

TEST(pxe_pool_overflow_is_an_error)
{
	static char buf[65536];
	size_t n = 0;

	/* 3 entries with 4000-byte APPEND lines exceed the 8 KiB pool */
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "label l%d\nappend %0*d\n", i,
				      4000, i);
	CHECK_EQ(pxe_n(buf, n), FW_ENOSPC);
	CHECK_EQ(cfg.err_line, 6);
	CHECK_STR(cfg.err, "buffer");
	CHECK(cfg.pool_used <= PXE_POOL_SIZE);
}

TEST(pxe_str_rejects_bad_offsets)
{
	REQUIRE_EQ(pxe("label a\nkernel k\n"), 0);
	CHECK(!strcmp(pxe_str(&cfg, 0), ""));
	CHECK(!strcmp(pxe_str(&cfg, cfg.pool_used), ""));
	CHECK(!strcmp(pxe_str(&cfg, 0xffff), ""));
}

TEST(pxe_menu_labels_as_qemu)
{
	const char *labels[MENU_MAX_ENTRIES];
	char def[32];

	REQUIRE_EQ(pxe("default Debian\nlabel Nonexisting\nkernel x\nlabel Debian\nkernel y\n"),
		   0);
	CHECK(pxe_menu_useful(&cfg));
	pxe_menu_labels(&cfg, labels, MENU_MAX_ENTRIES, def, sizeof(def));
	CHECK(!strcmp(labels[0], "default (2)"));
	CHECK(!strcmp(labels[1], "Nonexisting"));
	CHECK(!strcmp(labels[2], "Debian"));
	CHECK(labels[3] == NULL);
	CHECK(labels[MENU_MAX_ENTRIES - 1] == NULL);
	REQUIRE_EQ(pxe("label only\nkernel k\n"), 0);
	CHECK(!pxe_menu_useful(&cfg));
}

TEST(pxe_menu_labels_fit_the_menu)
{
	const char *labels[MENU_MAX_ENTRIES];
	char buf[4096], def[32];
	size_t n = 0;

	for (int i = 1; i <= PXE_MAX_ENTRIES; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "label l%d\nkernel k\n", i);
	REQUIRE_EQ(pxe_n(buf, n), 0);
	pxe_menu_labels(&cfg, labels, MENU_MAX_ENTRIES, def, sizeof(def));
	CHECK(!strcmp(labels[PXE_MAX_ENTRIES], "l30"));
	CHECK(labels[PXE_MAX_ENTRIES + 1] == NULL);
	/* a short label array is never overrun */
	pxe_menu_labels(&cfg, labels, 3, def, sizeof(def));
	CHECK(!strcmp(labels[2], "l2"));
}

TEST(pxe_is_cfg_file_magic)
{
	CHECK(pxe_is_cfg_file("# pxelinux.cfg", 14));
	CHECK(pxe_is_cfg_file("# PXELinux", 10));
	CHECK(!pxe_is_cfg_file("# pxelinu", 9));
	CHECK(!pxe_is_cfg_file("#pxelinux ", 10));
	CHECK(!pxe_is_cfg_file("default x\n", 10));
}

/* ---- lookup names ---- */

static const uint8_t test_uuid[16] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
				       0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF };

static void names(const struct pxe_lookup_in *in, char out[][300], int *rcs)
{
	for (unsigned int i = 0; i < PXE_LOOKUP_NAMES; i++)
		rcs[i] = pxe_lookup_name(in, i, out[i], 300);
}

TEST(pxe_lookup_names_in_qemu_order)
{
	struct pxe_lookup_in in = { .bootfile = "s390x/boot/", .cfgfile = "myconfig",
				    .uuid = test_uuid, .mac = { 0x52, 0x54, 0x00, 0xAB, 0x0c, 0xde },
				    .ipv4 = 0x0a00020f };
	char out[PXE_LOOKUP_NAMES][300];
	int rc[PXE_LOOKUP_NAMES];
	static const char *const want[PXE_LOOKUP_NAMES] = {
		"s390x/boot/pxelinux.cfg/myconfig",
		"s390x/boot/pxelinux.cfg/12345678-9abc-def0-0123-456789abcdef",
		"s390x/boot/pxelinux.cfg/01-52-54-00-ab-0c-de",
		"s390x/boot/pxelinux.cfg/0A00020F",
		"s390x/boot/pxelinux.cfg/0A00020",
		"s390x/boot/pxelinux.cfg/0A0002",
		"s390x/boot/pxelinux.cfg/0A000",
		"s390x/boot/pxelinux.cfg/0A00",
		"s390x/boot/pxelinux.cfg/0A0",
		"s390x/boot/pxelinux.cfg/0A",
		"s390x/boot/pxelinux.cfg/0",
		"s390x/boot/pxelinux.cfg/default",
	};

	names(&in, out, rc);
	for (unsigned int i = 0; i < PXE_LOOKUP_NAMES; i++) {
		CHECK_EQ(rc[i], 0);
		if (strcmp(out[i], want[i]))
			FAIL("name %u: %s, want %s", i, out[i], want[i]);
	}
	CHECK_EQ(pxe_lookup_name(&in, PXE_LOOKUP_NAMES, out[0], 300), FW_ENOENT);
}

TEST(pxe_lookup_names_prefix_and_missing_inputs)
{
	struct pxe_lookup_in in = { .bootfile = "ignored/by/prefix", .prefix = "/tftp/pxe/",
				    .mac = { 1, 2, 3, 4, 5, 6 } };
	char out[PXE_LOOKUP_NAMES][300];
	int rc[PXE_LOOKUP_NAMES];
	static const uint8_t zero_uuid[16];

	in.uuid = zero_uuid;
	names(&in, out, rc);
	CHECK_EQ(rc[0], 1);     /* no option 209 */
	CHECK_EQ(rc[1], 1);     /* all-zero UUID = none */
	CHECK_EQ(rc[2], 0);
	CHECK(!strcmp(out[2], "/tftp/pxe/01-01-02-03-04-05-06"));
	for (int i = 3; i <= 10; i++)
		CHECK_EQ(rc[i], 1);     /* no IPv4 address */
	CHECK(!strcmp(out[11], "/tftp/pxe/default"));

	/* an empty option 209 or 210 */
	in.cfgfile = "";
	CHECK_EQ(pxe_lookup_name(&in, 0, out[0], 300), 1);
	in.prefix = "";
	CHECK_EQ(pxe_lookup_name(&in, 11, out[0], 300), 0);
	CHECK(!strcmp(out[0], "default"));

	/* boot file without a directory, and none at all */
	in.prefix = NULL;
	in.bootfile = "bootfile.bin";
	CHECK_EQ(pxe_lookup_name(&in, 11, out[0], 300), 0);
	CHECK(!strcmp(out[0], "pxelinux.cfg/default"));
	in.bootfile = NULL;
	CHECK_EQ(pxe_lookup_name(&in, 11, out[0], 300), 0);
	CHECK(!strcmp(out[0], "pxelinux.cfg/default"));
	in.bootfile = "/";
	CHECK_EQ(pxe_lookup_name(&in, 11, out[0], 300), 0);
	CHECK(!strcmp(out[0], "/pxelinux.cfg/default"));
}

TEST(pxe_lookup_names_never_overflow)
{
	char big[400];
	char small[30];
	struct pxe_lookup_in in = { .uuid = test_uuid, .ipv4 = 0xc0a80001 };

	memset(big, 'd', sizeof(big) - 2);
	big[sizeof(big) - 2] = '/';
	big[sizeof(big) - 1] = '\0';
	in.bootfile = big;
	for (unsigned int i = 1; i < PXE_LOOKUP_NAMES; i++) {
		char out[300];

		out[0] = 'x';
		CHECK_EQ(pxe_lookup_name(&in, i, out, sizeof(out)), FW_ENOSPC);
		CHECK_EQ(out[0], 0);
	}
	in.bootfile = "";
	/* "pxelinux.cfg/" + 36-char UUID does not fit 30 bytes, the IPv4 names do */
	CHECK_EQ(pxe_lookup_name(&in, 1, small, sizeof(small)), FW_ENOSPC);
	CHECK_EQ(pxe_lookup_name(&in, 3, small, sizeof(small)), 0);
	CHECK(!strcmp(small, "pxelinux.cfg/C0A80001"));
	/* exact fit: 13 + 7 chars + NUL = 21 */
	CHECK_EQ(pxe_lookup_name(&in, 11, small, 21), 0);
	CHECK_EQ(pxe_lookup_name(&in, 11, small, 20), FW_ENOSPC);
	CHECK_EQ(pxe_lookup_name(&in, 11, small, 0), FW_ENOSPC);
}

/* ---- .INS ---- */

TEST(ins_generic_file)
{
	REQUIRE_EQ(insp("* Debian GNU/Linux for zSeries (boot from network)\n"
			"kernel.debian 0x00000000\n"
			"parmfile.debian 0x00010480\n"
			"initrd.siz 0x00010414\n"
			"initrd.debian 0x01000000\n"), 0);
	CHECK(!strcmp(ins.title, "Debian GNU/Linux for zSeries (boot from network)"));
	REQUIRE_EQ(ins.count, 4);
	CHECK(!strcmp(ins.entries[0].name, "kernel.debian"));
	CHECK_EQ(ins.entries[0].addr, 0);
	CHECK_EQ(ins.entries[1].addr, 0x10480);
	CHECK_EQ(ins.entries[3].addr, 0x1000000);
	CHECK_EQ(ins.entries[3].line, 5);
}

TEST(ins_decimal_hex_blanks_crlf_comments)
{
	REQUIRE_EQ(insp("* title\r\n"
			"\r\n"
			"  images/kernel.img\t\t0X10000  \r\n"
			"* a comment line\r\n"
			"initrd 16777216\r\n"
			"x 0xFFFFFFFFFFFFFFFF"), 0);
	CHECK(!strcmp(ins.title, "title"));
	REQUIRE_EQ(ins.count, 3);
	CHECK(!strcmp(ins.entries[0].name, "images/kernel.img"));
	CHECK_EQ(ins.entries[0].addr, 0x10000);
	CHECK_EQ(ins.entries[0].line, 3);
	CHECK_EQ(ins.entries[1].addr, 16777216);
	CHECK_EQ(ins.entries[2].addr, 0xffffffffffffffffULL);
}

TEST(ins_bad_addresses)
{
	CHECK_EQ(insp("* t\nk 0x10000000000000000\n"), FW_EINVAL);
	CHECK_STR(ins.err, "64 bits");
	CHECK_EQ(ins.err_line, 2);
	CHECK_EQ(insp("* t\nk 18446744073709551616\n"), FW_EINVAL);
	CHECK_STR(ins.err, "64 bits");
	CHECK_EQ(insp("* t\nk 18446744073709551615\n"), 0);
	CHECK_EQ(insp("* t\nk 0x\n"), FW_EINVAL);
	CHECK_EQ(insp("* t\nk 0x12g\n"), FW_EINVAL);
	CHECK_STR(ins.err, "not a number");
	CHECK_EQ(insp("* t\nk 12ab\n"), FW_EINVAL);
	CHECK_EQ(insp("* t\nk -1\n"), FW_EINVAL);
	CHECK_EQ(insp("* t\nk +1\n"), FW_EINVAL);
	CHECK_EQ(insp("* t\nk 0x100 0x200\n"), FW_EINVAL);
	CHECK_STR(ins.err, "text after");
	CHECK_EQ(insp("* t\nk\n"), FW_EINVAL);
	CHECK_STR(ins.err, "missing address");
	CHECK_EQ(insp("* t\nok 1\nnoaddress\n"), FW_EINVAL);
	CHECK_EQ(ins.err_line, 3);
}

TEST(ins_bad_files)
{
	CHECK_EQ(insp(""), FW_EINVAL);
	CHECK_EQ(insp("*"), FW_EINVAL);
	CHECK_EQ(insp("*x\nk 1\n"), FW_EINVAL);
	CHECK_EQ(insp("# t\nk 1\n"), FW_EINVAL);
	CHECK_EQ(insp("* only a title"), FW_EINVAL);
	CHECK_STR(ins.err, "no line after");
	CHECK_EQ(insp("* title\n"), FW_EINVAL);
	CHECK_STR(ins.err, "no file");
	CHECK_EQ(insp("* title\n\n* c\n  \n"), FW_EINVAL);
	static const char nul[] = "* t\n\0k 1\n";
	CHECK_EQ(ins_n(nul, sizeof(nul) - 1), FW_EINVAL);
	static const char nul2[] = "* t\nk 1\0junk\n";
	CHECK_EQ(ins_n(nul2, sizeof(nul2) - 1), 0);
	CHECK_EQ(ins.count, 1);
}

TEST(ins_limits)
{
	char buf[8192];
	size_t n;
	int len;

	n = (size_t)snprintf(buf, sizeof(buf), "* t\n");
	for (int i = 0; i < INS_MAX_ENTRIES; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "f%d %d\n", i, i * 4096);
	REQUIRE_EQ(ins_n(buf, n), 0);
	CHECK_EQ(ins.count, INS_MAX_ENTRIES);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "one.more 0\n");
	CHECK_EQ(ins_n(buf, n), FW_ENOSPC);
	CHECK_STR(ins.err, "too many");
	CHECK_EQ(ins.err_line, INS_MAX_ENTRIES + 2);

	len = snprintf(buf, sizeof(buf), "* t\n%0*d 0\n", INS_NAME_MAX, 7);
	REQUIRE_EQ(ins_n(buf, (size_t)len), 0);
	CHECK_EQ(strlen(ins.entries[0].name), INS_NAME_MAX);
	len = snprintf(buf, sizeof(buf), "* t\n%0*d 0\n", INS_NAME_MAX + 1, 7);
	CHECK_EQ(ins_n(buf, (size_t)len), FW_ENOSPC);
	CHECK_STR(ins.err, "too long");

	/* a long title is cut for display, not an error */
	len = snprintf(buf, sizeof(buf), "* %0*d\r\nk 0\n", 500, 1);
	REQUIRE_EQ(ins_n(buf, (size_t)len), 0);
	CHECK_EQ(strlen(ins.title), INS_TITLE_MAX);
	REQUIRE_EQ(insp("* \nk 0\n"), 0);
	CHECK(!strcmp(ins.title, ""));
	REQUIRE_EQ(insp("* \r\nk 0\n"), 0);
	CHECK(!strcmp(ins.title, ""));
}

/* ---- boot file kinds ---- */

static uint8_t *linux_image(size_t size, uint64_t initrd, uint64_t initrd_size,
			    uint64_t cmdline_max)
{
	uint8_t *img = calloc(1, size);

	put_be64(img, 0x0008000080010000ULL);
	memcpy(img + LINUX_S390EP_OFFSET, "S390EP", 6);
	put_be64(img + LINUX_INITRD_START, initrd);
	put_be64(img + LINUX_INITRD_SIZE, initrd_size);
	put_be64(img + LINUX_CMDLINE_MAX, cmdline_max);
	return img;
}

TEST(bootfile_config_kinds)
{
	CHECK_EQ(bootfile_classify("* x\nk 0\n", 8, 8), BOOTFILE_INS);
	CHECK_EQ(bootfile_classify("# PXELINUX file\n", 16, 16), BOOTFILE_PXELINUX);
	CHECK_EQ(bootfile_classify("* x\n", 4, 4), BOOTFILE_TOO_SMALL);
	CHECK_EQ(bootfile_classify("1234567", 7, 7), BOOTFILE_TOO_SMALL);
	CHECK_EQ(bootfile_classify("", 0, 0), BOOTFILE_TOO_SMALL);
	/* a config kind only for files up to BOOTFILE_CFG_MAX */
	CHECK_EQ(bootfile_classify("* x\nk 0\n", 8, BOOTFILE_CFG_MAX + 1), BOOTFILE_IMAGE);
	CHECK_EQ(bootfile_classify("#pxelinux", 9, 9), BOOTFILE_IMAGE);
	CHECK(!strcmp(bootfile_kind_name(BOOTFILE_INS), ".INS file"));
	CHECK(!strcmp(bootfile_kind_name((enum bootfile_kind)77), "unknown"));
}

TEST(bootfile_kernel_and_combined)
{
	size_t size = 0x400000;
	uint8_t *img = linux_image(size, 0, 0, 4096);
	struct linux_info li;

	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_KERNEL);
	REQUIRE(bootfile_linux_info(img, size, size, &li));
	CHECK_EQ(li.cmdline_max, 4096);
	CHECK_EQ(li.initrd_size, 0);
	CHECK_EQ(bootfile_start_addr(img, size), LINUX_IMAGE_START);
	free(img);

	/* initrd inside the file: a combined image */
	img = linux_image(size, 0x200000, 0x100000, 0);
	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_COMBINED);
	REQUIRE(bootfile_linux_info(img, size, size, &li));
	CHECK_EQ(li.initrd_start, 0x200000);
	CHECK_EQ(li.initrd_size, 0x100000);
	CHECK_EQ(li.cmdline_max, LINUX_CMDLINE_DEFAULT);
	/* only the head was received so far: the file size decides */
	CHECK_EQ(bootfile_classify(img, 0x11000, size), BOOTFILE_COMBINED);
	free(img);

	/* initrd fields pointing outside the file, into the header, or overflowing */
	img = linux_image(size, 0x300000, 0x100001, 0);
	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_KERNEL);
	free(img);
	img = linux_image(size, 0x10000, 0x1000, 0);
	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_KERNEL);
	free(img);
	img = linux_image(size, 0x200000, ~0ULL, 0);
	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_KERNEL);
	free(img);
	img = linux_image(size, ~0ULL - 10, 20, 0);
	CHECK_EQ(bootfile_classify(img, size, size), BOOTFILE_KERNEL);
	free(img);
}

TEST(bootfile_other_images)
{
	uint8_t img[0x200] = { 0 };
	uint8_t *big;
	struct linux_info li;

	/* a boot sector with its own PSW (QEMU's pxe qtest image) */
	put_be64(img, 0x0008000080001000ULL);
	CHECK_EQ(bootfile_classify(img, sizeof(img), sizeof(img)), BOOTFILE_IMAGE);
	CHECK_EQ(bootfile_start_addr(img, sizeof(img)), 0);
	CHECK(!bootfile_linux_info(img, sizeof(img), sizeof(img), &li));
	/* no PSW bits: started at 0x10000 like QEMU */
	put_be64(img, 0x12345678);
	CHECK_EQ(bootfile_start_addr(img, sizeof(img)), LINUX_IMAGE_START);
	CHECK_EQ(bootfile_start_addr(img, 4), LINUX_IMAGE_START);
	/* "S390EP" cut off: not a Linux image */
	big = linux_image(0x20000, 0, 0, 0);
	CHECK_EQ(bootfile_classify(big, LINUX_S390EP_OFFSET + 5, LINUX_S390EP_OFFSET + 5),
		 BOOTFILE_IMAGE);
	CHECK_EQ(bootfile_classify(big, LINUX_S390EP_OFFSET + 6, LINUX_S390EP_OFFSET + 6),
		 BOOTFILE_KERNEL);
	/* len larger than the file: only file_size bytes count */
	CHECK_EQ(bootfile_classify(big, 0x20000, LINUX_S390EP_OFFSET + 5), BOOTFILE_IMAGE);
	free(big);
}
