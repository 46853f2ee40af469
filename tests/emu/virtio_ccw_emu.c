/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-ccw transport (virtio 1.x section 4.3, QEMU hw/s390x/virtio-ccw.c)
 * and split virtqueues (2.7, QEMU hw/virtio/virtio.c) for the emulated
 * devices: revision negotiation, features, config, status, queue set-up in
 * the legacy and revision-1 layouts, notification processing, used-ring
 * updates, and QEMU's virtio_error() cases that mark a device broken.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "abi/virtio.h"
#include "emu_int.h"
#include "fw/endian.h"

#define EMU_VIRTIO_QUEUE_MAX 1024
#define EMU_F_NOTIFY_ON_EMPTY 24
#define EMU_F_ANY_LAYOUT 27
#define EMU_F_INDIRECT 28
#define EMU_F_BAD_FEATURE 30
#define EMU_LEGACY_FEATURES ((1ULL << EMU_F_NOTIFY_ON_EMPTY) | (1ULL << EMU_F_ANY_LAYOUT) | \
			     (1ULL << EMU_F_BAD_FEATURE))
#define EMU_DESC_F_INDIRECT 4


/* --- endianness --------------------------------------------------------- */

bool emu_vdev_le(const struct emu_dev *d)
{
	return d->guest_features & (1ULL << VIRTIO_F_VERSION_1);
}

static uint16_t emu_g16(const struct emu_dev *d, const uint8_t *p)
{
	return emu_vdev_le(d) ? get_le16(p) : get_be16(p);
}

static uint32_t emu_g32(const struct emu_dev *d, const uint8_t *p)
{
	return emu_vdev_le(d) ? get_le32(p) : get_be32(p);
}

static uint64_t emu_g64(const struct emu_dev *d, const uint8_t *p)
{
	return emu_vdev_le(d) ? (uint64_t)get_le32(p + 4) << 32 | get_le32(p)
			      : get_be64(p);
}

void emu_cfg_put16(const struct emu_dev *d, uint8_t *p, uint16_t v)
{
	if (emu_vdev_le(d)) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	} else {
		put_be16(p, v);
	}
}

void emu_cfg_put32(const struct emu_dev *d, uint8_t *p, uint32_t v)
{
	if (emu_vdev_le(d)) {
		emu_cfg_put16(d, p, (uint16_t)v);
		emu_cfg_put16(d, p + 2, (uint16_t)(v >> 16));
	} else {
		put_be32(p, v);
	}
}

void emu_cfg_put64(const struct emu_dev *d, uint8_t *p, uint64_t v)
{
	if (emu_vdev_le(d)) {
		emu_cfg_put32(d, p, (uint32_t)v);
		emu_cfg_put32(d, p + 4, (uint32_t)(v >> 32));
	} else {
		put_be64(p, v);
	}
}

uint32_t emu_cfg_get32(const struct emu_dev *d, const uint8_t *p)
{
	return emu_g32(d, p);
}

static bool emu_rd16(const struct emu_dev *d, uint64_t a, uint16_t *v)
{
	uint8_t b[2];

	if (!emu_dma_read(a, b, 2))
		return false;
	*v = emu_g16(d, b);
	return true;
}

static void emu_wr16(const struct emu_dev *d, uint64_t a, uint16_t v)
{
	uint8_t b[2];

	emu_cfg_put16(d, b, v);
	emu_dma_write(a, b, 2);
}

static void emu_wr32(const struct emu_dev *d, uint64_t a, uint32_t v)
{
	uint8_t b[4];

	emu_cfg_put32(d, b, v);
	emu_dma_write(a, b, 4);
}

void emu_vdev_break(struct emu_dev *d, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emu_violation_add("0.%u.%04x: virtio error (device now needs reset): %s", d->ssid,
			  d->cfg.devno, msg);
	d->broken = true;
}

/* --- transport ------------------------------------------------------------- */

