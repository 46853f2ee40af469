/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot devices on zPCI (QEMU 11.x virtio-blk-pci / virtio-scsi-pci, also
 * present on 7.2): the PCI IPL block, the bootindex chain mixing ccw and
 * PCI, per-device loadparm, the scan after the subchannels, and the faults
 * of CLP, PCI Load/Store, configuration space, capability lists and
 * devices. Every fault ends in a named message and the next device.
 */
#include <stdio.h>
#include <string.h>

#include "abi/clp.h"
#include "drivers/virtio/virtio_pci.h"
#include "fw/dma.h"
#include "fw/machine.h"
#include "abi/iplb.h"
#include "abi/lowcore.h"
#include "fw/endian.h"
#include "scn.h"

#define FID 0x12
#define FID2 0x34

/* A zipl disk of the scenario data booted from a PCI function. */
static void expect_pci_boot_as(const char *path, unsigned int program, uint32_t fid,
			       bool set_accepted)
{
	const struct emu_result *r = emu_result();
	struct zref z;

	REQUIRE_EQ(r->outcome, EMU_OUT_HANDOVER);
	REQUIRE(zref_walk(path, 512, program, &z));
	CHECK_EQ(r->ho.psw, z.psw);
	CHECK_EQ(r->ho.lc_schid, 0);
	CHECK_EQ(r->ho.lc_schno, 0);
	CHECK_EQ(r->ho.iplb_was_set, set_accepted);     /* 7.2 refuses PCI blocks */
	if (set_accepted) {
		CHECK_EQ(r->ho.iplb[0x0c], IPL_PBT_PCI);
		CHECK_EQ(get_be32(r->ho.iplb + 0x14c), fid);
		scn_check_lowcore_iplb();
	}
	zref_check_memory(&z);
}

static void expect_pci_boot(const char *path, unsigned int program, uint32_t fid)
{
	expect_pci_boot_as(path, program, fid, true);
}

static void expect_no_boot(const char *msg)
{
	scn_expect_halt(HALT_NO_BOOT_DEVICE, msg);
}

TEST(pci_blk_zipl_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
		SCN_CONSOLE("pci 0x12: virtio-blk (virtio-pci revision 1)");
		CHECK(emu_pci_enabled(FID));
		CHECK(emu_dev_requests(EMU_PCI_SSID, FID) > 0);
	}
}

TEST(pci_blk_device_loadparm_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID, scn_data("zmulti.img"))->loadparm = "3";
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("zmulti.img"), 3, FID);
		SCN_CONSOLE("LOADPARM=[3       ]");
	}
}

TEST(pci_blk_iso_92)
{
	struct emu_config cfg;
	const char *iso = scn_data("eltorito.iso");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID, iso);
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		SCN_CONSOLE("iso pci 0x12: loaded boot image at sector ");
		CHECK(emu_mem_equals_file(LC_SIZE, scn_data("cdboot.img"), LC_SIZE, 4096));
	}
}

/* QEMU 11.1 stores an empty IPL block for scsi-hd on virtio-scsi-pci. */
TEST(pci_scsi_empty_iplb_92)
{
	static uint8_t empty[4096];
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, scn_data("zmulti.img"));  /* not in boot order */
	d = emu_add_pci_scsi(&cfg, FID);
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, scn_data("z512.img"));
	emu_boot_raw(&cfg, empty, sizeof(empty));
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
		SCN_CONSOLE("IPL block: empty");
		SCN_CONSOLE("pci 0x12 LUN 0:0:0: virtio-scsi (virtio-pci revision 1)");
		CHECK_EQ(emu_dev_requests(0, 0x0001), 0);
	}
}

/* ... also as the second device of the chain, here a CD-ROM */
TEST(pci_scsi_cd_empty_iplb_in_chain_92)
{
	static uint8_t empty[4096];
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("empty", 1 * MiB, NULL, 0));
	d = emu_add_pci_scsi(&cfg, FID);
	emu_scsi_add_lun(d, 0, 2, EMU_SCSI_CD, scn_data("eltorito.iso"));
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_raw(&cfg, empty, sizeof(empty));
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
		SCN_CONSOLE("iso pci 0x12 LUN 0:0:2: loaded boot image at sector ");
		CHECK(emu_mem_equals_file(LC_SIZE, scn_data("cdboot.img"), LC_SIZE, 4096));
	}
}

