/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator unit tests: virtio-ccw transport and virtio-blk. Set-up through
 * real CCW programs in revision 0 (big-endian rings) and revision 1 with
 * VERSION_1 (little-endian rings), reads through the ring compared with
 * the image, QEMU's alignment/range rules for 4 KiB disks, seg_max, the
 * revision rules, and every request fault.
 */
#include <string.h>

#include "diag/diag.h"
#include "drivers/css/css_insn.h"
#include "emu.h"
#include "fw/endian.h"
#include "fw/machine.h"
#include "testfw.h"
#include "vdrv.h"

#define SEED 0x1234

static char *blk_image(void)
{
	return emu_image_pattern("blk", 1 * MiB, SEED);
}

static bool pattern_ok(const uint8_t *buf, uint64_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (buf[i] != emu_pattern_byte(SEED, off + i))
			return false;
	return true;
}

static struct emu_dev_cfg *blk_cfg(struct emu_config *cfg, const char *img)
{
	emu_config_init(cfg, EMU_QEMU_92);
	return emu_add_blk(cfg, 0, 0x0001, img);
}

TEST(blk_legacy_read)
{
	struct emu_config cfg;
	struct vd_dev d;
	uint8_t *buf, status;
	uint32_t len;

	blk_cfg(&cfg, blk_image());
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), -1,
				   (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_BLK_F_GEOMETRY), 1),
		   0);
	CHECK_EQ(emu_dev_revision(0, 1), 0);
	CHECK(!d.le);
	/* legacy config is big-endian */
	CHECK_EQ(get_be64(d.config), 2048);
	CHECK_EQ(get_be32(d.config + 20), 512);
	CHECK_EQ(d.vq[0].num, 128);
	buf = vd_alloc(8192, 4096);
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 4096, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
	CHECK_EQ(len, 4097);
	CHECK(pattern_ok(buf, 0, 4096));
	REQUIRE_EQ(vd_blk_read(&d, 2047, buf, 512, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
	CHECK(pattern_ok(buf, 2047 * 512, 512));
	/* beyond the end: IOERR */
	REQUIRE_EQ(vd_blk_read(&d, 2047, buf, 1024, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_IOERR);
	CHECK_EQ(emu_dev_requests(0, 1), 3);
	CHECK_EQ(emu_violation_count(), 0);
}

TEST(blk_modern_read_4k)
{
	struct emu_config cfg;
	struct vd_dev d;
	uint8_t *buf, status;
	uint32_t len;

	blk_cfg(&cfg, blk_image())->block_size = 4096;
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), 1,
				   (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_BLK_F_BLK_SIZE), 1),
		   0);
	CHECK_EQ(emu_dev_revision(0, 1), 1);
	CHECK(d.le);
	CHECK_EQ(get_le32(d.config + 20), 4096);
	CHECK_EQ(get_le32(d.config), 2048);
	buf = vd_alloc(8192, 4096);
	REQUIRE_EQ(vd_blk_read(&d, 8, buf, 8192, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
	CHECK(pattern_ok(buf, 4096, 8192));
	/* sector not aligned to the 4 KiB block, or partial block: IOERR */
	REQUIRE_EQ(vd_blk_read(&d, 1, buf, 4096, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_IOERR);
	REQUIRE_EQ(vd_blk_read(&d, 8, buf, 512, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_IOERR);
}

TEST(blk_revision_rules)
{
	struct emu_config cfg;
	struct virtio_rev_info *ri;
	struct virtio_feature_desc *fd;
	struct vd_status st;
	uint32_t schid;
	struct schib s;

	blk_cfg(&cfg, NULL);
	emu_machine_start(&cfg);
	schid = vd_find(0, 1);
	ri = vd_alloc(sizeof(*ri), 8);
	fd = vd_alloc(sizeof(*fd), 8);
	/* any other command first makes the device legacy */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_VDEV_RESET, 0, NULL, 0, &st), 0);
	ri->revision = cpu_to_be16(1);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VIRTIO_REV, 0, ri, 4, &st), -2);
	CHECK_EQ(st.dstat, DSTAT_UC);
	/* legacy: word 1 reads as zero (no VERSION_1) */
	fd->index = 1;
	CHECK_EQ(vd_cmd(schid, CCW_CMD_READ_FEAT, 0, fd, 5, &st), 0);
	CHECK_EQ(fd->features, 0);
	/* disabling the subchannel forgets the revision */
	REQUIRE_EQ(css_stsch(schid, &s), 0);
	s.pmcw.flags = cpu_to_be16(be16_to_cpu(s.pmcw.flags) & ~PMCW_ENA);
	REQUIRE_EQ(css_msch(schid, &s), 0);
	s.pmcw.flags = cpu_to_be16(be16_to_cpu(s.pmcw.flags) | PMCW_ENA);
	REQUIRE_EQ(css_msch(schid, &s), 0);
	ri->revision = cpu_to_be16(3);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VIRTIO_REV, 0, ri, 4, &st), -2);    /* > max */
	ri->revision = cpu_to_be16(2);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VIRTIO_REV, 0, ri, 4, &st), 0);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VIRTIO_REV, 0, ri, 4, &st), -2);    /* once */
	fd->index = 1;
	CHECK_EQ(vd_cmd(schid, CCW_CMD_READ_FEAT, 0, fd, 5, &st), 0);
	CHECK(le32_to_cpu(fd->features) & 1);                  /* VERSION_1 */
	fd->index = 0;
	CHECK_EQ(vd_cmd(schid, CCW_CMD_READ_FEAT, 0, fd, 5, &st), 0);
	CHECK_EQ(le32_to_cpu(fd->features) & (1u << 27), 0);  /* legacy-only */
	/* READ_FEAT with a wrong count and no SLI: program check */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_READ_FEAT, 0, fd, 4, &st), -2);
	CHECK_EQ(st.cstat, CSTAT_PROG);
}

