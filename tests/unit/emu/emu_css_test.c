/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator unit tests: the channel subsystem (subchannel sets and MSS,
 * STSCH/MSCH/SSCH/TSCH/TPI/CSCH, SENSE ID of every device kind, command
 * chaining, TIC, SLI and length checks, command reject + BASIC SENSE,
 * concurrent sense, injected unit checks and not-operational devices,
 * invalid ORBs as program interruptions).
 */
#include <string.h>

#include "drivers/css/css_insn.h"
#include "emu.h"
#include "fw/endian.h"
#include "testfw.h"
#include "vdrv.h"

static void css_cfg(struct emu_config *cfg)
{
	emu_config_init(cfg, EMU_QEMU_92);
	emu_add_blk(cfg, 0, 0x0001, NULL);
	emu_add_dev(cfg, EMU_DEV_3270, 0, 0x0002);
	emu_add_dev(cfg, EMU_DEV_DASD, 0, 0x0003);
	emu_add_dev(cfg, EMU_DEV_VIRTIO_NET, 0, 0x0004);
	emu_add_scsi(cfg, 1, 0x1000);
}

TEST(css_stsch_and_mss)
{
	struct emu_config cfg;
	struct schib s;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	REQUIRE_EQ(css_stsch(SCHID_MAKE(0, 0), &s), 0);
	CHECK_EQ(be16_to_cpu(s.pmcw.devno), 0x0001);
	CHECK(be16_to_cpu(s.pmcw.flags) & PMCW_DNV);
	CHECK(!(be16_to_cpu(s.pmcw.flags) & PMCW_ENA));
	CHECK_EQ(css_stsch(SCHID_MAKE(0, 3), &s), 0);
	CHECK_EQ(be16_to_cpu(s.pmcw.devno), 0x0004);
	CHECK_EQ(css_stsch(SCHID_MAKE(0, 4), &s), 3);          /* past the last one */
	/* ssid 1 is invisible until CHSC enable-MSS, like QEMU */
	CHECK_EQ(css_stsch(SCHID_MAKE(1, 0), &s), 3);
	REQUIRE_EQ(vd_enable_mss(), 0);
	REQUIRE_EQ(css_stsch(SCHID_MAKE(1, 0), &s), 0);
	CHECK_EQ(be16_to_cpu(s.pmcw.devno), 0x1000);
	CHECK_EQ(css_stsch(SCHID_MAKE(2, 0), &s), 3);
}

TEST(css_stsch_gap_gives_empty_schib)
{
	struct emu_config cfg;
	struct schib s;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 0x0001, NULL)->schno = 5;
	emu_machine_start(&cfg);
	memset(&s, 0xff, sizeof(s));
	CHECK_EQ(css_stsch(SCHID_MAKE(0, 2), &s), 0);
	CHECK_EQ(be16_to_cpu(s.pmcw.flags) & PMCW_DNV, 0);
	CHECK_EQ(css_stsch(SCHID_MAKE(0, 5), &s), 0);
	CHECK(be16_to_cpu(s.pmcw.flags) & PMCW_DNV);
	CHECK_EQ(css_stsch(SCHID_MAKE(0, 6), &s), 3);
}

TEST(css_senseid_all_kinds)
{
	static const struct { uint16_t devno, cu; uint8_t model; } want[] = {
		{ 0x0001, 0x3832, 2 }, { 0x0002, 0x3270, 2 }, { 0x0003, 0x3990, 0xe9 },
		{ 0x0004, 0x3832, 1 },
	};
	struct emu_config cfg;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	for (unsigned int i = 0; i < 4; i++) {
		uint32_t schid = vd_find(0, want[i].devno);
		struct senseid *id = vd_alloc(sizeof(*id), 8);
		struct vd_status st;

		REQUIRE(schid);
		CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, id, sizeof(*id), &st), 0);
		CHECK_EQ(id->reserved, 0xff);
		CHECK_EQ(be16_to_cpu(id->cu_type), want[i].cu);
		CHECK_EQ(id->cu_model, want[i].model);
		CHECK_EQ(st.count, 0);
	}
}