/* An empty IPL block and no virtio-scsi PCI function: the next device. */
TEST(pci_empty_iplb_without_scsi_controller_92)
{
	static uint8_t empty[4096];
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID2, scn_data("zmulti.img"));   /* not a SCSI controller */
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_raw(&cfg, empty, sizeof(empty));
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("Trying the SCSI controllers on PCI");
		SCN_NO_CONSOLE("pci 0x34");     /* the blk function is not touched */
	}
}

/* bootindex chain: an unbootable ccw disk, then the PCI disk */
TEST(pci_fallback_ccw_to_pci_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
		SCN_CONSOLE("0.0.0001: no boot record");
	}
}

TEST(pci_fallback_pci_to_ccw_92)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("pci 0x12: no boot record");
		SCN_CONSOLE("pci 0x12: boot failed, trying the next device");
		CHECK(!emu_pci_enabled(FID));   /* left disabled for the next */
	}
}

/* No IPL block: the subchannels first, then the PCI functions. */
static void scan_boots_pci(enum emu_qemu q)
{
	struct emu_config cfg;

	emu_config_init(&cfg, q);
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("empty", 1 * MiB, NULL, 0));
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, FID2);
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	EMU_RUN(&cfg) {
		expect_pci_boot_as(scn_data("z512.img"), 0, FID, q != EMU_QEMU_72);
		SCN_CONSOLE("0.0.0001: trying virtio-blk");
		SCN_CONSOLE("pci 0x12: trying virtio-blk");
		SCN_NO_CONSOLE("pci 0x34: trying");      /* net is not a disk */
	}
}

TEST(pci_scan_after_subchannels_92)
{
	scan_boots_pci(EMU_QEMU_92);
}

TEST(pci_scan_after_subchannels_72)
{
	scan_boots_pci(EMU_QEMU_72);
}

/* 7.2: a ccw boot device with PCI devices around is unaffected. */
TEST(pci_devices_harmless_72)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_pci_blk(&cfg, FID, scn_data("zmulti.img"));
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		CHECK_EQ(emu_dev_requests(EMU_PCI_SSID, FID), 0);
		CHECK(!emu_pci_enabled(FID));
	}
}

/* A CPU without zPCI: CLP is never issued (it would be an operation
 * exception). */
TEST(pci_no_facility)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.no_zpci = true;
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_no_boot("pci 0x12: this machine has no zPCI facility");
	}
}

TEST(pci_no_facility_scan)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.no_zpci = true;
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	EMU_RUN(&cfg) {
		expect_no_boot("Could not find a suitable boot device");
	}
}

/* --- faults --------------------------------------------------------------- */

/* The faulty PCI function is the first boot device, a good ccw disk the
 * second: the fault is named and the ccw disk boots. */
static void pci_fault(struct emu_dev_cfg *(*setup)(struct emu_config *), const char *msg)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	setup(&cfg);
	emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("pci 0x12: boot failed, trying the next device");
	}
}

static struct emu_dev_cfg *good_blk(struct emu_config *cfg)
{
	return emu_add_pci_blk(cfg, FID, scn_data("zmulti.img"));
}

