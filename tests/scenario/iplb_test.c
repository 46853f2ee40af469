/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot devices: QEMU 9.2's fallback chain below the firmware (and bad
 * chains), QEMU 7.2's single IPL block plus the scan, IPL blocks of types
 * the firmware does not boot, devices that are not boot disks, the scan
 * without an IPL block, the re-IPL block QEMU holds after the hand-over
 * (9.2 QEMU-SCSI rebuilt from the boot index, 7.2 CCW fallback) and the
 * lowcore fields the OS finds.
 */
#include <stdio.h>
#include <string.h>

#include "abi/iplb.h"
#include "abi/lowcore.h"
#include "abi/qipl.h"
#include "fw/endian.h"
#include "fw/layout.h"
#include "scn.h"

static char *blank(void)
{
	return emu_image_create("blank", MiB, NULL, 0);
}

/* --- fallback chain (9.2) -------------------------------------------- */

TEST(chain_first_two_broken_third_boots_92)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *good = scn_data("zmulti.img");
	const struct iplb *held;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	d = emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	emu_add_fault(d, EMU_FAULT_IO_ERROR, 3, 0, EMU_ANY, 0);
	emu_add_blk(&cfg, 0, 0x0003, good);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0002);
	emu_boot_ccw(&cfg, 0, 0x0003);
	EMU_RUN(&cfg) {
		char why[128];

		scn_expect_zipl_boot(good, 512, 0, 0, 2);
		SCN_CONSOLE("0.0.0001: no boot record (neither zipl nor El Torito)");
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
		SCN_CONSOLE("virtio-blk 0.0.0002: read of ");
		SCN_CONSOLE("0.0.0002: boot failed, trying the next device");
		held = (const void *)emu_result()->ho.iplb;
		CHECK_EQ(held->pbt, IPL_PBT_CCW);
		CHECK_EQ(be16_to_cpu(held->ccw.devno), 3);
		CHECK(emu_chain_intact(why, sizeof(why)));
	}
}

TEST(chain_full_seven_fallbacks_92)
{
	struct emu_config cfg;
	const char *good = scn_data("z4k.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	for (uint16_t i = 1; i <= 7; i++) {
		emu_add_blk(&cfg, 0, i, blank());
		emu_boot_ccw(&cfg, 0, i);
	}
	emu_add_blk(&cfg, 0, 0x0008, good)->block_size = 4096;
	emu_boot_ccw(&cfg, 0, 0x0008);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 4096, 0, 0, 7);
		SCN_CONSOLE("0.0.0007: boot failed, trying the next device");
	}
}

TEST(chain_all_broken_halts_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	for (uint16_t i = 1; i <= 3; i++) {
		emu_add_blk(&cfg, 0, i, blank());
		emu_boot_ccw(&cfg, 0, i);
	}
	emu_add_blk(&cfg, 0, 0x0009, scn_data("z512.img"));     /* not in the boot order */
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
		SCN_CONSOLE("0.0.0003: boot failed, trying the next device");
		CHECK_EQ(emu_ssch_count(0, 9), 0);     /* 9.2: the boot order only */
	}
}

/* QEMU 7.2 passes only the first device: the firmware scans for others. */
TEST(no_chain_72_scans_other_devices)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");
	const struct iplb *held;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, 0x0002);
	emu_add_blk(&cfg, 0, 0x0003, good);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0003);  /* 7.2 does not pass this one */
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 2);
		SCN_CONSOLE("QEMU 7.2 passes no fallback devices; scanning for other boot devices");
		SCN_CONSOLE("0.0.0003: trying virtio-blk");
		SCN_NO_CONSOLE("0.0.0001: trying");     /* the failed device is skipped */
		held = (const void *)emu_result()->ho.iplb;
		CHECK_EQ(held->pbt, IPL_PBT_CCW);
		CHECK_EQ(be16_to_cpu(held->ccw.devno), 3);
	}
}

struct chain_poke {
	uint16_t len;
	int64_t delta;          /* next_iplb relative to the first chain page */
};

static void poke_chain(void *ctx)
{
	const struct chain_poke *c = ctx;
	struct qipl *q = emu_mem(LC_QIPL, sizeof(*q));
	uint64_t fw_page = emu_fwbase() & ~0xfffULL;

	q->chain_len = cpu_to_be16(c->len);
	q->next_iplb = cpu_to_be64(fw_page - 7 * 4096 + (uint64_t)c->delta);
}

