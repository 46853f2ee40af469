/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio devices independent of their transport, and split virtqueues
 * (virtio 1.x section 2.7). A transport (virtio-ccw today; see
 * struct virtio_transport) brings a device up and notifies queues; the ring
 * handling and the device drivers (blk, scsi) never learn which transport a
 * device uses. One request in flight per device; its completion is awaited
 * with a deadline, in an enabled wait for the device's interruption when the
 * transport has one (struct virtio_transport .wait), by polling otherwise;
 * every value the device writes into the ring is checked before it is
 * believed.
 */
#ifndef VIRTIO_VIRTIO_H
#define VIRTIO_VIRTIO_H

#include "abi/virtio.h"
#include "drivers/css/css.h"
#include "fw/compiler.h"

#define VIRTIO_MAX_QUEUES 3
#define VIRTIO_RING_MAX 128          /* descriptors per queue we use at most */
#define VIRTIO_TIMEOUT_MS 30000      /* per request */

struct vqueue {
	uint16_t index;
	uint16_t num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t avail_idx;          /* our copy of avail->idx */
	uint16_t used_idx;           /* next used entry we expect */
	int64_t cookie;
};

struct vdev;

/*
 * What a transport provides. A transport binds a struct vdev (sets ->t,
 * ->name and its own fields), then the drivers call these through
 * virtio_setup(), virtio_reset() and virtio_request().
 */
struct virtio_transport {
	const char *name;            /* "virtio-ccw", for messages */
	/* see virtio_setup() */
	int (*setup)(struct vdev *vd, uint64_t wanted, unsigned int nr_queues,
		     void *config, uint32_t config_len);
	/* reset the device: it stops using the rings and any buffer */
	void (*reset)(struct vdev *vd);
	/* tell the device that queue @q has new available buffers */
	void (*notify)(struct vdev *vd, unsigned int q);
	/*
	 * Optional, used when the transport set vd->irq during setup: sleep
	 * until the device may have used a buffer (its interruption) or the
	 * TOD clock reaches @deadline, and re-arm the interruption before
	 * returning, so that a buffer used after the return interrupts again.
	 * Spurious returns are fine: the caller rechecks the used ring.
	 */
	void (*wait)(struct vdev *vd, uint64_t deadline);
};

struct vdev {
	const struct virtio_transport *t;
	const char *name;            /* for messages: "0.0.0001" */
	struct css_dev css;          /* virtio-ccw: the subchannel */
	void *tpriv;                 /* other transports' state */
	uint8_t device_id;           /* VIRTIO_ID_* */
	uint8_t revision;            /* transport revision in use (0 = legacy ccw) */
	bool le;                     /* rings and config little-endian (VERSION_1) */
	bool ready;                  /* DRIVER_OK set and no reset since */
	bool irq;                    /* the device interrupts on used buffers
					(set by the transport before its queues) */
	uint64_t features;           /* negotiated */
	unsigned int nr_queues;
	struct vqueue vq[VIRTIO_MAX_QUEUES];
};

/* One buffer of a request: DMA memory or guest memory by absolute address. */
struct vbuf {
	absaddr_t addr;
	uint32_t len;
	bool device_writes;
};

/*
 * virtio_setup - reset the device, negotiate the transport revision and the
 * features in @wanted (VERSION_1 is added when the device is driven as a
 * virtio 1.x device), read @config_len bytes of device configuration into
 * @config, set up @nr_queues queues and set DRIVER_OK. Prints the reason on
 * failure. Returns 0, FW_EIO, FW_ENODEV, FW_ENOTSUP, FW_ETIMEDOUT.
 */
static inline int FW_MUST_CHECK virtio_setup(struct vdev *vd, uint64_t wanted,
					     unsigned int nr_queues, void *config,
					     uint32_t config_len)
{
	return vd->t->setup(vd, wanted, nr_queues, config, config_len);
}

/* virtio_reset - reset the device (stops any DMA it would still do). */
static inline void virtio_reset(struct vdev *vd)
{
	vd->t->reset(vd);
	vd->ready = false;
}

/* virtio_ccw_bind - make @vd the virtio-ccw device on subchannel @dev. */
void virtio_ccw_bind(struct vdev *vd, const struct css_dev *dev);

/*
 * Ring memory for transports: VIRTQUEUE_MEM_SIZE bytes of zeroed DMA memory
 * for queue @index (< VIRTIO_MAX_QUEUES), page-aligned, enough for the
 * legacy layout of VIRTQUEUE_MAX_SIZE entries.
 */
