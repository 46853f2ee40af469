// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A TFTP data block lives in a receive buffer the driver lends only until
 * its next receive call. Sending the acknowledgement may have to poll for an
 * ARP answer first (the gateway's entry was pushed out of the ARP cache), and
 * that poll hands the buffer back: the block must be stored before that.
 * The driver below keeps the netdev contract with exactly one buffer, and a
 * neighbour floods ARP requests so that the gateway is forgotten.
 */
#include <string.h>

#include "fw/endian.h"
#include "net/net.h"
#include "net/tftp.h"
#include "testfw.h"

#define MY_IP 0x0a00020fu
#define SERVER_IP 0x0a000302u          /* another subnet: through the gateway */
#define GATEWAY_IP 0x0a000202u
#define BLOCK_LEN 100

static const uint8_t my_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t neighbour_mac[6] = { 0x02, 0xee, 0xee, 0xee, 0xee, 0x00 };

static uint8_t queue[16][1514];
static size_t queue_len[16];
static unsigned int q_head, q_tail;
static uint8_t lent[1514];             /* the one receive buffer */

static void enqueue(const uint8_t *f, size_t n)
{
	memcpy(queue[q_tail % 16], f, n);
	queue_len[q_tail++ % 16] = n;
}

static void arp_frame(uint16_t op, const uint8_t *smac, uint32_t sip)
{
	uint8_t f[60] = { 0 };

	memset(f, 0xff, 6);
	if (op == 2)
		memcpy(f, my_mac, 6);
	memcpy(f + 6, smac, 6);
	put_be16(f + 12, 0x0806);
	put_be16(f + 14, 1);
	put_be16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put_be16(f + 20, op);
	memcpy(f + 22, smac, 6);
	put_be32(f + 28, sip);
	memcpy(f + 32, my_mac, 6);
	put_be32(f + 38, MY_IP);
	enqueue(f, sizeof(f));
}

static void data_frame(uint16_t dport)
{
	uint8_t f[14 + 20 + 8 + 4 + BLOCK_LEN] = { 0 }, *ip = f + 14, *udp = ip + 20;

	memcpy(f, my_mac, 6);
	memcpy(f + 6, gw_mac, 6);
	put_be16(f + 12, 0x0800);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(20 + 8 + 4 + BLOCK_LEN));
	ip[8] = 64;
	ip[9] = 17;
	put_be32(ip + 12, SERVER_IP);
	put_be32(ip + 16, MY_IP);
	put_be16(ip + 10, net_csum_fold(net_csum_add(0, ip, 20)));
	put_be16(udp, 40000);
	put_be16(udp + 2, dport);
	put_be16(udp + 4, (uint16_t)(8 + 4 + BLOCK_LEN));
	put_be16(udp + 8, 3);                  /* DATA, block 1, the last one */
	put_be16(udp + 10, 1);
	memset(udp + 12, 'A', BLOCK_LEN);
	enqueue(f, sizeof(f));
}

static int drv_send(struct netdev *nd, const void *frame, size_t len)
{
	const uint8_t *f = frame;

	(void)nd;
	(void)len;
	if (get_be16(f + 12) == 0x0806 && get_be16(f + 20) == 1 && get_be32(f + 38) == GATEWAY_IP)
		arp_frame(2, gw_mac, GATEWAY_IP);      /* the gateway answers */
	else if (get_be16(f + 12) == 0x0800 && get_be16(f + 36) == 69) {
		/* the read request: a neighbour asks for us from four addresses
		 * (filling the ARP cache), then the server sends the file */
		for (uint32_t i = 0; i < 4; i++)
			arp_frame(1, neighbour_mac, 0x0a000264u + i);
		data_frame(get_be16(f + 34));
	}
	return 0;
}

static int drv_recv(struct netdev *nd, const uint8_t **framep)
{
	(void)nd;
	if (q_head == q_tail)
		return 0;
	memcpy(lent, queue[q_head % 16], queue_len[q_head % 16]);
	*framep = lent;
	return (int)queue_len[q_head++ % 16];
}

static uint8_t file[BLOCK_LEN];
static uint64_t file_len;

static int sink_write(void *ctx, uint64_t off, const uint8_t *d, size_t n)
{
	(void)ctx;
	if (off + n > sizeof(file))
		return -1;
	memcpy(file + off, d, n);
	file_len = off + n;
	return 0;
}

TEST(tftp_block_stored_before_the_ack_polls_for_arp)
{
	static struct netdev nd = { "unit", { 0 }, drv_send, drv_recv, NULL };
	static struct net_if nif;
	struct tftp_sink sink = { sink_write, NULL, sizeof(file) };
	uint64_t size = 0;
	unsigned int wrong = 0;

	memcpy(nd.mac, my_mac, 6);
	net_init(&nif, &nd);
	nif.ip = MY_IP;
	nif.mask = 0xffffff00u;
	nif.gw = GATEWAY_IP;
	REQUIRE_EQ(tftp_get(&nif, SERVER_IP, "kernel", &sink, &size), 0);
	REQUIRE_EQ(file_len, BLOCK_LEN);
	for (unsigned int i = 0; i < BLOCK_LEN; i++)
		wrong += file[i] != 'A';
	CHECK_EQ(wrong, 0);
}
