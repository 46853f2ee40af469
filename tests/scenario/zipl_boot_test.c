/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Happy paths of the zipl SCSI scheme on disks written by tools/zipl-write:
 * virtio-blk with 512..4096-byte blocks, legacy and revision-1 transports,
 * fragmented block lists, zipl's stage3 layout, data above 2^32 blocks,
 * device limits; virtio-scsi LUNs from the IPL block and by REPORT LUNS
 * scan, READ(16). Each run checks the hand-over (PSW, lowcore, the IPL
 * block QEMU holds) and every loaded byte against the reference reader.
 */
#include "abi/virtio.h"
#include "scn.h"

static void blk_boot(enum emu_qemu q, const char *img, uint32_t bs, int max_rev)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data(img);

	emu_config_init(&cfg, q);
	d = emu_add_blk(&cfg, 0, 0x0001, path);
	d->block_size = bs;
	if (max_rev >= 0)
		d->max_rev = max_rev;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, bs, 0, 0, 0);
		CHECK(scn_cmdline_is("scn=one"));
		SCN_CONSOLE("LOADPARM=[        ]");
		SCN_CONSOLE("0.0.0001: loaded boot entry 0 (");
		SCN_CONSOLE("secure-ccw: starting the OS (PSW 0008000080010000)");
		CHECK_EQ(emu_dev_revision(0, 1), max_rev < 0 ? 1 : max_rev ? 1 : 0);
	}
}

TEST(zipl_blk512_92)
{
	blk_boot(EMU_QEMU_92, "z512.img", 512, -1);
}

TEST(zipl_blk512_72)
{
	blk_boot(EMU_QEMU_72, "z512.img", 512, -1);
}

TEST(zipl_blk1k)
{
	blk_boot(EMU_QEMU_92, "z1k.img", 1024, -1);
}

TEST(zipl_blk2k)
{
	blk_boot(EMU_QEMU_92, "z2k.img", 2048, -1);
}

TEST(zipl_blk4k_92)
{
	blk_boot(EMU_QEMU_92, "z4k.img", 4096, -1);
}

TEST(zipl_blk4k_72)
{
	blk_boot(EMU_QEMU_72, "z4k.img", 4096, -1);
}

TEST(zipl_blk_legacy_rev0)
{
	blk_boot(EMU_QEMU_92, "z512.img", 512, 0);
}

TEST(zipl_blk_legacy_rev0_4k)
{
	blk_boot(EMU_QEMU_72, "z4k.img", 4096, 0);
}

TEST(zipl_blk_rev1)
{
	blk_boot(EMU_QEMU_92, "z512.img", 512, 1);
}

TEST(zipl_blk_modern_only)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path)->modern_only = true;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK_EQ(emu_dev_revision(0, 1), 1);
		SCN_CONSOLE("(virtio-ccw revision 1)");
	}
}

TEST(zipl_blk_fragmented_lists)
{
	struct emu_config cfg;
	const char *path = scn_data("zfrag.img");
	struct zref z;

	REQUIRE(zref_walk(path, 512, 0, &z));
	/* the kernel's pointers span several list blocks: continuation pointers */
	REQUIRE(z.comp[0].nlist > 2);
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(scn_cmdline_is("scn=one"));
	}
}

TEST(zipl_blk_stage3_layout)
{
	struct emu_config cfg;
	const char *path = scn_data("zstage3.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK_EQ(emu_result()->ho.psw, 0x000800008000a000ULL);
		CHECK(emu_mem_equals_file(0xa000, scn_data("stage3.bin"), 0, 12 * 1024));
		CHECK(emu_mem_equals_file(0x10000, scn_data("kernel-1.bin"), 0,
					  scn_file_size(scn_data("kernel-1.bin"))));
	}
}

TEST(zipl_blk_kernel_only)
{
	struct emu_config cfg;
	const char *path = scn_data("zkonly.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("(1 components)");
	}
}

TEST(zipl_blk_data_above_2pow32_sectors)
{
	struct emu_config cfg;
	const char *path = scn_data("zhigh.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_dev_max_block_end(0, 1) > (1ULL << 32));
	}
}

TEST(zipl_blk4k_data_above_2pow32_sectors)
{
	struct emu_config cfg;
	const char *path = scn_data("z4khigh.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path)->block_size = 4096;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 4096, 0, 0, 0);
		CHECK(emu_dev_max_block_end(0, 1) > (1ULL << 32));
	}
}

/* Tight segment limits: many small requests, none beyond the limits (the
 * device logs a violation otherwise). */
TEST(zipl_blk_segment_limits)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, path);
	d->seg_max = 2;
	d->size_max = 4096;
	d->host_features |= 1ULL << VIRTIO_BLK_F_SIZE_MAX;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		/* 270 KiB + 70 KiB in requests of at most 8 KiB */
		CHECK(emu_dev_requests(0, 1) > 40);
	}
}

