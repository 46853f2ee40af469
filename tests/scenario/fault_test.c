/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every injected device fault on the IPL device: its message, then a
 * defined outcome - the next device in QEMU 9.2's boot order boots (or, for
 * a transient fault, the same device does), or the machine stops - with no
 * protocol violation, no hang, and the firmware image intact (the runner's
 * automatic checks). SCLP faults: a console that is busy or never signals.
 *
 * The faulty device is 0.0.0001 (virtio-blk, z512) or 0.0.0002 (virtio-scsi,
 * z512 on LUN 0:0:0); the fallback is 0.0.0003 (virtio-blk, zmulti).
 */
#include <stdarg.h>
#include <stdio.h>

#include "abi/css.h"
#include "abi/virtio.h"
#include "scn.h"

#define FB_DEVNO 0x0003

enum { BLK, SCSI };

struct fault_case {
	int dev;                        /* BLK or SCSI */
	enum emu_fault_kind kind;
	unsigned int nth, count;
	int match;
	uint64_t arg;
	uint8_t sense0;                 /* UNIT_CHECK: sense byte 0 */
	bool same_device_boots;         /* transient: the faulty device boots */
};

/* A test: the fault, the outcome, then the console messages expected. */
#define FAULT(name, dev, kind, nth, count, match, arg, sense0, same, ...)       \
	TEST(name)                                                               \
	{                                                                        \
		static const struct fault_case c = { dev, kind, nth, count,      \
						     match, arg, sense0, same }; \
									 \
		run_fault(&c, __VA_ARGS__, NULL);                                \
	}

static struct emu_dev_cfg *faulty(struct emu_config *cfg, int dev)
{
	struct emu_dev_cfg *d;

	if (dev == BLK) {
		d = emu_add_blk(cfg, 0, 0x0001, scn_data("z512.img"));
		emu_boot_ccw(cfg, 0, 0x0001);
	} else {
		d = emu_add_scsi(cfg, 0, 0x0002);
		emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, scn_data("z512.img"));
		emu_boot_scsi(cfg, 0, 0x0002, 0, 0);
	}
	return d;
}

/* ...: the messages expected on the console, NULL-terminated */
static void run_fault(const struct fault_case *c, ...)
{
	const char *msg[4] = { NULL };
	va_list ap;
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	struct emu_fault *f;
	const char *name = c->dev == BLK ? "0.0.0001" : "0.0.0002";

	va_start(ap, c);
	for (unsigned int i = 0; i < 4; i++) {
		msg[i] = va_arg(ap, const char *);
		if (!msg[i])
			break;
	}
	va_end(ap);
	emu_config_init(&cfg, EMU_QEMU_92);
	d = faulty(&cfg, c->dev);
	f = emu_add_fault(d, c->kind, c->nth, c->count, c->match, c->arg);
	f->sense[0] = c->sense0;
	emu_add_blk(&cfg, 0, FB_DEVNO, scn_data("zmulti.img"));
	emu_boot_ccw(&cfg, 0, FB_DEVNO);
	EMU_RUN(&cfg) {
		char failed[64];

		snprintf(failed, sizeof(failed), "%s: boot failed, trying the next device", name);
		if (c->same_device_boots) {
			scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
			SCN_NO_CONSOLE(failed);
		} else {
			scn_expect_zipl_boot(scn_data("zmulti.img"), 512, 0, 0, 1);
			SCN_CONSOLE(failed);
			CHECK(scn_cmdline_is("scn=2"));
		}
		for (unsigned int i = 0; i < 4 && msg[i]; i++)
			SCN_CONSOLE(msg[i]);
	}
}

/* Requests of a z512 boot on virtio-blk, with the read cache's 64-block
 * windows (drivers/blockdev.c): 1 the window of block 0 (detection; the
 * second read of block 0 is served from it), 2 the window of block 2048
 * (program table 2048, component table 2049), 3 the window of block 2432
 * (the kernel's list block 2459), 4 the kernel data (409 blocks at 2050).
 * A window read that fails is retried for the blocks asked for, so faults
 * on a record are bad sectors (every read covering them fails). */

