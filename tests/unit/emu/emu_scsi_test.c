/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator unit tests: virtio-scsi with scsi-hd and scsi-cd LUNs. The
 * initial UNIT ATTENTION, INQUIRY (standard and VPD), REPORT LUNS, missing
 * targets and LUNs, READ CAPACITY(16), READ(10)/READ(16) data against the
 * image, overrun, limits, and the injected SCSI faults.
 */
#include <string.h>

#include "emu.h"
#include "fw/endian.h"
#include "testfw.h"
#include "vdrv.h"

#define HD_SEED 0x51
#define CD_SEED 0xcd

static struct vd_dev d;

static void scsi_start(struct emu_config *cfg, struct emu_dev_cfg **dcp)
{
	struct emu_dev_cfg *dc;

	emu_config_init(cfg, EMU_QEMU_92);
	dc = emu_add_scsi(cfg, 0, 0x0005);
	emu_scsi_add_lun(dc, 0, 0, EMU_SCSI_HD, emu_image_pattern("hd", 2 * MiB, HD_SEED));
	emu_scsi_add_lun(dc, 2, 3, EMU_SCSI_CD, emu_image_pattern("cd", 1 * MiB, CD_SEED));
	if (dcp)
		*dcp = dc;
}

static void scsi_go(struct emu_config *cfg)
{
	emu_machine_start(cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 5), -1, 0, 3), 0);
}

/* REQUEST SENSE returns and clears the unit attention a reset left */
static void eat_ua(uint16_t target, uint32_t lun)
{
	uint8_t cdb[6] = { 0x03, 0, 0, 0, 18, 0 };
	uint8_t *buf = vd_alloc(32, 8);
	struct vd_scsi_resp r;

	REQUIRE_EQ(vd_scsi(&d, target, lun, cdb, 6, buf, 18, &r), 0);
	CHECK_EQ(buf[2], SCSI_SENSE_UNIT_ATTENTION);
	REQUIRE_EQ(vd_scsi(&d, target, lun, cdb, 6, buf, 18, &r), 0);
	CHECK_EQ(buf[2], 0);
}

static bool pattern_ok(uint32_t seed, const uint8_t *b, uint64_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (b[i] != emu_pattern_byte(seed, off + i))
			return false;
	return true;
}

TEST(scsi_config_and_unit_attention)
{
	static const uint8_t tur[6] = { 0 };
	struct emu_config cfg;
	struct vd_scsi_resp r;

	scsi_start(&cfg, NULL);
	scsi_go(&cfg);
	CHECK_EQ(get_be32(d.config + 20), 96);         /* sense_size */
	CHECK_EQ(get_be32(d.config + 24), 32);         /* cdb_size */
	CHECK_EQ(get_be16(d.config + 30), 255);        /* max_target */
	CHECK_EQ(get_be32(d.config + 32), 16383);      /* max_lun */
	REQUIRE_EQ(vd_scsi(&d, 0, 0, tur, 6, NULL, 0, &r), 0);
	CHECK_EQ(r.response, 0);
	CHECK_EQ(r.status, SCSI_STATUS_CHECK_CONDITION);
	CHECK_EQ(r.sense_len, 18);
	CHECK_EQ(r.sense[0], 0x70);
	CHECK_EQ(r.sense[2], SCSI_SENSE_UNIT_ATTENTION);
	CHECK_EQ(r.sense[12], 0x29);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, tur, 6, NULL, 0, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
}

