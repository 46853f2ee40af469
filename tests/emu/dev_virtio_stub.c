/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stub virtio device that a boot loader must recognise and skip:
 * virtio-serial (id 3). (virtio-net is dev_virtio_net.c.)
 */
#include <string.h>

#include "abi/virtio.h"
#include "emu_int.h"

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
