/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulated virtio-scsi host adapter (virtio 1.x section 5.6, QEMU
 * hw/scsi/virtio-scsi.c) with scsi-hd and scsi-cd LUNs (QEMU
 * hw/scsi/scsi-disk.c, scsi-bus.c): LUN addressing and BAD_TARGET, the
 * pending UNIT ATTENTION after reset, TEST UNIT READY, INQUIRY (standard,
 * VPD 0x00/0x83/0xb0/0xb1/0xb2), REQUEST SENSE, REPORT LUNS, READ CAPACITY
 * (10/16), READ (10/12/16), fixed-format sense data, data-in overrun,
 * residuals, limits, and injected faults.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/virtio.h"
#include "emu_int.h"
#include "fw/endian.h"

#define EMU_SCSI_S_OVERRUN 1
#define EMU_SCSI_READ_CAPACITY_10 0x25
#define EMU_SCSI_READ_12 0xa8
#define EMU_SCSI_REQUEST_SENSE 0x03
#define EMU_SCSI_CONFIG_LEN 36
#define EMU_F_ANY_LAYOUT 27
#define EMU_INQ_MAX 256

struct emu_scsi_cmd {
	struct emu_dev *d;
	struct emu_req *r;
	struct emu_lun *lun;    /* exact LUN, or NULL (target command) */
	uint8_t cdb[256];
	uint64_t data_off, data_len;    /* data-in area of the in stream */
	unsigned int data_segs;
	/* result */
	uint8_t status, response;
	uint8_t sense[18];
	uint32_t sense_len;
	uint64_t xfer;          /* bytes stored into data-in */
	const struct emu_fault *ioerr, *shortread;
};

static void emu_scsi_ua_all(struct emu_dev *d)
{
	for (unsigned int i = 0; i < d->cfg.nluns; i++) {
		d->luns[i].ua_key = SCSI_SENSE_UNIT_ATTENTION;
		d->luns[i].ua_asc = 0x29;       /* power on, reset or bus reset */
		d->luns[i].ua_ascq = 0x00;
	}
}

void emu_scsi_init(struct emu_dev *d)
{
	for (unsigned int i = 0; i < d->cfg.nluns; i++) {
		struct emu_lun *l = &d->luns[i];
		struct stat st;

		l->cfg = d->cfg.luns[i];
		l->fd = -1;
		l->block_size = l->cfg.block_size ? l->cfg.block_size
						  : l->cfg.kind == EMU_SCSI_CD ? 2048 : 512;
		if (l->cfg.image) {
			l->fd = open(l->cfg.image, O_RDONLY | O_CLOEXEC);
			if (l->fd < 0 || fstat(l->fd, &st) != 0) {
				fprintf(stderr, "emu: bad scenario: cannot open %s\n", l->cfg.image);
				abort();
			}
			l->size = (uint64_t)st.st_size;
		}
	}
	d->sense_size = VIRTIO_SCSI_SENSE_SIZE;
	d->cdb_size = VIRTIO_SCSI_CDB_SIZE;
	if (d->cfg.initial_ua)
		emu_scsi_ua_all(d);
}

static void emu_scsi_reset(struct emu_dev *d)
{
	d->sense_size = VIRTIO_SCSI_SENSE_SIZE;
	d->cdb_size = VIRTIO_SCSI_CDB_SIZE;
	emu_scsi_ua_all(d);     /* virtio reset resets the SCSI bus */
}

static uint32_t emu_scsi_config(struct emu_dev *d, uint8_t *b, uint32_t max)
{
	(void)max;
	memset(b, 0, EMU_SCSI_CONFIG_LEN);
	emu_cfg_put32(d, b + 0, d->cfg.num_queues);
	emu_cfg_put32(d, b + 4, d->cfg.seg_max);
	emu_cfg_put32(d, b + 8, d->cfg.max_sectors);
	emu_cfg_put32(d, b + 12, 128);
	emu_cfg_put32(d, b + 16, 16);
	emu_cfg_put32(d, b + 20, d->sense_size);
	emu_cfg_put32(d, b + 24, d->cdb_size);
	emu_cfg_put16(d, b + 28, 0);
	emu_cfg_put16(d, b + 30, d->cfg.max_target);
	emu_cfg_put32(d, b + 32, d->cfg.max_lun);
	return EMU_SCSI_CONFIG_LEN;
}

