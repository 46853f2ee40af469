// SPDX-License-Identifier: GPL-2.0-or-later
/* DHCPv4 client (see dhcp.h). */
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "net/dhcp.h"

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_FIXED_LEN 240      /* through the magic cookie */
#define DHCP_COOKIE 0x63825363u
#define DHCP_OFF_XID 4
#define DHCP_OFF_FLAGS 10
#define DHCP_OFF_YIADDR 16
#define DHCP_OFF_SIADDR 20
#define DHCP_OFF_CHADDR 28
#define DHCP_OFF_SNAME 44
#define DHCP_OFF_FILE 108
#define DHCP_OFF_COOKIE 236
#define DHCP_ARCH_S390 0x1f     /* what QEMU's BIOS sends (option 93) */

#define DHCPDISCOVER 1
#define DHCPOFFER 2
#define DHCPREQUEST 3
#define DHCPNAK 6
#define DHCPACK 5

#define DHCP_FIRST_WAIT_MS 1000
#define DHCP_MAX_WAIT_MS 8000
#define DHCP_TOTAL_MS 30000

static bool seen(struct dhcp_opts *o, uint8_t code)
{
	uint32_t bit = 1u << (code % 32);
	bool was = o->seen[code / 32] & bit;

	o->seen[code / 32] |= bit;
	return was;
}

/* A string option: up to the first NUL, cut to the buffer. */
static void opt_str(char *dst, size_t size, const uint8_t *v, size_t len)
{
	size_t n = 0;

	while (n < len && n + 1 < size && v[n])
		n++;
	memcpy(dst, v, n);
	dst[n] = 0;
}

int dhcp_parse_options(const uint8_t *p, size_t len, struct dhcp_opts *o)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i], olen;
		const uint8_t *v;

		if (code == 0) {
			i++;
			continue;
		}
		if (code == 255)
			return 0;
		if (len - i < 2 || (size_t)p[i + 1] > len - i - 2)
			return FW_EINVAL;       /* runs past the end */
		olen = p[i + 1];
		v = p + i + 2;
		i += 2 + (size_t)olen;
		if (seen(o, code))
			continue;
		switch (code) {
		case 1:
			if (olen == 4)
				o->mask = get_be32(v);
			break;
		case 3:
			if (olen >= 4)
				o->router = get_be32(v);
			break;
		case 52:
			if (olen == 1 && v[0] >= 1 && v[0] <= 3)
				o->overload = v[0];
			break;
		case 53:
			if (olen == 1)
				o->msg_type = v[0];
			break;
		case 54:
			if (olen == 4)
				o->server_id = get_be32(v);
			break;
		case 66:
			opt_str(o->tftp_server, sizeof(o->tftp_server), v, olen);
			break;
		case 67:
			opt_str(o->bootfile, sizeof(o->bootfile), v, olen);
			break;
		case 209:
			opt_str(o->cfgfile, sizeof(o->cfgfile), v, olen);
			break;
		case 210:
			opt_str(o->prefix, sizeof(o->prefix), v, olen);
			break;
		default:
			/* a wrong-length or unknown option is skipped, not
			 * remembered as seen */
			o->seen[code / 32] &= ~(1u << (code % 32));
			break;
		}
	}
	return 0;       /* no end option: the area ends the list */
}

/* "a.b.c.d" -> host-order address; 0 if it is not one. */
static uint32_t parse_dotted(const char *s)
{
	uint32_t ip = 0;

	for (int part = 0; part < 4; part++) {
		uint32_t v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (uint32_t)(*s++ - '0');
			digits++;
		}
		if (!digits || v > 255 || (part < 3 && *s++ != '.'))
			return 0;
		ip = ip << 8 | v;
	}
	return *s ? 0 : ip;
}

int dhcp_parse_reply(const uint8_t *pkt, size_t len, uint32_t xid, const uint8_t mac[ETH_ALEN],
		     struct dhcp_lease *lease, uint8_t *typep)
{
	struct dhcp_opts o;
	uint32_t siaddr;

	if (len < DHCP_FIXED_LEN || pkt[0] != 2 || pkt[1] != 1 || pkt[2] != ETH_ALEN ||
	    get_be32(pkt + DHCP_OFF_XID) != xid || memcmp(pkt + DHCP_OFF_CHADDR, mac, ETH_ALEN) ||
	    get_be32(pkt + DHCP_OFF_COOKIE) != DHCP_COOKIE)
		return FW_EINVAL;
	memset(&o, 0, sizeof(o));
	if (dhcp_parse_options(pkt + DHCP_FIXED_LEN, len - DHCP_FIXED_LEN, &o))
		return FW_EINVAL;
	if ((o.overload & 1) && dhcp_parse_options(pkt + DHCP_OFF_FILE, 128, &o))
		return FW_EINVAL;
	if ((o.overload & 2) && dhcp_parse_options(pkt + DHCP_OFF_SNAME, 64, &o))
		return FW_EINVAL;
	if (!o.msg_type)
		return FW_EINVAL;
	memset(lease, 0, sizeof(*lease));
	lease->ip = get_be32(pkt + DHCP_OFF_YIADDR);
	lease->mask = o.mask;
	lease->gw = o.router;
	lease->server_id = o.server_id;
	siaddr = get_be32(pkt + DHCP_OFF_SIADDR);
	lease->tftp = parse_dotted(o.tftp_server);
	if (!lease->tftp)
		lease->tftp = siaddr ? siaddr : o.server_id;
	if (o.bootfile[0])
		memcpy(lease->bootfile, o.bootfile, sizeof(lease->bootfile));
	else if (!(o.overload & 1))
		opt_str(lease->bootfile, sizeof(lease->bootfile), pkt + DHCP_OFF_FILE, 128);
	memcpy(lease->cfgfile, o.cfgfile, sizeof(lease->cfgfile));
	memcpy(lease->prefix, o.prefix, sizeof(lease->prefix));
	*typep = o.msg_type;
	return 0;
}

