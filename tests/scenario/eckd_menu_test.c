/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zipl boot menu of ECKD DASD images (stage 2, see loader/eckd.h) on the
 * emulated machine: zipl's own prompt and timeout under QEMU's "zipl menu"
 * flag (no -boot menu), -boot menu=on with splash-time, loadparm PROMPT, a
 * loadparm that disables the menu, key presses, a wrong choice, menu data
 * missing, List-Directed IPL and 512-byte LDL disks. The images come from
 * tools/eckd-write (tests/scenario/mkdata.py): sections 1..3 boot with the
 * command line "scn=N", entry 0 boots section 2.
 */
#include <stdio.h>

#include "scn.h"

struct em_case {
	enum emu_qemu qemu;
	const char *image;
	const char *machine_lp;
	enum emu_menu menu;
	uint32_t splash_ms;
	const char *keys[3];            /* typed at 100, 200, 300 ms */
	unsigned int bs;                /* 0: 4096 */
};

static void em_cfg(struct emu_config *cfg, const struct em_case *c)
{
	struct emu_dev_cfg *d;
	unsigned int bs = c->bs ? c->bs : 4096;

	emu_config_init(cfg, c->qemu);
	cfg->loadparm = c->machine_lp;
	cfg->menu = c->menu;
	cfg->splash_ms = c->splash_ms;
	d = emu_add_blk(cfg, 0, 0x0001, scn_data(c->image));
	d->block_size = bs;
	d->cyls = bs == 4096 ? 30 : 0;          /* 512: QEMU's guess, as for real images */
	d->heads = bs == 4096 ? 15 : 0;
	d->secs = bs == 4096 ? 12 : 0;
	emu_boot_ccw(cfg, 0, 0x0001);
	for (unsigned int i = 0; i < 3; i++)
		if (c->keys[i])
			emu_add_key(cfg, 100 * (i + 1), c->keys[i]);
}

/* The run hands over section @section, with @msg (and @msg2) on the console. */
static void em_boots(const struct em_case *c, unsigned int section, const char *msg,
		     const char *msg2)
{
	struct emu_config cfg;
	char cmdline[16];

	em_cfg(&cfg, c);
	snprintf(cmdline, sizeof(cmdline), "scn=%u", section);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is(cmdline));
		if (msg)
			SCN_CONSOLE(msg);
		if (msg2)
			SCN_CONSOLE(msg2);
	}
}

static const char menu_texts[] = "zIPL boot menu of 0.0.0001\n\n"
				 " 0. default (s2)\n\n"
				 " 1. s1\n"
				 " 2. s2\n"
				 " 3. s3\n";

/* No -boot menu: QEMU's zipl flag, zipl's prompt with its 3 s timeout */
TEST(eckd_menu_zipl_prompt_timeout)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img" };

	em_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=2"));
		SCN_CONSOLE(menu_texts);
		SCN_CONSOLE("Please choose (default will boot in 3 seconds):");
		SCN_CONSOLE("No choice made, booting the default entry");
		SCN_CONSOLE("loaded ECKD boot entry 0");
		CHECK(emu_result()->virtual_us >= 3000 * 1000);
		CHECK(emu_result()->virtual_us < 6000 * 1000);
	}
}

TEST(eckd_menu_zipl_prompt_key)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img", .keys = { "3\r" } };

	em_boots(&c, 3, menu_texts, "loaded ECKD boot entry 3");
}

TEST(eckd_menu_zipl_prompt_key_72)
{
	struct em_case c = { .qemu = EMU_QEMU_72, .image = "ecdl-menu.img",
			     .keys = { "1", "\r" } };

	em_boots(&c, 1, "Please choose (default will boot in 3 seconds):",
		 "loaded ECKD boot entry 1");
}

TEST(eckd_menu_undefined_choice_then_valid)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img",
			     .keys = { "7\r", "x4\r", "1\r" } };

	em_boots(&c, 1, "Error: undefined configuration 7, choose again:",
		 "Error: undefined configuration 4, choose again:");
}

/* zipl's prompt off: with the zipl flag no menu, the default entry at once */
TEST(eckd_menu_zipl_prompt_off)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-nomenu.img" };

	em_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=2"));
		SCN_NO_CONSOLE("boot menu");
		SCN_NO_CONSOLE("Please choose");
		CHECK(emu_result()->virtual_us < 1000 * 1000);
	}
}

/* -boot menu=on overrides zipl's settings: splash-time, not zipl's timeout */
TEST(eckd_menu_on_splash_time)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-nomenu.img", .menu = EMU_MENU_ON,
			     .splash_ms = 5000, .keys = { "1\r" } };

	em_boots(&c, 1, "Please choose (default will boot in 5 seconds):", menu_texts);
}

TEST(eckd_menu_on_splash_timeout)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_72, .image = "ecdl-menu.img", .menu = EMU_MENU_ON,
			     .splash_ms = 2000 };

	em_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=2"));
		SCN_CONSOLE("Please choose (default will boot in 2 seconds):");
		CHECK(emu_result()->virtual_us >= 2000 * 1000);
		CHECK(emu_result()->virtual_us < 3000 * 1000);
	}
}

/* -boot menu=off: no flag at all, no menu even with zipl's prompt */
TEST(eckd_menu_off)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img", .menu = EMU_MENU_OFF };

	em_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=2"));
		SCN_NO_CONSOLE("Please choose");
	}
}

/* loadparm PROMPT: the menu without a timeout, whatever zipl says */
TEST(eckd_menu_prompt_loadparm)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-nomenu.img",
			     .machine_lp = "PROMPT", .keys = { "3\r" } };

	em_boots(&c, 3, "LOADPARM=[PROMPT  ]", "Please choose:\n");
}

TEST(eckd_menu_prompt_waits_for_a_key)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img",
			     .machine_lp = "PROMPT" };

	em_cfg(&cfg, &c);
	cfg.max_virtual_ms = 20 * 1000;
	cfg.allow_abnormal = true;
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANG);
		SCN_CONSOLE("Please choose:");
		SCN_NO_CONSOLE("loaded ECKD");
	}
}

/* any other loadparm: no menu, that entry */
TEST(eckd_menu_loadparm_wins)
{
	struct emu_config cfg;
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu.img", .machine_lp = "3",
			     .menu = EMU_MENU_ON, .splash_ms = 5000 };

	em_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=3"));
		SCN_NO_CONSOLE("boot menu");
	}
}

/* List-Directed IPL loads the entry chosen in the (CCW-IPL) stage 2 menu */
TEST(eckd_menu_list_directed)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "eldipl-menu.img", .keys = { "3\r" } };

	em_boots(&c, 3, "Please choose (default will boot in 2 seconds):",
		 "List-Directed IPL");
}

/* LDL with 512-byte blocks: stage 1b in two blocks, stage 2 in 24 */
TEST(eckd_menu_ldl_512)
{
	struct em_case c = { .qemu = EMU_QEMU_72, .image = "eldl512-menu.img", .bs = 512,
			     .keys = { "1\r" } };

	em_boots(&c, 1, "Please choose:\n", "LDL version 2");
}

/* no banner in stage 2: the default entry, as QEMU */
TEST(eckd_menu_data_missing)
{
	struct em_case c = { .qemu = EMU_QEMU_92, .image = "ecdl-menu-nodata.img" };

	em_boots(&c, 2, "no zipl boot menu data found, booting the default entry", NULL);
}