static void emu_scsi_write_config(struct emu_dev *d, const uint8_t *b, uint32_t len)
{
	uint32_t ss, cs;

	if (len < 28)
		return;
	ss = emu_cfg_get32(d, b + 20);
	cs = emu_cfg_get32(d, b + 24);
	if (ss >= 65536 || cs >= 256) {
		emu_vdev_break(d, "bad data written to virtio-scsi configuration space");
		return;
	}
	d->sense_size = ss;
	d->cdb_size = cs;
}

static void emu_sense(struct emu_scsi_cmd *c, uint8_t key, uint8_t asc, uint8_t ascq)
{
	c->status = SCSI_STATUS_CHECK_CONDITION;
	memset(c->sense, 0, sizeof(c->sense));
	c->sense[0] = 0x70;     /* fixed format, current */
	c->sense[2] = key;
	c->sense[7] = 10;
	c->sense[12] = asc;
	c->sense[13] = ascq;
	c->sense_len = 18;
}

static void emu_data(struct emu_scsi_cmd *c, const void *buf, uint64_t len, uint64_t alloc)
{
	if (len > alloc)
		len = alloc;
	if (len > c->data_len)
		len = c->data_len;
	emu_req_copy_in(c->d, c->r, c->data_off, buf, len);
	c->xfer = len;
}

static uint64_t emu_lun_blocks(const struct emu_lun *l)
{
	return l->size / l->block_size;
}

static void emu_inquiry_std(struct emu_scsi_cmd *c, uint8_t type, bool removable,
			    const char *product)
{
	uint8_t b[EMU_INQ_MAX];
	uint32_t alloc = get_be16(c->cdb + 3);
	uint32_t buflen = alloc < EMU_INQ_MAX ? alloc : EMU_INQ_MAX;

	memset(b, 0, sizeof(b));
	b[0] = type;
	b[1] = removable ? 0x80 : 0;
	b[2] = 5;               /* SPC-3 */
	b[3] = 0x02 | 0x10;     /* response format 2, HiSup */
	b[4] = buflen > 36 ? (uint8_t)(buflen - 5) : 36 - 5;
	b[7] = 0x10 | 0x02;     /* sync, CmdQue */
	memcpy(b + 8, "QEMU    ", 8);
	memset(b + 16, ' ', 16);
	memcpy(b + 16, product, strlen(product));
	memcpy(b + 32, "2.5+", 4);
	emu_data(c, b, buflen, alloc);
}

