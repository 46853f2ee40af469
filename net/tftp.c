// SPDX-License-Identifier: GPL-2.0-or-later
/* TFTP client (see tftp.h). */
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "net/tftp.h"

#define OP_RRQ 1
#define OP_DATA 3
#define OP_ACK 4
#define OP_ERROR 5
#define OP_OACK 6
#define ERR_NOT_FOUND 1
#define ERR_DISK_FULL 3
#define ERR_UNKNOWN_TID 5
#define ERR_OPTIONS 8

#define TFTP_WAIT_MS 1000
#define TFTP_MAX_WAIT_MS 4000
#define TFTP_TRIES 6            /* retransmissions without progress */
#define TFTP_PROGRESS_STEP (16 * MiB)
/* A server that sends less than TFTP_RATE_MIN bytes in any TFTP_RATE_WINDOW_MS
 * is given up on (it could keep a transfer going for days: each block just
 * before we retransmit, or 8-byte blocks of a large file). */
#define TFTP_RATE_WINDOW_MS 60000
#define TFTP_RATE_MIN (64 * KiB)

static size_t put_str(uint8_t *p, size_t at, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(p + at, s, n);
	return at + n;
}

void tftp_start(struct tftp_state *st, const char *name, const struct tftp_sink *sink,
		bool options)
{
	size_t at = 2;

	memset(st, 0, sizeof(*st));
	st->name = name;
	st->sink = sink;
	st->blksize = 512;
	st->expect = 1;
	st->options = options;
	put_be16(st->out, OP_RRQ);
	at = put_str(st->out, at, name);
	at = put_str(st->out, at, "octet");
	if (options) {
		at = put_str(st->out, at, "blksize");
		at += (size_t)fw_snprintf((char *)st->out + at, 8, "%u", TFTP_BLKSIZE_WANT) + 1;
		at = put_str(st->out, at, "tsize");
		at = put_str(st->out, at, "0");
	}
	st->out_len = at;
}

static void build_ack(struct tftp_state *st, uint16_t block)
{
	put_be16(st->out, OP_ACK);
	put_be16(st->out + 2, block);
	st->out_len = 4;
}

static void build_error(struct tftp_state *st, uint16_t code, const char *msg)
{
	put_be16(st->out, OP_ERROR);
	put_be16(st->out + 2, code);
	st->out_len = put_str(st->out, 4, msg);
}

static enum tftp_act fail(struct tftp_state *st, int err)
{
	st->err = err;
	return TFTP_FAIL;
}

/* Decimal option value; false if it is not one (or absurdly large). */
static bool parse_num(const char *s, size_t len, uint64_t *v)
{
	*v = 0;
	if (!len || len > 15)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

static bool name_is(const char *s, size_t len, const char *want)
{
	size_t n = strlen(want);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != want[i])
			return false;
	return true;
}

static enum tftp_act oack(struct tftp_state *st, const uint8_t *p, size_t len)
{
	size_t i = 2;

	if (!st->options) {
		fw_printf("tftp %s: server sent options we did not ask for\n", st->name);
		build_error(st, ERR_OPTIONS, "no options requested");
		return fail(st, FW_EINVAL);
	}
	while (i < len) {
		const char *name = (const char *)p + i, *val;
		size_t nl = 0, vl = 0;
		uint64_t v;

		while (i + nl < len && p[i + nl])
			nl++;
		if (i + nl >= len)
			goto bad;
		val = name + nl + 1;
		i += nl + 1;
		while (i + vl < len && p[i + vl])
			vl++;
		if (i + vl >= len)
			goto bad;
		i += vl + 1;
		if (!parse_num(val, vl, &v))
			goto bad;
		if (name_is(name, nl, "blksize")) {
			if (v < 8 || v > TFTP_BLKSIZE_WANT)
				goto bad;
			st->blksize = (uint16_t)v;
		} else if (name_is(name, nl, "tsize")) {
			st->tsize = v;
		} else {
			goto bad;       /* RFC 2347: only what we asked for */
		}
	}
	if (st->tsize > st->sink->max) {
		fw_printf("tftp %s: file of %llu bytes does not fit into %llu bytes\n", st->name,
			  (unsigned long long)st->tsize, (unsigned long long)st->sink->max);
		build_error(st, ERR_DISK_FULL, "file too large");
		return fail(st, FW_ENOSPC);
	}
	st->started = true;
	build_ack(st, 0);
	return TFTP_SEND;
bad:
	fw_printf("tftp %s: malformed option acknowledgement\n", st->name);
	build_error(st, ERR_OPTIONS, "bad option acknowledgement");
	return fail(st, FW_EINVAL);
}

