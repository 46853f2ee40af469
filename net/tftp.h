/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TFTP client (RFC 1350) with options (RFC 2347 OACK, 2348 blksize,
 * 2349 tsize): asks for a large block size and the transfer size, falls
 * back to plain 512-byte transfers when the server refuses options,
 * retransmits on timeouts, re-acknowledges duplicates, ignores
 * out-of-order and foreign packets, reports error packets with their text
 * and stops a file larger than its destination before it overflows.
 */
#ifndef NET_TFTP_H
#define NET_TFTP_H

#include "fw/compiler.h"
#include "net/net.h"

#define TFTP_PORT 69
#define TFTP_BLKSIZE_WANT 1432  /* fits a 1500-byte MTU with IPv4 + UDP */
#define TFTP_NAME_MAX 256

/* Where the bytes go: @write stores @len bytes at offset @off of the file
 * (0 or a negative FW_E*); the file may have at most @max bytes. */
struct tftp_sink {
	int (*write)(void *ctx, uint64_t off, const uint8_t *data, size_t len);
	void *ctx;
	uint64_t max;
};

enum tftp_act {
	TFTP_IGNORE,            /* not for this transfer / stale: keep waiting */
	TFTP_SEND,              /* send the packet built in the state */
	TFTP_DONE,              /* last block stored (ACK built, send it) */
	TFTP_FAIL,              /* give up; the reason was printed */
	TFTP_RETRY_PLAIN,       /* server refused options: start again without */
};

/* One transfer's protocol state, independent of the network (fuzzable). */
struct tftp_state {
	const char *name;
	const struct tftp_sink *sink;
	uint16_t server_port;   /* 0 until the first answer fixes the TID */
	uint16_t blksize;
	uint16_t expect;        /* next block number (wraps) */
	bool options;           /* options were requested */
	bool started;           /* first DATA or OACK seen */
	uint64_t offset;        /* bytes stored */
	uint64_t tsize;         /* announced size, 0 if unknown */
	int err;                /* FW_E* when TFTP_FAIL */
	const uint8_t *pend;    /* data accepted, not stored yet (tftp_store) */
	size_t pend_len;
	uint64_t pend_off;
	uint8_t out[TFTP_NAME_MAX + 64];
	size_t out_len;
};

/* tftp_start - build the read request into st->out. */
void tftp_start(struct tftp_state *st, const char *name, const struct tftp_sink *sink,
		bool options);

/*
 * tftp_input - one packet from @port; returns what to do next. An accepted
 * data block is not stored yet: send the acknowledgement first, then call
 * tftp_store() while the server sends the next block (the packet must stay
 * valid until then).
 */
enum tftp_act tftp_input(struct tftp_state *st, const uint8_t *pkt, size_t len, uint16_t port);

/* tftp_store - store the block tftp_input() accepted: 0, or the sink's error
 * (an error packet for the server is built then). */
int tftp_store(struct tftp_state *st);

/*
 * tftp_get - fetch @name from @server into @sink; *sizep gets the size.
 * Returns 0, FW_ENOENT (file not found), FW_ENOSPC (larger than the
 * destination), FW_ETIMEDOUT (server stopped answering), FW_EIO (other
 * error packet, or the sink failed) or FW_EINVAL.
 */
int tftp_get(struct net_if *nif, uint32_t server, const char *name,
	     const struct tftp_sink *sink, uint64_t *sizep) FW_MUST_CHECK;

#endif
