/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the firmware's channel-I/O and virtio drivers
 * (drivers/css, drivers/virtio, drivers/net) against a hostile device. The
 * emulated machine of tests/emu runs one virtio-blk, virtio-scsi or
 * virtio-net device whose
 * configuration comes from the input and whose answers the rest of the
 * input rewrites through the emulator's hooks: config space bytes, the
 * queue size, and for every request the used-ring id and length, whether
 * it completes, and bytes of the reply (status, SCSI response, sense,
 * data). The drivers set the device up and read a few blocks: single ones
 * through the read cache, a run, two runs in flight.
 *
 * Findings: sanitizer reports, a program interruption (bad ORB, bad
 * pointer), a hang (virtual-time budget), or a write into the firmware
 * image outside the DMA area.
 *
 * Input: byte 0 device (bit 0 scsi, bit 5 net, bits 1-2 max revision,
 * bit 3 modern-only, bit 4 scan for the LUN), byte 1 queue size (1 << (b % 12)),
 * byte 2 seg_max, byte 3 completion delay; then the hook stream: each hook
 * call takes one op byte (0: leave it alone) and its operands.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drivers/css/css.h"
#include "drivers/net/virtio_net.h"
#include "drivers/virtio/virtio_blk.h"
#include "drivers/virtio/virtio_scsi.h"
#include "emu.h"
#include "fw/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct stream {
	const uint8_t *p;
	size_t left;
};

static struct stream st;
static bool scan_lun;
static uint8_t scratch[4096];

static uint8_t next(void)
{
	if (!st.left)
		return 0;
	st.left--;
	return *st.p++;
}

static void h_config(void *ctx, uint8_t ssid, uint16_t devno, uint8_t *buf, uint32_t len)
{
	uint8_t op = next();

	(void)ctx;
	(void)ssid;
	(void)devno;
	for (unsigned int i = 0; i < (op & 7u) && len; i++) {
		uint8_t off = next();

		buf[off % len] = next();
	}
}

static void h_vq_num(void *ctx, uint8_t ssid, uint16_t devno, uint16_t *num)
{
	uint8_t op = next();

	(void)ctx;
	(void)ssid;
	(void)devno;
	if (op & 0x80)
		*num = (uint16_t)(next() << 8 | next());
}

static void h_reply(void *ctx, struct emu_reply *r)
{
	uint8_t op = next();

	(void)ctx;
	if (op == 0xff) {
		r->complete = false;
		return;
	}
	if (op & 1)
		r->used_id = next();
	if (op & 2)
		r->used_len = (uint32_t)next() << 24 | (uint32_t)next() << 16 |
			      (uint32_t)next() << 8 | next();
	if ((op & 4) && r->in_len) {
		/* rewrite n bytes near the start (response, sense) or the end
		 * (blk status) of the device-writable buffers */
		unsigned int n = next() % 32 + 1;
		uint64_t off = (op & 8) ? (r->in_len > n ? r->in_len - n : 0) : next();

		for (unsigned int i = 0; i < n; i++)
			scratch[i] = next();
		emu_reply_write(r, off, scratch, n);
	}
}

static const struct emu_hooks hooks = { h_config, h_vq_num, h_reply, NULL };

static void remove_image(void);

static char image_path[64];

static void remove_image(void)
{
	unlink(image_path);
}

