/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: a hostile TFTP server against the client's protocol
 * state (tftp_start/tftp_input). The input is a series of packets, each
 * "u16 length, u8 source-port selector, bytes", fed to one transfer of a
 * file into a destination of 64 KiB; the first input byte chooses whether
 * options were requested. The sink checks that nothing is written outside
 * the destination or out of order, and that the bytes stored agree with
 * the offset the state reports. Every reply the client builds must fit its
 * buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_machine.h"
#include "net/tftp.h"

#define DEST (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t stored;

static int fz_write(void *ctx, uint64_t off, const uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	if (off != stored || off + len > DEST || len == 0)
		abort();
	stored += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tftp_sink sink = { fz_write, NULL, DEST };
	static struct tftp_state st;
	static const uint16_t ports[4] = { 2000, 2001, 69, 40000 };

	if (size < 1)
		return 0;
	fz_reset();
	stored = 0;
	tftp_start(&st, "pxelinux.cfg/default", &sink, data[0] & 1);
	data++;
	size--;
	while (size >= 3) {
		size_t len = (size_t)data[0] << 8 | data[1];
		uint16_t port = ports[data[2] & 3];
		enum tftp_act act;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		act = tftp_input(&st, data, len, port);
		if (tftp_store(&st) || st.out_len > sizeof(st.out) || st.offset != stored)
			abort();
		data += len;
		size -= len;
		if (act == TFTP_DONE || act == TFTP_FAIL || act == TFTP_RETRY_PLAIN)
			break;
	}
	return 0;
}