FAULT(fault_blk_io_error_detection, BLK, EMU_FAULT_IO_ERROR, 1, 0, EMU_ANY, 0, 0, false,
      "virtio-blk 0.0.0001: read of 64 blocks at block 0 failed (status 1)",
      "virtio-blk 0.0.0001: read of 1 blocks at block 0 failed (status 1)",
      "0.0.0001: no boot record (neither zipl nor El Torito)")
FAULT(fault_blk_io_error_program_table, BLK, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2048, 0,
      false, "virtio-blk 0.0.0001: read of 64 blocks at block 2048 failed (status 1)",
      "virtio-blk 0.0.0001: read of 1 blocks at block 2048 failed (status 1)",
      "zipl 0.0.0001: cannot read program table (block 2048)")
FAULT(fault_blk_io_error_component_table, BLK, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2049, 0,
      false, "virtio-blk 0.0.0001: read of 1 blocks at block 2049 failed (status 1)",
      "zipl 0.0.0001: cannot read component table (block 2049)")
FAULT(fault_blk_io_error_block_list, BLK, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2459, 0, false,
      "virtio-blk 0.0.0001: read of 1 blocks at block 2459 failed (status 1)",
      "zipl 0.0.0001: cannot read component 0 block list (block 2459)")
FAULT(fault_blk_io_error_kernel_data, BLK, EMU_FAULT_BAD_SECTOR, 1, 0, EMU_ANY, 2100, 0, false,
      "virtio-blk 0.0.0001: read of 409 blocks at block 2050 failed (status 1)",
      "zipl 0.0.0001: component 0: cannot read its data")
/* A window read that fails once: the blocks asked for are read again, and
 * the device boots. */
FAULT(fault_blk_io_error_window_retried, BLK, EMU_FAULT_IO_ERROR, 2, 1, EMU_ANY, 0, 0, true,
      "virtio-blk 0.0.0001: read of 64 blocks at block 2048 failed (status 1)")
FAULT(fault_blk_short_read, BLK, EMU_FAULT_SHORT_READ, 4, 1, EMU_ANY, 512, 0, false,
      "virtio-blk 0.0.0001: short read at block 2050: 208896 of 209408 bytes",
      "zipl 0.0.0001: component 0: cannot read its data")
FAULT(fault_blk_used_len_too_large, BLK, EMU_FAULT_USED_LEN, 2, 1, EMU_ANY, 0x100000, 0, false,
      "virtio 0.0.0001: device claims 1048576 bytes written into 32769 bytes of buffers",
      "zipl 0.0.0001: cannot read program table (block 2048)")
FAULT(fault_blk_used_len_too_small, BLK, EMU_FAULT_USED_LEN, 2, 2, EMU_ANY, 1, 0, false,
      "virtio-blk 0.0.0001: short read at block 2048: 0 of 32768 bytes",
      "virtio-blk 0.0.0001: short read at block 2048: 0 of 512 bytes")
FAULT(fault_blk_wrong_used_id, BLK, EMU_FAULT_USED_ID, 2, 1, EMU_ANY, 3, 0, false,
      "virtio 0.0.0001: device returned a descriptor we did not give it (used idx 2, id 3)",
      "zipl 0.0.0001: cannot read program table (block 2048)")
FAULT(fault_blk_never_completes, BLK, EMU_FAULT_NO_COMPLETION, 4, 1, EMU_ANY, 0, 0, false,
      "virtio 0.0.0001: request on queue 0 not completed within 30 s",
      "zipl 0.0.0001: component 0: cannot read its data")
FAULT(fault_blk_never_completes_first_request, BLK, EMU_FAULT_NO_COMPLETION, 1, 0, EMU_ANY, 0,
      0, false, "virtio 0.0.0001: request on queue 0 not completed within 30 s",
      "0.0.0001: no boot record")
