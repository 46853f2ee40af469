// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-scsi boot LUN driver (SPC-4/SBC-3 commands): REPORT LUNS scan,
 * TEST UNIT READY with unit-attention retries, INQUIRY (disk or CD-ROM,
 * block limits VPD), READ CAPACITY(16), READ(10) below 2^32 and READ(16) at
 * or above. Sense data is decoded into messages.
 */
#include "drivers/virtio/virtio_scsi.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define VSCSI_UA_RETRIES 8
#define VSCSI_REQ_MAX (8 * MiB)
#define VSCSI_MAX_TARGETS 256
#define VSCSI_LUN_LIST 256              /* bytes of REPORT LUNS data we read */

struct vscsi_dma {
	struct virtio_scsi_cmd_req req;
	uint8_t pad[5];
	struct virtio_scsi_cmd_resp resp;
	uint8_t data[VSCSI_LUN_LIST];
};

struct vscsi {
	struct vdev *vd;
	struct scsi_addr addr;
	uint32_t max_blocks;            /* per READ command */
	char name[40];
	struct vscsi_dma *dma;
};

static struct vscsi vscsi;

struct scsi_result {
	uint8_t response;               /* VIRTIO_SCSI_S_* */
	uint8_t status;                 /* SCSI status */
	uint8_t key, asc, ascq;         /* sense, when CHECK CONDITION */
	uint32_t resid;
};

static void encode_lun(uint8_t lun[8], const struct scsi_addr *a)
{
	memset(lun, 0, 8);
	lun[0] = 1;
	lun[1] = (uint8_t)a->target;
	if (a->lun < 256) {
		lun[3] = (uint8_t)a->lun;
	} else {
		lun[2] = (uint8_t)(0x40 | ((a->lun >> 8) & 0x3f));
		lun[3] = (uint8_t)a->lun;
	}
}

/* One command; data (if any) goes to guest memory at @data. */
static int scsi_exec(struct vscsi *s, const struct scsi_addr *a, const uint8_t *cdb,
		     size_t cdb_len, absaddr_t data, uint32_t len, struct scsi_result *res)
{
	struct vscsi_dma *d = s->dma;
	struct vbuf bufs[3];
	unsigned int n = 2;
	uint32_t used;
	int rc;

	memset(&d->req, 0, sizeof(d->req));
	memset(&d->resp, 0, sizeof(d->resp));
	encode_lun(d->req.lun, a);
	memcpy(d->req.cdb, cdb, cdb_len);
	bufs[0] = (struct vbuf){ ptr_to_abs(&d->req), sizeof(d->req), false };
	bufs[1] = (struct vbuf){ ptr_to_abs(&d->resp), sizeof(d->resp), true };
	if (len)
		bufs[n++] = (struct vbuf){ data, len, true };
	rc = virtio_request(s->vd, VIRTIO_SCSI_VQ_REQUEST, bufs, n, &used);
	if (rc)
		return rc;
	memset(res, 0, sizeof(*res));
	res->response = d->resp.response;
	res->status = d->resp.status;
	res->resid = vd32(s->vd, d->resp.resid);
	if (res->status == SCSI_STATUS_CHECK_CONDITION &&
	    vd32(s->vd, d->resp.sense_len) >= 14) {
		const uint8_t *sense = d->resp.sense;

		if ((sense[0] & 0x7f) == 0x72 || (sense[0] & 0x7f) == 0x73) {
			res->key = sense[1] & 0xf;  /* descriptor format */
			res->asc = sense[2];
			res->ascq = sense[3];
		} else {
			res->key = sense[2] & 0xf;  /* fixed format */
			res->asc = sense[12];
			res->ascq = sense[13];
		}
	}
	return 0;
}

static bool scsi_good(const struct scsi_result *r)
{
	return r->response == VIRTIO_SCSI_S_OK && r->status == SCSI_STATUS_GOOD;
}

static void scsi_report(const struct vscsi *s, const char *what, const struct scsi_result *r)
{
	fw_printf("virtio-scsi %s: %s failed: ", s->name, what);
	if (r->response != VIRTIO_SCSI_S_OK)
		fw_printf("virtio response %u\n", r->response);
	else if (r->status == SCSI_STATUS_CHECK_CONDITION)
		fw_printf("sense key 0x%x, ASC 0x%02x, ASCQ 0x%02x\n", r->key, r->asc, r->ascq);
	else
		fw_printf("SCSI status 0x%02x\n", r->status);
}

/* Run a command, repeating it while the LUN reports UNIT ATTENTION. */
static int scsi_cmd(struct vscsi *s, const char *what, const uint8_t *cdb, size_t cdb_len,
		    absaddr_t data, uint32_t len, struct scsi_result *res)
{
	for (int i = 0; i < VSCSI_UA_RETRIES; i++) {
		int rc = scsi_exec(s, &s->addr, cdb, cdb_len, data, len, res);

		if (rc)
			return rc;
		if (scsi_good(res))
			return 0;
		if (!(res->status == SCSI_STATUS_CHECK_CONDITION &&
		      res->key == SCSI_SENSE_UNIT_ATTENTION) && res->status != SCSI_STATUS_BUSY)
			break;
	}
	if (what)
		scsi_report(s, what, res);
	return FW_EIO;
}

