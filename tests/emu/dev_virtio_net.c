/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulated virtio-net (QEMU hw/net/virtio-net.c: MAC and status config,
 * receive queue 0, transmit queue 1, 10-byte legacy / 12-byte VERSION_1
 * header) with a scripted peer behind it that plays QEMU's user network:
 * the gateway 10.0.2.2 answers ARP, DHCP (10.0.2.15/24, boot file and
 * pxelinux options) and TFTP (RFC 1350 + blksize/tsize options) from a
 * directory. Frames the guest sends are checked (lengths, IP and UDP
 * checksums: a bad one is a protocol violation); frames to the guest go
 * through the fault knobs of struct emu_net_cfg (lost, duplicated, late,
 * corrupted, truncated, silence).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/virtio.h"
#include "emu_int.h"
#include "fw/endian.h"

#define PEER_IP 0x0a000202u
#define GUEST_IP 0x0a00020fu
#define NET_MASK 0xffffff00u
#define MAX_RX 64
#define MAX_FRAMES 64
#define FRAME_MAX 1600
#define LATENCY_US 50
#define LATE_US 2500000
#define MAX_PEERS 4

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t peer_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

struct rxbuf {
	uint16_t head;
	unsigned int nseg;
	struct emu_seg seg[4];
};

struct frame {
	uint64_t due_us;
	size_t len;
	uint8_t b[FRAME_MAX];
};

struct tftp_sess {
	bool active;
	uint16_t port, client_port;
	int fd;
	uint64_t size;
	uint16_t blksize;
	uint32_t block;         /* last block sent (0: OACK) */
	bool last_sent;
	unsigned int blocks_sent;
	uint64_t repeat_at;     /* repeat_last: next resend (us) */
};

struct peer {
	struct emu_dev *d;
	struct rxbuf rx[MAX_RX];
	unsigned int nrx;
	struct frame q[MAX_FRAMES];
	unsigned int nq;
	unsigned int sent;      /* frames generated for the guest */
	uint64_t extra_us;      /* added to the next frame's latency */
	struct tftp_sess t;
	uint16_t next_port;
	struct emu_net_stats st;
};

static struct peer peers[MAX_PEERS];

static struct peer *peer_of(struct emu_dev *d)
{
	for (unsigned int i = 0; i < MAX_PEERS; i++)
		if (peers[i].d == d)
			return &peers[i];
	for (unsigned int i = 0; i < MAX_PEERS; i++) {
		if (!peers[i].d) {
			memset(&peers[i], 0, sizeof(peers[i]));
			peers[i].d = d;
			peers[i].next_port = 40000;
			peers[i].t.fd = -1;
			return &peers[i];
		}
	}
	abort();
}