FAULT(fault_blk_unplugged_during_load, BLK, EMU_FAULT_UNPLUG, 4, 0, EMU_ANY, 0, 0, false,
      "virtio 0.0.0001: request on queue 0 not completed within 30 s")
FAULT(fault_not_operational_sense_id, BLK, EMU_FAULT_NOT_OPER, 1, 0, EMU_ANY, 0, 0, false,
      "0.0.0001: SENSE ID failed, not a usable device")
FAULT(fault_not_operational_during_setup, BLK, EMU_FAULT_NOT_OPER, 6, 0, EMU_ANY, 0, 0, false,
      "virtio 0.0.0001: read features failed: device not operational")
FAULT(fault_channel_program_never_ends, BLK, EMU_FAULT_NO_STATUS, 6, 1, EMU_ANY, 0, 0, false,
      "virtio 0.0.0001: read features failed: no ending status (timed out)")
FAULT(fault_channel_program_never_ends_sense_id, SCSI, EMU_FAULT_NO_STATUS, 1, 0, EMU_ANY, 0,
      0, false, "0.0.0002: SENSE ID failed, not a usable device")
FAULT(fault_unit_check_command_reject_sense_id, BLK, EMU_FAULT_UNIT_CHECK, 1, 0,
      CCW_CMD_SENSE_ID, 0, 0x80, false, "0.0.0001: SENSE ID failed, not a usable device")
FAULT(fault_unit_check_read_features, BLK, EMU_FAULT_UNIT_CHECK, 1, 0, CCW_CMD_READ_FEAT, 0,
      0x10, false, "virtio 0.0.0001: read features failed: device status 0x0e, subchannel "
      "status 0x00, unit check, sense 10 00 00 00")
FAULT(fault_unit_check_command_reject_set_vq, SCSI, EMU_FAULT_UNIT_CHECK, 2, 1, CCW_CMD_SET_VQ,
      0, 0x80, false, "virtio 0.0.0002: set queue failed: device status 0x0e, subchannel "
      "status 0x00, unit check, sense 80 00 00 00 (command reject)")
FAULT(fault_unit_check_transient_retried, BLK, EMU_FAULT_UNIT_CHECK, 2, 1,
      CCW_CMD_WRITE_STATUS, 0, 0x10, true, NULL)
FAULT(fault_unit_check_on_revision_retried, SCSI, EMU_FAULT_UNIT_CHECK, 1, 1,
      CCW_CMD_SET_VIRTIO_REV, 0, 0, true, NULL)

/* --- virtio-scsi: TEST UNIT READY, INQUIRY, VPD, READ CAPACITY(16), then the
 * READ(10)s in the order of the blk requests above (the same windows) ---- */

FAULT(fault_scsi_medium_error, SCSI, EMU_FAULT_IO_ERROR, 4, 1, 0x28, 0, 0, false,
      "virtio-scsi 0.0.0002 LUN 0:0:0: READ(10) of ",
      "failed: sense key 0x3, ASC 0x11, ASCQ 0x00")
FAULT(fault_scsi_unit_attention_storm_tur, SCSI, EMU_FAULT_SCSI_SENSE, 1, 0, 0x00, 0x062900, 0,
      false, "virtio-scsi 0.0.0002 LUN 0:0:0: TEST UNIT READY failed: sense key 0x6, ASC "
      "0x29, ASCQ 0x00")
FAULT(fault_scsi_unit_attention_storm_read, SCSI, EMU_FAULT_SCSI_SENSE, 1, 0, 0x28, 0x062900,
      0, false, "virtio-scsi 0.0.0002 LUN 0:0:0: READ(10) of 1 blocks at block 0 failed: "
      "sense key 0x6, ASC 0x29, ASCQ 0x00")
FAULT(fault_scsi_unit_attention_transient, SCSI, EMU_FAULT_SCSI_SENSE, 3, 5, 0x28, 0x062800, 0,
      true, NULL)
