/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small IPv4 stack for booting: Ethernet, ARP (answers and resolves),
 * IPv4 without fragments (fragments are dropped), UDP. No heap: one
 * interface, one receive and one transmit frame buffer, a tiny ARP cache.
 * Every received frame is checked (lengths, header and UDP checksums,
 * addresses) before anything in it is believed.
 */
#ifndef NET_NET_H
#define NET_NET_H

#include "fw/compiler.h"
#include "net/netdev.h"

#define IP_HLEN 20
#define UDP_HLEN 8
#define UDP_PAYLOAD_MAX (ETH_FRAME_MAX - ETH_HLEN - IP_HLEN - UDP_HLEN)  /* 1472 */
#define IP_BROADCAST 0xffffffffu
#define NET_ARP_SLOTS 4

struct net_if {
	struct netdev *nd;
	uint32_t ip, mask, gw;          /* host byte order; 0 before DHCP */
	struct {
		uint32_t ip;
		uint8_t mac[ETH_ALEN];
	} arp[NET_ARP_SLOTS];
	unsigned int arp_next;
	uint16_t ip_id;
	uint8_t tx[ETH_FRAME_MAX + 2];
	unsigned int dropped;           /* frames rejected by the checks */
};

/* A received UDP datagram; @data points into the driver's receive buffer
 * and is valid until the next receive. */
struct udp_pkt {
	uint32_t src_ip;
	uint16_t src_port, dst_port;
	const uint8_t *data;
	size_t len;
};

void net_init(struct net_if *nif, struct netdev *nd);

/* Where to put the payload of the next datagram to send (UDP_PAYLOAD_MAX). */
uint8_t *net_udp_payload(struct net_if *nif);

/*
 * net_udp_send - send the @len bytes at net_udp_payload() from @sport to
 * @dst:@dport (IP_BROADCAST: Ethernet broadcast); resolves the next hop
 * with ARP first (a few tries, bounded). Returns 0, FW_ETIMEDOUT (no ARP
 * answer), FW_EINVAL or the driver's error.
 */
int net_udp_send(struct net_if *nif, uint32_t dst, uint16_t sport, uint16_t dport,
		 size_t len) FW_MUST_CHECK;

/*
 * net_udp_recv - wait until TOD @deadline for a datagram to local port
 * @port, answering ARP requests meanwhile. Returns 0 (*pkt filled),
 * FW_ETIMEDOUT or the driver's error.
 */
int net_udp_recv(struct net_if *nif, uint16_t port, uint64_t deadline,
		 struct udp_pkt *pkt) FW_MUST_CHECK;

/*
 * net_parse_udp - check one received frame and, if it is a UDP datagram
 * for us (our IP, broadcast, or anything while we have no address) to
 * @port, fill *pkt and return 1; 0 otherwise. ARP frames are handled
 * (replies cached, requests for our address answered) and return 0.
 * Exposed for the fuzzers.
 */
int net_parse_udp(struct net_if *nif, const uint8_t *frame, size_t len, uint16_t port,
		  struct udp_pkt *pkt);

/* net_resolved - can a datagram to @dst be sent without polling for ARP? */
bool net_resolved(const struct net_if *nif, uint32_t dst);

/* The Internet checksum of @len bytes, continuing from @sum. */
uint32_t net_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t net_csum_fold(uint32_t sum);

/* A value that differs between boots (TOD and MAC), for ports and ids. */
uint32_t net_random(const struct net_if *nif);

/* "a.b.c.d" of a host-order address into @buf (16 bytes). */
const char *net_ntoa(uint32_t ip, char buf[16]);

#endif
