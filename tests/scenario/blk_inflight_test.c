/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-blk with two reads in flight (drivers/virtio/virtio_blk.c,
 * blockdev_read_start): zfrag64's components are 32 KiB extents, each read
 * started while the previous one may still be in flight. The device may
 * complete them in any order; a failure of either, a completion the driver
 * did not ask for or one that never comes ends the boot from that device
 * with its message, and the next device boots.
 *
 * The device under test is 0.0.0001 (zfrag64); the fallback 0.0.0003
 * (zmulti, default entry "scn=2").
 */
#include <stdio.h>

#include "scn.h"

#define FB_DEVNO 0x0003

static struct emu_dev_cfg *setup(struct emu_config *cfg)
{
	struct emu_dev_cfg *d;

	emu_config_init(cfg, EMU_QEMU_92);
	d = emu_add_blk(cfg, 0, 0x0001, scn_data("zfrag64.img"));
	emu_boot_ccw(cfg, 0, 0x0001);
	emu_add_blk(cfg, 0, FB_DEVNO, scn_data("zmulti.img"));
	emu_boot_ccw(cfg, 0, FB_DEVNO);
	return d;
}

/* The kernel's data: more than two extents, each (but the last) larger than
 * what the read cache takes, so their reads overlap. Requests: 1 block 0's
 * window, 2 the tables' window, 3 the first list block's, 4 the first data
 * extent (block 2050), 5 the second (block 2440, started before 4 is
 * taken). */
TEST(blk_inflight_fixture)
{
	struct zref z;

	REQUIRE(zref_walk(scn_data("zfrag64.img"), 512, 0, &z));
	CHECK(z.comp[0].nptr > 2);
	for (unsigned int i = 0; i + 1 < z.comp[0].nptr; i++)
		CHECK(z.comp[0].ptr[i].blockct + 1 > 32);
	CHECK_EQ(z.comp[0].ptr[0].blockno, 2050);
	CHECK_EQ(z.comp[0].ptr[1].blockno, 2440);
}

/* The first two extents complete in reverse order: the data of each lands
 * where it belongs (the boot check compares every component byte). */
TEST(blk_inflight_completions_reversed)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_REORDER, 4, 1, EMU_ANY, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("zfrag64.img"), 512, 0, 0, 0);
		CHECK(scn_cmdline_is("scn=one"));
	}
}

/* Every other completion of the kernel's reads held back, then given. */
TEST(blk_inflight_completions_reversed_twice)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_REORDER, 4, 1, EMU_ANY, 0);
	emu_add_fault(d, EMU_FAULT_REORDER, 6, 1, EMU_ANY, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("zfrag64.img"), 512, 0, 0, 0);
	}
}

static void expect_fallback(const char *msg1, const char *msg2)
{
	scn_expect_zipl_boot(scn_data("zmulti.img"), 512, 0, 0, 1);
	CHECK(scn_cmdline_is("scn=2"));
	SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
	SCN_CONSOLE(msg1);
	if (msg2)
		SCN_CONSOLE(msg2);
}

/* The second read in flight fails (a bad sector in it); the first was
 * fine. */
TEST(blk_inflight_second_read_fails)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2441);
	EMU_RUN(&cfg) {
		expect_fallback("virtio-blk 0.0.0001: read of 64 blocks at block 2440 failed "
				"(status 1)", "zipl 0.0.0001: component 0: cannot read its data");
	}
}

/* The first read in flight fails while the second is still running. */
TEST(blk_inflight_first_read_fails)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2050);
	EMU_RUN(&cfg) {
		expect_fallback("virtio-blk 0.0.0001: read of 64 blocks at block 2050 failed "
				"(status 1)", "zipl 0.0.0001: component 0: cannot read its data");
		SCN_NO_CONSOLE("at block 2440 failed");
	}
}

/* A completion names a descriptor that heads no request in flight. */
TEST(blk_inflight_foreign_used_id)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_USED_ID, 5, 1, EMU_ANY, 1);
	EMU_RUN(&cfg) {
		expect_fallback("virtio 0.0.0001: device returned a descriptor we did not give it",
				"zipl 0.0.0001: component 0: cannot read its data");
	}
}

/* The second read in flight is never completed: the wait has its
 * deadline, the next device boots. */
TEST(blk_inflight_second_never_completes)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = setup(&cfg);

	emu_add_fault(d, EMU_FAULT_NO_COMPLETION, 5, 1, EMU_ANY, 0);
	EMU_RUN(&cfg) {
		expect_fallback("virtio 0.0.0001: request on queue 0 not completed within 30 s",
				"zipl 0.0.0001: component 0: cannot read its data");
	}
}
