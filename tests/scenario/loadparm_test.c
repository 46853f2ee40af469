/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot-entry selection on a disk with four sections (zmulti: entry i boots
 * section i with the command line "scn=i", entry 0 boots section 2):
 * machine loadparm (QEMU 7.2 and 9.2), per-device loadparm in the IPL block
 * (9.2), non-numeric, out-of-range and empty entries, PROMPT, and the boot
 * menu of -boot menu=on with scripted key presses and with its timeout.
 */
#include <stdio.h>

#include "scn.h"

struct lp_case {
	enum emu_qemu qemu;
	const char *machine_lp;         /* -machine loadparm= */
	const char *dev_lp;             /* -device ...,loadparm= */
	enum emu_menu menu;
	uint32_t splash_ms;
	const char *keys[3];            /* typed at 100, 200, 300 ms */
};

static void lp_cfg(struct emu_config *cfg, const struct lp_case *c)
{
	struct emu_dev_cfg *d;

	emu_config_init(cfg, c->qemu);
	cfg->loadparm = c->machine_lp;
	cfg->menu = c->menu;
	cfg->splash_ms = c->splash_ms;
	d = emu_add_blk(cfg, 0, 0x0001, scn_data("zmulti.img"));
	d->loadparm = c->dev_lp;
	emu_boot_ccw(cfg, 0, 0x0001);
	for (unsigned int i = 0; i < 3; i++)
		if (c->keys[i])
			emu_add_key(cfg, 100 * (i + 1), c->keys[i]);
}

/* The run boots program-table entry @entry (command line "scn=@section"). */
static void lp_boots(const struct lp_case *c, unsigned int entry, unsigned int section,
		     const char *lp_shown, const char *msg)
{
	struct emu_config cfg;
	char cmdline[16];

	lp_cfg(&cfg, c);
	snprintf(cmdline, sizeof(cmdline), "scn=%u", section);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("zmulti.img"), 512, entry, 0, 0);
		CHECK(scn_cmdline_is(cmdline));
		if (lp_shown)
			SCN_CONSOLE(lp_shown);
		if (msg)
			SCN_CONSOLE(msg);
	}
}

static void lp_halts(const struct lp_case *c, const char *msg)
{
	struct emu_config cfg;

	lp_cfg(&cfg, c);
	emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	emu_boot_ccw(&cfg, 0, 0x0002);  /* never tried: a bad loadparm stops */
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_BAD_LOADPARM, "Invalid loadparm: the selected boot entry "
						   "does not exist. Halting...");
		SCN_CONSOLE(msg);
		CHECK_EQ(emu_ssch_count(0, 2), 0);
	}
}

TEST(lp_none_boots_default_entry)
{
	struct lp_case c = { .qemu = EMU_QEMU_92 };

	lp_boots(&c, 0, 2, "LOADPARM=[        ]", NULL);
}

TEST(lp_machine_92)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "3" };

	lp_boots(&c, 3, 3, "LOADPARM=[3       ]", NULL);
}

TEST(lp_machine_72)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "4" };

	lp_boots(&c, 4, 4, "LOADPARM=[4       ]", NULL);
}

TEST(lp_machine_entry_1_72)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "1" };

	lp_boots(&c, 1, 1, "LOADPARM=[1       ]", NULL);
}

TEST(lp_device_overrides_machine_92)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "1", .dev_lp = "4" };

	lp_boots(&c, 4, 4, "LOADPARM=[4       ]", NULL);
}

/* QEMU 7.2 has no per-device loadparm: the machine's applies */
TEST(lp_device_ignored_72)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "1", .dev_lp = "4" };

	lp_boots(&c, 1, 1, "LOADPARM=[1       ]", NULL);
}

TEST(lp_leading_zeros)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "003" };

	lp_boots(&c, 3, 3, "LOADPARM=[003     ]", NULL);
}

TEST(lp_non_numeric_boots_default)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "LINUX" };

	lp_boots(&c, 0, 2, "LOADPARM=[LINUX   ]",
		 "loadparm 'LINUX' is not a boot entry number, using the default entry");
}

TEST(lp_mixed_boots_default)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "2A" };

	lp_boots(&c, 0, 2, NULL, "loadparm '2A' is not a boot entry number");
}

TEST(lp_zero_is_default)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "0" };

	lp_boots(&c, 0, 2, "LOADPARM=[0       ]", NULL);
}

TEST(lp_out_of_range_halts)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "31" };

	lp_halts(&c, "zipl 0.0.0001: boot entry 31 does not exist (0..30)");
}

TEST(lp_huge_number_halts)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "99999999" };

	lp_halts(&c, "does not exist (0..30)");
}

TEST(lp_empty_entry_halts_92)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "5" };

	lp_halts(&c, "zipl 0.0.0001: boot entry 5 is empty");
}

TEST(lp_empty_entry_halts_72)
{
	struct emu_config cfg;
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "30" };

	lp_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_BAD_LOADPARM, "Invalid loadparm");
		SCN_CONSOLE("zipl 0.0.0001: boot entry 30 is empty");
	}
}

TEST(lp_device_empty_entry_halts_92)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .dev_lp = "7" };

	lp_halts(&c, "boot entry 7 is empty");
}

