/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QEMU boot matrix of tests/e2e/run.sh, case for case, in the harness:
 * the same disks (written by the real s390x zipl and by tools/zipl-write,
 * under build/e2e), the same buses, device numbers, boot order, RAM,
 * loadparm, menu and keys, on the QEMU 7.2 and 9.2 models. Where QEMU
 * waits for the marker line of the initrd, the harness checks that the
 * hand-over has every component of the chosen boot-map program byte for
 * byte at its address (reference reader), the kernel file at 0x10000, the
 * initrd file at the address stage3's parameters (or the kernel's
 * parameter area) name, and the command line with rd.marker=EXPECT.
 * Negative cases: the message run.sh's EXPECT_ERR table expects, and a stop.
 *
 * The fixtures need network access and QEMU (make check builds them before
 * the harness runs); without them every case here is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/lowcore.h"
#include "abi/zipl.h"
#include "fw/endian.h"
#include "scn.h"

struct e2e_case {
	const char *disk;       /* in build/e2e, NULL: none */
	const char *bus;        /* vblk, scsi, cd + 4k/2k */
	const char *expect;     /* rd.marker= value; NULL: negative case */
	const char *loadparm;
	bool menu;
	uint32_t splash_ms;
	const char *keys;       /* one chunk, typed after 1 s */
	uint64_t mem_mib;       /* 0: run.sh's default of 512 */
	const char *err;        /* negative: the message */
	unsigned int program;   /* boot-map program expected to boot */
	const char *initrd;     /* file in build/e2e; NULL: marker.cpio.gz */
};

/* QEMU numbers devices in command-line order: the disk is 0.0.0000. */
static void add_disk(struct emu_config *cfg, const char *bus, const char *path, uint16_t devno,
		     bool boot)
{
	uint32_t bs = strstr(bus, "4k") ? 4096 : strstr(bus, "2k") ? 2048 : 0;

	if (!strncmp(bus, "vblk", 4)) {
		emu_add_blk(cfg, 0, devno, path)->block_size = bs ? bs : 512;
		if (boot)
			emu_boot_ccw(cfg, 0, devno);
	} else {
		struct emu_dev_cfg *d = emu_add_scsi(cfg, 0, devno);
		struct emu_scsi_lun_cfg *l;

		l = emu_scsi_add_lun(d, 0, 0, !strncmp(bus, "cd", 2) ? EMU_SCSI_CD : EMU_SCSI_HD,
				     path);
		l->block_size = bs;
		if (boot)
			emu_boot_scsi(cfg, 0, devno, 0, 0);
	}
}

static unsigned int bus_bs(const char *bus)
{
	return strstr(bus, "4k") ? 4096 : 512;
}

/* The command line the OS finds, and the initrd check. */
static void check_os_files(const char *disk, const struct e2e_case *c)
{
	const struct emu_result *r = emu_result();
	const char *initrd = scn_e2e(c->initrd ? c->initrd : "marker.cpio.gz");
	uint64_t rd_addr, rd_len;
	const char *cmdline;
	char want[64];

	(void)disk;
	if ((r->ho.psw & PSW_SHORT_ADDR_MASK) == ZIPL_STAGE3_LOAD_ADDRESS) {
		/* zipl's stage3: parameters at 0x9000, the whole kernel file */
		uint64_t parm = get_be64(emu_mem(ZIPL_STAGE3_PARMS_ADDRESS, 8));

		rd_addr = get_be64(emu_mem(ZIPL_STAGE3_PARMS_ADDRESS + 8, 8));
		rd_len = get_be64(emu_mem(ZIPL_STAGE3_PARMS_ADDRESS + 16, 8));
		cmdline = emu_mem(parm, 4096);
		CHECK(emu_mem_equals_file(LINUX_IMAGE_START, scn_e2e("vmlinuz"), 0,
					  scn_file_size(scn_e2e("vmlinuz"))));
	} else {
		/* the kernel started directly (zipl-write without stage3, El
		 * Torito): its parameter area at 0x10400 */
		rd_addr = get_be64(emu_mem(LINUX_INITRD_START, 8));
		rd_len = get_be64(emu_mem(LINUX_INITRD_SIZE, 8));
		cmdline = emu_mem(LINUX_CMDLINE, 4096);
	}
	REQUIRE(cmdline);
	snprintf(want, sizeof(want), "rd.marker=%s", c->expect);
	CHECK(strstr(cmdline, want) && (strstr(cmdline, want)[strlen(want)] == 0 ||
					strstr(cmdline, want)[strlen(want)] == ' '));
	CHECK_EQ(rd_len, scn_file_size(initrd));
	CHECK(emu_mem_equals_file(rd_addr, initrd, 0, rd_len));
}