TEST(blk_legacy_set_vq_too_small)
{
	struct emu_config cfg;
	struct vq_info_block_legacy *vl;
	struct vd_status st;
	uint32_t schid;
	void *ring;

	blk_cfg(&cfg, NULL);
	emu_machine_start(&cfg);
	schid = vd_find(0, 1);
	vl = vd_alloc(sizeof(*vl), 8);
	ring = vd_alloc(3 * 4096, 4096);
	vl->queue = cpu_to_be64(vd_abs(ring));
	vl->align = cpu_to_be32(4096);
	vl->num = cpu_to_be16(64);              /* device has 128 */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VQ, 0, vl, sizeof(*vl), &st), -2);
	CHECK_EQ(st.cstat, CSTAT_PROG);
	vl->num = cpu_to_be16(128);
	vl->align = cpu_to_be32(2048);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VQ, 0, vl, sizeof(*vl), &st), -2);
	vl->align = cpu_to_be32(4096);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SET_VQ, 0, vl, sizeof(*vl), &st), 0);
}

TEST(blk_seg_max_enforced)
{
	struct emu_config cfg;
	struct vd_dev d;
	struct vd_seg segs[6];
	struct virtio_blk_outhdr *h;
	uint8_t *buf, *status;
	uint32_t len;

	blk_cfg(&cfg, blk_image())->seg_max = 2;
	cfg.allow_violations = true;
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), -1, 1ULL << VIRTIO_BLK_F_SEG_MAX, 1), 0);
	CHECK_EQ(get_be32(d.config + 12), 2);
	h = vd_alloc(sizeof(*h), 16);
	buf = vd_alloc(4096, 4096);
	status = vd_alloc(1, 8);
	h->type = 0;
	h->sector = 0;
	segs[0] = (struct vd_seg){ h, 16, false };
	for (int i = 0; i < 4; i++)
		segs[1 + i] = (struct vd_seg){ buf + 512 * i, 512, true };
	segs[5] = (struct vd_seg){ status, 1, true };
	REQUIRE_EQ(vd_submit(&d, 0, segs, 6, &len, 100), 0);
	CHECK_EQ(*status, VIRTIO_BLK_S_IOERR);
	CHECK_EQ(emu_violation_count(), 1);
	CHECK_STR(emu_violation(0), "seg_max");
}