TEST(scsi_inquiry)
{
	uint8_t cdb[6] = { SCSI_INQUIRY, 0, 0, 0, 96, 0 };
	struct emu_config cfg;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, NULL);
	scsi_go(&cfg);
	buf = vd_alloc(256, 8);
	/* INQUIRY is not blocked by the pending unit attention */
	REQUIRE_EQ(vd_scsi(&d, 0, 0, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK_EQ(buf[0], SCSI_TYPE_DISK);
	CHECK(!memcmp(buf + 8, "QEMU    QEMU HARDDISK   ", 24));
	REQUIRE_EQ(vd_scsi(&d, 2, 3, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(buf[0], SCSI_TYPE_CDROM);
	CHECK_EQ(buf[1], 0x80);
	CHECK(!memcmp(buf + 16, "QEMU CD-ROM     ", 16));
	/* VPD 0x00 and 0xb0 on the disk */
	cdb[1] = 1;
	cdb[2] = 0x00;
	REQUIRE_EQ(vd_scsi(&d, 0, 0, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(buf[3], 5);
	CHECK(memchr(buf + 4, 0xb0, buf[3]) != NULL);
	cdb[2] = 0xb0;
	REQUIRE_EQ(vd_scsi(&d, 0, 0, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK_EQ(get_be16(buf + 2), 0x3c);
	CHECK_EQ(get_be32(buf + 8), 0x7fffffffu / 512);
	CHECK_EQ(r.resid, 96 - 64);
	/* the CD has no block-limits page */
	REQUIRE_EQ(vd_scsi(&d, 2, 3, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_CHECK_CONDITION);
	CHECK_EQ(r.sense[2], SCSI_SENSE_ILLEGAL_REQUEST);
	/* missing LUN on an existing target: peripheral qualifier 3 */
	cdb[1] = 0;
	cdb[2] = 0;
	REQUIRE_EQ(vd_scsi(&d, 0, 7, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(r.response, 0);
	CHECK_EQ(buf[0], 0x7f);
	/* missing target */
	REQUIRE_EQ(vd_scsi(&d, 1, 0, cdb, 6, buf, 96, &r), 0);
	CHECK_EQ(r.response, VIRTIO_SCSI_S_BAD_TARGET);
}

TEST(scsi_report_luns)
{
	uint8_t cdb[12] = { SCSI_REPORT_LUNS, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	struct emu_config cfg;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, NULL);
	scsi_go(&cfg);
	buf = vd_alloc(256, 8);
	REQUIRE_EQ(vd_scsi(&d, 2, 0, cdb, 12, buf, 256, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK_EQ(get_be32(buf), 16);            /* the implicit LUN 0 first, then LUN 3 */
	CHECK_EQ(get_be64(buf + 8), 0);
	CHECK_EQ(buf[17], 3);
	REQUIRE_EQ(vd_scsi(&d, 5, 0, cdb, 12, buf, 256, &r), 0);
	CHECK_EQ(r.response, VIRTIO_SCSI_S_BAD_TARGET);
}

TEST(scsi_read)
{
	uint8_t cap[16] = { SCSI_SERVICE_ACTION_IN_16, SCSI_SAI_READ_CAPACITY_16 };
	uint8_t rd10[10] = { SCSI_READ_10 };
	uint8_t rd16[16] = { SCSI_READ_16 };
	uint8_t tur[6] = { 0 };
	struct emu_config cfg;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, NULL);
	scsi_go(&cfg);
	buf = vd_alloc(16384, 4096);
	put_be32(cap + 10, 32);
	vd_scsi(&d, 2, 3, tur, 6, NULL, 0, &r);         /* eat the unit attention */
	vd_scsi(&d, 0, 0, tur, 6, NULL, 0, &r);
	REQUIRE_EQ(vd_scsi(&d, 2, 3, cap, 16, buf, 32, &r), 0);
	CHECK_EQ(get_be64(buf), 511);
	CHECK_EQ(get_be32(buf + 8), 2048);
	put_be32(rd10 + 2, 10);
	put_be16(rd10 + 7, 4);
	REQUIRE_EQ(vd_scsi(&d, 2, 3, rd10, 10, buf, 8192, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK_EQ(r.resid, 0);
	CHECK(pattern_ok(CD_SEED, buf, 10 * 2048, 8192));
	put_be64(rd16 + 2, 4000);
	put_be32(rd16 + 10, 8);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd16, 16, buf, 8192, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK(pattern_ok(HD_SEED, buf, 4000 * 512, 4096));
	CHECK_EQ(r.resid, 4096);
	/* out of range */
	put_be64(rd16 + 2, 4095);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd16, 16, buf, 8192, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_CHECK_CONDITION);
	CHECK_EQ(r.sense[12], 0x21);
	/* buffer smaller than the transfer: overrun response */
	put_be64(rd16 + 2, 0);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd16, 16, buf, 1024, &r), 0);
	CHECK_EQ(r.response, 1);
}

TEST(scsi_faults)
{
	uint8_t rd10[10] = { SCSI_READ_10 };
	uint8_t tur[6] = { 0 };
	struct emu_config cfg;
	struct emu_dev_cfg *dc;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, &dc);
	dc->initial_ua = false;
	emu_add_fault(dc, EMU_FAULT_IO_ERROR, 1, 1, SCSI_READ_10, 0);
	emu_add_fault(dc, EMU_FAULT_SHORT_READ, 2, 1, SCSI_READ_10, 1024);
	emu_add_fault(dc, EMU_FAULT_SCSI_SENSE, 1, 3, SCSI_TEST_UNIT_READY, 0x062900);
	emu_add_fault(dc, EMU_FAULT_SCSI_RESPONSE, 4, 1, SCSI_READ_10, 9);
	scsi_go(&cfg);
	eat_ua(0, 0);
	buf = vd_alloc(4096, 4096);
	put_be16(rd10 + 7, 4);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd10, 10, buf, 2048, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_CHECK_CONDITION);
	CHECK_EQ(r.sense[2], SCSI_SENSE_MEDIUM_ERROR);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd10, 10, buf, 2048, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK_EQ(r.resid, 1024);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd10, 10, buf, 2048, &r), 0);
	CHECK_EQ(r.resid, 0);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd10, 10, buf, 2048, &r), 0);
	CHECK_EQ(r.response, 9);
	/* unit attention storm: three TURs in a row */
	for (int i = 0; i < 3; i++) {
		REQUIRE_EQ(vd_scsi(&d, 0, 0, tur, 6, NULL, 0, &r), 0);
		CHECK_EQ(r.sense[2], SCSI_SENSE_UNIT_ATTENTION);
	}
	REQUIRE_EQ(vd_scsi(&d, 0, 0, tur, 6, NULL, 0, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
}

TEST(scsi_limits)
{
	uint8_t rd10[10] = { SCSI_READ_10 };
	struct emu_config cfg;
	struct emu_dev_cfg *dc;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, &dc);
	dc->initial_ua = false;
	dc->max_sectors = 4;
	cfg.allow_violations = true;
	scsi_go(&cfg);
	eat_ua(0, 0);
	CHECK_EQ(get_be32(d.config + 8), 4);
	buf = vd_alloc(8192, 4096);
	put_be16(rd10 + 7, 8);
	REQUIRE_EQ(vd_scsi(&d, 0, 0, rd10, 10, buf, 4096, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_CHECK_CONDITION);
	CHECK_EQ(emu_violation_count(), 1);
}

TEST(scsi_modern_ring)
{
	uint8_t rd10[10] = { SCSI_READ_10 };
	struct emu_config cfg;
	struct emu_dev_cfg *dc;
	struct vd_scsi_resp r;
	uint8_t *buf;

	scsi_start(&cfg, &dc);
	dc->initial_ua = false;
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 5), 2, 1ULL << VIRTIO_F_VERSION_1, 3), 0);
	CHECK(d.le);
	CHECK_EQ(get_le32(d.config + 20), 96);
	eat_ua(2, 3);
	buf = vd_alloc(4096, 4096);
	put_be32(rd10 + 2, 1);
	put_be16(rd10 + 7, 2);
	REQUIRE_EQ(vd_scsi(&d, 2, 3, rd10, 10, buf, 4096, &r), 0);
	CHECK_EQ(r.status, SCSI_STATUS_GOOD);
	CHECK(pattern_ok(CD_SEED, buf, 2048, 4096));
}
