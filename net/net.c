// SPDX-License-Identifier: GPL-2.0-or-later
/* Ethernet, ARP, IPv4 and UDP (see net.h). */
#include "diag/diag.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "net/net.h"

#define ETHERTYPE_IP 0x0800
#define ETHERTYPE_ARP 0x0806
#define ARP_LEN 28
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define IPPROTO_UDP 17
#define ARP_TRIES 4
#define ARP_WAIT_MS 500

static const uint8_t eth_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void net_init(struct net_if *nif, struct netdev *nd)
{
	memset(nif, 0, sizeof(*nif));
	nif->nd = nd;
	nif->ip_id = (uint16_t)net_random(nif);
}

uint32_t net_random(const struct net_if *nif)
{
	uint64_t t = mach_tod();
	uint32_t r = (uint32_t)(t >> 12) ^ (uint32_t)(t >> 40);

	if (nif && nif->nd)
		r ^= get_be32(nif->nd->mac + 2) * 2654435761u;
	return r;
}

const char *net_ntoa(uint32_t ip, char buf[16])
{
	fw_snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff,
		    ip & 0xff);
	return buf;
}

/* 8 bytes at a time (TCG runs byte loops slowly; data blocks are summed
 * once each); the partial sums of 16-bit words fold the same way. */
typedef uint64_t __attribute__((aligned(1), may_alias)) u64_unaligned;

uint32_t net_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w = be64_to_cpu(*(const u64_unaligned *)(p + i));

		acc += (w >> 48) + ((w >> 32) & 0xffff) + ((w >> 16) & 0xffff) + (w & 0xffff);
	}
	for (; i + 1 < len; i += 2)
		acc += get_be16(p + i);
	if (len & 1)
		acc += (uint64_t)p[len - 1] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t net_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t pseudo_sum(uint32_t src, uint32_t dst, size_t udp_len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + IPPROTO_UDP +
	       (uint32_t)udp_len;
}

static void arp_learn(struct net_if *nif, uint32_t ip, const uint8_t *mac)
{
	unsigned int i;

	if (ip == 0 || ip == IP_BROADCAST || (mac[0] & 1))
		return;
	for (i = 0; i < NET_ARP_SLOTS; i++)
		if (nif->arp[i].ip == ip)
			break;
	if (i == NET_ARP_SLOTS)
		i = nif->arp_next++ % NET_ARP_SLOTS;
	nif->arp[i].ip = ip;
	memcpy(nif->arp[i].mac, mac, ETH_ALEN);
}

static const uint8_t *arp_lookup(const struct net_if *nif, uint32_t ip)
{
	for (unsigned int i = 0; i < NET_ARP_SLOTS; i++)
		if (nif->arp[i].ip == ip && ip)
			return nif->arp[i].mac;
	return NULL;
}

static void eth_header(struct net_if *nif, uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, ETH_ALEN);
	memcpy(f + ETH_ALEN, nif->nd->mac, ETH_ALEN);
	put_be16(f + 12, type);
}

/* ARP request or reply; uses its own small frame so that a datagram being
 * built in nif->tx is not disturbed. */
static int arp_send(struct net_if *nif, uint16_t op, const uint8_t *dst_mac, uint32_t tip)
{
	uint8_t f[ETH_HLEN + ARP_LEN + 18];
	uint8_t *a = f + ETH_HLEN;

	memset(f, 0, sizeof(f));
	eth_header(nif, f, op == ARP_REQUEST ? eth_bcast : dst_mac, ETHERTYPE_ARP);
	put_be16(a, 1);
	put_be16(a + 2, ETHERTYPE_IP);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put_be16(a + 6, op);
	memcpy(a + 8, nif->nd->mac, ETH_ALEN);
	put_be32(a + 14, nif->ip);
	if (op == ARP_REPLY)
		memcpy(a + 18, dst_mac, ETH_ALEN);
	put_be32(a + 24, tip);
	return nif->nd->send(nif->nd, f, sizeof(f));
}

static void arp_input(struct net_if *nif, const uint8_t *a, size_t len)
{
	uint32_t sip, tip;

	if (len < ARP_LEN || get_be16(a) != 1 || get_be16(a + 2) != ETHERTYPE_IP ||
	    a[4] != ETH_ALEN || a[5] != 4) {
		nif->dropped++;
		return;
	}
	sip = get_be32(a + 14);
	tip = get_be32(a + 24);
	if (!nif->ip || tip != nif->ip)
		return;
	arp_learn(nif, sip, a + 8);
	if (get_be16(a + 6) == ARP_REQUEST && !(a[8] & 1))
		(void)arp_send(nif, ARP_REPLY, a + 8, sip);
}

int net_parse_udp(struct net_if *nif, const uint8_t *f, size_t len, uint16_t port,
		  struct udp_pkt *pkt)
{
	const uint8_t *ip, *udp;
	size_t ihl, tot, ulen;
	uint32_t src, dst;
	uint16_t csum;