void emu_vccw_reset(struct emu_dev *d)
{
	for (unsigned int q = 0; q < EMU_VQ_MAX; q++) {
		d->vq[q].desc = d->vq[q].avail = d->vq[q].used = 0;
		d->vq[q].num = d->vq[q].num_max;
		d->vq[q].last_avail = d->vq[q].used_idx = 0;
		d->vq[q].ready = false;
		d->kick_due[q] = 0;
		d->held[q] = false;
	}
	d->status = 0;
	d->guest_features = 0;
	d->broken = false;
	d->have_ind = false;
	if (d->ops->reset)
		d->ops->reset(d);
}

static uint32_t emu_offered(const struct emu_dev *d, uint8_t index)
{
	uint64_t f = d->cfg.host_features;

	if (index == 0)
		return (uint32_t)(d->revision >= 1 ? f & ~EMU_LEGACY_FEATURES : f);
	if (index == 1 && d->revision >= 1)
		return (uint32_t)(f >> 32);
	return 0;
}

static int emu_set_vq(struct emu_dev *d, uint16_t count, bool check_len, uint32_t cda,
		      uint16_t *residual)
{
	bool legacy = d->revision < 1;
	uint32_t want = legacy ? 16 : 32;
	uint8_t b[32];
	uint64_t desc, avail = 0, used = 0;
	uint16_t index, num;
	struct emu_vq *vq;

	if (check_len ? count != want : count < want)
		return -EINVAL;
	if (!cda)
		return -EFAULT;
	if (emu_ccw_read(0, b, want))
		return -EINVAL;
	*residual = 0;
	desc = get_be64(b);
	index = get_be16(b + 12);
	num = get_be16(b + 14);
	if (!legacy) {
		avail = get_be64(b + 16);
		used = get_be64(b + 24);
	}
	if (index >= EMU_VIRTIO_QUEUE_MAX)
		return -EINVAL;
	if (legacy && desc && get_be32(b + 8) != 4096)
		return -EINVAL;
	if (index >= d->ops->nvqs) {
		/* QEMU ignores queues the device does not have */
		emu_violation_add("0.%u.%04x: SET_VQ for queue %u, device has %u", d->ssid,
				  d->cfg.devno, index, d->ops->nvqs);
		return 0;
	}
	vq = &d->vq[index];
	if (!desc) {
		vq->desc = vq->avail = vq->used = 0;
		vq->ready = false;
		return 0;
	}
	if (legacy) {
		if (vq->num > num)
			return -EINVAL;
		/* legacy: the device keeps its own size; one contiguous ring */
		avail = desc + 16ULL * vq->num;
		used = ALIGN_UP(avail + 4 + 2ULL * vq->num, 4096ULL);
	} else {
		if (num > vq->num_max || !num)
			return -EINVAL;
		vq->num = num;
	}
	vq->desc = desc;
	vq->avail = avail;
	vq->used = used;
	vq->last_avail = vq->used_idx = 0;
	vq->ready = true;
	if (!emu_range_ok(desc, 16ULL * vq->num) || !emu_range_ok(avail, 6 + 2ULL * vq->num) ||
	    !emu_range_ok(used, 6 + 8ULL * vq->num))
		emu_vdev_break(d, "queue %u rings outside guest memory", index);
	return 0;
}

