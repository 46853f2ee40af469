// SPDX-License-Identifier: GPL-2.0-or-later
/* virtio-net driver (see virtio_net.h). */
#include "diag/diag.h"
#include "drivers/net/virtio_net.h"
#include "fw/dma.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define VIRTIO_NET_F_MAC 5
#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_NRX 16
#define VNET_BUF 1536                   /* header + largest frame, rounded */
#define VNET_HDR_LEGACY 10
#define VNET_HDR_V1 12
#define VNET_TX_TIMEOUT_MS 1000

struct vnet_dma {
	uint8_t rx[VNET_NRX][VNET_BUF];
	uint8_t txhdr[VNET_HDR_V1];
	uint8_t tx[ETH_FRAME_MAX + 2];
};

struct vnet {
	struct vdev *vd;
	struct vnet_dma *dma;
	uint32_t hdr_len;
	int lent;                       /* rx buffer handed out, -1 none */
	bool tx_busy;                   /* a frame is being transmitted */
	unsigned int rx_unnotified;     /* buffers given back since the last notify */
	unsigned int rx_idle;           /* empty polls since then */
	uint32_t rx_owned;              /* bit i: the device holds buffer i */
};

static struct vnet vnet;

static int vnet_fail(struct vnet *n, const char *what, uint32_t a, uint32_t b)
{
	fw_printf("virtio-net %s: %s (%u, %u); resetting the device\n", n->vd->name, what, a,
		  b);
	virtio_reset(n->vd);
	return FW_EIO;
}

/* Wait (bounded) for the frame in flight to be sent; its buffer is free then. */
static int tx_reap(struct vnet *n, bool wait)
{
	struct vdev *vd = n->vd;
	uint64_t deadline = mach_tod() + VNET_TX_TIMEOUT_MS * TOD_PER_MS;
	uint32_t id, used;
	int rc;

	while (n->tx_busy && (rc = virtqueue_used(vd, VNET_TXQ, &id, &used)) == 0) {
		if (!wait)
			return 0;
		if (mach_tod() > deadline) {
			fw_printf("virtio-net %s: transmit not completed within %u ms\n",
				  vd->name, VNET_TX_TIMEOUT_MS);
			virtio_reset(vd);
			return FW_ETIMEDOUT;
		}
		diag44_yield();
	}
	if (!n->tx_busy)
		return 0;
	n->tx_busy = false;
	if (rc < 0)
		return vnet_fail(n, "bad transmit completion", 0, 0);
	if (id != 0)
		return vnet_fail(n, "transmit completion for a descriptor we did not give", id, 0);
	return 0;
}

/* Transmit without waiting for the device: the previous frame is reaped
 * first (it is long gone when an answer to it has come back). */
static int vnet_send(struct netdev *nd, const void *frame, size_t len)
{
	struct vnet *n = nd->priv;
	struct vdev *vd = n->vd;
	struct vqueue *vq = &vd->vq[VNET_TXQ];
	int rc;

	if (!vd->ready)
		return FW_EIO;
	if (len > ETH_FRAME_MAX)
		return FW_EINVAL;
	rc = tx_reap(n, true);
	if (rc)
		return rc;
	memset(n->dma->txhdr, 0, sizeof(n->dma->txhdr));
	memcpy(n->dma->tx, frame, len);
	vq->desc[0].addr = vd64(vd, ptr_to_abs(n->dma->txhdr));
	vq->desc[0].len = vd32(vd, n->hdr_len);
	vq->desc[0].flags = vd16(vd, VRING_DESC_F_NEXT);
	vq->desc[0].next = vd16(vd, 1);
	vq->desc[1].addr = vd64(vd, ptr_to_abs(n->dma->tx));
	vq->desc[1].len = vd32(vd, (uint32_t)len);
	vq->desc[1].flags = 0;
	vq->desc[1].next = 0;
	virtqueue_post(vd, VNET_TXQ, 0);
	n->tx_busy = true;
	virtio_notify(vd, VNET_TXQ);
	return 0;
}

