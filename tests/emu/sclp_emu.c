/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emulated SCLP behind drivers/sclp/sclp_insn.h (QEMU hw/s390x/sclp.c,
 * event-facility.c, sclpconsole.c): SERVICE CALL checks (specification
 * exceptions, 4 KiB boundary, unknown command), Read SCP Info (memory size,
 * loadparm, facility bytes 134-136), Write Event Mask, Write Event Data with
 * the ASCII console (type 0x1a, bytes captured raw: QEMU does no CR/LF
 * translation), Read Event Data with scripted key presses (QEMU prefixes the
 * text with one 0x00 byte), and the service-signal external interruption.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/iplb.h"
#include "abi/sclp.h"
#include "drivers/sclp/sclp_insn.h"
#include "emu_int.h"
#include "fw/endian.h"
#include "fw/machine.h"

#define EMU_SCLP_CMD_MASK 0xffff00ffu
#define EMU_SCLP_READ_CPU_INFO 0x00010001u
#define EMU_SCLP_CONFIGURE_IOA 0x001a0001u
#define EMU_SCLP_DECONFIGURE_IOA 0x001b0001u
#define EMU_RC_BOUNDARY 0x0100
#define EMU_RC_INVALID_COMMAND 0x01f0
#define EMU_RC_INSUFFICIENT_LENGTH 0x0300
#define EMU_RC_INVALID_FUNCTION 0x40f0
#define EMU_RC_INVALID_SELECTION 0x70f0
#define EMU_RC_INCONSISTENT_LENGTHS 0x72f0
#define EMU_RC_EVBUF_SYNTAX 0x73f0
#define EMU_RC_INVALID_MASK_LENGTH 0x74f0
#define EMU_SCLP_RECEIVE_MASK SCLP_EVENT_MASK_ASCII
#define EMU_SCLP_SEND_MASK (SCLP_EVENT_MASK_ASCII | 0x08u /* quiesce */ | \
			    0x10000000u /* config management */)
#define EMU_READ_INFO_MIN 160
#define EMU_PGM_SPECIFICATION 0x0006

static bool emu_input_pending(void)
{
	return emu_m.input_len && (emu_m.cp_receive_mask & SCLP_EVENT_MASK_ASCII);
}

static void emu_service_signal(uint32_t param)
{
	if (emu_input_pending())
		param |= 1;
	if (!param)
		return;
	emu_m.sig_pending = true;
	emu_m.sig_param |= param;
}

void emu_console_append(const uint8_t *data, size_t len)
{
	if (len > EMU_CONSOLE_MAX - 1 - emu_m.console_len)
		len = EMU_CONSOLE_MAX - 1 - emu_m.console_len;
	memcpy(emu_m.console + emu_m.console_len, data, len);
	emu_m.console_len += len;
	/* mirror the firmware's output for people reading a failing test */
	if (getenv("EMU_ECHO"))
		fwrite(data, 1, len, stderr);
}

void emu_sclp_tick(void)
{
	while (emu_m.next_key < emu_m.cfg.nkeys) {
		const struct emu_key *k = &emu_m.cfg.keys[emu_m.next_key];
		size_t n;

		if (emu_now_us() < k->at_ms * 1000ULL)
			break;
		n = strlen(k->text);
		if (n > sizeof(emu_m.input) - emu_m.input_len)
			n = sizeof(emu_m.input) - emu_m.input_len;
		memcpy(emu_m.input + emu_m.input_len, k->text, n);
		emu_m.input_len += n;
		emu_m.next_key++;
		/* sclpconsole chr_read(): sclp_service_interrupt(0) */
		emu_service_signal(0);
	}
}

static void emu_loadparm_machine(uint8_t out[8])
{
	emu_loadparm_ebcdic(emu_m.cfg.loadparm, out);
}

