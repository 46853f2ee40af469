/* SPDX-License-Identifier: GPL-2.0-or-later */
/* virtio-blk (virtio 1.x section 5.2) as a struct blockdev. */
#ifndef VIRTIO_VIRTIO_BLK_H
#define VIRTIO_VIRTIO_BLK_H

#include "drivers/blockdev.h"
#include "drivers/virtio/virtio.h"

/* Geometry the device reports (VIRTIO_BLK_F_GEOMETRY), 0 when absent. */
struct vblk_geometry {
	uint16_t cylinders;
	uint8_t heads, sectors;
};

/*
 * virtio_blk_open - set up the virtio-blk device @vd (its css part filled
 * in) and describe it in @bd. Prints the reason on failure. Returns 0,
 * FW_ENOTSUP (unusable block size or capacity) or a transport error.
 */
int virtio_blk_open(struct vdev *vd, struct blockdev *bd, struct vblk_geometry *geo) FW_MUST_CHECK;

#endif