static int vnet_recv(struct netdev *nd, const uint8_t **framep)
{
	struct vnet *n = nd->priv;
	struct vdev *vd = n->vd;
	uint32_t id, len;
	int rc;

	if (!vd->ready)
		return FW_EIO;
	rc = tx_reap(n, false);
	if (rc)
		return rc;
	/* The next completion is taken before the caller's buffer goes back:
	 * one that names a buffer the device does not hold (the caller's among
	 * them) is refused, not handed out twice. */
	rc = virtqueue_used(vd, VNET_RXQ, &id, &len);
	if (rc > 0) {
		if (id >= VNET_NRX || !(n->rx_owned & (1u << id)))
			return vnet_fail(n, "received into a buffer we did not give", id, VNET_NRX);
		n->rx_owned &= ~(1u << id);
	}
	if (n->lent >= 0) {
		/* the caller is done with the previous frame: give it back */
		virtqueue_post(vd, VNET_RXQ, (uint16_t)n->lent);
		n->rx_owned |= 1u << n->lent;
		n->lent = -1;
		n->rx_unnotified++;
	}
	if (rc == 0)
		n->rx_idle++;
	/* The device reads the available ring whenever it needs a buffer; it
	 * only waits for a notification after it found none. Notify every few
	 * buffers, and when the line has been quiet for a while. */
	if (n->rx_unnotified >= VNET_NRX / 2 || (n->rx_unnotified && n->rx_idle > 32)) {
		virtio_notify(vd, VNET_RXQ);
		n->rx_unnotified = 0;
	}
	if (rc <= 0)
		return rc ? vnet_fail(n, "bad receive ring", 0, 0) : 0;
	n->rx_idle = 0;
	if (len > VNET_BUF)
		return vnet_fail(n, "received frame longer than its buffer", len, VNET_BUF);
	n->lent = (int)id;
	*framep = n->dma->rx[id] + n->hdr_len;
	return len > n->hdr_len + ETH_FRAME_MAX ? 0 : (int)(len > n->hdr_len ? len - n->hdr_len : 0);
}

int virtio_net_open(struct vdev *vd, struct netdev *nd)
{
	uint8_t cfg[8];
	struct vqueue *rx;
	int rc;

	memset(cfg, 0, sizeof(cfg));
	rc = virtio_setup(vd, 1ULL << VIRTIO_NET_F_MAC, 2, cfg, sizeof(cfg));
	if (rc)
		return rc;
	if (!virtio_has_feature(vd, VIRTIO_NET_F_MAC)) {
		fw_printf("virtio-net %s: device offers no MAC address\n", vd->name);
		virtio_reset(vd);
		return FW_ENOTSUP;
	}
	if (!vnet.dma)
		vnet.dma = dma_alloc(sizeof(*vnet.dma), PAGE_SIZE);
	vnet.vd = vd;
	vnet.lent = -1;
	vnet.tx_busy = false;
	vnet.rx_unnotified = 0;
	vnet.rx_idle = 0;
	vnet.rx_owned = (1u << VNET_NRX) - 1;
	vnet.hdr_len = vd->le ? VNET_HDR_V1 : VNET_HDR_LEGACY;
	rx = &vd->vq[VNET_RXQ];
	if (rx->num < VNET_NRX || vd->vq[VNET_TXQ].num < 2) {
		fw_printf("virtio-net %s: queues too small (%u, %u)\n", vd->name, rx->num,
			  vd->vq[VNET_TXQ].num);
		virtio_reset(vd);
		return FW_ENOTSUP;
	}
	for (uint16_t i = 0; i < VNET_NRX; i++) {
		rx->desc[i].addr = vd64(vd, ptr_to_abs(vnet.dma->rx[i]));
		rx->desc[i].len = vd32(vd, VNET_BUF);
		rx->desc[i].flags = vd16(vd, VRING_DESC_F_WRITE);
		rx->desc[i].next = 0;
		virtqueue_post(vd, VNET_RXQ, i);
	}
	virtio_notify(vd, VNET_RXQ);
	memset(nd, 0, sizeof(*nd));
	nd->name = vd->name;
	memcpy(nd->mac, cfg, ETH_ALEN);
	nd->send = vnet_send;
	nd->recv = vnet_recv;
	nd->priv = &vnet;
	return 0;
}