static enum tftp_act data(struct tftp_state *st, const uint8_t *p, size_t len)
{
	uint16_t block = get_be16(p + 2);
	size_t n = len - 4;

	if (block == (uint16_t)(st->expect - 1) && st->started) {
		build_ack(st, block);   /* duplicate: our ACK was lost */
		return TFTP_SEND;
	}
	if (block != st->expect)
		return TFTP_IGNORE;     /* reordered or stale */
	if (n > st->blksize) {
		fw_printf("tftp %s: block %u has %zu bytes, more than the block size %u\n",
			  st->name, block, n, st->blksize);
		build_error(st, 4, "block too large");
		return fail(st, FW_EINVAL);
	}
	if (n > st->sink->max - st->offset) {
		fw_printf("tftp %s: file is larger than the %llu bytes available for it\n",
			  st->name, (unsigned long long)st->sink->max);
		build_error(st, ERR_DISK_FULL, "file too large");
		return fail(st, FW_ENOSPC);
	}
	/* stored by tftp_store() once the acknowledgement is on its way */
	st->pend = p + 4;
	st->pend_len = n;
	st->pend_off = st->offset;
	st->started = true;
	st->offset += n;
	st->expect++;
	build_ack(st, block);
	return n < st->blksize ? TFTP_DONE : TFTP_SEND;
}

int tftp_store(struct tftp_state *st)
{
	int rc = 0;

	if (st->pend_len)
		rc = st->sink->write(st->sink->ctx, st->pend_off, st->pend, st->pend_len);
	st->pend = NULL;
	st->pend_len = 0;
	if (rc) {
		fw_printf("tftp %s: cannot store block at offset %llu\n", st->name,
			  (unsigned long long)st->pend_off);
		build_error(st, ERR_DISK_FULL, "cannot store");
		st->err = rc;
	}
	return rc;
}

enum tftp_act tftp_input(struct tftp_state *st, const uint8_t *p, size_t len, uint16_t port)
{
	uint16_t op;