TEST(blk_faults)
{
	struct emu_config cfg;
	struct emu_dev_cfg *dc;
	struct vd_dev d;
	uint8_t *buf, status;
	uint32_t len;

	dc = blk_cfg(&cfg, blk_image());
	emu_add_fault(dc, EMU_FAULT_IO_ERROR, 1, 1, EMU_ANY, 0);
	emu_add_fault(dc, EMU_FAULT_SHORT_READ, 2, 1, EMU_ANY, 512);
	emu_add_fault(dc, EMU_FAULT_USED_LEN, 3, 1, EMU_ANY, 7);
	emu_add_fault(dc, EMU_FAULT_USED_ID, 4, 1, EMU_ANY, 5);
	emu_add_fault(dc, EMU_FAULT_NO_COMPLETION, 5, 1, EMU_ANY, 0);
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), -1, 0, 1), 0);
	buf = vd_alloc(4096, 4096);
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_IOERR);
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
	CHECK_EQ(len, 2048 - 512 + 1);
	CHECK(pattern_ok(buf, 0, 1536));
	CHECK(!pattern_ok(buf + 1536, 1536, 512));
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), 0);
	CHECK_EQ(len, 7);
	CHECK_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), -1);     /* wrong id */
	CHECK_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), -1);     /* never */
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 2048, &status, &len), 0);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
}

TEST(blk_delayed_completion)
{
	struct emu_config cfg;
	struct vd_dev d;
	uint8_t *buf, status;
	uint32_t len;
	uint64_t t0;

	blk_cfg(&cfg, blk_image())->completion_delay_us = 50000;
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), -1, 0, 1), 0);
	buf = vd_alloc(4096, 4096);
	t0 = mach_tod();
	REQUIRE_EQ(vd_blk_read(&d, 0, buf, 4096, &status, &len), 0);
	CHECK(mach_tod() - t0 >= 50 * TOD_PER_MS);
	CHECK_EQ(status, VIRTIO_BLK_S_OK);
	CHECK(pattern_ok(buf, 0, 4096));
}

static void notify_bad(void)
{
	/* DIAG 500 for a subchannel that does not exist: -EINVAL, no PGM */
	if (diag500_notify(SCHID_MAKE(0, 9), 0, 0) >= 0)
		mach_halt(1);
	mach_halt(2);
}

TEST(blk_notify_errors)
{
	struct emu_config cfg;

	blk_cfg(&cfg, NULL);
	emu_machine_start(&cfg);
	CHECK_EQ(emu_call(notify_bad), EMU_OUT_HALT);
	CHECK_EQ(emu_result()->halt_code, 2);
}

TEST(blk_bad_descriptor_breaks_device)
{
	struct emu_config cfg;
	struct vd_dev d;
	struct vd_seg segs[3];
	struct virtio_blk_outhdr *h;
	uint8_t *buf, *status;
	uint32_t len;

	blk_cfg(&cfg, blk_image());
	cfg.allow_violations = true;
	emu_machine_start(&cfg);
	REQUIRE_EQ(vd_virtio_setup(&d, vd_find(0, 1), -1, 0, 1), 0);
	h = vd_alloc(sizeof(*h), 16);
	buf = vd_alloc(512, 512);
	status = vd_alloc(1, 8);
	/* writable descriptor before a readable one */
	segs[0] = (struct vd_seg){ buf, 512, true };
	segs[1] = (struct vd_seg){ h, 16, false };
	segs[2] = (struct vd_seg){ status, 1, true };
	CHECK_EQ(vd_submit(&d, 0, segs, 3, &len, 10), -1);
	CHECK_EQ(emu_violation_count(), 1);
	CHECK_STR(emu_violation(0), "incorrect order");
}
