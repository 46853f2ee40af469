/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator unit tests: memory layout per QEMU model (fwbase, DMA area,
 * QIPL, IPLB chain), the virtual clock and waits, SCLP (Read SCP Info,
 * console output and scripted input, busy/never-signal faults), DIAG 308
 * store/set in the 7.2 and 9.2+ flavours, and the runner's outcomes
 * (halt, hand-over through the trampoline, program check, hang).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/iplb.h"
#include "abi/lowcore.h"
#include "abi/qipl.h"
#include "abi/sclp.h"
#include "diag/diag.h"
#include "drivers/sclp/sclp_insn.h"
#include "emu.h"
#include "fw/endian.h"
#include "fw/layout.h"
#include "fw/machine.h"
#include "testfw.h"
#include "vdrv.h"

TEST(layout_qemu72)
{
	struct emu_config cfg;
	absaddr_t s, e;
	size_t sz;
	const struct qipl *q;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 1, NULL);
	emu_boot_ccw(&cfg, 0, 1);
	emu_boot_ccw(&cfg, 0, 2);               /* 7.2 builds no chain */
	emu_machine_start(&cfg);
	mach_fw_region(&s, &e);
	CHECK_EQ(s, 0x7e00000);                 /* checked on QEMU 7.2.22 */
	CHECK_EQ(e - s, FW_MAX_FOOTPRINT);
	CHECK(ptr_to_abs(mach_dma_area(&sz)) >= s);
	CHECK_EQ(sz, FW_DMA_SIZE);
	CHECK_EQ(ptr_to_abs(mach_dma_area(&sz)) & 0xfff, 0);
	q = abs_to_ptr(LC_QIPL, sizeof(*q));
	CHECK_EQ(q->flags, QIPL_FLAG_BM_OPTS_ZIPL);
	CHECK_EQ(q->chain_len, 0);
	CHECK_EQ(q->next_iplb, 0);
	CHECK(abs_to_ptr(128 * MiB - 1, 1) != NULL);
	CHECK(abs_to_ptr(128 * MiB - 1, 2) == NULL);
	CHECK(abs_to_ptr(~0ULL, 2) == NULL);
}

TEST(layout_qemu92_chain)
{
	struct emu_config cfg;
	const struct qipl *q;
	const struct iplb *b;
	char why[128];

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.loadparm = "prompt";
	emu_add_blk(&cfg, 0, 1, NULL)->loadparm = "2";
	emu_add_blk(&cfg, 0, 2, NULL);
	emu_add_scsi(&cfg, 0, 3);
	emu_boot_ccw(&cfg, 0, 1);
	emu_boot_ccw(&cfg, 0, 2);
	emu_boot_scsi(&cfg, 0, 3, 1, 2);
	emu_machine_start(&cfg);
	CHECK_EQ(emu_fwbase(), 0x7d00000);      /* checked on QEMU 11.1.3 */
	q = abs_to_ptr(LC_QIPL, sizeof(*q));
	CHECK_EQ(be16_to_cpu(q->chain_len), 2);
	CHECK_EQ(be64_to_cpu(q->next_iplb), 0x7cfe000);
	b = abs_to_ptr(0x7cfe000, 2 * IPLB_SIZE);
	CHECK_EQ(b[0].pbt, IPL_PBT_CCW);
	CHECK_EQ(be16_to_cpu(b[0].ccw.devno), 2);
	CHECK_EQ(b[0].flags, IPLB_FLAG_LP_VALID);
	CHECK_EQ(b[0].loadparm[0], 0xd7);       /* 'P' (machine loadparm) */
	CHECK_EQ(b[1].pbt, IPL_PBT_QEMU_SCSI);
	CHECK_EQ(be16_to_cpu(b[1].scsi.target), 1);
	CHECK_EQ(be32_to_cpu(b[1].scsi.lun), 2);
	CHECK(emu_chain_intact(why, sizeof(why)));
	((uint8_t *)abs_to_ptr(0x7cfe010, 1))[0] ^= 1;
	CHECK(!emu_chain_intact(why, sizeof(why)));
	CHECK(emu_fw_region_intact(why, sizeof(why)));
}

