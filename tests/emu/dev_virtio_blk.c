/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulated virtio-blk (virtio 1.x section 5.2, QEMU hw/block/virtio-blk.c)
 * backed by a read-only raw image: config space with capacity, seg_max,
 * size_max, geometry, logical/physical block size; IN, OUT (refused: the
 * image is read-only), FLUSH and GET_ID requests; QEMU's range and alignment
 * checks (sector aligned to the logical block, length a block multiple,
 * inside the capacity -> else IOERR); seg_max/size_max enforcement; faults.
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

#define EMU_BLK_T_OUT 1
#define EMU_BLK_T_FLUSH 4
#define EMU_BLK_T_GET_ID 8
#define EMU_BLK_CONFIG_LEN 36  /* up to num_queues, as QEMU without discard */

void emu_blk_init(struct emu_dev *d)
{
	struct stat st;

	if (!d->cfg.block_size)
		d->cfg.block_size = 512;
	if (d->cfg.block_size < 512 || d->cfg.block_size > 4096 ||
	    (d->cfg.block_size & (d->cfg.block_size - 1))) {
		fprintf(stderr, "emu: bad scenario: blk block size %u\n", d->cfg.block_size);
		abort();
	}
	if (!d->cfg.physical_block_size)
		d->cfg.physical_block_size = d->cfg.block_size;
	if (!d->cfg.image) {
		d->image_size = 0;      /* like QEMU's null-co with size 0 */
		return;
	}
	d->fd = open(d->cfg.image, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0 || fstat(d->fd, &st) != 0) {
		fprintf(stderr, "emu: bad scenario: cannot open %s\n", d->cfg.image);
		abort();
	}
	d->image_size = (uint64_t)st.st_size;
	if (!d->cfg.cyls) {
		/* QEMU guess_chs_for_size() for an unpartitioned image */
		uint64_t c = d->image_size / 512 / (16 * 63);

		d->cfg.cyls = (uint16_t)(c > 16383 ? 16383 : c < 2 ? 2 : c);
		d->cfg.heads = 16;
		d->cfg.secs = 63;
	}
}

static uint32_t emu_blk_config(struct emu_dev *d, uint8_t *b, uint32_t max)
{
	uint32_t exp = 0;

	(void)max;
	memset(b, 0, EMU_BLK_CONFIG_LEN);
	while ((d->cfg.block_size << exp) < d->cfg.physical_block_size)
		exp++;
	emu_cfg_put64(d, b + 0, d->image_size / 512);
	emu_cfg_put32(d, b + 8, d->cfg.size_max);
	emu_cfg_put32(d, b + 12, d->cfg.seg_max);
	emu_cfg_put16(d, b + 16, d->cfg.cyls);
	b[18] = d->cfg.heads;
	b[19] = d->cfg.secs;
	emu_cfg_put32(d, b + 20, d->cfg.block_size);
	b[24] = (uint8_t)exp;
	b[25] = 0;
	emu_cfg_put16(d, b + 26, 0);
	emu_cfg_put32(d, b + 28, 0);
	b[32] = 0;              /* wce */
	emu_cfg_put16(d, b + 34, 1);
	return EMU_BLK_CONFIG_LEN;
}

static bool emu_blk_limits_ok(struct emu_dev *d, const struct emu_req *r, unsigned int ndata,
			      uint64_t last_data_len)
{
	bool ok = true;

	if ((d->guest_features & (1ULL << VIRTIO_BLK_F_SEG_MAX)) && d->cfg.seg_max &&
	    ndata > d->cfg.seg_max) {
		emu_violation_add("0.%u.%04x: request with %u data segments > seg_max %u",
				  d->ssid, d->cfg.devno, ndata, d->cfg.seg_max);
		ok = false;
	}
	if ((d->guest_features & (1ULL << VIRTIO_BLK_F_SIZE_MAX)) && d->cfg.size_max) {
		for (unsigned int i = 0; i < ndata; i++) {
			uint64_t len = i + 1 == r->nin ? last_data_len : r->in[i].len;

			if (len > d->cfg.size_max) {
				emu_violation_add("0.%u.%04x: data segment of %llu bytes > "
						  "size_max %u", d->ssid, d->cfg.devno,
						  (unsigned long long)len, d->cfg.size_max);
				ok = false;
				break;
			}
		}
	}
	return ok || !d->cfg.enforce_limits;
}

static uint8_t emu_blk_read(struct emu_dev *d, const struct emu_req *r, uint64_t sector,
			    uint64_t len, uint64_t *donep)
{
	uint64_t bs = d->cfg.block_size, off = sector * 512, done = 0;
	static uint8_t buf[64 * 1024];

	*donep = 0;
	if ((sector & (bs / 512 - 1)) || (len % bs) || sector > d->image_size / 512 ||
	    len / 512 > d->image_size / 512 - sector)
		return VIRTIO_BLK_S_IOERR;
	if (sector + len / 512 > d->max_block_end)
		d->max_block_end = sector + len / 512;
	while (done < len) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		ssize_t got = pread(d->fd, buf, n, (off_t)(off + done));

		if (got != (ssize_t)n) {
			fprintf(stderr, "emu: read error on %s\n", d->cfg.image);
			return VIRTIO_BLK_S_IOERR;
		}
		emu_req_copy_in(d, r, done, buf, n);
		done += n;
	}
	*donep = done;
	return VIRTIO_BLK_S_OK;
}

