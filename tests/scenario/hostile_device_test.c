/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Devices that answer what no QEMU device would (emu_hooks: the config
 * space, the queue size, the bytes of a reply): unsupported block sizes and
 * capacities, unusable queue sizes, a revision-1 device without VERSION_1,
 * odd SCSI peripheral types and sense formats, BUSY, empty LUN lists. Each
 * must be refused with its message (or retried), never trusted. The hooks
 * act on devices 0.0.0000-0.0.0002; the fallback 0.0.0003 behaves.
 */
#include <string.h>

#include "abi/virtio.h"
#include "fw/endian.h"
#include "scn.h"

#define RESP 108        /* virtio_scsi_cmd_resp: data-in follows it */

struct hostile {
	int cfg_off;            /* config byte to patch, -1: none */
	uint32_t cfg_val;
	int vq_num;             /* READ_VQ_CONF answer, -1: device's */
	int opcode;             /* SCSI opcode the reply hook rewrites */
	unsigned int times;     /* ... that many times (0: always) */
	unsigned int seen;
	uint8_t data[16];       /* data-in bytes stored from RESP (scsi) */
	unsigned int data_len;
	uint8_t resp[32];       /* response bytes stored at 0 */
	unsigned int resp_len;
	int blk_status;         /* blk: status byte, -1: device's */
};

static void h_config(void *ctx, uint8_t ssid, uint16_t devno, uint8_t *buf, uint32_t len)
{
	struct hostile *h = ctx;

	if (ssid == 0 && devno < 3 && h->cfg_off >= 0 && (uint32_t)h->cfg_off + 4 <= len) {
		/* revision-1 devices: little-endian */
		for (unsigned int i = 0; i < 4; i++)
			buf[h->cfg_off + i] = (uint8_t)(h->cfg_val >> (8 * i));
	}
}

static void h_vq_num(void *ctx, uint8_t ssid, uint16_t devno, uint16_t *num)
{
	struct hostile *h = ctx;

	if (ssid == 0 && devno < 3 && h->vq_num >= 0)
		*num = (uint16_t)h->vq_num;
}

static void h_reply(void *ctx, struct emu_reply *r)
{
	struct hostile *h = ctx;

	if (r->devno >= 3)
		return;         /* the fallback device behaves */
	if (h->blk_status >= 0 && r->in_len) {
		uint8_t st = (uint8_t)h->blk_status;

		emu_reply_write(r, r->in_len - 1, &st, 1);
		return;
	}
	if (h->opcode < 0 || r->out_len < 20 || r->out[19] != h->opcode)
		return;
	if (h->times && h->seen >= h->times)
		return;
	h->seen++;
	if (h->data_len)
		emu_reply_write(r, RESP, h->data, h->data_len);
	if (h->resp_len)
		emu_reply_write(r, 0, h->resp, h->resp_len);
}

static const struct emu_hooks hooks = { h_config, h_vq_num, h_reply, NULL };

static struct emu_hooks *hook_cfg(struct emu_config *cfg, struct hostile *h)
{
	static struct emu_hooks hk;

	hk = hooks;
	hk.ctx = h;
	cfg->hooks = &hk;
	return &hk;
}

static void hostile_init(struct hostile *h)
{
	memset(h, 0, sizeof(*h));
	h->cfg_off = -1;
	h->vq_num = -1;
	h->opcode = -1;
	h->blk_status = -1;
}

/* virtio-blk 0.0.0001 (z512) misbehaving; the run must refuse it with
 * @msg, then 0.0.0003 boots */
static void blk_refused(struct hostile *h, struct emu_dev_cfg **dp, const char *msg)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *good = scn_data("zmulti.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	if (dp)
		*dp = d;
	emu_add_blk(&cfg, 0, 0x0003, good);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0003);
	if (h)
		hook_cfg(&cfg, h);
	cfg.allow_violations = true;    /* the hooks break the device's rules */
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 1);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
	}
}

TEST(hostile_blk_block_size_8192)
{
	struct hostile h;

	hostile_init(&h);
	h.cfg_off = 20;
	h.cfg_val = 8192;
	blk_refused(&h, NULL, "virtio-blk 0.0.0001: unsupported logical block size 8192");
}

