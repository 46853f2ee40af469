// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of small firmware functions with no device behind them:
 * vsnprintf, EBCDIC, loadparm parsing, IPL block validation, the memory
 * map's destination checks and the Secure IPL mode from IPL block flags.
 * Functions that need the machine (memmap, QIPL) run on the emulated one.
 */
#include <stdarg.h>
#include <stdio.h>

#include "emu.h"
#include "fw/ebcdic.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/layout.h"
#include "fw/log.h"
#include "iplb/iplb.h"
#include "loader/memmap.h"
#include "loader/secure.h"
#include "testfw.h"

static const char *fmt(const char *f, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, f);
	fw_vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return buf;
}

TEST(printf_conversions)
{
	CHECK(!strcmp(fmt("%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000"));
	CHECK(!strcmp(fmt("%x %X %08x", 0xbeefu, 0xbeefu, 0x12u), "beef BEEF 00000012"));
	CHECK(!strcmp(fmt("%llx %lld", 0x123456789abcdefULL, -1LL), "123456789abcdef -1"));
	CHECK(!strcmp(fmt("[%5s|%-5s|%.2s]", "ab", "cd", "xyz"), "[   ab|cd   |xy]"));
	CHECK(!strcmp(fmt("%c%%%s", 'a', (char *)NULL), "a%(null)"));
	CHECK(!strcmp(fmt("%-8s]", "PROMPT"), "PROMPT  ]"));
	CHECK(!strcmp(fmt("%*d|%-4d|", 4, 12, 3), "  12|3   |"));
	CHECK(!strcmp(fmt("%05d", -3), "-0003"));
}

TEST(printf_truncates_and_counts)
{
	char buf[8];

	CHECK_EQ(fw_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	CHECK(!strcmp(buf, "0123456"));
	CHECK_EQ(fw_snprintf(buf, 1, "abc"), 3);
	CHECK_EQ(buf[0], 0);
	CHECK_EQ(fw_snprintf(NULL, 0, "abc"), 3);
}

TEST(ebcdic_loadparm_characters)
{
	static const uint8_t e[] = { 0xc1, 0xe9, 0x81, 0xa9, 0xf0, 0xf9, 0x40, 0x4b, 0x00, 0xff };
	char out[sizeof(e)];

	ebcdic_to_ascii_buf(out, e, sizeof(e));
	CHECK(!memcmp(out, "AZaz09 .\0?", sizeof(e)));
}

TEST(loadparm_selects_entries)
{
	unsigned int entry = 99;
	bool prompt = true;

	loadparm_select("        ", &entry, &prompt);
	CHECK_EQ(entry, 0);
	CHECK(!prompt);
	loadparm_select("3       ", &entry, &prompt);
	CHECK_EQ(entry, 3);
	loadparm_select("30", &entry, &prompt);
	CHECK_EQ(entry, 30);
	loadparm_select("PROMPT  ", &entry, &prompt);
	CHECK(prompt);
	CHECK_EQ(entry, 0);
	/* QEMU's BIOS: atoi() of a non-number is the default entry */
	loadparm_select("LINUX   ", &entry, &prompt);
	CHECK_EQ(entry, 0);
	CHECK(!prompt);
	/* a huge number stays huge (and is refused by the loader) */
	loadparm_select("99999999", &entry, &prompt);
	CHECK(entry > 30);
}

TEST(loadparm_trim_blanks_and_nuls)
{
	char out[9];
	const char lp[8] = { '1', '2', ' ', ' ', 0, 0, 0, 0 };

	loadparm_trim(lp, out);
	CHECK(!strcmp(out, "12"));
	loadparm_trim("ABCDEFGH", out);
	CHECK(!strcmp(out, "ABCDEFGH"));
}

static void make_iplb(struct iplb *b, uint8_t pbt, uint32_t len)
{
	memset(b, 0, sizeof(*b));
	b->len = cpu_to_be32(len);
	b->blk0_len = cpu_to_be32(len - 8);
	b->pbt = pbt;
}

TEST(iplb_parse_ccw_and_scsi)
{
	static struct iplb b;
	struct boot_spec s;

	make_iplb(&b, IPL_PBT_CCW, IPLB_LEN_CCW);
	b.ccw.ssid = 1;
	b.ccw.devno = cpu_to_be16(0x1234);
	b.flags = IPLB_FLAG_LP_VALID;
	memcpy(b.loadparm, "\xf2\x40\x40\x40\x40\x40\x40\x40", 8);
	REQUIRE_EQ(iplb_parse(&b, &s), 0);
	CHECK_EQ(s.pbt, IPL_PBT_CCW);
	CHECK_EQ(s.ssid, 1);
	CHECK_EQ(s.devno, 0x1234);
	CHECK(!strcmp(s.loadparm, "2       "));

	make_iplb(&b, IPL_PBT_QEMU_SCSI, IPLB_LEN_QEMU_SCSI);
	b.scsi.devno = cpu_to_be16(2);
	b.scsi.target = cpu_to_be16(3);
	b.scsi.lun = cpu_to_be32(0x105);
	REQUIRE_EQ(iplb_parse(&b, &s), 0);
	CHECK_EQ(s.target, 3);
	CHECK_EQ(s.lun, 0x105);
	CHECK_EQ(s.loadparm[0], 0);     /* no LP_VALID: the machine's loadparm */
}

TEST(iplb_parse_pci)
{
	static struct iplb b;
	struct boot_spec s;

	make_iplb(&b, IPL_PBT_PCI, 0x150);
	b.pci.fid = cpu_to_be32(0x12345678);
	REQUIRE_EQ(iplb_parse(&b, &s), 0);
	CHECK_EQ(s.pbt, IPL_PBT_PCI);
	CHECK_EQ(s.fid, 0x12345678);
}

TEST(iplb_parse_rejects_bad_blocks)
{
	static struct iplb b;
	struct boot_spec s;

	make_iplb(&b, IPL_PBT_CCW, 100);
	CHECK_EQ(iplb_parse(&b, &s), FW_EINVAL);        /* CCW block too short */
	make_iplb(&b, IPL_PBT_CCW, 8192);
	CHECK_EQ(iplb_parse(&b, &s), FW_EINVAL);        /* longer than a page */
	make_iplb(&b, IPL_PBT_PCI, 0x14c);
	CHECK_EQ(iplb_parse(&b, &s), FW_EINVAL);        /* PCI block without its fid */
	make_iplb(&b, IPL_PBT_FCP, 0x180);
	CHECK_EQ(iplb_parse(&b, &s), FW_ENOTSUP);
	make_iplb(&b, 0x77, 200);
	CHECK_EQ(iplb_parse(&b, &s), FW_ENOTSUP);
	make_iplb(&b, IPL_PBT_CCW, 200);
	b.len = 0;
	CHECK_EQ(iplb_parse(&b, &s), FW_ENOENT);        /* QEMU 11.1, scsi on virtio-scsi-pci */
	/* all-zero loadparm with LP_VALID counts as none (QEMU 9.2+) */
	make_iplb(&b, IPL_PBT_CCW, 200);
	b.flags = IPLB_FLAG_LP_VALID;
	REQUIRE_EQ(iplb_parse(&b, &s), 0);
	CHECK_EQ(s.loadparm[0], 0);
}

TEST(secure_mode_from_header_flags)
{
	static struct iplb b;

	make_iplb(&b, IPL_PBT_CCW, 4096);
	CHECK_EQ(secure_mode_of(&b), IPL_MODE_NORMAL);
	b.hdr_flags = IPLB_HDR_FLAG_IPLIR;
	CHECK_EQ(secure_mode_of(&b), IPL_MODE_AUDIT);
	b.hdr_flags = IPLB_HDR_FLAG_IPLIR | IPLB_HDR_FLAG_SIPL;
	CHECK_EQ(secure_mode_of(&b), IPL_MODE_SECURE);
	b.hdr_flags = IPLB_HDR_FLAG_SIPL;               /* SIPL without IPLIR */
	CHECK_EQ(secure_mode_of(&b), IPL_MODE_NORMAL);
}

static struct memmap mm;

static void memmap_setup(void)
{
	memmap_init(&mm, emu_ram_size());
}

TEST(memmap_checks_destinations)
{
	struct emu_config cfg;
	const char *why = NULL;
	uint64_t fw;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_machine_start(&cfg);
	REQUIRE_EQ(emu_call(memmap_setup), EMU_OUT_NONE);
	fw = emu_fwbase();
	CHECK_EQ(mm.ram_size, emu_ram_size());
	CHECK_EQ(mm.fw_start, fw - FW_BELOW_PAGES * PAGE_SIZE);

	CHECK_EQ(memmap_check(&mm, 0x10000, 0x100000, &why), 0);
	CHECK_EQ(memmap_check(&mm, 0x2000, 0x1000, &why), 0);
	CHECK_EQ(memmap_check(&mm, 0x1000, 0x2000, &why), FW_ERANGE);
	CHECK_STR(why, "lowcore");
	CHECK_EQ(memmap_check(&mm, fw - 0x1000, 0x10, &why), FW_ERANGE);
	CHECK_STR(why, "firmware");
	CHECK_EQ(memmap_check(&mm, fw - FW_BELOW_PAGES * PAGE_SIZE - 0x10, 0x10, &why), 0);
	CHECK_EQ(memmap_check(&mm, fw - FW_BELOW_PAGES * PAGE_SIZE - 0x10, 0x11, &why),
		 FW_ERANGE);
	CHECK_EQ(memmap_check(&mm, emu_ram_size() - 0x1000, 0x1001, &why), FW_ERANGE);
	CHECK_STR(why, "end of memory");
	CHECK_EQ(memmap_check(&mm, ~0ULL - 0x10, 0x100, &why), FW_ERANGE);
	CHECK_STR(why, "wraps");
	CHECK_EQ(memmap_check(&mm, 0x5000, 0, &why), 0);
}