TEST(diag308_store_and_set)
{
	struct emu_config cfg;
	struct iplb *b;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.loadparm = "1";
	emu_add_scsi(&cfg, 0, 3);
	emu_boot_scsi(&cfg, 0, 3, 0, 0);
	emu_boot_ccw(&cfg, 0, 7);
	emu_machine_start(&cfg);
	b = vd_alloc(IPLB_SIZE, 4096);
	memset(b, 0xaa, IPLB_SIZE);
	REQUIRE_EQ(diag308_store(vd_abs(b)), DIAG308_RC_OK);
	CHECK_EQ(be32_to_cpu(b->len), IPLB_LEN_QEMU_SCSI);
	CHECK_EQ(b->pbt, IPL_PBT_QEMU_SCSI);
	CHECK_EQ(b->loadparm[0], 0xf1);
	CHECK_EQ(b->loadparm[1], 0x40);
	CHECK_EQ(((uint8_t *)b)[IPLB_LEN_QEMU_SCSI], 0xaa);    /* only len bytes */
	/* 9.2+: 0xff with the boot index in the devno field is rebuilt */
	b->scsi.devno = cpu_to_be16(1);
	CHECK_EQ(diag308_set(vd_abs(b)), DIAG308_RC_OK);
	REQUIRE_EQ(diag308_store(vd_abs(b)), DIAG308_RC_OK);
	CHECK_EQ(b->pbt, IPL_PBT_CCW);
	CHECK_EQ(be16_to_cpu(b->ccw.devno), 7);
	b->pbt = 0x33;
	CHECK_EQ(diag308_set(vd_abs(b)), DIAG308_RC_INVALID);
}

TEST(diag308_qemu72_rejects_ff)
{
	struct emu_config cfg;
	struct iplb *b;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_machine_start(&cfg);
	b = vd_alloc(IPLB_SIZE, 4096);
	CHECK_EQ(diag308_store(vd_abs(b)), DIAG308_RC_NOCONFIG);
	b->len = cpu_to_be32(IPLB_LEN_QEMU_SCSI);
	b->pbt = IPL_PBT_QEMU_SCSI;
	CHECK_EQ(diag308_set(vd_abs(b)), DIAG308_RC_INVALID);
	b->pbt = IPL_PBT_CCW;
	CHECK_EQ(diag308_set(vd_abs(b)), DIAG308_RC_OK);
	CHECK_EQ(diag308_store(vd_abs(b)), DIAG308_RC_OK);
}

static void diag308_unaligned(void)
{
	diag308_store(emu_dma_base() + 8);
}

TEST(diag308_unaligned_is_pgm)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_machine_start(&cfg);
	CHECK_EQ(emu_call(diag308_unaligned), EMU_OUT_PGM);
	CHECK_EQ(emu_result()->pgm_code, 6);
}

TEST(sclp_info_and_console)
{
	struct emu_config cfg;
	struct read_info_sccb *ri;
	struct write_event_mask_sccb *m;
	struct event_data_sccb *ev;
	size_t rawlen;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 256 * MiB;
	cfg.loadparm = "abc";
	cfg.scp_byte134 = 0x55;
	emu_machine_start(&cfg);
	ri = vd_sccb();
	ri->h.length = cpu_to_be16(SCCB_SIZE);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_READ_SCP_INFO, ri), 0);
	CHECK_EQ(be16_to_cpu(ri->h.response_code), SCLP_RC_NORMAL_READ_COMPLETION);
	CHECK_EQ(be16_to_cpu(ri->rnmax) * ri->rnsize, 256);
	CHECK_EQ(ri->loadparm[0], 0xc1);
	CHECK_EQ(ri->loadparm[3], 0x40);
	CHECK_EQ(ri->byte_134, 0x55);
	m = vd_sccb();
	memset(m, 0, sizeof(*m));
	m->h.length = cpu_to_be16(sizeof(*m));
	m->mask_length = cpu_to_be16(4);
	m->cp_send_mask = cpu_to_be32(SCLP_EVENT_MASK_ASCII);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_WRITE_EVENT_MASK, m), 0);
	CHECK_EQ(be16_to_cpu(m->h.response_code), SCLP_RC_NORMAL_COMPLETION);
	CHECK(be32_to_cpu(m->sclp_receive_mask) & SCLP_EVENT_MASK_ASCII);
	ev = vd_sccb();
	memset(ev, 0, 64);
	ev->h.length = cpu_to_be16(8 + 6 + 7);
	ev->ebh.length = cpu_to_be16(6 + 7);
	ev->ebh.type = SCLP_EVENT_ASCII_CONSOLE;
	memcpy(ev->data, "hi\r\nyo\n", 7);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_WRITE_EVENT_DATA, ev), 0);
	CHECK_EQ(be16_to_cpu(ev->h.response_code), SCLP_RC_NORMAL_COMPLETION);
	CHECK_EQ(ev->ebh.flags, 0x80);
	CHECK(!strcmp(emu_console(), "hi\nyo\n"));
	CHECK_EQ(emu_console_raw(&rawlen)[2], '\r');
	CHECK_EQ(rawlen, 7);
	/* a broken event buffer length */
	ev->ebh.length = cpu_to_be16(3);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_WRITE_EVENT_DATA, ev), 0);
	CHECK_EQ(be16_to_cpu(ev->h.response_code), 0x73f0);
	/* unknown command */
	REQUIRE_EQ(vd_sclp(0x00990005, ev), 0);
	CHECK_EQ(be16_to_cpu(ev->h.response_code), 0x01f0);
}