static void bad_chain(uint16_t len, int64_t delta)
{
	struct emu_config cfg;
	struct chain_poke c = { len, delta };
	char msg[128];

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0002);
	cfg.prepare = poke_chain;
	cfg.prepare_ctx = &c;
	EMU_RUN(&cfg) {
		snprintf(msg, sizeof(msg), "QEMU IPL parameters: ignoring fallback chain of %u IPL "
			 "blocks at 0x%llx (not in the 7 pages below the firmware)", len,
			 (unsigned long long)((emu_fwbase() & ~0xfffULL) - 7 * 4096 + delta));
		scn_expect_halt(HALT_NO_BOOT_DEVICE, msg);
		CHECK_EQ(emu_ssch_count(0, 2), 0);
	}
}

TEST(chain_longer_than_7_pages_ignored)
{
	bad_chain(8, 0);
}

TEST(chain_beyond_firmware_ignored)
{
	bad_chain(2, 6 * 4096);         /* the second page is the firmware's */
}

TEST(chain_below_the_7_pages_ignored)
{
	bad_chain(1, -4096);
}

TEST(chain_unaligned_ignored)
{
	bad_chain(1, 0x10);
}

TEST(chain_in_low_memory_ignored)
{
	bad_chain(1, 0x10000 - (int64_t)(fw_qemu_base(128 * MiB, FW_QEMU92_WINDOW) - 7 * 4096));
}

/* A chain block that is not a usable IPL block is skipped. */
TEST(chain_garbage_block_skipped_92)
{
	struct emu_config cfg;
	static uint8_t junk[4096];
	const char *good = scn_data("z512.img");

	memset(junk, 0xa5, sizeof(junk));
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_blk(&cfg, 0, 0x0002, good);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_raw(&cfg, junk, sizeof(junk));
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 1);
		SCN_CONSOLE("IPL block: invalid length 2779096485");
		SCN_CONSOLE("boot device 1: unusable IPL block, skipping it");
	}
}

/* --- IPL block types ------------------------------------------------- */

static void raw_iplb(uint8_t *b, uint32_t len, uint8_t pbt)
{
	struct iplb *p = (struct iplb *)b;

	memset(b, 0, 4096);
	p->len = cpu_to_be32(len);
	p->blk0_len = cpu_to_be32(len > 8 ? len - 8 : 0);
	p->pbt = pbt;
	p->flags = IPLB_FLAG_LP_VALID;
	memset(p->loadparm, 0x40, 8);
}

/* An unusable first IPL block: skipped with @msg; the 9.2 fallback boots. */
static void unusable_first(const uint8_t *raw, const char *msg)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0002, good);
	emu_boot_raw(&cfg, raw, 4096);
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 0);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("boot device 0: unusable IPL block, skipping it");
	}
}

/* A PCI block naming a function the machine does not have. */
TEST(iplb_pci_missing_function_skipped_92)
{
	struct emu_config cfg;
	static uint8_t b[4096];

	raw_iplb(b, IPLB_LEN_PCI, IPL_PBT_PCI);
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	emu_boot_raw(&cfg, b, sizeof(b));
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("pci 0x0: no such PCI function");
		SCN_CONSOLE("pci 0x0: boot failed, trying the next device");
	}
}

TEST(iplb_fcp_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 384, IPL_PBT_FCP);
	unusable_first(b, "IPL block: FCP (zfcp) IPL is not supported");
}

TEST(iplb_garbage_type_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 200, 0x42);
	unusable_first(b, "IPL block: unsupported type 0x42");
}

TEST(iplb_length_too_small_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 16, IPL_PBT_CCW);
	unusable_first(b, "IPL block: invalid length 16");
}

TEST(iplb_length_too_large_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 4097, IPL_PBT_CCW);
	unusable_first(b, "IPL block: invalid length 4097");
}

TEST(iplb_ccw_too_short_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 100, IPL_PBT_CCW);
	unusable_first(b, "IPL block: CCW block too short (100 bytes)");
}

TEST(iplb_scsi_too_short_skipped_92)
{
	static uint8_t b[4096];

	raw_iplb(b, 120, IPL_PBT_QEMU_SCSI);
	unusable_first(b, "IPL block: SCSI block too short (120 bytes)");
}

/* 7.2 never builds a PCI block; one naming a missing function is followed
 * by the 7.2 scan for other devices. */
TEST(iplb_pci_72_scans)
{
	struct emu_config cfg;
	static uint8_t b[4096];

	raw_iplb(b, IPLB_LEN_PCI, IPL_PBT_PCI);
	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	emu_boot_raw(&cfg, b, sizeof(b));
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("pci 0x0: no such PCI function");
	}
}

/* The IPL block's loadparm is used only with its LP_VALID flag. */
TEST(iplb_loadparm_without_valid_flag_ignored)
{
	struct emu_config cfg;
	static uint8_t b[4096];
	struct iplb *p = (struct iplb *)b;
	const char *multi = scn_data("zmulti.img");

	raw_iplb(b, IPLB_LEN_CCW, IPL_PBT_CCW);
	p->ccw.devno = cpu_to_be16(1);
	emu_loadparm_ebcdic("4", p->loadparm);
	p->flags = 0;
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, multi);
	emu_boot_raw(&cfg, b, sizeof(b));
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(multi, 512, 0, 0, 0);
		CHECK(scn_cmdline_is("scn=2"));
	}
}