static void run_case(enum emu_qemu q, const struct e2e_case *c)
{
	struct emu_config cfg;
	const char *disk = c->disk ? scn_e2e(c->disk) : NULL;

	emu_config_init(&cfg, q);
	cfg.ram_size = (c->mem_mib ? c->mem_mib : 512) * MiB;
	cfg.loadparm = c->loadparm;
	if (c->menu) {
		cfg.menu = EMU_MENU_ON;
		cfg.splash_ms = c->splash_ms;
	}
	if (c->keys)
		emu_add_key(&cfg, 1000, c->keys);
	if (disk)
		add_disk(&cfg, c->bus, disk, 0x0000, true);
	EMU_RUN(&cfg) {
		if (!c->expect) {
			scn_expect_halt(c->loadparm ? HALT_BAD_LOADPARM : HALT_NO_BOOT_DEVICE,
					c->err);
		} else {
			scn_expect_zipl_boot(disk, bus_bs(c->bus), c->program, 0, 0);
			check_os_files(disk, c);
		}
	}
}

#define E2E(name, disk_, bus_, expect_, ...)                                     \
	static const struct e2e_case name##_case = {                            \
		.disk = disk_, .bus = bus_, .expect = expect_, __VA_ARGS__      \
	};                                                                      \
	TEST(e2e_##name##_72)                                                   \
	{                                                                       \
		run_case(EMU_QEMU_72, &name##_case);                            \
	}                                                                       \
	TEST(e2e_##name##_92)                                                   \
	{                                                                       \
		run_case(EMU_QEMU_92, &name##_case);                            \
	}

/* boot cases (run.sh CASES "boot"); real-menu: entry 0 = program 2 (alt) */
E2E(real_vblk_vblk, "real-vblk.img", "vblk", "debian")
E2E(real_vblk_scsi, "real-vblk.img", "scsi", "debian")
E2E(real_scsi_scsi, "real-scsi.img", "scsi", "debian")
E2E(real_scsi_vblk, "real-scsi.img", "vblk", "debian")
E2E(real_menu_vblk, "real-menu.img", "vblk", "alt")
E2E(real_menu_scsi, "real-menu.img", "scsi", "alt")
E2E(real_menu_lp1_vblk, "real-menu.img", "vblk", "debian", .loadparm = "1", .program = 1)
E2E(real_menu_lp3_scsi, "real-menu.img", "scsi", "third", .loadparm = "3", .program = 3)
E2E(real_menu_key3_vblk, "real-menu.img", "vblk", "third", .menu = true, .splash_ms = 10000,
    .keys = "3\r", .program = 3)
E2E(real_menu_prompt_vblk, "real-menu.img", "vblk", "debian", .loadparm = "PROMPT",
    .keys = "1\r", .program = 1)
E2E(real_menu_timeout_vblk, "real-menu.img", "vblk", "alt", .menu = true, .splash_ms = 2000)
E2E(real_vblk_64m_vblk, "real-vblk-64m.img", "vblk", "debian", .initrd = "marker-64m.cpio.gz")
E2E(own_stage3_vblk, "own-stage3.img", "vblk", "own-stage3")
E2E(own_stage3_scsi, "own-stage3.img", "scsi", "own-stage3")
E2E(own_direct_vblk, "own-direct.img", "vblk", "own-direct")
E2E(own_direct_scsi, "own-direct.img", "scsi", "own-direct")
E2E(own_4k_vblk4k, "own-4k.img", "vblk4k", "own-4k")
E2E(own_4k_scsi4k, "own-4k.img", "scsi4k", "own-4k")
E2E(own_frag_vblk, "own-frag.img", "vblk", "own-frag")
E2E(own_menu_lp3_scsi, "own-menu.img", "scsi", "own3", .loadparm = "3", .program = 3)
E2E(own_high_scsi, "own-high.img", "scsi", "own-high")
E2E(own_high_vblk, "own-high.img", "vblk", "own-high")

/* negative cases (run.sh CASES "neg" and EXPECT_ERR) */
E2E(bad_blank_vblk, "bad-blank.img", "vblk", NULL,
    .err = "0.0.0000: no boot record (neither zipl nor El Torito)")
E2E(bad_blank_scsi, "bad-blank.img", "scsi", NULL,
    .err = "LUN 0:0:0: no boot record (neither zipl nor El Torito)")
E2E(bad_magic_vblk, "bad-magic.img", "vblk", NULL,
    .err = "0.0.0000: no boot record (neither zipl nor El Torito)")
E2E(bad_prog_table_vblk, "bad-prog-table.img", "vblk", NULL, .err = "has no zIPL magic")
E2E(bad_prog_table_eod_vblk, "bad-prog-table-eod.img", "vblk", NULL,
    .err = "are past the end of the disk")
E2E(bad_comp_over_fw_vblk, "bad-comp-over-fw.img", "vblk", NULL, .mem_mib = 128,
    .err = "component 4 (load address 0x7a20000): ")
E2E(bad_blocklist_eod_vblk, "bad-blocklist-eod.img", "vblk", NULL,
    .err = "block list: blocks ")
E2E(bad_loadparm_vblk, "real-vblk.img", "vblk", NULL, .loadparm = "7",
    .err = "Invalid loadparm: the selected boot entry does not exist")
E2E(no_device, NULL, NULL, NULL, .err = "No suitable device for IPL")

/* fallback-3dev: bad-magic (0.0.0000, bootindex 2), real-scsi on a
 * virtio-scsi controller (0.0.0001, bootindex 3), bad-blank (0.0.0002,
 * bootindex 1); 7.2 passes the first only and the firmware scans. */
static void fallback_3dev(enum emu_qemu q)
{
	struct emu_config cfg;
	struct e2e_case c = { .expect = "debian" };
	const char *blank = scn_e2e("bad-blank.img");
	const char *magic = scn_e2e("bad-magic.img");
	const char *real = scn_e2e("real-scsi.img");

	emu_config_init(&cfg, q);
	cfg.ram_size = 512 * MiB;
	add_disk(&cfg, "vblk", magic, 0x0000, false);
	add_disk(&cfg, "scsi", real, 0x0001, false);
	add_disk(&cfg, "vblk", blank, 0x0002, true);
	emu_boot_ccw(&cfg, 0, 0x0000);
	emu_boot_scsi(&cfg, 0, 0x0001, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(real, 512, 0, 0, 1);
		check_os_files(real, &c);
		SCN_CONSOLE("0.0.0002: no boot record");
		SCN_CONSOLE("0.0.0000: no boot record");
	}
}

TEST(e2e_fallback_3dev_72)
{
	fallback_3dev(EMU_QEMU_72);
}

TEST(e2e_fallback_3dev_92)
{
	fallback_3dev(EMU_QEMU_92);
}

/* probe-no-bootindex: no IPL block; bad-blank 0.0.0000, real-vblk 0.0.0001 */
static void probe_no_bootindex(enum emu_qemu q)
{
	struct emu_config cfg;
	struct e2e_case c = { .expect = "debian" };
	const char *real = scn_e2e("real-vblk.img");

	emu_config_init(&cfg, q);
	cfg.ram_size = 512 * MiB;
	add_disk(&cfg, "vblk", scn_e2e("bad-blank.img"), 0x0000, false);
	add_disk(&cfg, "vblk", real, 0x0001, false);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(real, 512, 0, 0, 1);
		check_os_files(real, &c);
	}
}

TEST(e2e_probe_no_bootindex_72)
{
	probe_no_bootindex(EMU_QEMU_72);
}

TEST(e2e_probe_no_bootindex_92)
{
	probe_no_bootindex(EMU_QEMU_92);
}

/* The real-zipl disk, every program: what the bootmap says, where it says. */
TEST(e2e_real_menu_every_program)
{
	static const char *const markers[] = { "alt", "debian", "alt", "third" };

	for (unsigned int p = 0; p < 4; p++) {
		struct emu_config cfg;
		struct e2e_case c = { .expect = markers[p] };
		char lp[4];
		const char *disk = scn_e2e("real-menu.img");

		snprintf(lp, sizeof(lp), "%u", p);
		emu_config_init(&cfg, EMU_QEMU_92);
		cfg.loadparm = lp;
		add_disk(&cfg, "vblk", disk, 0x0000, true);
		EMU_RUN(&cfg) {
			scn_expect_zipl_boot(disk, 512, p, 0, 0);
			check_os_files(disk, &c);
		}
	}
}

/* stage3.bin of Debian's s390-tools (the e2e cache) at 0xa000 */
TEST(e2e_real_vblk_stage3_bytes)
{
	struct emu_config cfg;
	const char *disk = scn_e2e("real-vblk.img");
	const char *cache = getenv("SECURE_CCW_CACHE");
	const char *stage3 = getenv("E2E_STAGE3");
	char path[512];

	if (!stage3) {
		snprintf(path, sizeof(path), "%s%s/s390x-bookworm/root/lib/s390-tools/stage3.bin",
			 cache ? cache : getenv("HOME") ? getenv("HOME") : "",
			 cache ? "" : "/.cache/secure-ccw");
		stage3 = path;
	}
	if (!scn_file_size(stage3))
		SKIP("%s missing (tests/e2e/fetch.sh unpacks it)", stage3);
	emu_config_init(&cfg, EMU_QEMU_92);
	add_disk(&cfg, "vblk", disk, 0x0000, true);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(emu_mem_equals_file(ZIPL_STAGE3_LOAD_ADDRESS, stage3, 0,
					  scn_file_size(stage3)));
	}
}