static uint16_t emu_read_info(uint8_t *s, uint16_t len)
{
	uint64_t mib = emu_m.ram_size >> 20;

	if (len < EMU_READ_INFO_MIN)
		return EMU_RC_INSUFFICIENT_LENGTH;
	memset(s + 8, 0, len - 8u);
	if (mib < 0x10000) {
		put_be16(s + 8, (uint16_t)mib);
	} else {
		put_be16(s + 8, 0);
		put_be64(s + 104, mib);
	}
	s[10] = 1;                      /* rnsize: 1 MiB increments */
	put_be16(s + 16, 1);            /* entries_cpu */
	put_be16(s + 18, 128);          /* offset_cpu */
	if (emu_m.cfg.qemu == EMU_QEMU_72 && emu_m.iplb_valid &&
	    (emu_m.iplb[offsetof(struct iplb, flags)] & IPLB_FLAG_LP_VALID))
		memcpy(s + 24, emu_m.iplb + offsetof(struct iplb, loadparm), 8);
	else
		emu_loadparm_machine(s + 24);
	s[134] = emu_m.cfg.scp_byte134;
	s[135] = emu_m.cfg.scp_byte135;
	s[136] = emu_m.cfg.scp_byte136;
	return SCLP_RC_NORMAL_READ_COMPLETION;
}

static uint16_t emu_write_mask(uint8_t *s)
{
	uint16_t ml = get_be16(s + 10);
	uint8_t *m = s + 12;
	uint32_t rm = 0;

	if (!ml || ml > 1021)
		return EMU_RC_INVALID_MASK_LENGTH;
	for (unsigned int i = 0; i < 4 && i < ml; i++)
		rm |= (uint32_t)m[i] << (24 - 8 * i);
	emu_m.cp_receive_mask = rm;
	memset(m + 2 * ml, 0, 2u * ml);
	for (unsigned int i = 0; i < 4 && i < ml; i++) {
		m[2 * ml + i] = (uint8_t)(EMU_SCLP_RECEIVE_MASK >> (24 - 8 * i));
		m[3 * ml + i] = (uint8_t)(EMU_SCLP_SEND_MASK >> (24 - 8 * i));
	}
	return SCLP_RC_NORMAL_COMPLETION;
}

static uint16_t emu_write_event(uint8_t *s, uint16_t len)
{
	int32_t slen;
	uint32_t off, elen;

	if (s[2] != 0)
		return EMU_RC_INVALID_FUNCTION;
	for (slen = len - 8, off = 8; slen > 0; slen -= (int32_t)elen, off += elen) {
		elen = get_be16(s + off);
		if (elen < 6 || (int32_t)elen > slen)
			return EMU_RC_EVBUF_SYNTAX;
	}
	if (slen)
		return EMU_RC_INCONSISTENT_LENGTHS;
	for (slen = len - 8, off = 8; slen > 0; slen -= (int32_t)elen, off += elen) {
		elen = get_be16(s + off);
		if (s[off + 2] != SCLP_EVENT_ASCII_CONSOLE)
			return EMU_RC_INVALID_FUNCTION;
		emu_console_append(s + off + 6, elen - 6);
		s[off + 3] |= 0x80;     /* buffer accepted */
	}
	return SCLP_RC_NORMAL_COMPLETION;
}

static uint16_t emu_read_event(uint8_t *s, uint16_t len)
{
	uint32_t mask;
	size_t n;

	if (len != SCCB_SIZE)
		return EMU_RC_INSUFFICIENT_LENGTH;
	if (s[2] == 0) {
		mask = emu_m.cp_receive_mask;
	} else if (s[2] == 1) {
		mask = get_be32(s + 8);
		if (!emu_m.cp_receive_mask || (mask & ~emu_m.cp_receive_mask))
			return EMU_RC_INVALID_SELECTION;
	} else {
		return EMU_RC_INVALID_FUNCTION;
	}
	put_be16(s + 8, 0);
	if (!(mask & SCLP_EVENT_MASK_ASCII) || !emu_m.input_len)
		return SCLP_RC_NO_EVENT_BUFFERS;
	n = emu_m.input_len;
	if (n > SCCB_SIZE - 8 - 6 - 1)
		n = SCCB_SIZE - 8 - 6 - 1;
	put_be16(s + 8, (uint16_t)(6 + 1 + n));
	s[10] = SCLP_EVENT_ASCII_CONSOLE;
	s[11] = 0;
	put_be16(s + 12, 0);
	s[14] = 0;              /* QEMU: "an ASCII string follows" */
	memcpy(s + 15, emu_m.input, n);
	memmove(emu_m.input, emu_m.input + n, emu_m.input_len - n);
	emu_m.input_len -= n;
	if (s[5] & 0x80) {      /* variable-length response */
		s[5] &= 0x7f;
		put_be16(s, (uint16_t)(8 + 6 + 1 + n));
	}
	return SCLP_RC_NORMAL_COMPLETION;
}