int emu_vccw_command(struct emu_dev *d, uint8_t cmd, uint8_t flags, uint16_t count,
		     uint32_t cda, uint16_t *residual)
{
	bool check_len = !((flags & CCW_FLAG_SLI) && !(flags & CCW_FLAG_CD));
	uint8_t b[256];
	uint32_t len;

	*residual = 0;
	if (d->revision < 0 && cmd != CCW_CMD_SET_VIRTIO_REV) {
		if (d->cfg.modern_only)
			return -ENOSYS;
		d->revision = 0;
	}
	switch (cmd) {
	case CCW_CMD_SET_VQ:
		return emu_set_vq(d, count, check_len, cda, residual);
	case CCW_CMD_VDEV_RESET:
		emu_vccw_reset(d);
		return 0;
	case CCW_CMD_READ_FEAT:
		if (check_len ? count != 5 : count < 5)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(4, b + 4, 1))
			return -EINVAL;
		{
			uint32_t f = emu_offered(d, b[4]);

			b[0] = (uint8_t)f;
			b[1] = (uint8_t)(f >> 8);
			b[2] = (uint8_t)(f >> 16);
			b[3] = (uint8_t)(f >> 24);
		}
		if (emu_ccw_write(0, b, 4))
			return -EINVAL;
		*residual = (uint16_t)(count - 5);
		return 0;
	case CCW_CMD_WRITE_FEAT: {
		uint32_t f;

		if (check_len ? count != 5 : count < 5)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(0, b, 5))
			return -EINVAL;
		f = get_le32(b);
		if (d->status & VIRTIO_STAT_FEATURES_OK) {
			emu_violation_add("0.%u.%04x: WRITE_FEAT after FEATURES_OK (ignored)",
					  d->ssid, d->cfg.devno);
		} else if (b[4] == 0 || (b[4] == 1 && d->revision >= 1)) {
			unsigned int sh = b[4] * 32u;
			uint64_t offered = (uint64_t)emu_offered(d, b[4]) << sh;
			uint64_t v = (uint64_t)f << sh;

			if (v & ~offered)
				emu_violation_add("0.%u.%04x: driver accepted features not offered "
						  "(word %u: 0x%08x, offered 0x%08x)", d->ssid,
						  d->cfg.devno, b[4], f, (uint32_t)(offered >> sh));
			d->guest_features &= ~(0xffffffffULL << sh);
			d->guest_features |= v & d->cfg.host_features;
		} else if (f) {
			emu_violation_add("0.%u.%04x: features[%u]=0x%x (expected 0)", d->ssid,
					  d->cfg.devno, b[4], f);
		}
		*residual = (uint16_t)(count - 5);
		return 0;
	}
	case CCW_CMD_READ_CONF:
		len = d->ops->config(d, b, sizeof(b));
		if (emu_m.cfg.hooks && emu_m.cfg.hooks->config)
			emu_m.cfg.hooks->config(emu_m.cfg.hooks->ctx, d->ssid, d->cfg.devno, b,
						len);
		if (check_len && count > len)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (count < len)
			len = count;
		if (emu_ccw_write(0, b, len))
			return -EINVAL;
		*residual = (uint16_t)(count - len);
		return 0;
	case CCW_CMD_WRITE_CONF:
		len = d->ops->config(d, b, sizeof(b));
		if (check_len && count > len)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (count < len)
			len = count;
		if (emu_ccw_read(0, b, len))
			return -EINVAL;
		if (d->ops->write_config)
			d->ops->write_config(d, b, len);
		*residual = (uint16_t)(count - len);
		return 0;
	case CCW_CMD_READ_STATUS:
		if (check_len ? count != 1 : count < 1)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_write(0, &d->status, 1))
			return -EINVAL;
		*residual = (uint16_t)(count - 1);
		return 0;
	case CCW_CMD_WRITE_STATUS: {
		uint8_t st;

		if (check_len ? count != 1 : count < 1)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(0, &st, 1))
			return -EINVAL;
		if (st == 0) {
			emu_vccw_reset(d);
		} else {
			if (emu_vdev_le(d) && (st & VIRTIO_STAT_DRIVER_OK) &&
			    !(st & VIRTIO_STAT_FEATURES_OK))
				emu_violation_add("0.%u.%04x: DRIVER_OK without FEATURES_OK on a "
						  "VERSION_1 device", d->ssid, d->cfg.devno);
			d->status = st;
		}
		*residual = (uint16_t)(count - 1);
		return 0;
	}
	case CCW_CMD_SET_IND:
		if (check_len ? count != 8 : count < 8)
			return -EINVAL;
		if (d->ops->nvqs > 64)
			return -ENOSYS;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(0, b, 8))
			return -EINVAL;
		d->ind_addr = get_be64(b);
		d->have_ind = true;
		*residual = (uint16_t)(count - 8);
		return 0;
	case CCW_CMD_SET_CONF_IND:
		if (check_len ? count != 8 : count < 8)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		*residual = (uint16_t)(count - 8);
		return 0;
	case CCW_CMD_READ_VQ_CONF: {
		uint16_t idx;

		if (check_len ? count != 4 : count < 4)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(0, b, 2))
			return -EINVAL;
		idx = get_be16(b);
		if (idx >= EMU_VIRTIO_QUEUE_MAX)
			return -EINVAL;
		put_be16(b + 2, idx < d->ops->nvqs ? d->vq[idx].num : 0);
		if (emu_m.cfg.hooks && emu_m.cfg.hooks->vq_num) {
			uint16_t num = get_be16(b + 2);

			emu_m.cfg.hooks->vq_num(emu_m.cfg.hooks->ctx, d->ssid, d->cfg.devno,
						 &num);
			put_be16(b + 2, num);
		}
		if (emu_ccw_write(2, b + 2, 2))
			return -EINVAL;
		*residual = (uint16_t)(count - 4);
		return 0;
	}
	case CCW_CMD_SET_VIRTIO_REV: {
		uint16_t rev, rlen;

		if (count < 4)
			return -EINVAL;
		if (!cda)
			return -EFAULT;
		if (emu_ccw_read(0, b, 4))
			return -EINVAL;
		rev = get_be16(b);
		rlen = get_be16(b + 2);
		if (count < 4u + rlen || (check_len && count > 4u + rlen))
			return -EINVAL;
		if (d->revision >= 0 || rev > d->cfg.max_rev ||
		    (d->cfg.modern_only && rev == 0))
			return -ENOSYS;
		d->revision = rev;
		return 0;
	}
	default:
		return -ENOSYS;
	}
}