#define PCI_FAULT(name, msg, ...)                                               \
	static struct emu_dev_cfg *setup_##name(struct emu_config *cfg)         \
	{                                                                       \
		struct emu_dev_cfg *d = good_blk(cfg);                          \
		__VA_ARGS__;                                                    \
		return d;                                                       \
	}                                                                       \
	TEST(pci_fault_##name) { pci_fault(setup_##name, msg); }

PCI_FAULT(missing, "pci 0x12: no such PCI function", d->fid = FID2; d->devno = FID2)
PCI_FAULT(standby, "pci 0x12: PCI function is in standby", d->pci_state = EMU_PCI_STANDBY)
PCI_FAULT(error_state, "pci 0x12: PCI load failed, status 12 (function in error state)",
	  d->pci_state = EMU_PCI_ERROR)
PCI_FAULT(clp_set_busy, "pci 0x12: CLP Set PCI Function: response code 0x0108",
	  d->clp_fail_cmd = CLP_SET_PCI_FN; d->clp_fail_rc = CLP_RC_SETPCIFN_BUSY)
PCI_FAULT(clp_set_perm_error, "pci 0x12: CLP Set PCI Function: response code 0x0106",
	  d->clp_fail_cmd = CLP_SET_PCI_FN; d->clp_fail_rc = CLP_RC_SETPCIFN_ERR)
PCI_FAULT(clp_query, "pci 0x12: CLP Query PCI Function: response code 0x0030",
	  d->clp_fail_cmd = CLP_QUERY_PCI_FN; d->clp_fail_rc = CLP_RC_PERM)
PCI_FAULT(clp_list, "zPCI: CLP List PCI Functions: response code 0x0020",
	  d->clp_fail_cmd = CLP_LIST_PCI; d->clp_fail_rc = CLP_RC_CMD)
PCI_FAULT(config_all_ones, "pci 0x12: configuration space reads as all ones",
	  d->cfg_all_ones = true)
PCI_FAULT(cap_loop, "pci 0x12: PCI capability list loops at 0x50", d->cap_fault = EMU_CAP_LOOP)
PCI_FAULT(cap_out_of_range, "pci 0x12: virtio notification capability at 0xf8 has bad "
	  "length 16",
	  d->cap_fault = EMU_CAP_OUT_OF_RANGE)
PCI_FAULT(cap_into_header, "pci 0x12: PCI capability pointer 0x10 is out of range",
	  d->cap_fault = EMU_CAP_INTO_HEADER)
PCI_FAULT(cap_outside_bar, "pci 0x12: virtio device configuration structure (BAR 4, "
	  "0x3f00+0x1000) is outside its BAR", d->cap_fault = EMU_CAP_OUTSIDE_BAR)
PCI_FAULT(cap_no_common, "pci 0x12: no virtio common configuration capability",
	  d->cap_fault = EMU_CAP_NO_COMMON)
PCI_FAULT(cap_no_list, "pci 0x12: PCI function has no capability list",
	  d->cap_fault = EMU_CAP_NO_LIST)
PCI_FAULT(notify_offset, "virtio pci 0x12: queue 0 notify offset 0x2000 is outside",
	  d->cap_fault = EMU_CAP_NOTIFY_OFF)
PCI_FAULT(bar_error_mid_boot, ", status 12 (function in error state)", d->bar_error_nth = 60)
PCI_FAULT(reset_mid_request, "virtio pci 0x12: request on queue 0 not completed within 30 s",
	  d->reset_at_notify = 3)
PCI_FAULT(not_virtio, "pci 0x12: PCI device 1af4:1003 is not a virtio block, SCSI or network device",
	  d->type = EMU_DEV_VIRTIO_SERIAL)

/* left enabled (e.g. by an OS before a re-IPL): disabled, then enabled */
TEST(pci_left_enabled_boots)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"))->pci_state = EMU_PCI_ENABLED;
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
	}
}

/* List PCI in pages of one entry: the third function is found. */
TEST(pci_list_paged)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.zpci_list_max = 1;
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, 0x1);
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, 0x2);
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
	}
}

/* A resume token that never ends: bounded, then what was seen is used. */
TEST(pci_list_never_ends)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.zpci_list_loop = true;
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"));
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_pci_boot(scn_data("z512.img"), 0, FID);
		SCN_CONSOLE("zPCI: List PCI Functions does not end");
	}
}

/* A device whose BAR accesses raise an exception: the program check is
 * reported and the machine stops (a defined end, nothing corrupted). */
TEST(pci_bar_exception_stops)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.allow_abnormal = true;
	emu_add_pci_blk(&cfg, FID, scn_data("z512.img"))->bar_pgm_nth = 5;
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_PGM);
		CHECK_EQ(emu_result()->pgm_code, 0x15);
		char why[200];

		CHECK(emu_fw_region_intact(why, sizeof(why)));
	}
}

TEST(pci_net_iplb_refused)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, FID);
	emu_boot_pci(&cfg, FID);
	EMU_RUN(&cfg) {
		expect_no_boot("pci 0x12: network boot is not supported yet");
	}
}

/* virtio-net on PCI: a transport-independent driver gets a working vdev
 * (two queues, the MAC in the device configuration, a transmit that the
 * device completes). This is what the network boot's driver is handed. */
static int net_rc = 1;
static uint8_t net_mac[6];