/* EMU_FAULT_BAD_SECTOR: does a read of @len bytes at @sector fire one? */
static const struct emu_fault emu_blk_bad = { .kind = EMU_FAULT_BAD_SECTOR };

static bool emu_blk_bad_sector(struct emu_dev *d, uint64_t sector, uint64_t len)
{
	bool hit = false;

	for (unsigned int i = 0; i < d->cfg.nfaults; i++) {
		const struct emu_fault *f = &d->cfg.faults[i];
		unsigned int nth = f->nth ? f->nth : 1, n;

		if (f->kind != EMU_FAULT_BAD_SECTOR || f->arg < sector ||
		    f->arg >= sector + (len + 511) / 512)
			continue;
		n = ++d->fault_hits[i];
		if (n >= nth && (f->count == 0 || n < nth + f->count))
			hit = true;
	}
	return hit;
}

static int64_t emu_blk_request(struct emu_dev *d, struct emu_req *r)
{
	uint8_t hdr[16], status;
	uint64_t sector, data_len, done = 0, last_data_len;
	uint32_t type;
	unsigned int ndata;
	const struct emu_fault *f, *ioerr;

	if (r->out_len < sizeof(hdr)) {
		emu_vdev_break(d, "virtio-blk request outhdr too short");
		return -1;
	}
	if (!r->nin || r->in[r->nin - 1].len < 1) {
		emu_vdev_break(d, "virtio-blk request inhdr too short");
		return -1;
	}
	emu_req_copy_out(d, r, 0, hdr, sizeof(hdr));
	type = emu_cfg_get32(d, hdr);
	sector = emu_vdev_le(d) ? (uint64_t)get_le32(hdr + 12) << 32 | get_le32(hdr + 8)
				: get_be64(hdr + 8);
	r->match = (int)type;
	data_len = r->in_len - 1;
	last_data_len = r->in[r->nin - 1].len - 1;
	ndata = r->nin - (last_data_len ? 0 : 1);

	ioerr = emu_fault(d, EMU_FAULT_IO_ERROR, (int)type);
	if (type == VIRTIO_BLK_T_IN && emu_blk_bad_sector(d, sector, data_len))
		ioerr = &emu_blk_bad;
	f = emu_fault(d, EMU_FAULT_SHORT_READ, (int)type);
	if (getenv("EMU_TRACE"))
		fprintf(stderr, "emu: 0.%u.%04x request %u: type %u, sector %llu, %llu bytes\n",
			d->ssid, d->cfg.devno, d->requests, type, (unsigned long long)sector,
			(unsigned long long)data_len);
	switch (type) {
	case VIRTIO_BLK_T_IN:
		if (!emu_blk_limits_ok(d, r, ndata, last_data_len) || ioerr) {
			status = VIRTIO_BLK_S_IOERR;
			break;
		}
		status = emu_blk_read(d, r, sector, data_len, &done);
		if (status == VIRTIO_BLK_S_OK && f) {
			uint64_t cut = f->arg ? f->arg : d->cfg.block_size;

			/* the device claims success but stored less */
			if (cut > data_len)
				cut = data_len;
			{
				static uint8_t junk[4096];

				for (uint64_t o = data_len - cut; o < data_len; o += sizeof(junk)) {
					uint64_t n = data_len - o < sizeof(junk) ? data_len - o
										 : sizeof(junk);

					memset(junk, 0xee, sizeof(junk));
					emu_req_copy_in(d, r, o, junk, n);
				}
			}
			emu_dma_write(r->in[r->nin - 1].addr + r->in[r->nin - 1].len - 1, &status,
				      1);
			return (int64_t)(data_len - cut + 1);
		}
		break;
	case EMU_BLK_T_OUT:
		emu_violation_add("0.%u.%04x: firmware wrote to the disk (sector %llu)",
				  d->ssid, d->cfg.devno, (unsigned long long)sector);
		status = VIRTIO_BLK_S_IOERR;
		break;
	case EMU_BLK_T_FLUSH:
		status = VIRTIO_BLK_S_OK;
		break;
	case EMU_BLK_T_GET_ID: {
		char id[20];

		memset(id, 0, sizeof(id));
		snprintf(id, sizeof(id), "EMU-%u.%04x", d->ssid, d->cfg.devno);
		emu_req_copy_in(d, r, 0, id, data_len < 20 ? data_len : 20);
		status = VIRTIO_BLK_S_OK;
		break;
	}
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	emu_dma_write(r->in[r->nin - 1].addr + r->in[r->nin - 1].len - 1, &status, 1);
	return (int64_t)r->in_len;
}

const struct emu_vdev_ops emu_blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.nvqs = 1,
	.config = emu_blk_config,
	.request = emu_blk_request,
};
