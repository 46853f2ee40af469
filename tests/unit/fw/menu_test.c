// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the boot-menu decision every kind of device shares
 * (loader/menu.c menu_wanted, menu_wanted_zipl): loadparm PROMPT, other
 * loadparms, QEMU's boot-menu flags (CMD for -boot menu=on, ZIPL for a CCW
 * boot device without -boot menu) and the timeout they come with.
 */
#include "abi/qipl.h"
#include "loader/menu.h"
#include "testfw.h"

struct decision {
	bool menu, zipl;
	unsigned int entry;
	uint32_t timeout;
};

static struct decision zipl_menu(const char *lp, uint8_t flags, uint32_t timeout)
{
	struct decision d = { .entry = 77, .timeout = 77 };

	d.menu = menu_wanted_zipl(lp, flags, timeout, &d.entry, &d.timeout, &d.zipl);
	return d;
}

static struct decision enum_menu(const char *lp, uint8_t flags, uint32_t timeout)
{
	struct decision d = { .entry = 77, .timeout = 77 };

	d.menu = menu_wanted(lp, flags, timeout, &d.entry, &d.timeout);
	return d;
}

TEST(menu_decision_prompt)
{
	struct decision d = zipl_menu("PROMPT", 0, 5000);

	CHECK(d.menu && !d.zipl);
	CHECK_EQ(d.timeout, 0);         /* PROMPT waits for ever */
	d = zipl_menu("PROMPT", QIPL_FLAG_BM_OPTS_ZIPL, 5000);
	CHECK(d.menu && !d.zipl);       /* zipl's own settings do not count */
	d = enum_menu("PROMPT", QIPL_FLAG_BM_OPTS_CMD, 5000);
	CHECK(d.menu);
	CHECK_EQ(d.timeout, 0);
	CHECK_EQ(d.entry, 0);
}

TEST(menu_decision_loadparm_disables_menus)
{
	struct decision d = zipl_menu("3", QIPL_FLAG_BM_OPTS_CMD, 5000);

	CHECK(!d.menu);
	CHECK_EQ(d.entry, 3);
	d = zipl_menu("12", QIPL_FLAG_BM_OPTS_ZIPL, 0);
	CHECK(!d.menu);
	CHECK_EQ(d.entry, 12);
	d = enum_menu("LINUX", QIPL_FLAG_BM_OPTS_CMD, 5000);
	CHECK(!d.menu);
	CHECK_EQ(d.entry, 0);           /* not a number: the default, as QEMU */
}

TEST(menu_decision_flags)
{
	struct decision d = zipl_menu("", QIPL_FLAG_BM_OPTS_CMD, 2500);

	CHECK(d.menu && !d.zipl);
	CHECK_EQ(d.timeout, 2500);
	CHECK_EQ(d.entry, 0);
	d = zipl_menu("", QIPL_FLAG_BM_OPTS_ZIPL, 2500);
	CHECK(d.menu && d.zipl);        /* zipl's prompt/timeout decide */
	d = zipl_menu("", 0, 2500);
	CHECK(!d.menu);
	d = zipl_menu("", QIPL_FLAG_BM_OPTS_CMD | QIPL_FLAG_BM_OPTS_ZIPL, 100);
	CHECK(d.menu && !d.zipl);
	CHECK_EQ(d.timeout, 100);
	/* the enumerated and pxelinux menus ignore the zipl flag */
	d = enum_menu("", QIPL_FLAG_BM_OPTS_ZIPL, 2500);
	CHECK(!d.menu);
	d = enum_menu("", QIPL_FLAG_BM_OPTS_CMD, 0);
	CHECK(d.menu);
	CHECK_EQ(d.timeout, 0);
}