static void net_entry(void)
{
	static struct vdev vd;
	uint8_t *pkt;
	struct vbuf b;
	uint32_t used;

	net_rc = virtio_pci_open(&vd, FID);
	if (!net_rc)
		net_rc = virtio_setup(&vd, 1ULL << 5 /* MAC */, 2, net_mac, sizeof(net_mac));
	if (net_rc || vd.device_id != VIRTIO_ID_NET)
		return;
	pkt = dma_alloc(12 + 60, 8);    /* virtio-net header (VERSION_1) + frame */
	b = (struct vbuf){ ptr_to_abs(pkt), 12 + 60, false };
	net_rc = virtio_request(&vd, 1, &b, 1, &used);
	virtio_pci_unbind(&vd);
}

TEST(pci_net_vdev_for_the_net_driver)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, FID);
	cfg.entry = net_entry;
	cfg.allow_abnormal = true;
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_RETURNED);
		CHECK_EQ(net_rc, 0);
		CHECK(memcmp(net_mac, mac, 6) == 0);
		CHECK_EQ(emu_dev_requests(EMU_PCI_SSID, FID), 1);
		CHECK(!emu_pci_enabled(FID));
	}
}

/* --- the PCI rows of tests/e2e/run.sh on the real-zipl disks ------------- */

/* pci-real-vblk / pci-menu-lp3 (per-device loadparm 3 on virtio-blk-pci) */
static void e2e_pci_boot(const char *disk, const char *lp, unsigned int program)
{
	struct emu_config cfg;
	const char *path = scn_e2e(disk);

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 512 * MiB;
	emu_add_pci_blk(&cfg, 0, path)->loadparm = lp;
	emu_boot_pci(&cfg, 0);
	EMU_RUN(&cfg) {
		expect_pci_boot(path, program, 0);
	}
}

TEST(e2e_pci_real_vblk_92)
{
	e2e_pci_boot("real-vblk.img", NULL, 0);
}

TEST(e2e_pci_menu_lp3_92)
{
	e2e_pci_boot("real-menu.img", "3", 3);
}

/* pci-fallback: bad-blank on 0.0.0000 (bootindex 1), real-vblk on PCI (2) */
TEST(e2e_pci_fallback_92)
{
	struct emu_config cfg;
	const char *real = scn_e2e("real-vblk.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 512 * MiB;
	emu_add_pci_blk(&cfg, 0, real);
	emu_add_blk(&cfg, 0, 0x0000, scn_e2e("bad-blank.img"));
	emu_boot_ccw(&cfg, 0, 0x0000);
	emu_boot_pci(&cfg, 0);
	EMU_RUN(&cfg) {
		expect_pci_boot(real, 0, 0);
		SCN_CONSOLE("0.0.0000: no boot record");
	}
}

/* pci-scsi: QEMU 11.1's empty IPL block for scsi-hd on virtio-scsi-pci */
TEST(e2e_pci_scsi_92)
{
	static uint8_t empty[4096];
	struct emu_config cfg;
	const char *real = scn_e2e("real-scsi.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 512 * MiB;
	emu_scsi_add_lun(emu_add_pci_scsi(&cfg, 0), 0, 0, EMU_SCSI_HD, real);
	emu_boot_raw(&cfg, empty, sizeof(empty));
	EMU_RUN(&cfg) {
		expect_pci_boot(real, 0, 0);
	}
}

/* pci-no-bootindex: bad-blank on ccw, real-vblk on PCI, no IPL block */
static void e2e_pci_no_bootindex(enum emu_qemu q)
{
	struct emu_config cfg;
	const char *real = scn_e2e("real-vblk.img");

	emu_config_init(&cfg, q);
	cfg.ram_size = 512 * MiB;
	emu_add_blk(&cfg, 0, 0x0000, scn_e2e("bad-blank.img"));
	emu_add_pci_blk(&cfg, 0, real);
	EMU_RUN(&cfg) {
		expect_pci_boot_as(real, 0, 0, q != EMU_QEMU_72);
	}
}

TEST(e2e_pci_no_bootindex_72)
{
	e2e_pci_no_bootindex(EMU_QEMU_72);
}

TEST(e2e_pci_no_bootindex_92)
{
	e2e_pci_no_bootindex(EMU_QEMU_92);
}
