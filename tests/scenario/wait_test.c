/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the firmware waits for devices: virtio requests and channel programs
 * end in an enabled wait for the I/O interruption (virtio-ccw indicators),
 * not in a polling loop; a device that refuses indicators is polled and
 * still boots; a device whose interruption never comes still meets the
 * request deadline.
 */
#include "abi/virtio.h"
#include "abi/lowcore.h"
#include "scn.h"

static struct emu_dev_cfg *slow_blk(struct emu_config *cfg, enum emu_qemu q, const char *path)
{
	struct emu_dev_cfg *d;

	emu_config_init(cfg, q);
	d = emu_add_blk(cfg, 0, 0x0001, path);
	d->completion_delay_us = 2000;
	emu_boot_ccw(cfg, 0, 0x0001);
	return d;
}

TEST(wait_blk_by_interruption_not_polling)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	slow_blk(&cfg, EMU_QEMU_92, path);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_result()->io_waits >= emu_dev_requests(0, 1));
		CHECK_EQ(emu_result()->yields, 0);
	}
}

TEST(wait_blk_legacy_device_by_interruption)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	slow_blk(&cfg, EMU_QEMU_72, path)->max_rev = 0;
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_result()->io_waits > 0);
		CHECK_EQ(emu_result()->yields, 0);
	}
}

TEST(wait_scsi_by_interruption_not_polling)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	d->completion_delay_us = 2000;
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, path);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_result()->io_waits > 0);
		CHECK_EQ(emu_result()->yields, 0);
	}
}

/* SET_IND rejected: no interruptions, so the firmware polls (and boots). */
TEST(wait_blk_without_indicators_polls)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");
	struct emu_dev_cfg *d = slow_blk(&cfg, EMU_QEMU_92, path);

	emu_add_fault(d, EMU_FAULT_UNIT_CHECK, 1, 0, CCW_CMD_SET_IND, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_result()->yields > 0);
	}
}

/* A request that never completes: the enabled waits end at the deadline. */
TEST(wait_blk_no_completion_meets_deadline)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d = slow_blk(&cfg, EMU_QEMU_92, scn_data("z512.img"));

	emu_add_fault(d, EMU_FAULT_NO_COMPLETION, 3, 1, EMU_ANY, 0);
	EMU_RUN(&cfg) {
		SCN_CONSOLE("not completed within 30 s");
		CHECK_EQ(emu_result()->yields, 0);
		CHECK(emu_result()->virtual_us >= 30000000ULL);
		CHECK(emu_result()->virtual_us < 40000000ULL);
	}
}

/*
 * Fewer requests: Debian's kernel on the real-zipl disk has 270 block
 * pointers, 260 of them repeating the one before (the holes of the file all
 * point at one zero block). Each repeat is copied in memory, not read again:
 * the kernel still arrives byte for byte, in a few dozen requests.
 */
TEST(wait_real_zipl_repeated_pointers_read_once)
{
	struct emu_config cfg;
	const char *disk = scn_e2e("real-vblk.img");
	const char *kernel = scn_e2e("vmlinuz");

	if (!scn_file_size(disk) || !scn_file_size(kernel))
		SKIP("%s or %s missing (made by the tests/e2e fixtures)", disk, kernel);
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0000, disk);
	emu_boot_ccw(&cfg, 0, 0x0000);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(emu_mem_equals_file(LINUX_IMAGE_START, kernel, 0, scn_file_size(kernel)));
		CHECK(emu_dev_requests(0, 0x0000) < 60);
	}
}