static void emu_inquiry(struct emu_scsi_cmd *c)
{
	struct emu_lun *l = c->lun;
	bool cd = l->cfg.kind == EMU_SCSI_CD;
	uint8_t type = cd ? SCSI_TYPE_CDROM : SCSI_TYPE_DISK;
	uint8_t b[64];
	uint32_t alloc = get_be16(c->cdb + 3);
	uint32_t n;

	if (c->cdb[1] & 0x2) {
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	if (!(c->cdb[1] & 0x1)) {
		if (c->cdb[2]) {
			emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
			return;
		}
		emu_inquiry_std(c, type, cd, cd ? "QEMU CD-ROM" : "QEMU HARDDISK");
		return;
	}
	memset(b, 0, sizeof(b));
	b[0] = type;
	b[1] = c->cdb[2];
	switch (c->cdb[2]) {
	case 0x00:
		n = 4;
		b[n++] = 0x00;
		b[n++] = 0x83;
		if (!cd) {
			b[n++] = 0xb0;
			b[n++] = 0xb1;
			b[n++] = 0xb2;
		}
		break;
	case 0x83:
		/* one T10 vendor designator: "QEMU    " + device name */
		n = 4;
		b[n++] = 0x2;   /* ASCII */
		b[n++] = 0x1;   /* T10 vendor id, LUN association */
		b[n++] = 0;
		b[n++] = 16;
		memcpy(b + n, "QEMU    EMU-DISK", 16);
		n += 16;
		break;
	case 0xb0: {
		uint32_t mx = l->cfg.max_transfer ? l->cfg.max_transfer
						  : 0x7fffffffu / l->block_size;

		if (cd) {
			emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
			return;
		}
		n = 64;
		put_be32(b + 8, mx);            /* maximum transfer length */
		put_be32(b + 12, mx);           /* optimal transfer length */
		break;
	}
	case 0xb1:
	case 0xb2:
		if (cd) {
			emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
			return;
		}
		n = 64;
		if (c->cdb[2] == 0xb1)
			put_be16(b + 4, 1);     /* non-rotating */
		break;
	default:
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	put_be16(b + 2, (uint16_t)(n - 4));
	emu_data(c, b, n, alloc);
}

static void emu_report_luns(struct emu_scsi_cmd *c, uint16_t target)
{
	static uint8_t b[8 + 8 * (EMU_MAX_LUNS + 1)];
	uint32_t alloc = get_be32(c->cdb + 6);
	unsigned int n = 1;

	if (c->cdb[2] > 2 || alloc < 16) {
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	/* QEMU >= 5.2 (scsi-bus.c): LUN 0 first, present or not, then the
	 * other LUNs of the target in device order */
	memset(b, 0, sizeof(b));
	for (unsigned int i = 0; i < c->d->cfg.nluns; i++) {
		const struct emu_lun *l = &c->d->luns[i];
		uint8_t *e;

		if (l->cfg.target != target || l->cfg.lun == 0)
			continue;
		e = b + 8 + 8 * n++;
		if (l->cfg.lun < 256) {
			e[1] = (uint8_t)l->cfg.lun;
		} else {
			e[0] = (uint8_t)(0x40 | (l->cfg.lun >> 8));
			e[1] = (uint8_t)l->cfg.lun;
		}
	}
	put_be32(b, 8 * n);
	emu_data(c, b, 8 + 8ULL * n, alloc);
}

static void emu_request_sense(struct emu_scsi_cmd *c, struct emu_lun *ua)
{
	uint8_t b[18];

	memset(b, 0, sizeof(b));
	b[0] = 0x70;
	b[7] = 10;
	if (ua && ua->ua_key) {
		b[2] = ua->ua_key;
		b[12] = ua->ua_asc;
		b[13] = ua->ua_ascq;
		ua->ua_key = 0;
	} else if (!c->lun) {
		b[2] = SCSI_SENSE_ILLEGAL_REQUEST;
		b[12] = 0x25;
	}
	c->status = SCSI_STATUS_GOOD;
	emu_data(c, b, sizeof(b), c->cdb[4]);
}

static bool emu_scsi_limits_ok(struct emu_scsi_cmd *c, uint64_t blocks)
{
	struct emu_dev *d = c->d;
	uint32_t mx = c->lun->cfg.max_transfer;
	bool ok = true;

	if (d->cfg.max_sectors && blocks > d->cfg.max_sectors) {
		emu_violation_add("0.%u.%04x: READ of %llu blocks > max_sectors %u", d->ssid,
				  d->cfg.devno, (unsigned long long)blocks, d->cfg.max_sectors);
		ok = false;
	}
	if (mx && blocks > mx) {
		emu_violation_add("0.%u.%04x: READ of %llu blocks > VPD max transfer %u",
				  d->ssid, d->cfg.devno, (unsigned long long)blocks, mx);
		ok = false;
	}
	if (d->cfg.seg_max && c->data_segs > d->cfg.seg_max) {
		emu_violation_add("0.%u.%04x: %u data segments > seg_max %u", d->ssid,
				  d->cfg.devno, c->data_segs, d->cfg.seg_max);
		ok = false;
	}
	return ok || !d->cfg.enforce_limits;
}

static void emu_read(struct emu_scsi_cmd *c, uint64_t lba, uint64_t blocks)
{
	struct emu_lun *l = c->lun;
	uint64_t len = blocks * l->block_size, done = 0;
	const struct emu_fault *f;
	static uint8_t buf[64 * 1024];

	if (l->fd < 0) {
		emu_sense(c, SCSI_SENSE_NOT_READY, 0x3a, 0);
		return;
	}
	if (lba > emu_lun_blocks(l) || blocks > emu_lun_blocks(l) - lba) {
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x21, 0);
		return;
	}
	if (len > c->data_len) {
		/* QEMU: transfer larger than the buffers -> overrun */
		c->response = EMU_SCSI_S_OVERRUN;
		return;
	}
	if (!emu_scsi_limits_ok(c, blocks)) {
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
		return;
	}
	if (c->ioerr) {
		emu_sense(c, SCSI_SENSE_MEDIUM_ERROR, 0x11, 0);
		return;
	}
	if (lba + blocks > c->d->max_block_end)
		c->d->max_block_end = lba + blocks;
	f = c->shortread;
	if (f) {
		uint64_t cut = f->arg ? f->arg : l->block_size;

		len = cut > len ? 0 : len - cut;
	}
	while (done < len) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (pread(l->fd, buf, n, (off_t)(lba * l->block_size + done)) != (ssize_t)n) {
			emu_sense(c, SCSI_SENSE_MEDIUM_ERROR, 0x11, 0);
			return;
		}
		emu_req_copy_in(c->d, c->r, c->data_off + done, buf, n);
		done += n;
	}
	c->xfer = done;
}

static void emu_read_capacity(struct emu_scsi_cmd *c, bool sixteen)
{
	struct emu_lun *l = c->lun;
	uint8_t b[32];
	uint64_t last;

	if (l->fd < 0) {
		emu_sense(c, SCSI_SENSE_NOT_READY, 0x3a, 0);
		return;
	}
	last = emu_lun_blocks(l) ? emu_lun_blocks(l) - 1 : 0;
	memset(b, 0, sizeof(b));
	if (!sixteen) {
		put_be32(b, last > 0xffffffffu ? 0xffffffffu : (uint32_t)last);
		put_be32(b + 4, l->block_size);
		emu_data(c, b, 8, 8);
		return;
	}
	put_be64(b, last);
	put_be32(b + 8, l->block_size);
	emu_data(c, b, 32, get_be32(c->cdb + 10));
}

static void emu_device_command(struct emu_scsi_cmd *c)
{
	struct emu_lun *l = c->lun;
	const uint8_t *cdb = c->cdb;

	switch (cdb[0]) {
	case SCSI_TEST_UNIT_READY:
		if (l->fd < 0)
			emu_sense(c, SCSI_SENSE_NOT_READY, 0x3a, 0);
		break;
	case SCSI_INQUIRY:
		emu_inquiry(c);
		break;
	case EMU_SCSI_REQUEST_SENSE:
		emu_request_sense(c, l);
		break;
	case EMU_SCSI_READ_CAPACITY_10:
		emu_read_capacity(c, false);
		break;
	case SCSI_SERVICE_ACTION_IN_16:
		if ((cdb[1] & 0x1f) == SCSI_SAI_READ_CAPACITY_16)
			emu_read_capacity(c, true);
		else
			emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
		break;
	case SCSI_READ_10:
		emu_read(c, get_be32(cdb + 2), get_be16(cdb + 7));
		break;
	case EMU_SCSI_READ_12:
		emu_read(c, get_be32(cdb + 2), get_be32(cdb + 6));
		break;
	case SCSI_READ_16:
		emu_read(c, get_be64(cdb + 2), get_be32(cdb + 10));
		break;
	default:
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x20, 0);
		break;
	}
}