/* REPORT LUNS on target @t; the first LUN listed, or FW_ENODEV. */
static int scan_target(struct vscsi *s, uint16_t t, uint32_t *lunp)
{
	struct scsi_addr a = { 0, t, 0 };
	uint8_t cdb[12] = { SCSI_REPORT_LUNS, 0, 2 };
	struct scsi_result r;
	uint32_t list_len, n;
	int rc;

	put_be32(cdb + 6, VSCSI_LUN_LIST);
	for (int i = 0; i < VSCSI_UA_RETRIES; i++) {
		rc = scsi_exec(s, &a, cdb, sizeof(cdb), ptr_to_abs(s->dma->data),
			       VSCSI_LUN_LIST, &r);
		if (rc)
			return rc;
		if (r.response == VIRTIO_SCSI_S_BAD_TARGET)
			return FW_ENODEV;
		if (!(r.status == SCSI_STATUS_CHECK_CONDITION && r.key == SCSI_SENSE_UNIT_ATTENTION))
			break;
	}
	if (!scsi_good(&r))
		return FW_ENODEV;
	list_len = get_be32(s->dma->data);
	if (list_len < 8)
		return FW_ENODEV;
	/*
	 * Single-level LUN structure: peripheral (0x00) or flat (0x40)
	 * addressing. QEMU lists LUN 0 first whether it exists or not; like
	 * QEMU's BIOS, take the first other LUN if there is one.
	 */
	n = MIN(list_len, (uint32_t)VSCSI_LUN_LIST - 8) / 8;
	*lunp = 0;
	for (uint32_t i = 0; i < n && !*lunp; i++)
		*lunp = get_be16(s->dma->data + 8 + 8 * i) & 0x3fff;
	return 0;
}

static int vscsi_read(struct blockdev *bd, uint64_t lba, uint64_t count, absaddr_t dst)
{
	struct vscsi *s = bd->priv;

	while (count) {
		uint32_t n = (uint32_t)MIN(count, (uint64_t)s->max_blocks);
		struct scsi_result r;
		uint8_t cdb[16];
		size_t cdb_len;
		int rc;

		memset(cdb, 0, sizeof(cdb));
		if (lba + n <= 0x100000000ULL && n <= 0xffff) {
			cdb[0] = SCSI_READ_10;
			put_be32(cdb + 2, (uint32_t)lba);
			put_be16(cdb + 7, (uint16_t)n);
			cdb_len = 10;
		} else {
			cdb[0] = SCSI_READ_16;
			put_be64(cdb + 2, lba);
			put_be32(cdb + 10, n);
			cdb_len = 16;
		}
		rc = scsi_cmd(s, NULL, cdb, cdb_len, dst, n * bd->block_size, &r);
		if (rc) {
			fw_printf("virtio-scsi %s: READ(%u) of %u blocks at block %llu failed: ",
				  s->name, (unsigned int)cdb_len, n, (unsigned long long)lba);
			if (rc == FW_EIO && r.status == SCSI_STATUS_CHECK_CONDITION)
				fw_printf("sense key 0x%x, ASC 0x%02x, ASCQ 0x%02x\n", r.key, r.asc,
					  r.ascq);
			else if (rc == FW_EIO)
				fw_printf("response %u, status 0x%02x\n", r.response, r.status);
			else
				fw_printf("transport error\n");
			return rc;
		}
		if (r.resid) {
			fw_printf("virtio-scsi %s: short read at block %llu: %u of %u bytes "
				  "missing\n", s->name, (unsigned long long)lba, r.resid,
				  n * bd->block_size);
			return FW_EIO;
		}
		lba += n;
		count -= n;
		dst += (uint64_t)n * bd->block_size;
	}
	return 0;
}