const struct emu_net_stats *emu_net_stats(uint8_t ssid, uint16_t devno)
{
	struct emu_dev *d = emu_find_devno(ssid, devno);

	return d ? &peer_of(d)->st : NULL;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t pseudo(uint32_t s, uint32_t d, size_t len)
{
	return (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) + 17 + (uint32_t)len;
}

static uint32_t hdr_len(const struct emu_dev *d)
{
	return emu_vdev_le(d) ? 12 : 10;
}

/* --- frames to the guest ------------------------------------------------- */

static void enqueue(struct peer *p, const uint8_t *f, size_t len, uint64_t delay_us)
{
	if (p->nq == MAX_FRAMES)
		return;         /* a full queue drops, like a real network */
	p->q[p->nq].due_us = emu_now_us() + delay_us;
	p->q[p->nq].len = len;
	memcpy(p->q[p->nq].b, f, len);
	p->nq++;
}

static bool every(unsigned int n, unsigned int k)
{
	return k && n % k == 0;
}

/* A frame for the guest, through the fault knobs. */
static void to_guest(struct peer *p, uint8_t *f, size_t len)
{
	const struct emu_net_cfg *c = p->d->cfg.net;
	unsigned int n = ++p->sent;

	p->st.frames_to_guest = n;
	if (c->stop_after && n > c->stop_after)
		return;
	if (every(n, c->drop_every))
		return;
	if (every(n, c->bad_csum_every) && len > 50)
		f[len - 1] ^= 0x5a;
	if (every(n, c->bad_len_every))
		put_be16(f + 16, (uint16_t)(get_be16(f + 16) + 40));
	if (every(n, c->trunc_every) && len > 50)
		len -= 7;
	enqueue(p, f, len, (every(n, c->late_every) ? LATE_US : LATENCY_US) + p->extra_us);
	p->extra_us = 0;
	if (every(n, c->dup_every))
		enqueue(p, f, len, LATENCY_US + 10);
}

static void udp_to_guest(struct peer *p, uint16_t sport, uint16_t dport, uint32_t dst,
			 const uint8_t *data, size_t len)
{
	uint8_t f[FRAME_MAX];
	uint8_t *ip = f + 14, *udp = ip + 20;
	size_t ulen = len + 8;

	if (len > FRAME_MAX - 42)
		abort();
	memcpy(f, dst == 0xffffffffu ? (const uint8_t *)"\xff\xff\xff\xff\xff\xff" : guest_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	put_be16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(20 + ulen));
	ip[8] = 64;
	ip[9] = 17;
	put_be32(ip + 12, PEER_IP);
	put_be32(ip + 16, dst);
	put_be16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	put_be16(udp, sport);
	put_be16(udp + 2, dport);
	put_be16(udp + 4, (uint16_t)ulen);
	put_be16(udp + 6, 0);
	memcpy(udp + 8, data, len);
	put_be16(udp + 6, csum_fold(csum_add(pseudo(PEER_IP, dst, ulen), udp, ulen)));
	to_guest(p, f, 42 + len);
}

/* --- DHCP ---------------------------------------------------------------- */

static size_t opt(uint8_t *b, size_t at, uint8_t code, const void *v, size_t len)
{
	b[at] = code;
	b[at + 1] = (uint8_t)len;
	memcpy(b + at + 2, v, len);
	return at + 2 + len;
}

static void dhcp_in(struct peer *p, const uint8_t *m, size_t len)
{
	const struct emu_net_cfg *c = p->d->cfg.net;
	uint8_t r[600], v[4];
	uint8_t type = 0;
	size_t at = 240;

	if (len < 240 || m[0] != 1 || get_be32(m + 236) != 0x63825363u) {
		emu_violation_add("net: malformed DHCP request (%zu bytes)", len);
		return;
	}
	for (size_t i = 240; i + 1 < len && m[i] != 255;) {
		if (m[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 + m[i + 1] > len) {
			emu_violation_add("net: DHCP option %u runs past the message", m[i]);
			return;
		}
		if (m[i] == 53 && m[i + 1] == 1)
			type = m[i + 2];
		if (m[i] == 97 && m[i + 1] == 17 && type == 1) {
			p->st.saw_uuid = true;
			memcpy(p->st.uuid, m + i + 3, 16);
		}
		i += 2 + m[i + 1];
	}
	if (type == 1)
		p->st.dhcp_discover++;
	else if (type == 3)
		p->st.dhcp_request++;
	else
		return;
	if (c->no_dhcp)
		return;
	memset(r, 0, sizeof(r));
	r[0] = 2;
	r[1] = 1;
	r[2] = 6;
	memcpy(r + 4, m + 4, 4);
	put_be32(r + 16, GUEST_IP);
	put_be32(r + 20, PEER_IP);
	memcpy(r + 28, m + 28, 16);
	if (c->dhcp_file)
		memcpy(r + 108, c->dhcp_file, 128);
	else if (c->bootfile)
		snprintf((char *)r + 108, 128, "%s", c->bootfile);
	put_be32(r + 236, 0x63825363u);
	if (c->dhcp_opts) {
		memcpy(r + 240, c->dhcp_opts, c->dhcp_opts_len);
		at = 240 + c->dhcp_opts_len;
		if (c->dhcp_opts_len >= 3 && r[240] == 53 && r[241] == 1)
			r[242] = type == 1 ? 2 : 5;     /* OFFER, then ACK */
	} else {
		uint8_t t = type == 1 ? 2 : 5;

		at = opt(r, at, 53, &t, 1);
		put_be32(v, PEER_IP);
		at = opt(r, at, 54, v, 4);
		put_be32(v, NET_MASK);
		at = opt(r, at, 1, v, 4);
		put_be32(v, PEER_IP);
		at = opt(r, at, 3, v, 4);
		put_be32(v, 86400);
		at = opt(r, at, 51, v, 4);
		if (c->bootfile)
			at = opt(r, at, 67, c->bootfile, strlen(c->bootfile));
		if (c->opt209)
			at = opt(r, at, 209, c->opt209, strlen(c->opt209));
		if (c->opt210)
			at = opt(r, at, 210, c->opt210, strlen(c->opt210));
		r[at++] = 255;
	}
	udp_to_guest(p, 67, 68, 0xffffffffu, r, at < 300 ? 300 : at);
}

/* --- TFTP ---------------------------------------------------------------- */

static void tftp_error(struct peer *p, uint16_t port, uint16_t code, const char *text)
{
	uint8_t b[200];
	size_t n = (size_t)snprintf((char *)b + 4, sizeof(b) - 4, "%s", text) + 5;

	put_be16(b, 5);
	put_be16(b + 2, code);
	udp_to_guest(p, p->next_port++, port, GUEST_IP, b, n);
}

static void tftp_send_block(struct peer *p)
{
	const struct emu_net_cfg *c = p->d->cfg.net;
	struct tftp_sess *t = &p->t;
	uint8_t b[FRAME_MAX];
	uint64_t off = (uint64_t)(t->block - 1) * t->blksize;
	size_t want = t->blksize;
	ssize_t n = 0;

	if (c->tftp_stop_after && t->blocks_sent >= c->tftp_stop_after && !c->repeat_last)
		return;
	if (c->tftp_stop_after && t->blocks_sent >= c->tftp_stop_after)
		t->block--;     /* repeat_last: the previous block instead */
	if (c->data_oversize_at && t->block == c->data_oversize_at)
		want++;
	if (off < t->size)
		n = pread(t->fd, b + 4, want, (off_t)off);
	if (n < 0)
		n = 0;
	put_be16(b, 3);
	put_be16(b + 2, (uint16_t)t->block);
	t->last_sent = (size_t)n < t->blksize;
	t->blocks_sent++;
	p->extra_us = (uint64_t)c->tftp_delay_ms * 1000;
	udp_to_guest(p, t->port, t->client_port, GUEST_IP, b, 4 + (size_t)n);
}

static void tftp_rrq(struct peer *p, uint16_t cport, const uint8_t *m, size_t len)
{
	const struct emu_net_cfg *c = p->d->cfg.net;
	struct tftp_sess *t = &p->t;
	const char *f[8];
	size_t nf = 0, i = 2;
	uint64_t want_blk = 0;
	bool want_tsize = false;
	char path[1024];
	struct stat sb;

	while (i < len && nf < 8) {
		f[nf++] = (const char *)m + i;
		while (i < len && m[i])
			i++;
		if (i == len) {
			emu_violation_add("net: TFTP request field not NUL-terminated");
			return;
		}
		i++;
	}
	if (nf < 2 || strcmp(f[1], "octet")) {
		emu_violation_add("net: TFTP request without octet mode");
		return;
	}
	p->st.tftp_rrq++;
	snprintf(p->st.last_rrq, sizeof(p->st.last_rrq), "%s", f[0]);
	for (size_t k = 2; k + 1 < nf; k += 2) {
		if (!strcasecmp(f[k], "blksize"))
			want_blk = strtoull(f[k + 1], NULL, 10);
		else if (!strcasecmp(f[k], "tsize"))
			want_tsize = true;
	}
	if (c->err_file && !strcmp(f[0], c->err_file)) {
		tftp_error(p, cport, c->err_code, c->err_text ? c->err_text : "");
		return;
	}
	if (nf > 2 && c->tftp_refuse_options) {
		tftp_error(p, cport, 8, "options refused");
		return;
	}
	if (t->fd >= 0)
		close(t->fd);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	snprintf(path, sizeof(path), "%s/%s", c->tftp_dir, f[0]);
	if (strstr(f[0], "..") || stat(path, &sb) || !S_ISREG(sb.st_mode) ||
	    (t->fd = open(path, O_RDONLY)) < 0) {
		tftp_error(p, cport, 1, "File not found");
		return;
	}
	t->active = true;
	t->port = p->next_port++;
	t->client_port = cport;
	t->size = (uint64_t)sb.st_size;
	t->blksize = 512;
	if (nf > 2 && !c->tftp_ignore_options) {
		uint8_t b[128];
		size_t n = 2;

		put_be16(b, 6);
		if (want_blk) {
			uint64_t bs = want_blk;

			if (c->tftp_max_blksize && bs > c->tftp_max_blksize)
				bs = c->tftp_max_blksize;
			t->blksize = (uint16_t)bs;
			n += (size_t)sprintf((char *)b + n, "blksize") + 1;
			n += (size_t)sprintf((char *)b + n, "%u", t->blksize) + 1;
		}
		if (want_tsize) {
			n += (size_t)sprintf((char *)b + n, "tsize") + 1;
			n += (size_t)sprintf((char *)b + n, "%llu",
					      (unsigned long long)t->size) + 1;
		}
		p->st.last_blksize = t->blksize;
		t->block = 0;
		udp_to_guest(p, t->port, cport, GUEST_IP, b, n);
		return;
	}
	p->st.last_blksize = t->blksize;
	t->block = 1;
	tftp_send_block(p);
}

static void tftp_in(struct peer *p, uint16_t sport, uint16_t dport, const uint8_t *m,
		    size_t len)
{
	struct tftp_sess *t = &p->t;
	uint16_t op, blk;

	if (len < 4) {
		emu_violation_add("net: TFTP packet of %zu bytes", len);
		return;
	}
	op = get_be16(m);
	if (dport == 69) {
		if (op != 1)
			emu_violation_add("net: TFTP opcode %u to port 69", op);
		else if (p->d->cfg.net->tftp_dir)
			tftp_rrq(p, sport, m, len);
		return;
	}
	if (!t->active || dport != t->port)
		return;
	if (op == 5) {
		p->st.tftp_errors_from_guest++;
		t->active = false;
		return;
	}
	if (op != 4)
		return;
	p->st.tftp_acks++;
	blk = get_be16(m + 2);
	if (blk == (uint16_t)t->block) {
		if (t->last_sent && t->block) {
			t->active = false;
			return;
		}
		t->block++;
		tftp_send_block(p);
	} else if (blk == (uint16_t)(t->block - 1)) {
		tftp_send_block(p);     /* our block got lost: send it again */
	}
}

/* --- frames from the guest ----------------------------------------------- */

static void arp_in(struct peer *p, const uint8_t *f, size_t len)
{
	uint8_t r[42];

	if (len < 42 || get_be16(f + 14) != 1 || get_be16(f + 16) != 0x0800 ||
	    get_be16(f + 20) != 1)
		return;
	if (get_be32(f + 38) != PEER_IP)
		return;
	memcpy(r, f + 6, 6);
	memcpy(r + 6, peer_mac, 6);
	put_be16(r + 12, 0x0806);
	memcpy(r + 14, f + 14, 6);
	put_be16(r + 20, 2);
	memcpy(r + 22, peer_mac, 6);
	put_be32(r + 28, PEER_IP);
	memcpy(r + 32, f + 22, 10);
	to_guest(p, r, sizeof(r));
}

static void frame_in(struct peer *p, const uint8_t *f, size_t len)
{
	const uint8_t *ip, *udp;
	size_t ihl, tot, ulen;

	p->st.frames_in++;
	if (len < 14 || len > 1514) {
		emu_violation_add("net: guest sent a frame of %zu bytes", len);
		return;
	}
	if (memcmp(f + 6, guest_mac, 6))
		return;         /* not from the address the device has: not ours */
	if (get_be16(f + 12) == 0x0806) {
		arp_in(p, f, len);
		return;
	}
	if (get_be16(f + 12) != 0x0800)
		return;
	ip = f + 14;
	ihl = (ip[0] & 15) * 4u;
	tot = get_be16(ip + 2);
	if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl + 8 || tot > len - 14 ||
	    csum_fold(csum_add(0, ip, ihl))) {
		emu_violation_add("net: guest sent a bad IPv4 header");
		return;
	}
	if (ip[9] != 17)
		return;
	udp = ip + ihl;
	ulen = get_be16(udp + 4);
	if (ulen < 8 || ulen > tot - ihl ||
	    (get_be16(udp + 6) && csum_fold(csum_add(pseudo(get_be32(ip + 12), get_be32(ip + 16),
							     ulen), udp, ulen)))) {
		emu_violation_add("net: guest sent a bad UDP header or checksum");
		return;
	}
	if (!p->d->cfg.net)
		return;
	if (p->d->cfg.net->stop_after && p->sent >= p->d->cfg.net->stop_after)
		return;
	if (get_be16(udp + 2) == 67)
		dhcp_in(p, udp + 8, ulen - 8);
	else if (get_be32(ip + 16) == PEER_IP)
		tftp_in(p, get_be16(udp), get_be16(udp + 2), udp + 8, ulen - 8);
}

/* --- the device ------------------------------------------------------------ */

static uint32_t net_config(struct emu_dev *d, uint8_t *b, uint32_t max)
{
	(void)max;
	memset(b, 0, 12);
	memcpy(b, guest_mac, sizeof(guest_mac));
	emu_cfg_put16(d, b + 6, 1);     /* link up */
	emu_cfg_put16(d, b + 8, 1);     /* max_virtqueue_pairs */
	emu_cfg_put16(d, b + 10, 1500); /* mtu */
	return 12;
}

static int64_t net_request(struct emu_dev *d, struct emu_req *r)
{
	struct peer *p = peer_of(d);
	uint8_t f[2048];
	uint64_t hl = hdr_len(d), n;

	if (r->vq == 0) {
		struct rxbuf *b;

		if (r->nin == 0 || r->nout || r->in_len < hl + 60 || r->nin > 4) {
			emu_violation_add("net: unusable receive buffer (%u segments, %llu bytes)",
					  r->nin, (unsigned long long)r->in_len);
			return 0;
		}
		if (p->nrx == MAX_RX)
			abort();
		b = &p->rx[p->nrx++];
		b->head = r->head;
		b->nseg = r->nin;
		memcpy(b->seg, r->in, r->nin * sizeof(r->in[0]));
		return -1;      /* kept until a frame arrives */
	}
	if (r->nin || r->out_len < hl || r->out_len - hl > sizeof(f)) {
		emu_violation_add("net: bad transmit request (%llu bytes)",
				  (unsigned long long)r->out_len);
		return 0;
	}
	n = emu_req_copy_out(d, r, hl, f, r->out_len - hl);
	p->st.frames_out++;
	frame_in(p, f, n);
	return 0;
}

/* A well-formed DHCP OFFER for nobody (xid 0xdeadbeef) to the broadcast. */
static void flood(struct peer *p)
{
	uint8_t r[300];

	memset(r, 0, sizeof(r));
	r[0] = 2;
	r[1] = 1;
	r[2] = 6;
	put_be32(r + 4, 0xdeadbeef);
	memcpy(r + 28, guest_mac, 6);
	put_be32(r + 236, 0x63825363u);
	r[240] = 53;
	r[241] = 1;
	r[242] = 2;
	r[243] = 255;
	udp_to_guest(p, 67, 68, 0xffffffffu, r, sizeof(r));
}

static void net_tick(struct emu_dev *d)
{
	struct peer *p = peer_of(d);
	uint64_t now = emu_now_us();

	if (d->cfg.net && d->cfg.net->flood && p->nrx && !p->nq)
		flood(p);
	if (d->cfg.net && d->cfg.net->repeat_last && p->t.active && p->t.blocks_sent &&
	    now >= p->t.repeat_at) {
		p->t.repeat_at = now + 100000;
		if (p->t.blocks_sent >= d->cfg.net->tftp_stop_after) {
			p->t.block++;
			tftp_send_block(p);
		}
	}
	while (p->nrx) {
		unsigned int k = MAX_FRAMES;
		uint8_t buf[FRAME_MAX + 12];
		uint64_t hl = hdr_len(d), off = 0;
		struct rxbuf b;

		for (unsigned int i = 0; i < p->nq; i++)
			if (p->q[i].due_us <= now && (k == MAX_FRAMES || p->q[i].due_us < p->q[k].due_us))
				k = i;
		if (k == MAX_FRAMES)
			return;
		memset(buf, 0, hl);
		memcpy(buf + hl, p->q[k].b, p->q[k].len);
		b = p->rx[0];
		memmove(p->rx, p->rx + 1, --p->nrx * sizeof(p->rx[0]));
		for (unsigned int s = 0; s < b.nseg && off < hl + p->q[k].len; s++) {
			uint64_t n = b.seg[s].len;

			if (n > hl + p->q[k].len - off)
				n = hl + p->q[k].len - off;
			emu_dma_write(b.seg[s].addr, buf + off, n);
			off += n;
		}
		if (off < hl + p->q[k].len)
			off = 0;        /* too small a buffer: QEMU drops the frame */
		emu_vq_complete(d, 0, b.head, (uint32_t)off);
		memmove(p->q + k, p->q + k + 1, (--p->nq - k) * sizeof(p->q[0]));
	}
}

static void net_reset(struct emu_dev *d)
{
	struct peer *p = peer_of(d);

	p->nrx = 0;     /* buffers forgotten; queued frames stay on the wire */
}

const struct emu_vdev_ops emu_net_ops = {
	.device_id = VIRTIO_ID_NET,
	.nvqs = 2,
	.config = net_config,
	.request = net_request,
	.reset = net_reset,
	.tick = net_tick,
};
