/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-net (virtio 1.x section 5.1) as a netdev: a receive queue kept
 * full of buffers, one frame transmitted at a time, the MAC from the device
 * configuration. Everything the device writes into the rings is checked.
 */
#ifndef DRIVERS_NET_VIRTIO_NET_H
#define DRIVERS_NET_VIRTIO_NET_H

#include "drivers/virtio/virtio.h"
#include "net/netdev.h"

/*
 * virtio_net_open - bring up the virtio-net device @vd (transport fields
 * set by the caller) and fill @nd. Returns 0 or a negative FW_E* after
 * printing the reason. Call virtio_ccw_reset() when done, so the device
 * stops writing into the receive buffers.
 */
int virtio_net_open(struct vdev *vd, struct netdev *nd) FW_MUST_CHECK;

#endif