TEST(zipl_blk_small_queue_slow_device)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data("z4k.img");

	emu_config_init(&cfg, EMU_QEMU_72);
	d = emu_add_blk(&cfg, 0, 0x0001, path);
	d->block_size = 4096;
	d->queue_size = 4;
	d->completion_delay_us = 3000;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 4096, 0, 0, 0);
	}
}

TEST(zipl_blk_ssid1_subchannel_set)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0007, scn_data("zkonly.img"));
	emu_add_blk(&cfg, 1, 0x1234, path);
	emu_boot_ccw(&cfg, 1, 0x1234);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 1, 0);
		SCN_CONSOLE("0.1.1234: loaded boot entry 0");
	}
}

/* --- virtio-scsi ------------------------------------------------------------ */

static struct emu_dev_cfg *scsi_cfg(struct emu_config *cfg, enum emu_qemu q, uint16_t target,
				    uint32_t lun, const char *path, uint32_t bs)
{
	struct emu_dev_cfg *d;

	emu_config_init(cfg, q);
	d = emu_add_scsi(cfg, 0, 0x0002);
	emu_scsi_add_lun(d, target, lun, EMU_SCSI_HD, path)->block_size = bs;
	return d;
}

TEST(zipl_scsi_disk_92)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 0, 0, path, 512);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("0.0.0002 LUN 0:0:0: virtio-scsi (virtio-ccw revision 1)");
		CHECK(scn_cmdline_is("scn=one"));
		CHECK(emu_scsi_opcode_count(0, 2, 0x28) > 0);          /* READ(10) */
		CHECK_EQ(emu_scsi_opcode_count(0, 2, 0x88), 0);        /* no READ(16) */
	}
}

TEST(zipl_scsi_disk_72)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_72, 0, 0, path, 512);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
	}
}

TEST(zipl_scsi_disk_4k)
{
	struct emu_config cfg;
	const char *path = scn_data("z4k.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 0, 0, path, 4096);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 4096, 0, 0, 0);
	}
}

TEST(zipl_scsi_lun_from_iplb)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data("zmulti.img");

	d = scsi_cfg(&cfg, EMU_QEMU_92, 0, 0, scn_data("zkonly.img"), 512);
	emu_scsi_add_lun(d, 2, 3, EMU_SCSI_HD, scn_data("z4k.img"))->block_size = 4096;
	emu_scsi_add_lun(d, 2, 5, EMU_SCSI_HD, path);
	emu_boot_scsi(&cfg, 0, 0x0002, 2, 5);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("0.0.0002 LUN 0:2:5: virtio-scsi");
		CHECK(scn_cmdline_is("scn=2"));
	}
}

TEST(zipl_scsi_lun_above_255_from_iplb)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 4, 300, path, 512);
	emu_boot_scsi(&cfg, 0, 0x0002, 4, 300);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("LUN 0:4:300: virtio-scsi");
	}
}

TEST(zipl_scsi_scan_finds_lun0)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 3, 0, path, 512);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("No boot device specified, scanning for one");
		SCN_CONSOLE("0.0.0002: trying virtio-scsi");
		SCN_CONSOLE("LUN 0:3:0: virtio-scsi");
		CHECK(emu_scsi_opcode_count(0, 2, 0xa0) >= 4);         /* REPORT LUNS */
	}
}

/* QEMU reports LUN 0 first on every target, present or not (like QEMU's
 * BIOS, the scan must then take the LUN that exists). */
TEST(zipl_scsi_scan_finds_nonzero_lun)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 1, 7, path, 512);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("LUN 0:1:7: virtio-scsi");
	}
}

TEST(zipl_scsi_read16_above_2pow32)
{
	struct emu_config cfg;
	const char *path = scn_data("zhigh.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 0, 0, path, 512);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_scsi_opcode_count(0, 2, 0x88) > 0);          /* READ(16) */
		CHECK(emu_dev_max_block_end(0, 2) > (1ULL << 32));
	}
}

TEST(zipl_scsi_small_max_transfer)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *path = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	d->max_sectors = 16;
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, path)->max_transfer = 8;
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK(emu_scsi_opcode_count(0, 2, 0x28) > 60);
	}
}

TEST(zipl_scsi_legacy_rev0)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_72, 0, 0, path, 512)->max_rev = 0;
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		CHECK_EQ(emu_dev_revision(0, 2), 0);
	}
}

TEST(zipl_scsi_ccw_iplb)
{
	struct emu_config cfg;
	const char *path = scn_data("z512.img");

	scsi_cfg(&cfg, EMU_QEMU_92, 0, 1, path, 512);
	emu_boot_ccw(&cfg, 0, 0x0002);  /* a CCW block for the controller: scan */
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(path, 512, 0, 0, 0);
		SCN_CONSOLE("LUN 0:0:1: virtio-scsi");
	}
}