static size_t put_opt(uint8_t *p, size_t at, uint8_t code, const void *v, uint8_t len)
{
	p[at] = code;
	p[at + 1] = len;
	memcpy(p + at + 2, v, len);
	return at + 2 + len;
}

static int send_msg(struct net_if *nif, uint8_t type, uint32_t xid, uint16_t secs,
		    const uint8_t *uuid, const struct dhcp_lease *offer)
{
	static const uint8_t params[] = { 1, 3, 54, 66, 67, 209, 210 };
	uint8_t *p = net_udp_payload(nif), v[17];
	size_t at = DHCP_FIXED_LEN;

	memset(p, 0, 300);
	p[0] = 1;
	p[1] = 1;
	p[2] = ETH_ALEN;
	put_be32(p + DHCP_OFF_XID, xid);
	put_be16(p + 8, secs);
	put_be16(p + DHCP_OFF_FLAGS, 0x8000);   /* answer by broadcast */
	memcpy(p + DHCP_OFF_CHADDR, nif->nd->mac, ETH_ALEN);
	put_be32(p + DHCP_OFF_COOKIE, DHCP_COOKIE);
	at = put_opt(p, at, 53, &type, 1);
	if (type == DHCPREQUEST) {
		put_be32(v, offer->ip);
		at = put_opt(p, at, 50, v, 4);
		put_be32(v, offer->server_id);
		at = put_opt(p, at, 54, v, 4);
	}
	put_be16(v, 1472);
	at = put_opt(p, at, 57, v, 2);
	put_be16(v, DHCP_ARCH_S390);
	at = put_opt(p, at, 93, v, 2);
	if (uuid) {
		v[0] = 0;
		memcpy(v + 1, uuid, 16);
		at = put_opt(p, at, 97, v, 17);
	}
	at = put_opt(p, at, 55, params, sizeof(params));
	p[at++] = 255;
	return net_udp_send(nif, IP_BROADCAST, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, MAX(at, 300));
}

/* Wait for a reply of @want (or NAK) until @deadline. */
static int wait_reply(struct net_if *nif, uint32_t xid, uint8_t want, uint64_t deadline,
		      struct dhcp_lease *lease, uint8_t *typep)
{
	struct udp_pkt pkt;
	int rc;

	for (;;) {
		rc = net_udp_recv(nif, DHCP_CLIENT_PORT, deadline, &pkt);
		if (rc)
			return rc;
		if (pkt.src_port != DHCP_SERVER_PORT)
			continue;
		if (dhcp_parse_reply(pkt.data, pkt.len, xid, nif->nd->mac, lease, typep))
			continue;
		if (*typep == want || (want == DHCPACK && *typep == DHCPNAK))
			return 0;
	}
}

int dhcp_run(struct net_if *nif, const uint8_t *uuid, struct dhcp_lease *lease)
{
	uint64_t start = mach_tod(), end = start + DHCP_TOTAL_MS * TOD_PER_MS;
	uint32_t wait = DHCP_FIRST_WAIT_MS, xid = net_random(nif);
	struct dhcp_lease offer;
	uint8_t type;
	int rc;

	nif->ip = 0;
	while (mach_tod() < end) {
		uint64_t dl = MIN(mach_tod() + wait * TOD_PER_MS, end);
		uint16_t secs = (uint16_t)((mach_tod() - start) / (1000 * TOD_PER_MS));

		wait = MIN(wait * 2, (uint32_t)DHCP_MAX_WAIT_MS);
		rc = send_msg(nif, DHCPDISCOVER, xid, secs, uuid, NULL);
		if (rc)
			return rc;
		if (wait_reply(nif, xid, DHCPOFFER, dl, &offer, &type))
			continue;
		if (!offer.ip || offer.ip == IP_BROADCAST || !offer.server_id) {
			fw_printf("net %s: DHCP offer without a usable address or server id, "
				  "ignored\n", nif->nd->name);
			continue;
		}
		rc = send_msg(nif, DHCPREQUEST, xid, secs, uuid, &offer);
		if (rc)
			return rc;
		dl = MIN(mach_tod() + wait * TOD_PER_MS, end);
		if (wait_reply(nif, xid, DHCPACK, dl, lease, &type))
			continue;
		if (type == DHCPNAK || lease->ip != offer.ip) {
			fw_printf("net %s: DHCP server refused the offered address\n",
				  nif->nd->name);
			continue;
		}
		if (!lease->server_id)
			lease->server_id = offer.server_id;
		nif->ip = lease->ip;
		nif->mask = lease->mask;
		nif->gw = lease->gw;
		return 0;
	}
	fw_printf("net %s: no DHCP answer within %u s\n", nif->nd->name, DHCP_TOTAL_MS / 1000);
	return FW_ETIMEDOUT;
}
