// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SCLP console and Read SCP Info. Every request uses the one SCCB page in
 * the DMA area; SERVICE CALL completes with a service-signal external
 * interruption, which is awaited with a deadline so a silent hypervisor
 * cannot hang the firmware.
 */
#include "abi/sclp.h"
#include "drivers/sclp/sclp.h"
#include "drivers/sclp/sclp_insn.h"
#include "fw/dma.h"
#include "fw/ebcdic.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"

#define SCLP_TIMEOUT_MS 5000
#define SCLP_BUSY_RETRIES 1000

static void *sccb;

static void *sccb_page(void)
{
	if (!sccb)
		sccb = dma_alloc(SCCB_SIZE, PAGE_SIZE);
	return sccb;
}

/* Issue @cmd with the SCCB and wait for its completion. */
static int sclp_call(uint32_t cmd)
{
	uint64_t deadline;
	int cc, i;

	for (i = 0; i < SCLP_BUSY_RETRIES; i++) {
		cc = sclp_servc(cmd, sccb);
		if (cc != 2)
			break;
		mach_wait_ext(mach_tod() + TOD_PER_MS);
	}
	if (cc != 0)
		return FW_EIO;
	deadline = mach_tod() + SCLP_TIMEOUT_MS * TOD_PER_MS;
	for (;;) {
		uint16_t code = mach_wait_ext(deadline);

		if (code == EXT_CODE_SERVICE_SIGNAL)
			return 0;
		if (code == 0)
			return FW_ETIMEDOUT;
	}
}

static int set_event_mask(uint32_t receive, uint32_t send)
{
	struct write_event_mask_sccb *m = sccb_page();

	memset(m, 0, sizeof(*m));
	m->h.length = cpu_to_be16(sizeof(*m));
	m->mask_length = cpu_to_be16(4);
	m->cp_receive_mask = cpu_to_be32(receive);
	m->cp_send_mask = cpu_to_be32(send);
	if (sclp_call(SCLP_CMD_WRITE_EVENT_MASK))
		return FW_EIO;
	return be16_to_cpu(m->h.response_code) == SCLP_RC_NORMAL_COMPLETION ? 0 : FW_EIO;
}

static void console_sink(const char *s, size_t len)
{
	sclp_console_write(s, len);
}

int sclp_console_init(void)
{
	int rc = set_event_mask(0, SCLP_EVENT_MASK_ASCII);

	if (rc == 0)
		fw_set_console(console_sink);
	return rc;
}

static void write_chunk(const char *s, size_t len)
{
	struct event_data_sccb *e = sccb_page();

	memset(e, 0, sizeof(e->h) + sizeof(e->ebh));
	memcpy(e->data, s, len);
	e->h.length = cpu_to_be16((uint16_t)(sizeof(e->h) + sizeof(e->ebh) + len));
	e->ebh.length = cpu_to_be16((uint16_t)(sizeof(e->ebh) + len));
	e->ebh.type = SCLP_EVENT_ASCII_CONSOLE;
	(void)sclp_call(SCLP_CMD_WRITE_EVENT_DATA);
}

void sclp_console_write(const char *s, size_t len)
{
	char buf[256];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (n + 2 > sizeof(buf)) {
			write_chunk(buf, n);
			n = 0;
		}
		if (s[i] == '\n')
			buf[n++] = '\r';
		buf[n++] = s[i];
	}
	if (n)
		write_chunk(buf, n);
}

int sclp_read_info(struct sclp_info *info)
{
	static const uint32_t cmds[] = { SCLP_CMD_READ_SCP_INFO, SCLP_CMD_READ_SCP_INFO_FORCED };
	struct read_info_sccb *r = sccb_page();
	uint64_t increments, size_mb;
	int rc = FW_EIO;

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(r, 0, SCCB_SIZE);
		r->h.length = cpu_to_be16(SCCB_SIZE);
		rc = sclp_call(cmds[i]);
		if (rc == 0 && be16_to_cpu(r->h.response_code) == SCLP_RC_NORMAL_READ_COMPLETION)
			break;
		rc = rc ? rc : FW_EIO;
	}
	if (rc)
		return rc;
	increments = be16_to_cpu(r->rnmax) ? be16_to_cpu(r->rnmax) : be64_to_cpu(r->rnmax2);
	size_mb = r->rnsize ? r->rnsize : be32_to_cpu(r->rnsize2);
	info->ram_size = increments * size_mb * MiB;
	ebcdic_to_ascii_buf(info->loadparm, r->loadparm, 8);
	info->loadparm[8] = '\0';
	info->fac134 = r->byte_134;
	info->fac_ipl = (uint16_t)(r->byte_136 << 8 | r->byte_137);
	return 0;
}

/* Console input arrives in events of any length (QEMU hands over all it
 * buffered): the characters after the first wait here for the next call. */
static uint8_t key_buf[64];
static size_t key_len, key_pos;

int sclp_read_key(uint64_t deadline)
{
	struct event_data_sccb *e = sccb_page();
	int key = FW_ETIMEDOUT;

	if (key_pos < key_len)
		return key_buf[key_pos++];
	if (set_event_mask(SCLP_EVENT_MASK_ASCII, SCLP_EVENT_MASK_ASCII))
		return FW_EIO;
	while (mach_tod() < deadline) {
		memset(e, 0, SCCB_SIZE);
		e->h.length = cpu_to_be16(SCCB_SIZE);
		if (sclp_call(SCLP_CMD_READ_EVENT_DATA) == 0 &&
		    (be16_to_cpu(e->h.response_code) == SCLP_RC_NORMAL_COMPLETION ||
		     be16_to_cpu(e->h.response_code) == SCLP_RC_NORMAL_READ_COMPLETION)) {
			size_t len = be16_to_cpu(e->ebh.length);

			/* QEMU's console puts one 0x00 byte before the text. */
			if (e->ebh.type == SCLP_EVENT_ASCII_CONSOLE && len > sizeof(e->ebh) + 1) {
				key_len = MIN(len - sizeof(e->ebh) - 1, sizeof(key_buf));
				memcpy(key_buf, &e->data[1], key_len);
				key_pos = 1;
				key = key_buf[0];
				break;
			}
		}
		mach_wait_ext(MIN(deadline, mach_tod() + 50 * TOD_PER_MS));
	}
	(void)set_event_mask(0, SCLP_EVENT_MASK_ASCII);
	return key;
}
