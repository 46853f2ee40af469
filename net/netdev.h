/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The seam between the network stack (net/) and a network driver: send one
 * Ethernet frame, poll for one received frame, the MAC address. Drivers
 * (drivers/net/virtio_net.c) fill it in; the harness and the fuzzers plug in
 * their own.
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "fw/types.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_FRAME_MAX 1514      /* without FCS */

struct netdev {
	const char *name;
	uint8_t mac[ETH_ALEN];
	/* send one frame (header included); 0 or a negative FW_E* */
	int (*send)(struct netdev *nd, const void *frame, size_t len);
	/* poll for one received frame: its length with *framep pointing to
	 * it (valid until the next call; no copy), 0 when nothing arrived, or
	 * a negative FW_E* when the device failed */
	int (*recv)(struct netdev *nd, const uint8_t **framep);
	void *priv;
};

#endif