FAULT(fault_scsi_not_ready_inquiry, SCSI, EMU_FAULT_SCSI_SENSE, 1, 0, 0x12, 0x023a00, 0, false,
      "INQUIRY failed: sense key 0x2, ASC 0x3a, ASCQ 0x00")
FAULT(fault_scsi_read_capacity_fails, SCSI, EMU_FAULT_SCSI_SENSE, 1, 0, 0x9e, 0x052000, 0, false,
      "READ CAPACITY(16) failed: sense key 0x5, ASC 0x20, ASCQ 0x00")
FAULT(fault_scsi_response_failure, SCSI, EMU_FAULT_SCSI_RESPONSE, 2, 0, 0x28, 9, 0, false,
      "READ(10) of 64 blocks at block 2048 failed: response 9, status 0x00",
      "READ(10) of 1 blocks at block 2048 failed: response 9, status 0x00",
      "zipl 0.0.0002 LUN 0:0:0: cannot read program table (block 2048)")
FAULT(fault_scsi_short_read, SCSI, EMU_FAULT_SHORT_READ, 4, 1, 0x28, 1024, 0, false,
      "virtio-scsi 0.0.0002 LUN 0:0:0: short read at block ", ": 1024 of 209408 bytes missing")
FAULT(fault_scsi_wrong_used_id, SCSI, EMU_FAULT_USED_ID, 2, 1, EMU_ANY, 1, 0, false,
      "virtio 0.0.0002: device returned a descriptor we did not give it")
FAULT(fault_scsi_used_len_too_large, SCSI, EMU_FAULT_USED_LEN, 6, 1, EMU_ANY, 0xfffffff0, 0,
      false, "virtio 0.0.0002: device claims 4294967280 bytes written into ")
FAULT(fault_scsi_never_completes, SCSI, EMU_FAULT_NO_COMPLETION, 7, 1, EMU_ANY, 0, 0, false,
      "virtio 0.0.0002: request on queue 2 not completed within 30 s")
FAULT(fault_scsi_unplugged, SCSI, EMU_FAULT_UNPLUG, 3, 0, EMU_ANY, 0, 0, false,
      "virtio 0.0.0002: request on queue 2 not completed within 30 s")

/* The last device fails too: the machine stops, in bounded virtual time. */
TEST(fault_last_device_halts_in_bounded_time)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_72);
	d = faulty(&cfg, BLK);
	emu_add_fault(d, EMU_FAULT_NO_COMPLETION, 1, 0, EMU_ANY, 0);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
		CHECK(emu_result()->virtual_us < 120ULL * 1000 * 1000);
	}
}

/* --- SCLP ---------------------------------------------------------------------- */

TEST(fault_sclp_busy_then_ok)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.servc_busy = 50;
	faulty(&cfg, BLK);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("secure-ccw ");
	}
}

TEST(fault_sclp_busy_for_ever_halts)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.servc_busy = 1000000;
	faulty(&cfg, BLK);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_CONSOLE, NULL);
		CHECK_EQ(emu_dev_requests(0, 1), 0);
	}
}

TEST(fault_sclp_never_signals_halts)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	cfg.servc_never_signal = true;
	faulty(&cfg, BLK);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_CONSOLE, NULL);
		CHECK(emu_result()->virtual_us < 60ULL * 1000 * 1000);
	}
}

/* Read SCP Info (SERVC 3 and its forced retry 4) never completes: the
 * firmware assumes memory ends below itself and boots. */
TEST(fault_sclp_read_info_times_out)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.servc_silent_from = 3;
	cfg.servc_silent_count = 2;
	faulty(&cfg, BLK);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("warning: Read SCP Info failed; assuming memory ends below the "
			    "firmware");
	}
}

/* The console stops signalling after the start: every line waits for its
 * deadline, the boot still completes in bounded time. */
TEST(fault_sclp_console_goes_silent)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.servc_silent_from = 5;
	faulty(&cfg, BLK);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(scn_data("z512.img"), 512, 0, 0, 0);
		SCN_CONSOLE("starting the OS");
	}
}