/* --- virtqueues ----------------------------------------------------------- */

/* Copy between @buf and the byte range [@off, @off + @len) of a request's
 * segments: out of guest memory (@to_guest false) or into it. */
static uint64_t req_copy(const struct emu_seg *segs, unsigned int nseg, uint64_t off,
			 uint8_t *buf, uint64_t len, bool to_guest)
{
	uint64_t pos = 0, done = 0;

	for (unsigned int i = 0; i < nseg && done < len; i++) {
		const struct emu_seg *s = &segs[i];

		if (off < pos + s->len) {
			uint64_t from = off > pos ? off - pos : 0;
			uint64_t n = s->len - from;

			if (n > len - done)
				n = len - done;
			if (to_guest)
				emu_dma_write(s->addr + from, buf + done, n);
			else
				emu_dma_read(s->addr + from, buf + done, n);
			done += n;
			off += n;
		}
		pos += s->len;
	}
	return done;
}

uint64_t emu_req_copy_out(struct emu_dev *d, const struct emu_req *r, uint64_t off,
			  void *buf, uint64_t len)
{
	(void)d;
	return req_copy(r->out, r->nout, off, buf, len, false);
}

uint64_t emu_req_copy_in(struct emu_dev *d, const struct emu_req *r, uint64_t off,
			 const void *buf, uint64_t len)
{
	(void)d;
	/* req_copy only reads @buf when writing to the guest */
	return req_copy(r->in, r->nin, off, (uint8_t *)(uintptr_t)buf, len, true);
}