TEST(hostile_blk_block_size_not_power_of_2)
{
	struct hostile h;

	hostile_init(&h);
	h.cfg_off = 20;
	h.cfg_val = 1536;
	blk_refused(&h, NULL, "virtio-blk 0.0.0001: unsupported logical block size 1536");
}

TEST(hostile_blk_capacity_zero)
{
	struct hostile h;

	hostile_init(&h);
	h.cfg_off = 0;          /* low word of the capacity; the high one is 0 */
	h.cfg_val = 0;
	blk_refused(&h, NULL, "virtio-blk 0.0.0001: no medium (capacity 0 sectors)");
}

TEST(hostile_blk_status_unsupported)
{
	struct hostile h;

	hostile_init(&h);
	h.blk_status = 2;
	blk_refused(&h, NULL, "virtio-blk 0.0.0001: read of 1 blocks at block 0 failed "
			      "(status 2)");
}

TEST(hostile_queue_size_2)
{
	struct hostile h;

	hostile_init(&h);
	h.vq_num = 2;
	blk_refused(&h, NULL, "virtio 0.0.0001: queue 0 has unusable size 2");
}

TEST(hostile_queue_size_not_power_of_2)
{
	struct hostile h;

	hostile_init(&h);
	h.vq_num = 100;
	blk_refused(&h, NULL, "virtio 0.0.0001: queue 0 has unusable size 100");
}

TEST(hostile_queue_size_too_large)
{
	struct hostile h;

	hostile_init(&h);
	h.vq_num = 2048;
	blk_refused(&h, NULL, "virtio 0.0.0001: queue 0 has unusable size 2048");
}

TEST(hostile_queue_size_0)
{
	struct hostile h;

	hostile_init(&h);
	h.vq_num = 0;
	blk_refused(&h, NULL, "virtio 0.0.0001: queue 0 has unusable size 0");
}

/* Plain device knobs that QEMU never sets this way. */
TEST(hostile_blk_no_medium)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_72);
	emu_add_blk(&cfg, 0, 0x0001, NULL);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "virtio-blk 0.0.0001: no medium (capacity 0 "
						     "sectors)");
	}
}

TEST(hostile_blk_size_max_below_block)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, scn_data("z4k.img"));
	d->block_size = 4096;
	d->size_max = 2048;
	d->host_features |= 1ULL << VIRTIO_BLK_F_SIZE_MAX;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "virtio-blk 0.0.0001: segment size limit 2048 "
						     "below the block size 4096");
	}
}

TEST(hostile_revision1_without_version1)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_blk(&cfg, 0, 0x0001, scn_data("z512.img"));
	d->host_features &= ~(1ULL << VIRTIO_F_VERSION_1);
	d->max_rev = 1;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "virtio 0.0.0001: revision 1 without "
						     "VERSION_1 feature");
	}
}

/* --- virtio-scsi --------------------------------------------------------- */

static void scsi_run(struct hostile *h, uint32_t lun, bool iplb_ccw, const char *msg,
		     bool boots)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *disk = scn_data("z512.img");
	const char *good = scn_data("zmulti.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	if (lun != ~0u)
		emu_scsi_add_lun(d, 0, lun, EMU_SCSI_HD, disk);
	if (iplb_ccw)
		emu_boot_ccw(&cfg, 0, 0x0002);
	else
		emu_boot_scsi(&cfg, 0, 0x0002, 0, lun);
	emu_add_blk(&cfg, 0, 0x0003, good);
	emu_boot_ccw(&cfg, 0, 0x0003);
	if (h)
		hook_cfg(&cfg, h);
	cfg.allow_violations = true;
	EMU_RUN(&cfg) {
		if (boots) {
			scn_expect_zipl_boot(disk, 512, 0, 0, 0);
		} else {
			scn_expect_zipl_boot(good, 512, 0, 0, 1);
			SCN_CONSOLE("0.0.0002: boot failed, trying the next device");
		}
		if (msg)
			SCN_CONSOLE(msg);
	}
}

TEST(hostile_scsi_sense_size)
{
	struct hostile h;

	hostile_init(&h);
	h.cfg_off = 20;
	h.cfg_val = 32;
	scsi_run(&h, 0, false, "virtio-scsi 0.0.0002: unsupported sense/CDB size 32/32", false);
}

