/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stub virtio devices that a boot loader must recognise and skip:
 * virtio-net (id 1: MAC config, receive and transmit queue; transmits
 * complete, nothing is ever received) and virtio-serial (id 3).
 */
#include <string.h>

#include "abi/virtio.h"
#include "emu_int.h"

static uint32_t emu_net_config(struct emu_dev *d, uint8_t *b, uint32_t max)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	(void)max;
	memset(b, 0, 12);
	memcpy(b, mac, sizeof(mac));
	emu_cfg_put16(d, b + 6, 1);     /* link up */
	emu_cfg_put16(d, b + 8, 1);     /* max_virtqueue_pairs */
	emu_cfg_put16(d, b + 10, 1500); /* mtu */
	return 12;
}

static int64_t emu_net_request(struct emu_dev *d, struct emu_req *r)
{
	(void)d;
	if (r->vq == 0)
		return -1;      /* receive buffers: no traffic, kept */
	return 0;               /* transmitted */
}

const struct emu_vdev_ops emu_net_ops = {
	.device_id = VIRTIO_ID_NET,
	.nvqs = 2,
	.config = emu_net_config,
	.request = emu_net_request,
};

static uint32_t emu_serial_config(struct emu_dev *d, uint8_t *b, uint32_t max)
{
	(void)max;
	memset(b, 0, 12);
	emu_cfg_put16(d, b, 80);
	emu_cfg_put16(d, b + 2, 25);
	emu_cfg_put32(d, b + 4, 1);
	return 12;
}

static int64_t emu_serial_request(struct emu_dev *d, struct emu_req *r)
{
	(void)d;
	return (r->vq & 1) ? 0 : -1;
}

const struct emu_vdev_ops emu_serial_ops = {
	.device_id = 3,
	.nvqs = 4,
	.config = emu_serial_config,
	.request = emu_serial_request,
};