static int vscsi_setup_lun(struct vscsi *s, struct blockdev *bd, uint32_t cfg_max_sectors)
{
	uint8_t *data = s->dma->data;
	uint8_t cdb[16];
	struct scsi_result r;
	uint64_t last;
	uint32_t bs, max_blocks;
	uint8_t type;
	int rc;

	memset(cdb, 0, sizeof(cdb));
	cdb[0] = SCSI_TEST_UNIT_READY;
	rc = scsi_cmd(s, "TEST UNIT READY", cdb, 6, 0, 0, &r);
	if (rc)
		return rc;

	memset(cdb, 0, sizeof(cdb));
	cdb[0] = SCSI_INQUIRY;
	put_be16(cdb + 3, 36);
	memset(data, 0, 36);
	rc = scsi_cmd(s, "INQUIRY", cdb, 6, ptr_to_abs(data), 36, &r);
	if (rc)
		return rc;
	type = data[0] & 0x1f;
	if ((data[0] >> 5) != 0 || (type != SCSI_TYPE_DISK && type != SCSI_TYPE_CDROM)) {
		fw_printf("virtio-scsi %s: not a disk or CD-ROM (peripheral 0x%02x)\n", s->name,
			  data[0]);
		return FW_ENOTSUP;
	}
	bd->is_cdrom = type == SCSI_TYPE_CDROM;

	/* Block limits VPD page: maximum transfer length (optional). */
	max_blocks = (uint32_t)(VSCSI_REQ_MAX / 512);
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = SCSI_INQUIRY;
	cdb[1] = 1;
	cdb[2] = 0xb0;
	put_be16(cdb + 3, 64);
	memset(data, 0, 64);
	if (scsi_cmd(s, NULL, cdb, 6, ptr_to_abs(data), 64, &r) == 0 && data[1] == 0xb0 &&
	    get_be32(data + 8) != 0)
		max_blocks = MIN(max_blocks, get_be32(data + 8));

	memset(cdb, 0, sizeof(cdb));
	cdb[0] = SCSI_SERVICE_ACTION_IN_16;
	cdb[1] = SCSI_SAI_READ_CAPACITY_16;
	put_be32(cdb + 10, 32);
	memset(data, 0, 32);
	rc = scsi_cmd(s, "READ CAPACITY(16)", cdb, 16, ptr_to_abs(data), 32, &r);
	if (rc)
		return rc;
	last = get_be64(data);
	bs = get_be32(data + 8);
	if (bs < 512 || bs > 4096 || (bs & (bs - 1)) || last == ~0ULL) {
		fw_printf("virtio-scsi %s: unsupported block size %u or capacity\n", s->name, bs);
		return FW_ENOTSUP;
	}
	max_blocks = MIN(max_blocks, (uint32_t)(VSCSI_REQ_MAX / bs));
	if (cfg_max_sectors)
		max_blocks = MIN(max_blocks, MAX(1u, cfg_max_sectors / (bs / 512)));
	s->max_blocks = max_blocks ? max_blocks : 1;
	bd->block_size = bs;
	bd->blocks = last + 1;
	return 0;
}

int virtio_scsi_open(struct vdev *vd, const struct scsi_addr *want, struct blockdev *bd,
		     struct scsi_addr *found)
{
	struct virtio_scsi_config cfg;
	struct vscsi *s = &vscsi;
	uint32_t max_target;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	rc = virtio_setup(vd, 0, 3, &cfg, sizeof(cfg));
	if (rc)
		return rc;
	if (!s->dma)
		s->dma = dma_alloc(sizeof(*s->dma), 8);
	s->vd = vd;
	if (vd32(vd, cfg.sense_size) != VIRTIO_SCSI_SENSE_SIZE ||
	    vd32(vd, cfg.cdb_size) != VIRTIO_SCSI_CDB_SIZE) {
		fw_printf("virtio-scsi %s: unsupported sense/CDB size %u/%u\n", vd->name,
			  vd32(vd, cfg.sense_size), vd32(vd, cfg.cdb_size));
		return FW_ENOTSUP;
	}
	max_target = MIN((uint32_t)vd16(vd, cfg.max_target), VSCSI_MAX_TARGETS - 1);
	if (want) {
		s->addr = *want;
		if (want->channel != 0 || want->target > vd16(vd, cfg.max_target) ||
		    want->lun > vd32(vd, cfg.max_lun)) {
			fw_printf("virtio-scsi %s: no LUN %u:%u:%u on this controller\n",
				  vd->name, want->channel, want->target, want->lun);
			return FW_ENODEV;
		}
	} else {
		rc = FW_ENODEV;
		for (uint32_t t = 0; t <= max_target && rc; t++) {
			s->addr = (struct scsi_addr){ 0, (uint16_t)t, 0 };
			rc = scan_target(s, (uint16_t)t, &s->addr.lun);
			if (rc && rc != FW_ENODEV)
				return rc;
		}
		if (rc) {
			fw_printf("virtio-scsi %s: no LUN found\n", vd->name);
			return FW_ENODEV;
		}
	}
	fw_snprintf(s->name, sizeof(s->name), "%s LUN %u:%u:%u", vd->name, s->addr.channel,
		    s->addr.target, s->addr.lun);
	bd->name = s->name;
	bd->read = vscsi_read;
	bd->read_start = NULL;  /* one request at a time */
	bd->flush = NULL;
	bd->priv = s;
	rc = vscsi_setup_lun(s, bd, vd32(vd, cfg.max_sectors));
	if (rc == 0)
		blockdev_ready(bd);
	if (rc == 0 && found)
		*found = s->addr;
	return rc;
}
