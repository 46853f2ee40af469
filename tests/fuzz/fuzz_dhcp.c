/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: what the network hands the firmware before it has an
 * address. The input is taken three ways: as an Ethernet frame
 * (net_parse_udp: Ethernet, ARP, IPv4, UDP checks, with and without an
 * address of our own), as a DHCP message (dhcp_parse_reply, its xid and
 * client address made to match so the options are reached) and as a bare
 * option area (dhcp_parse_options). Every string the parsers return must be
 * NUL-terminated inside its buffer; a datagram must lie inside the frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_machine.h"
#include "fw/endian.h"
#include "net/dhcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sent;

static int fz_send(struct netdev *nd, const void *frame, size_t len)
{
	(void)nd;
	(void)frame;
	if (len > ETH_FRAME_MAX)
		abort();
	sent++;
	return 0;
}

static int fz_recv(struct netdev *nd, const uint8_t **framep)
{
	(void)nd;
	(void)framep;
	return 0;
}

static void check_str(const char *s, size_t size)
{
	if (!memchr(s, 0, size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct net_if nif;
	struct netdev nd = { "fuzz", { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, fz_send, fz_recv, NULL };
	struct dhcp_lease lease;
	struct dhcp_opts o;
	struct udp_pkt pkt;
	uint8_t *copy;
	uint8_t type;

	fz_reset();
	net_init(&nif, &nd);
	for (int with_ip = 0; with_ip < 2; with_ip++) {
		nif.ip = with_ip ? 0x0a00020f : 0;
		nif.mask = with_ip ? 0xffffff00 : 0;
		if (net_parse_udp(&nif, data, size, 68, &pkt) == 1 &&
		    (pkt.data < data || pkt.data + pkt.len > data + size))
			abort();
	}

	memset(&o, 0, sizeof(o));
	(void)dhcp_parse_options(data, size, &o);
	check_str(o.bootfile, sizeof(o.bootfile));
	check_str(o.tftp_server, sizeof(o.tftp_server));
	check_str(o.cfgfile, sizeof(o.cfgfile));
	check_str(o.prefix, sizeof(o.prefix));

	copy = malloc(size + 1);
	memcpy(copy, data, size);
	if (size >= 34) {
		put_be32(copy + 4, 0x12345678);
		memcpy(copy + 28, nd.mac, ETH_ALEN);
	}
	if (dhcp_parse_reply(copy, size, 0x12345678, nd.mac, &lease, &type) == 0) {
		check_str(lease.bootfile, sizeof(lease.bootfile));
		check_str(lease.cfgfile, sizeof(lease.cfgfile));
		check_str(lease.prefix, sizeof(lease.prefix));
	}
	free(copy);
	return 0;
}