/* Follow one descriptor chain (virtqueue_pop). false: device broken. */
static bool emu_pop(struct emu_dev *d, struct emu_vq *vq, uint16_t head, struct emu_req *r)
{
	uint64_t table = vq->desc;
	unsigned int max = vq->num, i = head, seen = 0;
	bool indirect = false;

	r->nout = r->nin = 0;
	r->out_len = r->in_len = 0;
	for (;;) {
		uint8_t raw[16];
		uint64_t addr;
		uint32_t len;
		uint16_t fl, next;

		if (i >= max) {
			emu_vdev_break(d, "descriptor index %u out of range (%u)", i, max);
			return false;
		}
		if (++seen > max) {
			emu_vdev_break(d, "looped descriptor chain");
			return false;
		}
		if (!emu_dma_read(table + 16ULL * i, raw, 16)) {
			emu_vdev_break(d, "descriptor table outside guest memory");
			return false;
		}
		addr = emu_g64(d, raw);
		len = emu_g32(d, raw + 8);
		fl = emu_g16(d, raw + 12);
		next = emu_g16(d, raw + 14);
		if (fl & EMU_DESC_F_INDIRECT) {
			if (indirect) {
				emu_vdev_break(d, "nested indirect descriptor table");
				return false;
			}
			if (!len || (len % 16)) {
				emu_vdev_break(d, "invalid size %u for indirect table", len);
				return false;
			}
			if (!(d->guest_features & (1ULL << EMU_F_INDIRECT)))
				emu_violation_add("0.%u.%04x: indirect descriptor without "
						  "RING_INDIRECT_DESC", d->ssid, d->cfg.devno);
			indirect = true;
			table = addr;
			max = len / 16;
			i = 0;
			seen = 0;
			continue;
		}
		if (!emu_range_ok(addr, len)) {
			emu_vdev_break(d, "descriptor 0x%llx+%u outside guest memory",
				       (unsigned long long)addr, len);
			return false;
		}
		if (fl & VRING_DESC_F_WRITE) {
			if (r->nin >= EMU_VQ_SEGS)
				goto toolong;
			r->in[r->nin++] = (struct emu_seg){ addr, len, true };
			r->in_len += len;
		} else {
			if (r->nin) {
				emu_vdev_break(d, "incorrect order for descriptors (readable "
					       "after writable)");
				return false;
			}
			if (r->nout >= EMU_VQ_SEGS)
				goto toolong;
			r->out[r->nout++] = (struct emu_seg){ addr, len, false };
			r->out_len += len;
		}
		if (!(fl & VRING_DESC_F_NEXT))
			return true;
		if (next >= max) {
			emu_vdev_break(d, "descriptor next %u out of range", next);
			return false;
		}
		i = next;
	}
toolong:
	emu_vdev_break(d, "descriptor chain too long");
	return false;
}

static void emu_push(struct emu_dev *d, unsigned int q, uint32_t id, uint32_t len)
{
	struct emu_vq *vq = &d->vq[q];
	uint64_t e = vq->used + 4 + 8ULL * (vq->used_idx % vq->num);
	uint16_t avail_flags = 0;

	emu_wr32(d, e, id);
	emu_wr32(d, e + 4, len);
	vq->used_idx++;
	emu_wr16(d, vq->used + 2, vq->used_idx);
	/* virtio_should_notify(): no interruption while the driver asks for
	 * none (no EVENT_IDX here) */
	if (d->have_ind && emu_rd16(d, vq->avail, &avail_flags) &&
	    !(avail_flags & VRING_AVAIL_F_NO_INTERRUPT)) {
		uint8_t b[8];

		if (emu_dma_read(d->ind_addr, b, 8)) {
			put_be64(b, get_be64(b) | (1ULL << q));
			emu_dma_write(d->ind_addr, b, 8);
		}
		emu_css_unsolicited(d);
	}
}

void emu_vq_complete(struct emu_dev *d, unsigned int q, uint16_t head, uint32_t len)
{
	if (d->broken || !d->vq[q].ready)
		return;
	/* deferred completions (virtio-net receive) pass the hostile-device
	 * hook too, like the ones made while a notification is handled */
	if (emu_m.cfg.hooks && emu_m.cfg.hooks->reply) {
		struct emu_reply rep = { .ssid = d->ssid, .devno = d->cfg.devno, .vq = q,
					 .used_id = head, .used_len = len, .complete = true };

		emu_m.cfg.hooks->reply(emu_m.cfg.hooks->ctx, &rep);
		if (!rep.complete)
			return;
		emu_push(d, q, rep.used_id, rep.used_len);
		if (rep.twice)
			emu_push(d, q, rep.used_id, rep.used_len);
		return;
	}
	emu_push(d, q, head, len);
}

static struct emu_dev *emu_reply_dev;   /* inside emu_hooks.reply */

void emu_reply_write(struct emu_reply *r, uint64_t off, const void *data, uint64_t len)
{
	const struct emu_req *req = r->priv_;

	if (!emu_reply_dev || !req || off >= req->in_len)
		return;
	if (len > req->in_len - off)
		len = req->in_len - off;
	emu_req_copy_in(emu_reply_dev, req, off, data, len);
}