/* --- devices that are not boot disks ------------------------------------ */

static void not_bootable(enum emu_dev_type type, const char *msg)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_dev(&cfg, type, 0, 0x0005);
	emu_add_blk(&cfg, 0, 0x0006, good);
	emu_boot_ccw(&cfg, 0, 0x0005);
	emu_boot_ccw(&cfg, 0, 0x0006);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 1);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("0.0.0005: boot failed, trying the next device");
	}
}

TEST(iplb_virtio_net_not_supported)
{
	not_bootable(EMU_DEV_VIRTIO_NET, "0.0.0005: network boot is not supported yet");
}

TEST(iplb_virtio_serial_not_a_boot_device)
{
	not_bootable(EMU_DEV_VIRTIO_SERIAL, "0.0.0005: virtio device type 3 is not a boot device");
}

TEST(iplb_3270_not_virtio)
{
	not_bootable(EMU_DEV_3270, "0.0.0005: control unit 3270 is not a virtio device");
}

TEST(iplb_no_such_device)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0006, good);
	emu_boot_ccw(&cfg, 0, 0x0099);
	emu_boot_ccw(&cfg, 0, 0x0006);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 0);
		SCN_CONSOLE("0.0.0099: no such device");
	}
}

TEST(iplb_scsi_names_blk_device)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_scsi(&cfg, 0, 0x0001, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "0.0.0001: the IPL block names a SCSI LUN but "
						     "this is not virtio-scsi");
	}
}

TEST(iplb_scsi_target_beyond_controller)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	d->max_target = 7;
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, scn_data("z512.img"));
	emu_boot_scsi(&cfg, 0, 0x0002, 9, 0);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "virtio-scsi 0.0.0002: no LUN 0:9:0 on this "
						     "controller");
	}
}

TEST(iplb_scsi_lun_absent)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, scn_data("z512.img"));
	emu_boot_scsi(&cfg, 0, 0x0002, 3, 0);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "virtio-scsi 0.0.0002 LUN 0:3:0: TEST UNIT "
						     "READY failed: virtio response 3");
	}
}

TEST(iplb_scsi_lun_no_medium)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 0, 2, EMU_SCSI_CD, NULL);
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 2);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "LUN 0:0:2: TEST UNIT READY failed: sense key "
						     "0x2, ASC 0x3a");
	}
}

/* --- the scan without an IPL block ---------------------------------------- */

TEST(probe_skips_non_virtio_and_net)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_dev(&cfg, EMU_DEV_3270, 0, 0x0009);
	emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, 0x0001);
	emu_add_dev(&cfg, EMU_DEV_VIRTIO_SERIAL, 0, 0x0002);
	emu_add_blk(&cfg, 0, 0x0004, good);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 3);
		SCN_CONSOLE("No boot device specified, scanning for one");
		SCN_CONSOLE("0.0.0004: trying virtio-blk");
		SCN_NO_CONSOLE("0.0.0001: trying");
		SCN_NO_CONSOLE("0.0.0002: trying");
		SCN_NO_CONSOLE("0.0.0009");
		CHECK_EQ(emu_dev_requests(0, 1), 0);
	}
}

TEST(probe_blank_then_good)
{
	struct emu_config cfg;
	const char *good = scn_data("zmulti.img");
	const struct iplb *held;

	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.loadparm = "4";
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_blk(&cfg, 0, 0x0002, good);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 4, 0, 1);
		SCN_CONSOLE("0.0.0001: no boot record (neither zipl nor El Torito)");
		held = (const void *)emu_result()->ho.iplb;
		CHECK_EQ(held->pbt, IPL_PBT_CCW);
		CHECK_EQ(be16_to_cpu(held->ccw.devno), 2);
		CHECK_EQ(be32_to_cpu(held->len), IPLB_LEN_CCW);
	}
}

TEST(probe_finds_device_in_subchannel_set_3)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_blk(&cfg, 3, 0xfe00, good);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 3, 0);
		SCN_CONSOLE("0.3.fe00: trying virtio-blk");
	}
}

TEST(probe_bad_loadparm_halts)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.loadparm = "9";
	emu_add_blk(&cfg, 0, 0x0001, scn_data("zmulti.img"));
	emu_add_blk(&cfg, 0, 0x0002, scn_data("z512.img"));
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_BAD_LOADPARM, "zipl 0.0.0001: boot entry 9 is empty");
		CHECK_EQ(emu_ssch_count(0, 2), 0);
	}
}

