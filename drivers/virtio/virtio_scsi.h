/* SPDX-License-Identifier: GPL-2.0-or-later */
/* virtio-scsi (virtio 1.x section 5.6) host adapter: one LUN as a blockdev. */
#ifndef VIRTIO_VIRTIO_SCSI_H
#define VIRTIO_VIRTIO_SCSI_H

#include "drivers/blockdev.h"
#include "drivers/virtio/virtio.h"

struct scsi_addr {
	uint16_t channel;
	uint16_t target;
	uint32_t lun;
};

/*
 * virtio_scsi_open - set up the controller @vd and the LUN @want (from the
 * IPL block), or, when @want is NULL, the first LUN a REPORT LUNS scan of
 * the targets finds. Describes the LUN in @bd; *found gets its address.
 * Prints the reason on failure. Returns 0, FW_ENODEV (no LUN), FW_ENOTSUP,
 * FW_EIO or a transport error.
 */
int virtio_scsi_open(struct vdev *vd, const struct scsi_addr *want, struct blockdev *bd,
		     struct scsi_addr *found) FW_MUST_CHECK;

#endif
