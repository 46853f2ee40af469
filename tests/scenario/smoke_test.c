/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Example scenarios: the real firmware (fw_main) on the emulated machine.
 * Machines with nothing bootable must end in the "no suitable device" halt
 * without protocol violations, on both QEMU models, and must skip devices
 * that cannot be booted (3270, virtio-net, empty disks).
 */
#include "emu.h"
#include "fw/halt.h"
#include "testfw.h"

static void expect_no_boot(const struct emu_config *cfg)
{
	EMU_RUN(cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_NO_BOOT_DEVICE);
		CHECK_STR(emu_console(), "No suitable device");
	}
}

TEST(scn_no_devices_72)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	expect_no_boot(&cfg);
}

TEST(scn_no_devices_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	expect_no_boot(&cfg);
}

TEST(scn_probe_skips_unbootable)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_dev(&cfg, EMU_DEV_3270, 0, 0x0009);
	emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, 0x0002);
	emu_add_blk(&cfg, 0, 0x0003, emu_image_create("empty", 1 * MiB, NULL, 0));
	expect_no_boot(&cfg);
}

TEST(scn_iplb_empty_disk)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_boot_ccw(&cfg, 0, 0x0001);
	expect_no_boot(&cfg);
}

/* Faults on the IPL device: a defined outcome (next device, then the
 * final halt), the device named on the console, nothing corrupted. */
static void expect_next_device(enum emu_fault_kind kind, uint64_t arg)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_add_fault(d, kind, 1, 0, EMU_ANY, arg);
	emu_add_blk(&cfg, 0, 0x0002, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, HALT_NO_BOOT_DEVICE);
		CHECK_STR(emu_console(), "0.0.0001");
		CHECK_STR(emu_console(), "0.0.0002: no boot record");
	}
}

TEST(scn_fault_io_error)
{
	expect_next_device(EMU_FAULT_IO_ERROR, 0);
}

TEST(scn_fault_never_completes)
{
	expect_next_device(EMU_FAULT_NO_COMPLETION, 0);
}

TEST(scn_fault_not_operational)
{
	expect_next_device(EMU_FAULT_NOT_OPER, 0);
}

TEST(scn_fault_wrong_used_id)
{
	expect_next_device(EMU_FAULT_USED_ID, 3);
}