	if (len < ETH_HLEN)
		goto drop;
	if (memcmp(f, nif->nd->mac, ETH_ALEN) && memcmp(f, eth_bcast, ETH_ALEN))
		return 0;               /* not for us */
	if (get_be16(f + 12) == ETHERTYPE_ARP) {
		arp_input(nif, f + ETH_HLEN, len - ETH_HLEN);
		return 0;
	}
	if (get_be16(f + 12) != ETHERTYPE_IP)
		return 0;
	ip = f + ETH_HLEN;
	len -= ETH_HLEN;
	if (len < IP_HLEN || (ip[0] >> 4) != 4)
		goto drop;
	ihl = (ip[0] & 0xf) * 4u;
	tot = get_be16(ip + 2);
	if (ihl < IP_HLEN || tot < ihl || tot > len)
		goto drop;
	if (net_csum_fold(net_csum_add(0, ip, ihl)) != 0)
		goto drop;
	if (get_be16(ip + 6) & 0x3fff)
		goto drop;              /* a fragment: not needed for booting */
	if (ip[9] != IPPROTO_UDP)
		return 0;
	src = get_be32(ip + 12);
	dst = get_be32(ip + 16);
	if (nif->ip && dst != nif->ip && dst != IP_BROADCAST)
		return 0;
	udp = ip + ihl;
	if (tot - ihl < UDP_HLEN)
		goto drop;
	ulen = get_be16(udp + 4);
	if (ulen < UDP_HLEN || ulen > tot - ihl)
		goto drop;
	csum = get_be16(udp + 6);
	if (csum && net_csum_fold(net_csum_add(pseudo_sum(src, dst, ulen), udp, ulen)) != 0)
		goto drop;
	if (get_be16(udp + 2) != port)
		return 0;
	if (nif->ip)
		arp_learn(nif, src, f + ETH_ALEN);
	pkt->src_ip = src;
	pkt->src_port = get_be16(udp);
	pkt->dst_port = port;
	pkt->data = udp + UDP_HLEN;
	pkt->len = ulen - UDP_HLEN;
	return 1;
drop:
	nif->dropped++;
	return 0;
}

/* One poll of the driver; 1 with *pkt when a datagram for @port came. */
static int poll_once(struct net_if *nif, uint16_t port, struct udp_pkt *pkt)
{
	const uint8_t *frame;
	int n = nif->nd->recv(nif->nd, &frame);

	if (n <= 0)
		return n;
	return net_parse_udp(nif, frame, (size_t)n, port, pkt);
}

int net_udp_recv(struct net_if *nif, uint16_t port, uint64_t deadline, struct udp_pkt *pkt)
{
	for (;;) {
		int rc;

		/* checked first: a flood of datagrams cannot hold a caller past
		 * its deadline */
		if (mach_tod() > deadline)
			return FW_ETIMEDOUT;
		rc = poll_once(nif, port, pkt);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return 0;
		diag44_yield();
	}
}

static int resolve(struct net_if *nif, uint32_t dst, const uint8_t **macp)
{
	uint32_t hop = dst;
	struct udp_pkt pkt;

	if (dst == IP_BROADCAST || !nif->ip) {
		*macp = eth_bcast;
		return 0;
	}
	if (nif->mask && (dst & nif->mask) != (nif->ip & nif->mask)) {
		if (!nif->gw) {
			fw_printf("net %s: no route to %u.%u.%u.%u (no gateway)\n", nif->nd->name,
				  dst >> 24, (dst >> 16) & 0xff, (dst >> 8) & 0xff, dst & 0xff);
			return FW_EINVAL;
		}
		hop = nif->gw;
	}
	for (unsigned int t = 0; t < ARP_TRIES; t++) {
		uint64_t deadline = mach_tod() + ARP_WAIT_MS * TOD_PER_MS;
		int rc;

		*macp = arp_lookup(nif, hop);
		if (*macp)
			return 0;
		rc = arp_send(nif, ARP_REQUEST, NULL, hop);
		if (rc)
			return rc;
		while (!(*macp = arp_lookup(nif, hop)) && mach_tod() < deadline) {
			rc = poll_once(nif, 0, &pkt);   /* port 0: datagrams are dropped */
			if (rc < 0)
				return rc;
			if (!rc)
				diag44_yield();
		}
		if (*macp)
			return 0;
	}
	fw_printf("net %s: no ARP answer from %u.%u.%u.%u\n", nif->nd->name, hop >> 24,
		  (hop >> 16) & 0xff, (hop >> 8) & 0xff, hop & 0xff);
	return FW_ETIMEDOUT;
}

bool net_resolved(const struct net_if *nif, uint32_t dst)
{
	if (dst == IP_BROADCAST || !nif->ip)
		return true;
	if (nif->mask && (dst & nif->mask) != (nif->ip & nif->mask))
		dst = nif->gw;
	return dst && arp_lookup(nif, dst);
}

uint8_t *net_udp_payload(struct net_if *nif)
{
	return nif->tx + ETH_HLEN + IP_HLEN + UDP_HLEN;
}

int net_udp_send(struct net_if *nif, uint32_t dst, uint16_t sport, uint16_t dport, size_t len)
{
	uint8_t *ip = nif->tx + ETH_HLEN, *udp = ip + IP_HLEN;
	const uint8_t *mac;
	size_t ulen = len + UDP_HLEN;
	int rc;

	if (len > UDP_PAYLOAD_MAX)
		return FW_EINVAL;
	rc = resolve(nif, dst, &mac);
	if (rc)
		return rc;
	eth_header(nif, nif->tx, mac, ETHERTYPE_IP);
	ip[0] = 0x45;
	ip[1] = 0;
	put_be16(ip + 2, (uint16_t)(IP_HLEN + ulen));
	put_be16(ip + 4, nif->ip_id++);
	put_be16(ip + 6, 0x4000);       /* don't fragment */
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put_be16(ip + 10, 0);
	put_be32(ip + 12, nif->ip);
	put_be32(ip + 16, dst);
	put_be16(ip + 10, net_csum_fold(net_csum_add(0, ip, IP_HLEN)));
	put_be16(udp, sport);
	put_be16(udp + 2, dport);
	put_be16(udp + 4, (uint16_t)ulen);
	put_be16(udp + 6, 0);
	{
		uint16_t c = net_csum_fold(net_csum_add(pseudo_sum(nif->ip, dst, ulen), udp, ulen));

		put_be16(udp + 6, c ? c : 0xffff);
	}
	return nif->nd->send(nif->nd, nif->tx, ETH_HLEN + IP_HLEN + ulen);
}