TEST(css_length_rules)
{
	struct emu_config cfg;
	uint32_t schid;
	uint8_t *buf;
	struct vd_status st;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	schid = vd_find(0, 0x0001);
	buf = vd_alloc(512, 8);
	/* short SENSE ID without SLI: QEMU answers with a channel program check */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, 0, buf, 8, &st), -2);
	CHECK_EQ(st.cstat, CSTAT_PROG);
	/* with SLI: 8 bytes stored, no error */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 8, &st), 0);
	CHECK_EQ(buf[0], 0xff);
	/* longer buffer with SLI: residual count reported */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 300, &st), 0);
	CHECK_EQ(st.count, 300 - 256);
	/* unknown command: unit check, command reject in BASIC SENSE */
	CHECK_EQ(vd_cmd(schid, 0xf4, 0, buf, 4, &st), -2);
	CHECK_EQ(st.dstat, DSTAT_UC);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_BASIC_SENSE, 0, buf, 32, &st), 0);
	CHECK_EQ(buf[0], 0x80);
	/* sense is cleared once read */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_BASIC_SENSE, CCW_FLAG_SLI, buf, 64, &st), 0);
	CHECK_EQ(buf[0], 0);
	CHECK_EQ(st.count, 32);
	/* command code with low nibble 0 is invalid: program check */
	CHECK_EQ(vd_cmd(schid, 0x10, 0, buf, 4, &st), -2);
	CHECK_EQ(st.cstat, CSTAT_PROG);
}

TEST(css_chain_and_tic)
{
	struct emu_config cfg;
	uint32_t schid;
	struct ccw1 *c;
	uint8_t *id;
	struct vd_status st;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	schid = vd_find(0, 0x0002);
	c = vd_alloc(5 * sizeof(*c), 8);
	id = vd_alloc(256, 8);
	vd_ccw(&c[0], CCW_CMD_NOOP, CCW_FLAG_CC | CCW_FLAG_SLI, NULL, 1);
	vd_ccw(&c[1], CCW_CMD_TIC, 0, &c[3], 0);
	vd_ccw(&c[2], 0xf4, 0, NULL, 1);                /* skipped by TIC */
	vd_ccw(&c[3], CCW_CMD_SENSE_ID, CCW_FLAG_SLI, id, 256);
	CHECK_EQ(vd_run(schid, c, &st), 0);
	CHECK_EQ(get_be16(id + 1), 0x3270);
	/* TIC to TIC: program check */
	vd_ccw(&c[0], CCW_CMD_TIC, 0, &c[1], 0);
	vd_ccw(&c[1], CCW_CMD_TIC, 0, &c[3], 0);
	CHECK_EQ(vd_run(schid, c, &st), -2);
	CHECK_EQ(st.cstat, CSTAT_PROG);
	/* 3270 rejects virtio commands */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_VDEV_RESET, 0, NULL, 0, &st), -2);
	CHECK_EQ(st.dstat, DSTAT_UC);
}

TEST(css_tsch_tpi_csch)
{
	struct emu_config cfg;
	uint32_t schid;
	struct ccw1 *c;
	struct orb orb;
	struct irb irb;
	struct tpi_info ti;
	uint8_t *id;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	schid = vd_find(0, 0x0001);
	c = vd_alloc(sizeof(*c), 8);
	id = vd_alloc(256, 8);
	vd_ccw(c, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, id, 256);
	memset(&orb, 0, sizeof(orb));
	orb.intparm = cpu_to_be32(0x12345678);
	orb.ctrl = cpu_to_be32(ORB_FMT1 | ORB_PFCH | ORB_C64 | (0xffu << ORB_LPM_SHIFT));
	orb.cpa = cpu_to_be32(vd_abs(c));
	CHECK_EQ(css_tpi(&ti), 0);
	REQUIRE_EQ(css_ssch(schid, &orb), 0);
	CHECK_EQ(css_ssch(schid, &orb), 1);     /* status pending */
	CHECK_EQ(css_tpi(&ti), 1);
	CHECK_EQ(be32_to_cpu(ti.schid), schid);
	CHECK_EQ(be32_to_cpu(ti.intparm), 0x12345678);
	CHECK_EQ(css_tpi(&ti), 0);
	CHECK_EQ(css_tsch(schid, &irb), 0);
	CHECK_EQ(irb.scsw.dstat, DSTAT_CE | DSTAT_DE);
	CHECK(be32_to_cpu(irb.scsw.flags) & SCSW_STCTL_PENDING);
	CHECK_EQ(be32_to_cpu(irb.scsw.cpa), vd_abs(c) + 8);
	CHECK_EQ(css_tsch(schid, &irb), 1);     /* nothing pending any more */
	CHECK_EQ(css_csch(schid), 0);
	CHECK_EQ(css_tsch(schid, &irb), 0);
	CHECK(be32_to_cpu(irb.scsw.flags) & SCSW_FCTL_CLEAR);
	/* disabled subchannel: cc 3 */
	CHECK_EQ(css_ssch(SCHID_MAKE(0, 1), &orb), 3);
	/* lpm without path 0x80: deferred cc 3 in the SCSW */
	orb.ctrl = cpu_to_be32(ORB_FMT1 | (0x40u << ORB_LPM_SHIFT));
	CHECK_EQ(css_ssch(schid, &orb), 0);
	CHECK_EQ(css_tsch(schid, &irb), 0);
	CHECK_EQ((be32_to_cpu(irb.scsw.flags) >> SCSW_CC_SHIFT) & 3, 3);
}