/* A fallback device's own loadparm applies to it (9.2 chain). */
TEST(lp_fallback_device_loadparm_92)
{
	struct emu_config cfg;
	const char *multi = scn_data("zmulti.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.loadparm = "1";
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("blank", MiB, NULL, 0));
	emu_add_blk(&cfg, 0, 0x0002, multi)->loadparm = "3";
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(multi, 512, 3, 0, 1);
		CHECK(scn_cmdline_is("scn=3"));
		SCN_CONSOLE("LOADPARM=[1       ]");  /* the first device: machine's */
		SCN_CONSOLE("LOADPARM=[3       ]");
	}
}

/* --- PROMPT and the menu ------------------------------------------------ */

TEST(menu_prompt_loadparm_keys)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "PROMPT", .keys = { "3\r" } };

	lp_boots(&c, 3, 3, "LOADPARM=[PROMPT  ]", "secure-ccw boot menu for 0.0.0001");
}

TEST(menu_prompt_shows_entries_no_timeout)
{
	struct emu_config cfg;
	struct lp_case c = { .qemu = EMU_QEMU_72, .machine_lp = "prompt", .keys = { "1\n" } };

	lp_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(scn_cmdline_is("scn=1"));
		SCN_CONSOLE(" [0] default\n [1]\n [2]\n [3]\n [4]\n\nPlease choose:\n");
		SCN_NO_CONSOLE(" [5]");
	}
}

/* Without any key the PROMPT menu waits for ever (like QEMU's BIOS): the
 * machine is still waiting when the virtual-time budget runs out. */
TEST(menu_prompt_waits_for_a_key)
{
	struct emu_config cfg;
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "PROMPT" };

	lp_cfg(&cfg, &c);
	cfg.max_virtual_ms = 20 * 1000;
	cfg.allow_abnormal = true;
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANG);
		SCN_CONSOLE("Please choose:");
		SCN_NO_CONSOLE("starting the OS");
	}
}

TEST(menu_on_keys_92)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000,
			     .keys = { "4\r" } };

	lp_boots(&c, 4, 4, "Please choose (default will boot in 5 seconds):", NULL);
}

TEST(menu_on_keys_72)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .menu = EMU_MENU_ON, .splash_ms = 3000,
			     .keys = { "1", "\r" } };

	lp_boots(&c, 1, 1, "Please choose (default will boot in 3 seconds):", NULL);
}

TEST(menu_on_timeout_boots_default)
{
	struct emu_config cfg;
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000 };

	lp_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("zmulti.img"), 512, 0, 0, 0);
		CHECK(scn_cmdline_is("scn=2"));
		SCN_CONSOLE("No choice made, booting the default entry");
		CHECK(emu_result()->virtual_us >= 5000 * 1000);
		CHECK(emu_result()->virtual_us < 8000 * 1000);
	}
}

TEST(menu_on_undefined_choice_then_valid)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000,
			     .keys = { "9\r", "12\r", "1\r" } };

	lp_boots(&c, 1, 1, "Error: undefined configuration 9, choose again:",
		 "Error: undefined configuration 12, choose again:");
}

TEST(menu_on_backspace)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000,
			     .keys = { "3\x7f", "1\r" } };

	lp_boots(&c, 1, 1, NULL, NULL);
}

TEST(menu_on_zero_and_enter_boot_default)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000,
			     .keys = { "0\r" } };

	lp_boots(&c, 0, 2, NULL, NULL);
}

TEST(menu_on_empty_enter_boots_default)
{
	struct lp_case c = { .qemu = EMU_QEMU_72, .menu = EMU_MENU_ON, .splash_ms = 5000,
			     .keys = { "\r" } };

	lp_boots(&c, 0, 2, NULL, NULL);
}

/* A loadparm wins over -boot menu=on: no menu */
TEST(menu_on_with_loadparm_no_menu)
{
	struct lp_case c = { .qemu = EMU_QEMU_92, .machine_lp = "3", .menu = EMU_MENU_ON,
			     .splash_ms = 5000 };
	struct emu_config cfg;

	lp_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		CHECK(scn_cmdline_is("scn=3"));
		SCN_NO_CONSOLE("boot menu");
	}
}

/* No -boot menu: QEMU sets the "zipl menu" flag for CCW devices, which the
 * SCSI scheme ignores (as QEMU's BIOS does): no menu, the default entry. */
TEST(menu_zipl_flag_ignored)
{
	struct lp_case c = { .qemu = EMU_QEMU_92 };
	struct emu_config cfg;

	lp_cfg(&cfg, &c);
	EMU_RUN(&cfg) {
		CHECK(scn_cmdline_is("scn=2"));
		SCN_NO_CONSOLE("boot menu");
	}
}

TEST(menu_on_scsi_iplb)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *multi = scn_data("zmulti.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.menu = EMU_MENU_ON;
	cfg.splash_ms = 2000;
	d = emu_add_scsi(&cfg, 0, 0x0003);
	emu_scsi_add_lun(d, 0, 1, EMU_SCSI_HD, multi);
	emu_boot_scsi(&cfg, 0, 0x0003, 0, 1);
	emu_add_key(&cfg, 500, "3\r");
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(multi, 512, 3, 0, 0);
		SCN_CONSOLE("secure-ccw boot menu for 0.0.0003 LUN 0:0:1");
	}
}

/* Keys typed before the menu is shown are taken by it. */
TEST(menu_on_key_typed_early)
{
	struct emu_config cfg;
	struct lp_case c = { .qemu = EMU_QEMU_92, .menu = EMU_MENU_ON, .splash_ms = 5000 };

	lp_cfg(&cfg, &c);
	emu_add_key(&cfg, 0, "4\r");
	EMU_RUN(&cfg) {
		CHECK(scn_cmdline_is("scn=4"));
	}
}