/* 256 blocks of 512 bytes, block i filled with i */
static const char *disk_image(void)
{
	uint8_t blk[512];
	int fd;

	if (image_path[0])
		return image_path;
	snprintf(image_path, sizeof(image_path), "/tmp/fuzz_vring-%ld.img", (long)getpid());
	fd = open(image_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	for (unsigned int i = 0; i < 256; i++) {
		memset(blk, (int)i, sizeof(blk));
		if (write(fd, blk, sizeof(blk)) != (ssize_t)sizeof(blk))
			abort();
	}
	close(fd);
	atexit(remove_image);
	return image_path;
}

/* virtio-net: ARP requests for the peer (10.0.2.2), whose replies (and the
 * transmit completions) the hooks rewrite; every frame handed out is read
 * whole. */
static void net_body(struct vdev *vd)
{
	static const uint8_t arp[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x08, 0x06,
		0, 1, 0x08, 0, 6, 4, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 2, 15,
		0, 0, 0, 0, 0, 0, 10, 0, 2, 2 };
	struct netdev nd;
	uint8_t frame[sizeof(arp)];
	unsigned int sum = 0;

	if (virtio_net_open(vd, &nd))
		return;
	memcpy(frame, arp, sizeof(arp));
	memcpy(frame + 6, nd.mac, 6);
	memcpy(frame + 22, nd.mac, 6);
	for (unsigned int i = 0; i < 6; i++) {
		if (nd.send(&nd, frame, sizeof(frame)))
			break;
		for (unsigned int poll = 0; poll < 20; poll++) {
			const uint8_t *f;
			int n = nd.recv(&nd, &f);

			if (n < 0)
				goto out;
			for (int j = 0; j < n; j++)
				sum += f[j];
		}
	}
out:
	if (sum == 0xffffffffu)
		fprintf(stderr, "fuzz_vring: %u\n", sum);      /* keep the reads */
	virtio_reset(vd);
}

static void body(void)
{
	static struct vdev vd;
	struct css_dev dev;
	struct blockdev bd;
	struct scsi_addr want = { 0, 0, 0 }, found;
	absaddr_t dst = 0x100000;
	int rc;

	(void)css_enable_mss();
	if (css_find_devno(0, 0x0001, &dev) || css_sense_id(&dev))
		return;
	virtio_ccw_bind(&vd, &dev);
	if (dev.cu_model == VIRTIO_ID_NET) {
		net_body(&vd);
		return;
	}
	if (dev.cu_model == VIRTIO_ID_BLOCK)
		rc = virtio_blk_open(&vd, &bd, NULL);
	else if (dev.cu_model == VIRTIO_ID_SCSI)
		rc = virtio_scsi_open(&vd, scan_lun ? NULL : &want, &bd, &found);
	else
		return;
	if (rc)
		return;
	/* what the loaders do: single blocks (through the read cache), a long
	 * run, then two runs in flight (virtio-blk) and the flush */
	if (bd.blocks && blockdev_read(&bd, 0, 1, dst) == 0 && bd.blocks > 3)
		(void)blockdev_read(&bd, 1, bd.blocks < 64 ? bd.blocks - 1 : 63, dst);
	if (bd.blocks >= 160 && bd.block_size == 512) {
		rc = blockdev_read_start(&bd, 64, 48, dst);
		if (!rc)
			rc = blockdev_read_start(&bd, 112, 48, dst + 48 * 512);
		rc = blockdev_flush(&bd);
		(void)rc;
	}
	virtio_reset(&vd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct emu_config cfg;
	struct emu_dev_cfg *d;
	enum emu_outcome o;
	char why[256];

	if (size < 4)
		return 0;
	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 8ULL << 20;
	cfg.max_virtual_ms = 5 * 60 * 1000;
	cfg.yield_us = 20000;           /* time-outs in fewer polls */
	cfg.tod_step_us = 100;
	cfg.hooks = &hooks;
	if (data[0] & 32) {
		static struct emu_net_cfg net;  /* DHCP and ARP answered, no TFTP */

		d = emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, 0x0001);
		d->net = &net;
	} else if (data[0] & 1) {
		d = emu_add_scsi(&cfg, 0, 0x0001);
		emu_scsi_add_lun(d, 0, 0, EMU_SCSI_HD, disk_image());
		d->initial_ua = true;
	} else {
		d = emu_add_blk(&cfg, 0, 0x0001, disk_image());
	}
	d->max_rev = (data[0] >> 1) & 3;
	d->modern_only = data[0] & 8;
	d->queue_size = (uint16_t)(1u << (data[1] % 12));
	d->seg_max = data[2];
	d->completion_delay_us = data[3] & 0x80 ? (data[3] & 0x7f) * 100u : 0;
	scan_lun = data[0] & 16;
	st.p = data + 4;
	st.left = size - 4;

	emu_machine_start(&cfg);
	o = emu_call(body);
	if (o == EMU_OUT_PGM || o == EMU_OUT_HANG) {
		fprintf(stderr, "fuzz_vring: the drivers ended in %s: %s\n",
			emu_outcome_name(o), emu_result()->why);
		abort();
	}
	if (!emu_fw_region_intact(why, sizeof(why))) {
		fprintf(stderr, "fuzz_vring: %s\n", why);
		abort();
	}
	emu_machine_reset();
	return 0;
}