void emu_vccw_process(struct emu_dev *d, unsigned int q)
{
	struct emu_vq *vq = &d->vq[q];
	static struct emu_req req;  /* large: keep off the stack */

	while (!d->broken && vq->ready) {
		uint16_t avail_idx, head;
		int64_t used_len;
		const struct emu_fault *f, *never;

		if (!emu_rd16(d, vq->avail + 2, &avail_idx)) {
			emu_vdev_break(d, "avail ring outside guest memory");
			return;
		}
		if ((uint16_t)(avail_idx - vq->last_avail) > vq->num) {
			emu_vdev_break(d, "guest moved avail index from %u to %u", vq->last_avail,
				       avail_idx);
			return;
		}
		if (avail_idx == vq->last_avail)
			return;
		emu_rd16(d, vq->avail + 4 + 2ULL * (vq->last_avail % vq->num), &head);
		vq->last_avail++;
		memset(&req, 0, offsetof(struct emu_req, out));
		req.vq = (uint16_t)q;
		req.head = head;
		if (!emu_pop(d, vq, head, &req))
			return;
		d->requests++;
		req.match = EMU_ANY;
		if (emu_fault(d, EMU_FAULT_UNPLUG, EMU_ANY)) {
			d->not_oper = true;     /* hot-unplugged under the request */
			return;
		}
		used_len = d->ops->request(d, &req);
		if (d->broken || used_len < 0)
			continue;
		/* every fault sees every request (its own event count) */
		never = emu_fault(d, EMU_FAULT_NO_COMPLETION, req.match);
		f = emu_fault(d, EMU_FAULT_USED_ID, req.match);
		if (f)
			head = (uint16_t)(head + (f->arg ? f->arg : 1));
		f = emu_fault(d, EMU_FAULT_USED_LEN, req.match);
		if (f)
			used_len = (int64_t)(uint32_t)f->arg;
		if (never)
			continue;       /* consumed, never completed */
		if (emu_fault(d, EMU_FAULT_REORDER, req.match) && !d->held[q]) {
			d->held[q] = true;
			d->held_id[q] = head;
			d->held_len[q] = (uint32_t)used_len;
			continue;
		}
		if (emu_m.cfg.hooks && emu_m.cfg.hooks->reply) {
			struct emu_reply rep = {
				.ssid = d->ssid, .devno = d->cfg.devno, .vq = q,
				.used_id = head, .used_len = (uint32_t)used_len,
				.complete = true, .in_len = req.in_len, .priv_ = &req,
			};

			rep.out_len = req.out_len;
			emu_req_copy_out(d, &req, 0, rep.out, sizeof(rep.out));
			emu_reply_dev = d;
			emu_m.cfg.hooks->reply(emu_m.cfg.hooks->ctx, &rep);
			emu_reply_dev = NULL;
			if (rep.complete)
				emu_push(d, q, rep.used_id, rep.used_len);
			if (rep.complete && rep.twice)
				emu_push(d, q, rep.used_id, rep.used_len);
		} else {
			emu_push(d, q, head, (uint32_t)used_len);
		}
		if (d->held[q]) {
			d->held[q] = false;
			emu_push(d, q, d->held_id[q], d->held_len[q]);
		}
	}
}

int64_t emu_vccw_notify(struct emu_dev *d, uint32_t q)
{
	if (q >= EMU_VIRTIO_QUEUE_MAX || q >= d->ops->nvqs || !d->vq[q].num)
		return -EINVAL;
	if (!(d->status & VIRTIO_STAT_DRIVER_OK))
		emu_violation_add("0.%u.%04x: queue %u notified before DRIVER_OK", d->ssid,
				  d->cfg.devno, q);
	if (d->broken || !d->vq[q].ready)
		return 0;
	if (d->cfg.completion_delay_us) {
		uint64_t due = emu_m.tod + d->cfg.completion_delay_us * 4096ULL;

		if (!d->kick_due[q] || due < d->kick_due[q])
			d->kick_due[q] = due;
		return 0;
	}
	emu_vccw_process(d, q);
	return 0;
}
