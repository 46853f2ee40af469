/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv4 client (RFC 2131/2132): DISCOVER, OFFER, REQUEST, ACK, with
 * retransmission backoff and a total time limit. Reads the boot file
 * (option 67 or the file field), the TFTP server (option 66, siaddr, server
 * identifier 54), the pxelinux options 209 (config file) and 210 (path
 * prefix); sends the client machine UUID (option 97). Replies are hostile
 * input: every option length is checked, option overload (52) is honoured,
 * a missing end option ends the list.
 */
#ifndef NET_DHCP_H
#define NET_DHCP_H

#include "fw/compiler.h"
#include "net/net.h"

#define DHCP_STR_MAX 128

struct dhcp_opts {
	uint8_t msg_type;               /* 53; 0 if absent */
	uint8_t overload;               /* 52: 1 file, 2 sname, 3 both */
	uint32_t server_id;             /* 54 */
	uint32_t mask;                  /* 1 */
	uint32_t router;                /* 3 (first) */
	char bootfile[DHCP_STR_MAX];    /* 67 */
	char tftp_server[64];           /* 66 */
	char cfgfile[DHCP_STR_MAX];     /* 209 */
	char prefix[DHCP_STR_MAX];      /* 210 */
	uint32_t seen[8];               /* bitmap of codes seen (first wins) */
};

struct dhcp_lease {
	uint32_t ip, mask, gw;
	uint32_t server_id;             /* the DHCP server that answered */
	uint32_t tftp;                  /* where to fetch files */
	char bootfile[DHCP_STR_MAX];    /* "" if none */
	char cfgfile[DHCP_STR_MAX];     /* option 209, "" if none */
	char prefix[DHCP_STR_MAX];      /* option 210, "" if none */
};

/*
 * dhcp_parse_options - read the options in [@p, @p + @len) into @o
 * (options already seen keep their first value). Returns 0, or FW_EINVAL
 * when an option runs past the end of the area.
 */
int dhcp_parse_options(const uint8_t *p, size_t len, struct dhcp_opts *o);

/*
 * dhcp_parse_reply - check a BOOTREPLY for transaction @xid and our @mac
 * and read it (options, overloaded file/sname fields) into @lease; *typep
 * gets the message type. Returns 0 or FW_EINVAL.
 */
int dhcp_parse_reply(const uint8_t *pkt, size_t len, uint32_t xid, const uint8_t mac[ETH_ALEN],
		     struct dhcp_lease *lease, uint8_t *typep);

/*
 * dhcp_run - obtain a lease on @nif (sets its address, mask, gateway).
 * @uuid is the 16-byte machine UUID for option 97 or NULL. Returns 0 or
 * FW_ETIMEDOUT after the total time limit.
 */
int dhcp_run(struct net_if *nif, const uint8_t *uuid, struct dhcp_lease *lease) FW_MUST_CHECK;

#endif