#define VIRTQUEUE_MAX_SIZE 1024
#define VIRTQUEUE_MEM_SIZE (32 * KiB)
void *virtqueue_mem(unsigned int index);

/*
 * virtqueue_init - lay out queue @index of @num entries (a power of two) in
 * @mem with the used ring at the next VRING_USED_ALIGN boundary (the legacy
 * layout, which also suits virtio 1.x), and reset our indexes. The device is
 * asked not to interrupt unless vd->irq is set.
 */
void virtqueue_init(struct vdev *vd, unsigned int index, void *mem, uint16_t num);

/*
 * virtio_request - queue the buffers @bufs[0..n) as one descriptor chain on
 * queue @q, notify, and wait until the device returns it in the used ring.
 * *used_lenp gets the byte count the device reports having written, which
 * is checked not to exceed the writable buffers. Returns 0, FW_ETIMEDOUT
 * (the device is reset then) or FW_EIO (bad used-ring entry).
 */
int virtio_request(struct vdev *vd, unsigned int q, const struct vbuf *bufs, unsigned int n,
		   uint32_t *used_lenp) FW_MUST_CHECK;

/*
 * Several requests in flight: virtio_submit() lays @bufs[0..n) out as one
 * chain at descriptors @head..@head+n-1 (the caller keeps the chains of
 * requests in flight apart), makes it available and notifies; FW_EINVAL if
 * it does not fit the queue, FW_EIO after a reset. virtio_complete() waits
 * (deadline VIRTIO_TIMEOUT_MS) for the next used entry and returns its id
 * and length unchecked: the caller matches the id to a request it has in
 * flight and checks the length. FW_ETIMEDOUT and FW_EIO (used index moved
 * too far) reset the device.
 */
int virtio_submit(struct vdev *vd, unsigned int q, uint16_t head, const struct vbuf *bufs,
		  unsigned int n) FW_MUST_CHECK;
int virtio_complete(struct vdev *vd, unsigned int q, uint32_t *idp, uint32_t *lenp)
	FW_MUST_CHECK;

/*
 * virtio_check_used - the caller's verdict on used entry @id of queue @q:
 * @ours false (no request of ours has that head, or more entries came than
 * requests), or @len beyond the @writable bytes of the request, is told and
 * resets the device (FW_EIO); 0 otherwise.
 */
int virtio_check_used(struct vdev *vd, unsigned int q, uint32_t id, bool ours, uint32_t len,
		      uint64_t writable) FW_MUST_CHECK;

/*
 * Non-blocking queue use, for devices that keep many buffers posted
 * (virtio-net): virtqueue_post() makes the descriptor chain at @head
 * available (no notification: virtio_notify() when the device should look);
 * virtqueue_used() takes the next used entry if there is one: 1 with its id
 * and length (the caller checks both), 0 when there is none, FW_EIO when
 * the device moved its used index further than the ring allows.
 */
void virtqueue_post(struct vdev *vd, unsigned int q, uint16_t head);
int virtqueue_used(struct vdev *vd, unsigned int q, uint32_t *idp, uint32_t *lenp)
	FW_MUST_CHECK;

static inline void virtio_notify(struct vdev *vd, unsigned int q)
{
	vd->t->notify(vd, q);
}

/* Ring/config values are big-endian for legacy devices, little-endian for
 * VERSION_1 ones. */
static inline uint16_t vd16(const struct vdev *vd, uint16_t v);
static inline uint32_t vd32(const struct vdev *vd, uint32_t v);
static inline uint64_t vd64(const struct vdev *vd, uint64_t v);

#include "fw/endian.h"

static inline uint16_t vd16(const struct vdev *vd, uint16_t v)
{
	return vd->le ? le16_to_cpu(v) : be16_to_cpu(v);
}

static inline uint32_t vd32(const struct vdev *vd, uint32_t v)
{
	return vd->le ? le32_to_cpu(v) : be32_to_cpu(v);
}

static inline uint64_t vd64(const struct vdev *vd, uint64_t v)
{
	return vd->le ? le64_to_cpu(v) : be64_to_cpu(v);
}

static inline bool virtio_has_feature(const struct vdev *vd, unsigned int bit)
{
	return (vd->features >> bit) & 1;
}

#endif