/* Commands to a LUN that does not exist, and REPORT LUNS (scsi-bus.c). */
static void emu_target_command(struct emu_scsi_cmd *c, uint16_t target)
{
	switch (c->cdb[0]) {
	case SCSI_REPORT_LUNS:
		emu_report_luns(c, target);
		break;
	case SCSI_INQUIRY:
		if (c->cdb[1] & 0x3) {
			emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x24, 0);
			break;
		}
		emu_inquiry_std(c, 0x7f, false, "QEMU TARGET");
		break;
	case EMU_SCSI_REQUEST_SENSE:
		emu_request_sense(c, NULL);
		break;
	default:
		emu_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, 0x25, 0);
		break;
	}
}

static struct emu_lun *emu_find_lun(struct emu_dev *d, uint16_t target, uint32_t lun,
				    struct emu_lun **anyp)
{
	*anyp = NULL;
	for (unsigned int i = 0; i < d->cfg.nluns; i++) {
		struct emu_lun *l = &d->luns[i];

		if (l->cfg.target != target)
			continue;
		if (!*anyp)
			*anyp = l;
		if (l->cfg.lun == lun)
			return l;
	}
	return NULL;
}

static int64_t emu_scsi_cmd(struct emu_dev *d, struct emu_req *r)
{
	struct emu_scsi_cmd c;
	uint32_t req_size = 19 + d->cdb_size, resp_size = 12 + d->sense_size;
	bool any_layout = d->guest_features & ((1ULL << EMU_F_ANY_LAYOUT) |
					       (1ULL << VIRTIO_F_VERSION_1));
	uint8_t req[19 + 256], resp[12 + 96];
	uint64_t out_data;
	struct emu_lun *any;
	uint16_t target;
	uint32_t lunno;
	const struct emu_fault *f, *fs;
	uint8_t *respbuf;

	if (r->out_len < req_size || r->in_len < resp_size) {
		emu_vdev_break(d, "invalid SCSI request (request %llu/%u, response %llu/%u)",
			       (unsigned long long)r->out_len, req_size,
			       (unsigned long long)r->in_len, resp_size);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.r = r;
	memset(req, 0, sizeof(req));
	emu_req_copy_out(d, r, 0, req, req_size < sizeof(req) ? req_size : sizeof(req));
	memcpy(c.cdb, req + 19, d->cdb_size < sizeof(c.cdb) ? d->cdb_size : sizeof(c.cdb));
	r->match = c.cdb[0];
	d->scsi_ops[c.cdb[0]]++;
	c.data_off = any_layout ? resp_size : r->in[0].len;
	c.data_len = r->in_len - c.data_off;
	c.data_segs = r->nin - 1;
	out_data = any_layout ? r->out_len - req_size : r->out_len - r->out[0].len;
	if (out_data && c.data_len) {
		emu_vdev_break(d, "SCSI request with both data-out and data-in");
		return -1;
	}

	target = req[1];
	lunno = ((uint32_t)req[2] << 8 | req[3]) & 0x3fff;
	if (req[0] != 1 || (req[2] != 0 && (req[2] < 0x40 || req[2] >= 0x80)) ||
	    (c.lun = emu_find_lun(d, target, lunno, &any), !any)) {
		c.response = VIRTIO_SCSI_S_BAD_TARGET;
		goto done;
	}
	/* every fault sees every command (its own event count) */
	f = emu_fault(d, EMU_FAULT_SCSI_RESPONSE, c.cdb[0]);
	fs = emu_fault(d, EMU_FAULT_SCSI_SENSE, c.cdb[0]);
	c.ioerr = emu_fault(d, EMU_FAULT_IO_ERROR, c.cdb[0]);
	c.shortread = emu_fault(d, EMU_FAULT_SHORT_READ, c.cdb[0]);
	if (f) {
		c.response = (uint8_t)f->arg;
		goto done;
	}
	if (fs) {
		emu_sense(&c, (uint8_t)(fs->arg >> 16), (uint8_t)(fs->arg >> 8), (uint8_t)fs->arg);
		goto done;
	}
	{
		struct emu_lun *ua = c.lun ? c.lun : any;

		if (ua->ua_key && c.cdb[0] != SCSI_INQUIRY && c.cdb[0] != SCSI_REPORT_LUNS &&
		    c.cdb[0] != 0x46 && c.cdb[0] != 0x4a &&
		    c.cdb[0] != EMU_SCSI_REQUEST_SENSE) {
			emu_sense(&c, ua->ua_key, ua->ua_asc, ua->ua_ascq);
			ua->ua_key = 0;
			goto done;
		}
	}
	if (!c.lun || c.cdb[0] == SCSI_REPORT_LUNS)
		emu_target_command(&c, target);
	else
		emu_device_command(&c);
done:
	memset(resp, 0, sizeof(resp));
	respbuf = resp;
	if (c.status == SCSI_STATUS_CHECK_CONDITION) {
		uint32_t n = c.sense_len < d->sense_size ? c.sense_len : d->sense_size;

		emu_cfg_put32(d, respbuf, n);
		if (n > 96)
			n = 96;
		memcpy(respbuf + 12, c.sense, n < sizeof(c.sense) ? n : sizeof(c.sense));
	}
	if (c.response == VIRTIO_SCSI_S_OK && c.data_len)
		emu_cfg_put32(d, respbuf + 4, (uint32_t)(c.data_len - c.xfer));
	respbuf[10] = c.status;
	respbuf[11] = c.response;
	emu_req_copy_in(d, r, 0, respbuf, resp_size < sizeof(resp) ? resp_size : sizeof(resp));
	if (resp_size > sizeof(resp)) {
		static const uint8_t zero[256];

		for (uint32_t o = sizeof(resp); o < resp_size; o += sizeof(zero))
			emu_req_copy_in(d, r, o, zero,
					resp_size - o < sizeof(zero) ? resp_size - o : sizeof(zero));
	}
	return (int64_t)r->in_len;
}

static int64_t emu_scsi_request(struct emu_dev *d, struct emu_req *r)
{
	uint8_t b[8];

	if (r->vq == VIRTIO_SCSI_VQ_EVENT)
		return -1;      /* event buffers stay with the device */
	if (r->vq == VIRTIO_SCSI_VQ_CONTROL) {
		memset(b, 0, sizeof(b));
		emu_req_copy_in(d, r, 0, b, r->in_len < sizeof(b) ? r->in_len : sizeof(b));
		return (int64_t)r->in_len;
	}
	return emu_scsi_cmd(d, r);
}

const struct emu_vdev_ops emu_scsi_ops = {
	.device_id = VIRTIO_ID_SCSI,
	.nvqs = 3,
	.config = emu_scsi_config,
	.write_config = emu_scsi_write_config,
	.request = emu_scsi_request,
	.reset = emu_scsi_reset,
};