TEST(probe_nothing_bootable_72)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 0x0001, blank());
	emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "Could not find a suitable boot device (none "
						     "specified)");
	}
}

/* --- hand-over: re-IPL block and lowcore ------------------------------ */

static void scsi_reipl(enum emu_qemu q, bool fallback)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *good = scn_data("z512.img");
	const struct iplb *held, *guest;

	emu_config_init(&cfg, q);
	if (fallback) {
		emu_add_blk(&cfg, 0, 0x0001, blank());
		emu_boot_ccw(&cfg, 0, 0x0001);
	}
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 1, 2, EMU_SCSI_HD, good);
	emu_boot_scsi(&cfg, 0, 0x0002, 1, 2);
	EMU_RUN(&cfg) {
		unsigned int index = fallback ? 1 : 0;

		scn_expect_zipl_boot(good, 512, 0, 0, fallback ? 1 : 0);
		held = (const void *)emu_result()->ho.iplb;
		guest = emu_mem(emu_result()->ho.lc_iplb_ptr, 4096);
		REQUIRE(guest);
		if (q == EMU_QEMU_92) {
			/* the QEMU-SCSI block, rebuilt from the boot index */
			CHECK_EQ(held->pbt, IPL_PBT_QEMU_SCSI);
			CHECK_EQ(be16_to_cpu(held->scsi.devno), 2);
			CHECK_EQ(be16_to_cpu(held->scsi.target), 1);
			CHECK_EQ(be32_to_cpu(held->scsi.lun), 2);
			CHECK_EQ(guest->pbt, IPL_PBT_QEMU_SCSI);
			CHECK_EQ(be16_to_cpu(guest->scsi.devno), index);
		} else {
			/* 7.2 refuses type 0xff: the controller's CCW block */
			CHECK_EQ(held->pbt, IPL_PBT_CCW);
			CHECK_EQ(be16_to_cpu(held->ccw.devno), 2);
			CHECK_EQ(guest->pbt, IPL_PBT_CCW);
			SCN_NO_CONSOLE("did not accept the IPL block");
		}
	}
}

TEST(reipl_scsi_92_rebuilt_from_boot_index)
{
	scsi_reipl(EMU_QEMU_92, false);
}

TEST(reipl_scsi_92_fallback_boot_index_1)
{
	scsi_reipl(EMU_QEMU_92, true);
}

TEST(reipl_scsi_72_ccw_block)
{
	scsi_reipl(EMU_QEMU_72, false);
}

TEST(reipl_ccw_block_72)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");
	const struct iplb *held;

	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.loadparm = "1";
	emu_add_blk(&cfg, 0, 0x0042, good);
	emu_boot_ccw(&cfg, 0, 0x0042);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 1, 0, 0);
		held = (const void *)emu_result()->ho.iplb;
		CHECK_EQ(held->pbt, IPL_PBT_CCW);
		CHECK_EQ(be16_to_cpu(held->ccw.devno), 0x42);
		CHECK(held->flags & IPLB_FLAG_LP_VALID);
		CHECK_EQ(held->loadparm[0], 0xf1);      /* EBCDIC '1' */
	}
}

TEST(reipl_diag308_set_refused_warns)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.diag308_set_rc = 0x0402;
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(!emu_result()->ho.iplb_was_set);
		SCN_CONSOLE("warning: the machine did not accept the IPL block (DIAG 308 set: "
			    "0x402); a re-IPL may not use this device");
	}
}

TEST(handover_lowcore_ssid2_schno)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *good = scn_data("z512.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 2, 0x0001, blank());
	d = emu_add_blk(&cfg, 2, 0x4711, good);
	d->schno = 0x33;
	emu_boot_ccw(&cfg, 2, 0x4711);
	EMU_RUN(&cfg) {
		const struct emu_handover *ho = &emu_result()->ho;

		scn_expect_zipl_boot(good, 512, 0, 2, 0x33);
		CHECK_EQ(ho->lc_schid, 0x0005);
		CHECK_EQ(ho->lc_schno, 0x33);
		CHECK_EQ(ho->lc_intparm, 0);
		CHECK_EQ(ho->lc_iplb_ptr & 0xfff, 0);
	}
}

/* 64 GiB: Read SCP Info reports the memory in rnmax2; the firmware sits
 * below 2 GiB and components may go anywhere else. */
TEST(machine_64gib_ram)
{
	struct emu_config cfg;
	struct zref z;
	char *p = scn_copy("z512.img");

	REQUIRE(zref_walk(p, 512, 0, &z));
	scn_patch_be64(p, z.comp[2].entry_at + 0x18, 63 * GiB);
	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 64 * GiB;
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(p, 512, 0, 0, 0);
		CHECK_EQ(emu_fwbase(), 2 * GiB - 3 * MiB);
	}
}