TEST(sclp_keyboard)
{
	struct emu_config cfg;
	struct write_event_mask_sccb *m;
	struct event_data_sccb *ev;
	uint64_t t0;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_key(&cfg, 2000, "1\r");
	emu_machine_start(&cfg);
	m = vd_sccb();
	memset(m, 0, sizeof(*m));
	m->h.length = cpu_to_be16(sizeof(*m));
	m->mask_length = cpu_to_be16(4);
	m->cp_receive_mask = cpu_to_be32(SCLP_EVENT_MASK_ASCII);
	m->cp_send_mask = cpu_to_be32(SCLP_EVENT_MASK_ASCII);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_WRITE_EVENT_MASK, m), 0);
	ev = vd_sccb();
	memset(ev, 0, SCCB_SIZE);
	ev->h.length = cpu_to_be16(SCCB_SIZE);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_READ_EVENT_DATA, ev), 0);
	CHECK_EQ(be16_to_cpu(ev->h.response_code), SCLP_RC_NO_EVENT_BUFFERS);
	/* wait 5 s for the key: the service signal arrives at 2 s */
	t0 = mach_tod();
	CHECK_EQ(mach_wait_ext(t0 + 5000 * TOD_PER_MS), EXT_CODE_SERVICE_SIGNAL);
	CHECK(mach_tod() - t0 < 2100 * TOD_PER_MS);
	memset(ev, 0, SCCB_SIZE);
	ev->h.length = cpu_to_be16(SCCB_SIZE);
	REQUIRE_EQ(vd_sclp(SCLP_CMD_READ_EVENT_DATA, ev), 0);
	CHECK_EQ(be16_to_cpu(ev->h.response_code), SCLP_RC_NORMAL_COMPLETION);
	CHECK_EQ(ev->ebh.type, SCLP_EVENT_ASCII_CONSOLE);
	CHECK_EQ(be16_to_cpu(ev->ebh.length), 6 + 1 + 2);
	CHECK_EQ(ev->data[0], 0);               /* QEMU's leading 0x00 */
	CHECK_EQ(ev->data[1], '1');
	CHECK_EQ(ev->data[2], '\r');
	/* nothing more: timeout after the full deadline */
	t0 = mach_tod();
	CHECK_EQ(mach_wait_ext(t0 + 30000 * TOD_PER_MS), 0);
	CHECK(mach_tod() >= t0 + 30000 * TOD_PER_MS);
}

TEST(sclp_faults)
{
	struct emu_config cfg;
	void *sccb;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.servc_busy = 2;
	cfg.servc_never_signal = true;
	emu_machine_start(&cfg);
	sccb = vd_sccb();
	put_be16(sccb, SCCB_SIZE);
	CHECK_EQ(sclp_servc(SCLP_CMD_READ_SCP_INFO, sccb), 2);
	CHECK_EQ(sclp_servc(SCLP_CMD_READ_SCP_INFO, sccb), 2);
	CHECK_EQ(sclp_servc(SCLP_CMD_READ_SCP_INFO, sccb), 0);
	CHECK_EQ(mach_wait_ext(mach_tod() + 100 * TOD_PER_MS), 0);
	/* the SCCB was still processed */
	CHECK_EQ(get_be16((uint8_t *)sccb + 6), SCLP_RC_NORMAL_READ_COMPLETION);
}