int sclp_servc(uint32_t command, void *sccb)
{
	uint64_t a;
	uint8_t *s;
	uint16_t len, rc;
	uint32_t code = command & EMU_SCLP_CMD_MASK;
	unsigned int nr;
	bool silent;

	emu_tick();
	nr = ++emu_m.servc_calls;       /* 1-based */
	silent = emu_m.cfg.servc_never_signal ||
		 (emu_m.cfg.servc_silent_from && nr >= emu_m.cfg.servc_silent_from &&
		  (!emu_m.cfg.servc_silent_count ||
		   nr < emu_m.cfg.servc_silent_from + emu_m.cfg.servc_silent_count));
	if (nr <= emu_m.cfg.servc_busy)
		return 2;
	a = ptr_to_abs(sccb);
	if ((a & ~0x1fffULL) == 0 || (a & ~0x7ffffff8ULL))
		emu_pgm(EMU_PGM_SPECIFICATION, "SERVC with SCCB at 0x%llx (lowcore, unaligned "
			"or above 2 GiB)", (unsigned long long)a);
	s = emu_m.ram + a;
	len = get_be16(s);
	if (len < 8)
		emu_pgm(EMU_PGM_SPECIFICATION, "SERVC with SCCB length %u", len);
	if (!emu_range_ok(a, len))
		emu_pgm(0x0005, "SERVC SCCB beyond RAM");
	if (a + len - 1 >= (a & ~0xfffULL) + 0x1000) {
		rc = EMU_RC_BOUNDARY;
	} else {
		switch (code) {
		case SCLP_CMD_READ_SCP_INFO:
		case SCLP_CMD_READ_SCP_INFO_FORCED:
			rc = emu_read_info(s, len);
			break;
		case SCLP_CMD_WRITE_EVENT_MASK:
			rc = emu_write_mask(s);
			break;
		case SCLP_CMD_WRITE_EVENT_DATA:
			rc = emu_write_event(s, len);
			break;
		case SCLP_CMD_READ_EVENT_DATA:
			rc = emu_read_event(s, len);
			break;
		case EMU_SCLP_READ_CPU_INFO:
		case EMU_SCLP_CONFIGURE_IOA:
		case EMU_SCLP_DECONFIGURE_IOA:
			rc = EMU_RC_INSUFFICIENT_LENGTH;        /* not modelled */
			break;
		default:
			rc = EMU_RC_INVALID_COMMAND;
			break;
		}
	}
	put_be16(s + 6, rc);
	if (!silent)
		emu_service_signal((uint32_t)a & ~3u);
	return 0;
}

const char *emu_console(void)
{
	size_t j = 0;

	free(emu_m.console_text);
	emu_m.console_text = malloc(emu_m.console_len + 1);
	if (!emu_m.console_text)
		return "";
	for (size_t i = 0; i < emu_m.console_len; i++) {
		uint8_t c = emu_m.console[i];

		if (c == '\r' && i + 1 < emu_m.console_len && emu_m.console[i + 1] == '\n')
			continue;
		emu_m.console_text[j++] = c ? (char)c : '.';
	}
	emu_m.console_text[j] = 0;
	return emu_m.console_text;
}

const uint8_t *emu_console_raw(size_t *lenp)
{
	*lenp = emu_m.console_len;
	return emu_m.console;
}

bool emu_console_contains(const char *s)
{
	return strstr(emu_console(), s) != NULL;
}