TEST(css_concurrent_sense)
{
	struct emu_config cfg;
	uint32_t schid;
	struct schib s;
	struct ccw1 *c;
	struct orb orb;
	struct irb irb;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	schid = vd_find(0, 0x0001);
	REQUIRE_EQ(css_stsch(schid, &s), 0);
	s.pmcw.chars = cpu_to_be32(1);          /* concurrent sense */
	REQUIRE_EQ(css_msch(schid, &s), 0);
	c = vd_alloc(sizeof(*c), 8);
	vd_ccw(c, 0xf4, CCW_FLAG_SLI, NULL, 1);
	memset(&orb, 0, sizeof(orb));
	orb.ctrl = cpu_to_be32(ORB_FMT1 | (0xffu << ORB_LPM_SHIFT));
	orb.cpa = cpu_to_be32(vd_abs(c));
	REQUIRE_EQ(css_ssch(schid, &orb), 0);
	REQUIRE_EQ(css_tsch(schid, &irb), 0);
	CHECK_EQ(irb.scsw.dstat, DSTAT_UC);
	CHECK_EQ(((const uint8_t *)irb.ecw)[0], 0x80);
}

TEST(css_fault_unit_check_and_not_oper)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	struct emu_fault *f;
	uint32_t schid;
	uint8_t *buf;
	struct vd_status st;
	struct schib s;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, NULL);
	f = emu_add_fault(d, EMU_FAULT_UNIT_CHECK, 2, 1, CCW_CMD_SENSE_ID, 0);
	f->sense[0] = 0x10;     /* equipment check */
	f->sense[1] = 0x22;
	emu_add_fault(d, EMU_FAULT_NOT_OPER, 5, 0, EMU_ANY, 0);
	emu_machine_start(&cfg);
	schid = vd_find(0, 0x0001);
	buf = vd_alloc(256, 8);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 256, &st), 0);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 256, &st), -2);
	CHECK_EQ(st.dstat, DSTAT_CE | DSTAT_DE | DSTAT_UC);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_BASIC_SENSE, CCW_FLAG_SLI, buf, 32, &st), 0);
	CHECK_EQ(buf[0], 0x10);
	CHECK_EQ(buf[1], 0x22);
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 256, &st), 0);
	/* the 5th SSCH finds the device gone */
	CHECK_EQ(vd_cmd(schid, CCW_CMD_SENSE_ID, CCW_FLAG_SLI, buf, 256, &st), -1);
	CHECK_EQ(st.cc, 3);
	CHECK_EQ(css_stsch(schid, &s), 3);     /* was the last subchannel */
	CHECK_EQ(emu_ssch_count(0, 1), 4);
}

static void bad_orb(void)
{
	struct orb orb;

	memset(&orb, 0, sizeof(orb));
	orb.ctrl = cpu_to_be32(ORB_FMT1 | 0x00040000u);        /* reserved bit */
	css_ssch(SCHID_MAKE(0, 0), &orb);
}

static void bad_schid(void)
{
	struct schib s;

	css_stsch(0x00000000, &s);      /* "one" bit missing */
}

static void bad_chsc(void)
{
	static uint8_t page[8192] __attribute__((aligned(4096)));

	css_chsc(page + 8);
}

TEST(css_program_interruptions)
{
	struct emu_config cfg;

	css_cfg(&cfg);
	emu_machine_start(&cfg);
	CHECK_EQ(emu_call(bad_orb), EMU_OUT_PGM);
	CHECK_EQ(emu_result()->pgm_code, 0x15);
	CHECK_EQ(emu_call(bad_schid), EMU_OUT_PGM);
	CHECK_EQ(emu_result()->pgm_code, 0x15);
	CHECK_EQ(emu_call(bad_chsc), EMU_OUT_PGM);
	CHECK_EQ(emu_result()->pgm_code, 0x06);
}