	if (len < 4)
		return TFTP_IGNORE;
	if (st->server_port && port != st->server_port)
		return TFTP_IGNORE;     /* another TID: not ours */
	op = get_be16(p);
	if (op == OP_ERROR) {
		char msg[80];
		uint16_t code = get_be16(p + 2);
		size_t n = 0;

		while (4 + n < len && n + 1 < sizeof(msg) && p[4 + n]) {
			char c = (char)p[4 + n];

			msg[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
		}
		msg[n] = 0;
		if (!st->started && st->options && code == ERR_OPTIONS)
			return TFTP_RETRY_PLAIN;
		st->out_len = 0;
		if (code == ERR_NOT_FOUND)
			return fail(st, FW_ENOENT);     /* the caller says it, if it matters */
		fw_printf("tftp %s: server error %u: %s\n", st->name, code, msg);
		return fail(st, FW_EIO);
	}
	if (!st->server_port) {
		if (op != OP_DATA && op != OP_OACK)
			return TFTP_IGNORE;
		st->server_port = port;
	}
	if (op == OP_OACK && !st->started)
		return oack(st, p, len);
	if (op == OP_DATA)
		return data(st, p, len);
	return TFTP_IGNORE;
}

static void progress(const struct tftp_state *st, uint64_t *next)
{
	if (st->offset < *next)
		return;
	if (st->tsize)
		fw_printf("  %s: %llu of %llu MiB\n", st->name,
			  (unsigned long long)(st->offset / MiB),
			  (unsigned long long)(st->tsize / MiB));
	else
		fw_printf("  %s: %llu MiB\n", st->name, (unsigned long long)(st->offset / MiB));
	*next += TFTP_PROGRESS_STEP;
}

/* Send the packet built in @st (request, ACK or ERROR) to @port of the server. */
static int send_out(struct net_if *nif, uint32_t server, uint16_t lport, uint16_t port,
		    const struct tftp_state *st)
{
	memcpy(net_udp_payload(nif), st->out, st->out_len);
	return net_udp_send(nif, server, lport, port, st->out_len);
}

/* The ERROR that ends a transfer: a failure to send it is only told. */
static void tell_server(struct net_if *nif, uint32_t server, uint16_t lport, uint16_t port,
			const struct tftp_state *st)
{
	if (send_out(nif, server, lport, port, st))
		fw_printf("tftp %s: could not tell the server\n", st->name);
}

/* Bytes loaded at the start of the current rate window, and when it began. */
struct rate {
	uint64_t start;
	uint64_t offset;
};

/* At the end of each window: true (and told) if less than TFTP_RATE_MIN came. */
static bool too_slow(const struct tftp_state *st, struct rate *r)
{
	uint64_t now = mach_tod();

	if (now - r->start <= TFTP_RATE_WINDOW_MS * TOD_PER_MS)
		return false;
	if (st->offset - r->offset < TFTP_RATE_MIN) {
		fw_printf("tftp %s: %llu bytes in %u s, too slow; giving up (%llu bytes loaded)\n",
			  st->name, (unsigned long long)(st->offset - r->offset),
			  TFTP_RATE_WINDOW_MS / 1000, (unsigned long long)st->offset);
		return true;
	}
	r->start = now;
	r->offset = st->offset;
	return false;
}

static int transfer(struct net_if *nif, uint32_t server, struct tftp_state *st)
{
	uint16_t lport = (uint16_t)(49152 + net_random(nif) % 16000);
	uint32_t wait = TFTP_WAIT_MS;
	unsigned int tries = 0;
	bool was_started;
	uint16_t before;
	uint64_t next = TFTP_PROGRESS_STEP;
	struct rate rate = { mach_tod(), 0 };
	struct udp_pkt pkt;
	int rc;

	for (;;) {
		uint64_t deadline;
		enum tftp_act act;

		if (st->out_len) {
			rc = send_out(nif, server, lport,
				      st->server_port ? st->server_port : TFTP_PORT, st);
			if (rc)
				return rc;
		}
		deadline = mach_tod() + wait * TOD_PER_MS;
		for (;;) {
			rc = net_udp_recv(nif, lport, deadline, &pkt);
			if (rc == FW_ETIMEDOUT)
				break;
			if (rc)
				return rc;
			if (pkt.src_ip != server)
				continue;
			before = st->expect;
			was_started = st->started;
			act = tftp_input(st, pkt.data, pkt.len, pkt.src_port);
			if (act == TFTP_IGNORE)
				continue;
			if (act == TFTP_RETRY_PLAIN)
				return 1;
			if (act == TFTP_FAIL) {
				if (st->out_len)
					tell_server(nif, server, lport, pkt.src_port, st);
				return st->err;
			}
			/* sending may poll for ARP, which gives the block's receive
			 * buffer back to the driver: store the block first then */
			if (!net_resolved(nif, server) && tftp_store(st))
				return st->err;
			rc = send_out(nif, server, lport, st->server_port, st);
			if (rc)
				return rc;
			/* the server sends the next block while we store this one */
			if (tftp_store(st)) {
				tell_server(nif, server, lport, st->server_port, st);
				return st->err;
			}
			if (act == TFTP_DONE)
				return 0;
			if (st->expect == before && st->started == was_started)
				continue;       /* a duplicate: re-acknowledged, no progress */
			progress(st, &next);
			if (too_slow(st, &rate)) {
				build_error(st, 0, "transfer too slow");
				tell_server(nif, server, lport, st->server_port, st);
				return FW_ETIMEDOUT;
			}
			tries = 0;
			wait = TFTP_WAIT_MS;
			deadline = mach_tod() + wait * TOD_PER_MS;
		}
		if (++tries > TFTP_TRIES) {
			fw_printf("tftp %s: no answer from the server (%u tries)\n", st->name,
				  tries);
			return FW_ETIMEDOUT;
		}
		wait = MIN(wait * 2, (uint32_t)TFTP_MAX_WAIT_MS);
	}
}

int tftp_get(struct net_if *nif, uint32_t server, const char *name,
	     const struct tftp_sink *sink, uint64_t *sizep)
{
	static struct tftp_state st;
	int rc;

	if (strlen(name) >= TFTP_NAME_MAX - 1) {
		fw_printf("tftp: file name too long: %s\n", name);
		return FW_EINVAL;
	}
	tftp_start(&st, name, sink, true);
	rc = transfer(nif, server, &st);
	if (rc == 1) {
		fw_printf("tftp %s: server refused options, using 512-byte blocks\n", name);
		tftp_start(&st, name, sink, false);
		rc = transfer(nif, server, &st);
	}
	if (rc == 0)
		*sizep = st.offset;
	return rc < 0 ? rc : (rc ? FW_EIO : 0);
}