static void servc_lowcore(void)
{
	sclp_servc(SCLP_CMD_READ_SCP_INFO, abs_to_ptr(0x1000, 8));
}

static void wait_forever(void)
{
	mach_wait_ext(~0ULL);
}

static void poll_forever(void)
{
	for (;;)
		diag44_yield();
}

TEST(runner_stops)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_machine_start(&cfg);
	CHECK_EQ(emu_call(servc_lowcore), EMU_OUT_PGM);
	CHECK_EQ(emu_result()->pgm_code, 6);
	CHECK_EQ(emu_call(wait_forever), EMU_OUT_HANG);
	CHECK_EQ(emu_call(poll_forever), EMU_OUT_HANG);
	CHECK_STR(emu_result()->why, "virtual time budget");
}

static void fake_fw_handover(void)
{
	uint8_t *lc = abs_to_ptr(0, LC_SIZE);
	struct iplb *b = vd_alloc(IPLB_SIZE, 4096);
	uint64_t t = mach_trampoline(0x000800008000a000ULL, 0x10000);

	memcpy(abs_to_ptr(0x10000, 4), "\x01\x02\x03\x04", 4);
	put_be64(lc, t | 0x0008000180000000ULL);
	put_be32(lc + LC_IPLB_PTR, vd_abs(b));
	put_be16(lc + LC_SUBCHANNEL_ID, 0x0001);
	put_be16(lc + LC_SUBCHANNEL_NR, 0x0000);
	diag308_store(vd_abs(b));
	diag308_set(vd_abs(b));
	diag308_load_normal();
	mach_halt(0xbad);
}

TEST(runner_handover_via_trampoline)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_boot_ccw(&cfg, 0, 1);
	cfg.entry = fake_fw_handover;
	EMU_RUN(&cfg) {
		const struct emu_handover *ho = &emu_result()->ho;

		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(ho->psw_valid);
		CHECK(ho->via_trampoline);
		CHECK_EQ(ho->entry, 0x10000);
		CHECK(ho->entry_64bit);
		CHECK_EQ(ho->saved_psw, 0x000800008000a000ULL);
		CHECK_EQ(get_be64(emu_mem(0, 8)), 0x000800008000a000ULL);
		CHECK_EQ(ho->lc_schid, 1);
		CHECK_EQ(ho->lc_iplb_ptr, emu_dma_base());
		CHECK(ho->iplb_was_set);
		CHECK_EQ(ho->iplb[offsetof(struct iplb, pbt)], IPL_PBT_CCW);
		CHECK(emu_mem_equals(0x10000, "\x01\x02\x03\x04", 4));
	}
}

static void fake_fw_halt(void)
{
	mach_halt(0x123);
}

TEST(runner_halt)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.entry = fake_fw_halt;
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HALT);
		CHECK_EQ(emu_result()->halt_code, 0x123);
	}
}

static void fake_fw_scribble(void)
{
	/* a component loaded over the firmware image */
	memset(abs_to_ptr(emu_fwbase() + 0x100, 16), 0, 16);
	mach_halt(0);
}

static void fake_fw_stack_ptr(void)
{
	int x = 0;

	ptr_to_abs(&x);         /* handing a stack buffer to the machine */
	mach_halt(0);
}

/* Failures the harness must catch: run in a child, expect it to fail. */
static int child_status(void (*entry)(void))
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct emu_config cfg;

		/* silence the expected report */
		tf_detach();
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		emu_config_init(&cfg, EMU_QEMU_92);
		cfg.entry = entry;
		EMU_RUN(&cfg) {
		}
		_exit(tf_failures() ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	return st;
}

TEST(runner_catches_fw_overwrite)
{
	int st = child_status(fake_fw_scribble);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 0);
}

TEST(runner_catches_non_dma_pointer)
{
	int st = child_status(fake_fw_stack_ptr);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 0);
}
