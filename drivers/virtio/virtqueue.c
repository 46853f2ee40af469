// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Split virtqueues (virtio 1.x section 2.7), whatever the transport: ring
 * memory and layout, requests posted and completed. The device is never
 * trusted: used-ring ids and lengths are checked and every wait has a
 * deadline.
 */
#include "diag/diag.h"
#include "drivers/virtio/virtio.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

static uint8_t *ring_mem[VIRTIO_MAX_QUEUES];

void *virtqueue_mem(unsigned int index)
{
	if (!ring_mem[index])
		ring_mem[index] = dma_alloc(VIRTQUEUE_MEM_SIZE, PAGE_SIZE);
	memset(ring_mem[index], 0, VIRTQUEUE_MEM_SIZE);
	return ring_mem[index];
}

void virtqueue_init(struct vdev *vd, unsigned int index, void *ring, uint16_t num)
{
	struct vqueue *vq = &vd->vq[index];
	uint8_t *mem = ring;

	vq->index = (uint16_t)index;
	vq->num = num;
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (struct vring_avail *)(mem + num * sizeof(struct vring_desc));
	vq->used = (struct vring_used *)(mem + ALIGN_UP(num * sizeof(struct vring_desc) +
						       sizeof(struct vring_avail) + 2 * num + 2,
						       VRING_USED_ALIGN));
	vq->avail_idx = 0;
	vq->used_idx = 0;
	vq->cookie = 0;
	vq->avail->flags = vd16(vd, vd->irq ? 0 : VRING_AVAIL_F_NO_INTERRUPT);
}

/*
 * Wait for the device to use a buffer: in an enabled wait when it interrupts
 * (bounded by a slice, so that an interruption lost to a race costs a delay,
 * never the whole deadline), or by yielding the CPU once when it does not.
 */
#define VIRTIO_WAIT_SLICE_MS 100

static void virtio_wait(struct vdev *vd, uint64_t deadline)
{
	if (vd->irq && vd->t->wait) {
		uint64_t slice = mach_tod() + VIRTIO_WAIT_SLICE_MS * TOD_PER_MS;

		vd->t->wait(vd, MIN(deadline, slice));
	} else {
		diag44_yield();
	}
}

int virtio_submit(struct vdev *vd, unsigned int q, uint16_t head, const struct vbuf *bufs,
		  unsigned int n)
{
	struct vqueue *vq = &vd->vq[q];

	if (!vd->ready) {
		fw_printf("virtio %s: device was reset after an error\n", vd->name);
		return FW_EIO;
	}
	if (q >= vd->nr_queues || n == 0 || n > vq->num || head > vq->num - n)
		return FW_EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		struct vring_desc *d = &vq->desc[head + i];
		uint16_t next = (uint16_t)(head + i + 1);

		d->addr = vd64(vd, bufs[i].addr);
		d->len = vd32(vd, bufs[i].len);
		d->flags = vd16(vd, (uint16_t)((i + 1 < n ? VRING_DESC_F_NEXT : 0) |
					       (bufs[i].device_writes ? VRING_DESC_F_WRITE : 0)));
		d->next = vd16(vd, i + 1 < n ? next : 0);
	}
	virtqueue_post(vd, q, head);
	vd->t->notify(vd, q);
	return 0;
}

int virtio_complete(struct vdev *vd, unsigned int q, uint32_t *idp, uint32_t *lenp)
{
	uint64_t deadline = mach_tod() + VIRTIO_TIMEOUT_MS * TOD_PER_MS;

	for (;;) {
		int rc = virtqueue_used(vd, q, idp, lenp);

		if (rc < 0) {
			virtio_reset(vd);
			return rc;
		}
		if (rc)
			return 0;
		if (mach_tod() > deadline) {
			fw_printf("virtio %s: request on queue %u not completed within %u s\n",
				  vd->name, q, VIRTIO_TIMEOUT_MS / 1000);
			virtio_reset(vd);
			return FW_ETIMEDOUT;
		}
		virtio_wait(vd, deadline);
	}
}

int virtio_check_used(struct vdev *vd, unsigned int q, uint32_t id, bool ours, uint32_t len,
		      uint64_t writable)
{
	if (!ours) {
		fw_printf("virtio %s: device returned a descriptor we did not give it "
			  "(used idx %u, id %u)\n", vd->name, vd16(vd, vd->vq[q].used->idx), id);
	} else if (len > writable) {
		fw_printf("virtio %s: device claims %u bytes written into %llu bytes of buffers\n",
			  vd->name, len, (unsigned long long)writable);
	} else {
		return 0;
	}
	virtio_reset(vd);
	return FW_EIO;
}

int virtio_request(struct vdev *vd, unsigned int q, const struct vbuf *bufs, unsigned int n,
		   uint32_t *used_lenp)
{
	struct vqueue *vq = &vd->vq[q];
	uint64_t writable = 0;
	uint32_t id, len;
	int rc;

	for (unsigned int i = 0; i < n; i++)
		if (bufs[i].device_writes)
			writable += bufs[i].len;
	rc = virtio_submit(vd, q, 0, bufs, n);
	if (!rc)
		rc = virtio_complete(vd, q, &id, &len);
	if (!rc)
		rc = virtio_check_used(vd, q, id, vd16(vd, vq->used->idx) == vq->used_idx && id == 0,
				       len, writable);
	if (rc)
		return rc;
	*used_lenp = len;
	return 0;
}

void virtqueue_post(struct vdev *vd, unsigned int q, uint16_t head)
{
	struct vqueue *vq = &vd->vq[q];

	vq->avail->ring[vq->avail_idx % vq->num] = vd16(vd, head);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->avail_idx++;
	vq->avail->idx = vd16(vd, vq->avail_idx);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int virtqueue_used(struct vdev *vd, unsigned int q, uint32_t *idp, uint32_t *lenp)
{
	struct vqueue *vq = &vd->vq[q];
	uint16_t idx = vd16(vd, __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE));
	struct vring_used_elem e;

	if (idx == vq->used_idx)
		return 0;
	if ((uint16_t)(idx - vq->used_idx) > vq->num) {
		fw_printf("virtio %s: queue %u used index jumped from %u to %u\n", vd->name, q,
			  vq->used_idx, idx);
		return FW_EIO;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(&e, &vq->used->ring[vq->used_idx % vq->num], sizeof(e));
	vq->used_idx++;
	*idp = vd32(vd, e.id);
	*lenp = vd32(vd, e.len);
	return 1;
}