TEST(hostile_scsi_inquiry_tape)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x12;
	h.times = 1;
	h.data[0] = 0x01;
	h.data_len = 1;
	scsi_run(&h, 0, false, "virtio-scsi 0.0.0002 LUN 0:0:0: not a disk or CD-ROM "
			       "(peripheral 0x01)", false);
}

TEST(hostile_scsi_inquiry_lun_not_connected)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x12;
	h.times = 1;
	h.data[0] = 0x20;
	h.data_len = 1;
	scsi_run(&h, 0, false, "not a disk or CD-ROM (peripheral 0x20)", false);
}

TEST(hostile_scsi_capacity_block_size)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x9e;
	put_be32(h.data + 8, 8192);
	h.data_len = 12;
	scsi_run(&h, 0, false, "virtio-scsi 0.0.0002 LUN 0:0:0: unsupported block size 8192 or "
			       "capacity", false);
}

TEST(hostile_scsi_capacity_all_ones)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x9e;
	put_be64(h.data, ~0ULL);
	put_be32(h.data + 8, 512);
	h.data_len = 12;
	scsi_run(&h, 0, false, "unsupported block size 512 or capacity", false);
}

/* CHECK CONDITION with descriptor-format sense (0x72) */
TEST(hostile_scsi_descriptor_sense)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x28;
	h.resp[0] = 18;                   /* sense_len */
	h.resp[10] = 0x02;                      /* CHECK CONDITION */
	h.resp[12] = 0x72;
	h.resp[13] = 0x03;
	h.resp[14] = 0x11;
	h.resp[15] = 0x01;
	h.resp_len = 30;
	scsi_run(&h, 0, false, "READ(10) of 1 blocks at block 0 failed: sense key 0x3, ASC "
			       "0x11, ASCQ 0x01", false);
}

TEST(hostile_scsi_busy_retried)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x00;        /* TEST UNIT READY */
	h.times = 3;
	h.resp[10] = 0x08;      /* BUSY */
	h.resp_len = 11;
	scsi_run(&h, 0, false, NULL, true);
}

TEST(hostile_scsi_status_reservation_conflict)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0x00;
	h.resp[10] = 0x18;
	h.resp_len = 11;
	scsi_run(&h, 0, false, "TEST UNIT READY failed: SCSI status 0x18", false);
}

TEST(hostile_scsi_report_luns_empty)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0xa0;
	put_be32(h.data, 0);
	h.data_len = 4;
	scsi_run(&h, 0, true, "virtio-scsi 0.0.0002: no LUN found", false);
}

TEST(hostile_scsi_report_luns_fails)
{
	struct hostile h;

	hostile_init(&h);
	h.opcode = 0xa0;
	h.resp[0] = 18;
	h.resp[10] = 0x02;
	h.resp[12] = 0x70;
	h.resp[14] = 0x05;
	h.resp[24] = 0x20;
	h.resp_len = 30;
	scsi_run(&h, 0, true, "virtio-scsi 0.0.0002: no LUN found", false);
}

TEST(hostile_scsi_controller_without_luns)
{
	scsi_run(NULL, ~0u, true, "virtio-scsi 0.0.0002: no LUN found", false);
}

TEST(hostile_scsi_scan_two_luns_takes_nonzero)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	const char *disk = scn_data("zmulti.img");

	/* like QEMU's BIOS: with LUN 0 and LUN 4 on target 0, LUN 4 */
	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, scn_data("z512.img"));
	emu_scsi_add_lun(d, 0, 4, EMU_SCSI_HD, disk);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(disk, 512, 0, 0, 0);
		SCN_CONSOLE("LUN 0:0:4: virtio-scsi");
	}
}

/* A zipl disk on a CD-ROM LUN is taken for an ISO image: refused. */
TEST(hostile_zipl_disk_on_cdrom)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_scsi(&cfg, 0, 0x0002);
	emu_scsi_add_lun(d, 0, 0, EMU_SCSI_CD, scn_data("z4k.img"));
	emu_boot_scsi(&cfg, 0, 0x0002, 0, 0);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "iso 0.0.0002 LUN 0:0:0: no El Torito boot "
						     "record");
	}
}
