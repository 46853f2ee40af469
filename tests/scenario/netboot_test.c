/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network boot against the emulated virtio-net and its scripted
 * DHCP/TFTP peer (tests/emu/dev_virtio_net.c): the DHCP boot file as a
 * kernel, an .INS file and a pxelinux.cfg; the pxelinux.cfg lookups by
 * option 209/210, MAC, hex IP and "default"; entry selection by loadparm
 * and menu; fallback from a disk; and every fault: lost, duplicated, late,
 * corrupted, truncated frames, bad lengths, TFTP error packets, refused
 * and ignored options, a server that stops, files larger than memory,
 * hostile DHCP options. Each ends in a defined outcome in bounded time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/lowcore.h"
#include "fw/endian.h"
#include "scn.h"

#define NET_DEVNO 0x0005
#define KSIZE (300 * 1024 + 123)
#define ISIZE (200 * 1024 + 7)

static char *net_dir(void)
{
	const char *tmp = getenv("EMU_TMPDIR");
	char *dir;

	if (asprintf(&dir, "%s/net-%ld", tmp ? tmp : "build/host/tmp", (long)getpid()) < 0)
		abort();
	mkdir(tmp ? tmp : "build/host/tmp", 0777);
	mkdir(dir, 0777);
	return dir;
}

static void put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (char *sl = strchr(path + strlen(dir) + 1, '/'); sl; sl = strchr(sl + 1, '/')) {
		*sl = 0;
		mkdir(path, 0777);
		*sl = '/';
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
}

static void put_text(const char *dir, const char *name, const char *text)
{
	put_file(dir, name, text, strlen(text));
}

/* A Linux-like kernel image: short PSW at 0, "S390EP" at 0x10008, pattern
 * bytes elsewhere, command line size 0 (the kernel's default applies). */
static uint8_t *kernel_bytes(size_t size, uint32_t seed)
{
	uint8_t *k = malloc(size);

	for (size_t i = 0; i < size; i++)
		k[i] = emu_pattern_byte(seed, i);
	put_be64(k, 0x0008000180010000ULL);
	memcpy(k + LINUX_S390EP_OFFSET, "S390EP", 6);
	memset(k + LINUX_INITRD_START, 0, 16);
	memset(k + LINUX_CMDLINE_MAX, 0, 8);
	memset(k + LINUX_CMDLINE, 0, 896);
	return k;
}

static void put_kernel(const char *dir, const char *name, size_t size, uint32_t seed)
{
	uint8_t *k = kernel_bytes(size, seed);

	put_file(dir, name, k, size);
	free(k);
}

static void put_pattern(const char *dir, const char *name, size_t size, uint32_t seed)
{
	uint8_t *b = malloc(size);

	for (size_t i = 0; i < size; i++)
		b[i] = emu_pattern_byte(seed, i);
	put_file(dir, name, b, size);
	free(b);
}

static struct emu_net_cfg *net_cfg(struct emu_config *cfg, enum emu_qemu q, const char *dir)
{
	struct emu_net_cfg *n = calloc(1, sizeof(*n));
	struct emu_dev_cfg *d;

	emu_config_init(cfg, q);
	n->tftp_dir = dir;
	d = emu_add_dev(cfg, EMU_DEV_VIRTIO_NET, 0, NET_DEVNO);
	d->net = n;
	emu_boot_ccw(cfg, 0, NET_DEVNO);
	return n;
}

/* A network whose DHCP boot file is the kernel "vmlinuz" (seed 1). */
static struct emu_net_cfg *kernel_net(struct emu_config *cfg, enum emu_qemu q)
{
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(cfg, q, dir);

	put_kernel(dir, "vmlinuz", KSIZE, 1);
	n->bootfile = "vmlinuz";
	return n;
}

/* The kernel of @seed (@size bytes) is at 0 (lowcore part: outside the
 * fields the hand-over writes) and the run started it at 0x10000. */
static void expect_kernel(size_t size, uint32_t seed)
{
	const struct emu_result *r = emu_result();
	uint8_t *k = kernel_bytes(size, seed);

	if (r->outcome != EMU_OUT_HANDOVER)
		FAIL("run ended in %s (%s), expected a hand-over", emu_outcome_name(r->outcome),
		     r->why);
	CHECK_EQ(r->ho.entry, 0x10000);
	CHECK(r->ho.entry_64bit);
	CHECK(emu_mem_equals(0x200, k + 0x200, 0x2000 - 0x200));
	CHECK(emu_mem_equals(0x2000, k + 0x2000, LINUX_INITRD_START - 0x2000));
	CHECK(emu_mem_equals(LINUX_CMDLINE + 1024, k + LINUX_CMDLINE + 1024,
			     size - LINUX_CMDLINE - 1024));
	CHECK_STR(emu_console(), "Network loading done, starting kernel...");
	free(k);
}

static void expect_initrd(size_t ksize, size_t isize, uint32_t seed)
{
	uint64_t at = (ksize + 4095) & ~4095ULL;
	uint8_t *b = malloc(isize);
	const uint8_t *p = emu_mem(LINUX_INITRD_START, 16);

	for (size_t i = 0; i < isize; i++)
		b[i] = emu_pattern_byte(seed, i);
	CHECK_EQ(get_be64(p), at);
	CHECK_EQ(get_be64(p + 8), isize);
	CHECK(emu_mem_equals(at, b, isize));
	free(b);
}

static void expect_cmdline(const char *s)
{
	CHECK(emu_mem_equals(LINUX_CMDLINE, s, strlen(s) + 1));
}

/* --- the DHCP boot file ------------------------------------------------- */

static void bootfile_kernel(enum emu_qemu q)
{
	struct emu_config cfg;

	kernel_net(&cfg, q);
	EMU_RUN(&cfg) {
		const struct emu_net_stats *st = emu_net_stats(0, NET_DEVNO);

		expect_kernel(KSIZE, 1);
		CHECK_STR(emu_console(), "address 10.0.2.15, TFTP server 10.0.2.2");
		CHECK_STR(emu_console(), "vmlinuz: 307323 bytes");
		CHECK_EQ(st->last_blksize, 1432);
		CHECK_EQ(st->dhcp_discover, 1);
		CHECK_EQ(emu_result()->ho.lc_schno, 0);
		CHECK(!emu_dev_status(0, NET_DEVNO));   /* reset before the jump */
	}
}

TEST(net_bootfile_kernel_92) { bootfile_kernel(EMU_QEMU_92); }
TEST(net_bootfile_kernel_72) { bootfile_kernel(EMU_QEMU_72); }

TEST(net_bootfile_ins)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	put_kernel(dir, "images/kernel.img", KSIZE, 2);
	put_pattern(dir, "images/initrd.img", ISIZE, 3);
	put_text(dir, "images/parmfile", "root=/dev/ram0 ins=1");
	put_text(dir, "boot.ins", "* Test install\n"
				  "images/kernel.img 0x00000000\n"
				  "images/initrd.img 0x02000000\n"
				  "images/parmfile 0x00010480\n");
	n->bootfile = "boot.ins";
	EMU_RUN(&cfg) {
		uint8_t *b = malloc(ISIZE);

		for (size_t i = 0; i < ISIZE; i++)
			b[i] = emu_pattern_byte(3, i);
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(emu_mem_equals(0x2000000, b, ISIZE));
		CHECK(emu_mem_equals(LINUX_CMDLINE, "root=/dev/ram0 ins=1", 20));
		CHECK_EQ(emu_result()->ho.entry, 0x10000);
		CHECK_STR(emu_console(), "Test install");
		free(b);
	}
}

static const char *two_entries =
	"# pxelinux\n"
	"default second\n"
	"label first\n"
	"  kernel k1\n"
	"  append one=1\n"
	"label second\n"
	"  kernel k2\n"
	"  initrd i2\n"
	"  append two=2 console=ttysclp0\n";

static char *pxe_dir(void)
{
	char *dir = net_dir();

	put_kernel(dir, "k1", KSIZE, 11);
	put_kernel(dir, "k2", KSIZE + 5000, 12);
	put_pattern(dir, "i2", ISIZE, 13);
	return dir;
}

static void expect_second(void)
{
	expect_kernel(KSIZE + 5000, 12);
	expect_initrd(KSIZE + 5000, ISIZE, 13);
	expect_cmdline("two=2 console=ttysclp0");
}

static void expect_first(void)
{
	expect_kernel(KSIZE, 11);
	expect_cmdline("one=1");
}

TEST(net_bootfile_pxelinux_cfg)
{
	struct emu_config cfg;
	char *dir = pxe_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	put_text(dir, "my.cfg", two_entries);
	n->bootfile = "my.cfg";
	EMU_RUN(&cfg) {
		expect_second();
	}
}

/* --- pxelinux.cfg lookups --------------------------------------------------- */

static void lookup_case(const char *file, const char *opt209, const char *opt210,
			const char *bootfile, const char *expect_rrq)
{
	struct emu_config cfg;
	char *dir = pxe_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	put_text(dir, file, two_entries);
	n->opt209 = opt209;
	n->opt210 = opt210;
	n->bootfile = bootfile;
	EMU_RUN(&cfg) {
		expect_second();
		CHECK_STR(emu_console(), expect_rrq);
	}
}

TEST(net_lookup_default) { lookup_case("pxelinux.cfg/default", NULL, NULL, NULL,
				      "loaded pxelinux.cfg/default"); }
TEST(net_lookup_mac) { lookup_case("pxelinux.cfg/01-52-54-00-12-34-56", NULL, NULL, NULL,
				  "loaded pxelinux.cfg/01-52-54-00-12-34-56"); }
TEST(net_lookup_hex_ip) { lookup_case("pxelinux.cfg/0A00020", NULL, NULL, NULL,
				     "loaded pxelinux.cfg/0A00020 "); }
TEST(net_lookup_opt209_210) { lookup_case("cfgs/custom.cfg", "custom.cfg", "cfgs/", NULL,
					 "loaded cfgs/custom.cfg"); }
TEST(net_lookup_bootfile_dir) { lookup_case("s390/pxelinux.cfg/default", NULL, NULL, "s390/",
					   "loaded s390/pxelinux.cfg/default"); }
/* -uuid: the UUID file comes before the MAC file, and DHCP sends option 97 */
TEST(net_lookup_uuid)
{
	static const uint8_t uuid[16] = { 0x4f, 0x6d, 0x6b, 0x20, 0x3c, 0x1e, 0x4a, 0x3b,
					  0x9c, 0x1c, 0x2f, 0x1e, 0x5a, 0x7b, 0x9d, 0x10 };
	struct emu_config cfg;
	char *dir = pxe_dir();

	net_cfg(&cfg, EMU_QEMU_92, dir);
	cfg.uuid = uuid;
	put_text(dir, "pxelinux.cfg/4f6d6b20-3c1e-4a3b-9c1c-2f1e5a7b9d10", two_entries);
	put_text(dir, "pxelinux.cfg/01-52-54-00-12-34-56", "label broken\n");
	EMU_RUN(&cfg) {
		const struct emu_net_stats *st = emu_net_stats(0, NET_DEVNO);

		expect_second();
		CHECK(st->saw_uuid);
		CHECK(!memcmp(st->uuid, uuid, 16));
	}
}

/* a boot file that does not exist: the lookups follow */
TEST(net_lookup_after_missing_bootfile) { lookup_case("pxelinux.cfg/default", NULL, NULL,
						     "nothere", "nothere: not found on the server"); }

/* --- entry selection ------------------------------------------------------ */

static void select_case(enum emu_qemu q, const char *machine_lp, const char *dev_lp,
			enum emu_menu menu, uint32_t splash, const char *key, int which)
{
	struct emu_config cfg;
	char *dir = pxe_dir();

	net_cfg(&cfg, q, dir);
	put_text(dir, "pxelinux.cfg/default", two_entries);
	cfg.loadparm = machine_lp;
	cfg.devs[0].loadparm = dev_lp;
	cfg.menu = menu;
	cfg.splash_ms = splash;
	if (key)
		emu_add_key(&cfg, 3000, key);
	EMU_RUN(&cfg) {
		if (which == 1)
			expect_first();
		else
			expect_second();
		if (menu == EMU_MENU_ON || (machine_lp && !strcmp(machine_lp, "PROMPT"))) {
			CHECK_STR(emu_console(), "[0] default (2)");
			CHECK_STR(emu_console(), "[1] first");
			CHECK_STR(emu_console(), "[2] second");
		}
	}
}

TEST(net_loadparm_machine_72) { select_case(EMU_QEMU_72, "1", NULL, EMU_MENU_UNSET, 0, NULL, 1); }
TEST(net_loadparm_machine_92) { select_case(EMU_QEMU_92, "1", NULL, EMU_MENU_UNSET, 0, NULL, 1); }
TEST(net_loadparm_device_92) { select_case(EMU_QEMU_92, "2", "1", EMU_MENU_UNSET, 0, NULL, 1); }
TEST(net_loadparm_zero_default) { select_case(EMU_QEMU_92, "0", NULL, EMU_MENU_UNSET, 0, NULL, 2); }
TEST(net_menu_key) { select_case(EMU_QEMU_92, NULL, NULL, EMU_MENU_ON, 10000, "1\r", 1); }
TEST(net_menu_key_72) { select_case(EMU_QEMU_72, NULL, NULL, EMU_MENU_ON, 10000, "1\r", 1); }
TEST(net_menu_timeout) { select_case(EMU_QEMU_92, NULL, NULL, EMU_MENU_ON, 2000, NULL, 2); }
TEST(net_prompt_key) { select_case(EMU_QEMU_92, "PROMPT", NULL, EMU_MENU_UNSET, 0, "1\r", 1); }

TEST(net_loadparm_too_large_halts)
{
	struct emu_config cfg;
	char *dir = pxe_dir();

	net_cfg(&cfg, EMU_QEMU_92, dir);
	put_text(dir, "pxelinux.cfg/default", two_entries);
	cfg.loadparm = "7";
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_BAD_LOADPARM, "loadparm selects entry 7");
	}
}

/* --- failures that move on or stop ------------------------------------------ */

/* The boot fails with @msg on the console; nothing else to boot: halt. */
static void fails_with(struct emu_config *cfg, const char *msg, uint64_t max_ms)
{
	EMU_RUN(cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, msg);
		CHECK_STR(emu_console(), "Failed to load OS from network.");
		CHECK(emu_result()->virtual_us < max_ms * 1000);
	}
}

/* pxelinux.cfg/default is @cfg (NULL: none); the boot fails with @msg */
static void cfg_fails(const char *cfg_text, const char *msg)
{
	struct emu_config cfg;
	char *dir = net_dir();

	net_cfg(&cfg, EMU_QEMU_92, dir);
	if (cfg_text)
		put_text(dir, "pxelinux.cfg/default", cfg_text);
	fails_with(&cfg, msg, 5000);
}

TEST(net_missing_kernel) { cfg_fails("default a\nlabel a\nkernel gone\n",
				     "cannot load the kernel gone"); }
TEST(net_entry_without_kernel) { cfg_fails("label a\nappend x=1\n", "has no KERNEL"); }
TEST(net_no_config_anywhere) { cfg_fails(NULL, "no pxelinux.cfg file found"); }

TEST(net_no_tftp_server)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, NULL);

	n->bootfile = "vmlinuz";
	fails_with(&cfg, "no answer from the server", 60000);
}

TEST(net_no_dhcp_server)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	n->no_dhcp = true;
	EMU_RUN(&cfg) {
		const struct emu_net_stats *st = emu_net_stats(0, NET_DEVNO);

		scn_expect_halt(HALT_NO_BOOT_DEVICE, "no DHCP answer within 30 s");
		CHECK(st->dhcp_discover >= 4 && st->dhcp_discover <= 8);  /* backoff */
		CHECK(emu_result()->virtual_us < 40000000);
	}
}

/* a flood of DHCP replies for another client does not hold the client past
 * its time limit */
TEST(net_dhcp_flood)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	n->no_dhcp = true;
	n->flood = true;
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "no DHCP answer within 30 s");
		CHECK(emu_net_stats(0, NET_DEVNO)->dhcp_discover >= 4);
		CHECK(emu_net_stats(0, NET_DEVNO)->frames_to_guest > 10000);
		CHECK(emu_result()->virtual_us < 40000000);
	}
}

TEST(net_tftp_error_packet)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->err_file = "vmlinuz";
	n->err_code = 2;
	n->err_text = "Access violation\x01";
	fails_with(&cfg, "server error 2: Access violation?", 5000);
}

TEST(net_server_stops_mid_transfer)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_stop_after = 40;
	fails_with(&cfg, "vmlinuz: no answer from the server", 60000);
}

/* a server that repeats the same block for ever and never sends the next:
 * duplicates are acknowledged but are no progress */
TEST(net_server_repeats_a_block)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_stop_after = 40;
	n->repeat_last = true;
	fails_with(&cfg, "vmlinuz: no answer from the server", 60000);
}

TEST(net_file_larger_than_memory)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/huge", dir);
	f = fopen(path, "wb");
	if (!f || ftruncate(fileno(f), 200 << 20) || fclose(f))
		abort();
	n->bootfile = "huge";
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "does not fit into");
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->tftp_errors_from_guest, 1);
		CHECK(emu_fw_region_intact(NULL, 0));
	}
}

/* without tsize the size is found out block by block: the transfer stops at
 * the first block that would not fit (a small machine keeps it short) */
TEST(net_file_larger_than_memory_no_tsize)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	cfg.ram_size = 8 << 20;
	put_pattern(dir, "big", 6 << 20, 4);
	n->bootfile = "big";
	n->tftp_ignore_options = true;
	n->tftp_max_blksize = 1432;
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "file is larger than the");
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->tftp_errors_from_guest, 1);
	}
}

TEST(net_oversized_data_block)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_max_blksize = 1024;
	n->data_oversize_at = 5;
	fails_with(&cfg, "block 5 has 1025 bytes, more than the block size 1024", 5000);
}

/* --- option negotiation ------------------------------------------------------ */

/* the kernel boots whatever the server makes of the options; @blksize is
 * what the transfer used, @msg a console line (or NULL) */
static void options_case(bool refuse, bool ignore, uint16_t max, uint16_t blksize,
			 const char *msg)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_refuse_options = refuse;
	n->tftp_ignore_options = ignore;
	n->tftp_max_blksize = max;
	EMU_RUN(&cfg) {
		expect_kernel(KSIZE, 1);
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->last_blksize, blksize);
		if (msg)
			CHECK_STR(emu_console(), msg);
	}
}

TEST(net_tftp_options_refused) { options_case(true, false, 0, 512,
					      "server refused options, using 512-byte blocks"); }
TEST(net_tftp_options_ignored) { options_case(false, true, 0, 512, NULL); }
TEST(net_tftp_smaller_blksize) { options_case(false, false, 700, 700, NULL); }

/* more than 65535 blocks: the 16-bit block number wraps (QEMU's server
 * counts on) */
TEST(net_tftp_block_number_wraps)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);
	size_t size = 70000 * 16 + 5;

	put_kernel(dir, "vmlinuz", size, 7);
	n->bootfile = "vmlinuz";
	n->tftp_max_blksize = 16;
	EMU_RUN(&cfg) {
		expect_kernel(size, 7);
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->last_blksize, 16);
		CHECK(emu_net_stats(0, NET_DEVNO)->tftp_acks > 70000);
	}
}

/* A server that keeps the transfer alive but hardly moves: 512-byte blocks,
 * each 0.9 s late (just before we would retransmit), 34 KiB a minute. The
 * firmware gives up after the first minute below 64 KiB and tells the
 * server; it does not wait the six minutes the kernel would take. */
TEST(net_tftp_too_slow_given_up)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_max_blksize = 512;
	n->tftp_delay_ms = 900;
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "vmlinuz: ");
		SCN_CONSOLE(" s, too slow; giving up (");
		CHECK_STR(emu_console(), "Failed to load OS from network.");
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->tftp_errors_from_guest, 1);
		CHECK(emu_result()->virtual_us > 60ULL * 1000 * 1000);
		CHECK(emu_result()->virtual_us < 90ULL * 1000 * 1000);
	}
}

/* Slow but steady is fine: the same blocks 0.2 s apart (150 KiB a minute). */
TEST(net_tftp_slow_but_steady)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = kernel_net(&cfg, EMU_QEMU_92);

	n->tftp_max_blksize = 512;
	n->tftp_delay_ms = 200;
	cfg.max_virtual_ms = 5ULL * 60 * 1000;
	EMU_RUN(&cfg) {
		expect_kernel(KSIZE, 1);
	}
}

/* --- a lossy, hostile network ---------------------------------------------- */

/* @knob: offset of the fault knob in struct emu_net_cfg */
static void lossy(size_t knob, unsigned int every)
{
	struct emu_config cfg;
	char *dir = pxe_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);
	unsigned int *k = (unsigned int *)((char *)n + knob);

	put_text(dir, "pxelinux.cfg/default", two_entries);
	*k = every;
	EMU_RUN(&cfg) {
		expect_second();
		CHECK(emu_result()->virtual_us < 120000000);
	}
}

#define KNOB(f) offsetof(struct emu_net_cfg, f)
TEST(net_lost_frames) { lossy(KNOB(drop_every), 7); }
TEST(net_duplicated_frames) { lossy(KNOB(dup_every), 3); }
TEST(net_late_frames) { lossy(KNOB(late_every), 9); }
TEST(net_bad_checksums) { lossy(KNOB(bad_csum_every), 5); }
TEST(net_bad_ip_lengths) { lossy(KNOB(bad_len_every), 6); }
TEST(net_truncated_frames) { lossy(KNOB(trunc_every), 11); }

/* DHCP replies with these options (after the fixed part) */
static void hostile_dhcp(const uint8_t *opts, size_t len, const uint8_t *file, bool boots,
			 const char *msg)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = net_cfg(&cfg, EMU_QEMU_92, dir);

	put_kernel(dir, "vmlinuz", KSIZE, 1);
	put_text(dir, "pxelinux.cfg/default", "label a\nkernel vmlinuz\n");
	n->dhcp_opts = opts;
	n->dhcp_opts_len = len;
	n->dhcp_file = file;
	EMU_RUN(&cfg) {
		if (boots)
			expect_kernel(KSIZE, 1);
		else
			scn_expect_halt(HALT_NO_BOOT_DEVICE, msg);
	}
}

#define OFFER_BASE 53, 1, 2, 54, 4, 10, 0, 2, 2, 1, 4, 255, 255, 255, 0

TEST(net_dhcp_option_overlong)
{
	static const uint8_t o[] = { OFFER_BASE, 67, 200, 'v', 'm' };

	hostile_dhcp(o, sizeof(o), NULL, false, "no DHCP answer");
}

TEST(net_dhcp_option_zero_length)
{
	static const uint8_t o[] = { 53, 0, 54, 0, 1, 0, 67, 0, 255 };

	hostile_dhcp(o, sizeof(o), NULL, false, "no DHCP answer");
}

TEST(net_dhcp_missing_end)
{
	static const uint8_t o[] = { OFFER_BASE, 67, 7, 'v', 'm', 'l', 'i', 'n', 'u', 'z' };

	hostile_dhcp(o, sizeof(o), NULL, true, NULL);
}

/* a second boot file option does not override the first */
TEST(net_dhcp_duplicate_option)
{
	static const uint8_t o[] = { OFFER_BASE, 67, 7, 'v', 'm', 'l', 'i', 'n', 'u', 'z',
				     67, 4, 'n', 'o', 'n', 'e', 255 };

	hostile_dhcp(o, sizeof(o), NULL, true, NULL);
}

TEST(net_dhcp_overload_file_field)
{
	static const uint8_t o[] = { OFFER_BASE, 52, 1, 1, 255 };
	static uint8_t file[128] = { 67, 7, 'v', 'm', 'l', 'i', 'n', 'u', 'z', 255 };

	hostile_dhcp(o, sizeof(o), file, true, NULL);
}

/* options in the file field without overload: a file name of junk; the
 * lookups find the pxelinux.cfg */
TEST(net_dhcp_unterminated_file_field)
{
	static const uint8_t o[] = { OFFER_BASE, 255 };
	static uint8_t file[128];

	memset(file, 'A', sizeof(file));
	hostile_dhcp(o, sizeof(o), file, true, NULL);
}

/* --- boot order ------------------------------------------------------------- */

TEST(net_fallback_from_blank_disk)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = calloc(1, sizeof(*n));
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, emu_image_create("blank", 1 << 20, NULL, 0));
	d = emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, NET_DEVNO);
	d->net = n;
	n->tftp_dir = dir;
	n->bootfile = "vmlinuz";
	put_kernel(dir, "vmlinuz", KSIZE, 1);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, NET_DEVNO);
	EMU_RUN(&cfg) {
		expect_kernel(KSIZE, 1);
		CHECK_STR(emu_console(), "0.0.0001: boot failed, trying the next device");
	}
}

/* a failed network boot moves on to the next device */
TEST(net_failure_moves_on)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_dev_cfg *d;

	net_cfg(&cfg, EMU_QEMU_92, dir);
	d = emu_add_blk(&cfg, 0, 0x0001, scn_data("zmulti.img"));
	(void)d;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), "Failed to load OS from network.");
		CHECK_STR(emu_console(), "0.0.0005: boot failed, trying the next device");
	}
}

/* virtio-net-pci (type 4 IPL block): the same network boot over the PCI
 * transport; the function is disabled again after a failure */
TEST(net_pci_bootfile_kernel)
{
	struct emu_config cfg;
	char *dir = net_dir();
	struct emu_net_cfg *n = calloc(1, sizeof(*n));

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_pci_dev(&cfg, EMU_DEV_VIRTIO_NET, 0x12)->net = n;
	emu_boot_pci(&cfg, 0x12);
	n->tftp_dir = dir;
	n->bootfile = "vmlinuz";
	put_kernel(dir, "vmlinuz", KSIZE, 1);
	EMU_RUN(&cfg) {
		expect_kernel(KSIZE, 1);
		CHECK_STR(emu_console(), "net pci 0x12: address 10.0.2.15");
		CHECK_EQ(emu_net_stats(EMU_PCI_SSID, 0x12)->last_blksize, 1432);
	}
}

/* without an IPL block the scan skips network devices, as QEMU's does */
TEST(net_scan_skips_net)
{
	struct emu_config cfg;
	struct emu_net_cfg *n = calloc(1, sizeof(*n));
	struct emu_dev_cfg *d;

	emu_config_init(&cfg, EMU_QEMU_92);
	d = emu_add_dev(&cfg, EMU_DEV_VIRTIO_NET, 0, NET_DEVNO);
	d->net = n;
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "Could not find a suitable boot device");
		CHECK_EQ(emu_net_stats(0, NET_DEVNO)->frames_out, 0);
	}
}

/* A kernel that declares a 4096-byte command line (at 0x10430) takes a
 * 1000-byte APPEND: the kernel's own limit applies, not the 896 default. */
TEST(net_append_uses_kernel_limit)
{
	struct emu_config cfg;
	char *dir = net_dir();
	uint8_t *k = kernel_bytes(KSIZE, 21);
	char text[1200], app[1001];

	net_cfg(&cfg, EMU_QEMU_92, dir);
	put_be64(k + LINUX_CMDLINE_MAX, 4096);
	put_file(dir, "k", k, KSIZE);
	memset(app, 'x', 1000);
	app[1000] = 0;
	snprintf(text, sizeof(text), "label a\nkernel k\nappend %s\n", app);
	put_text(dir, "pxelinux.cfg/default", text);
	EMU_RUN(&cfg) {
		REQUIRE_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		expect_cmdline(app);
	}
	free(k);
}

/* Hostile receive completions from virtio-net (an id we never gave, a
 * length past the buffer, the id of the buffer whose frame we are reading):
 * refused with a message, the device reset, the boot fails in bounded time
 * without touching other memory. */
static int vnet_mode;
static unsigned int vnet_n;
static uint32_t vnet_last;

static void vnet_reply(void *ctx, struct emu_reply *r)
{
	uint32_t id = r->used_id;

	(void)ctx;
	if (r->vq != 0 || ++vnet_n < 3) {
		vnet_last = r->vq == 0 ? id : vnet_last;
		return;
	}
	if (vnet_mode == 0)
		r->used_id = 16;
	else if (vnet_mode == 1)
		r->used_len = 1537;
	else if (vnet_mode == 2)
		r->used_len = 0xffffffff;
	else if (vnet_mode == 3)
		r->used_id = vnet_last; /* the previous frame's buffer, given back */
	else
		r->twice = true;        /* the same buffer in two used entries */
	vnet_last = id;
}

static void vnet_hostile(int mode, const char *msg)
{
	static struct emu_hooks hk = { NULL, NULL, vnet_reply, NULL };
	struct emu_config cfg;

	vnet_mode = mode;
	vnet_n = 0;
	kernel_net(&cfg, EMU_QEMU_92);
	cfg.hooks = &hk;
	EMU_RUN(&cfg) {
		CHECK(emu_result()->outcome != EMU_OUT_HANDOVER);
		CHECK_STR(emu_console(), msg);
		CHECK(emu_result()->virtual_us < 120000000ULL);
	}
}

TEST(net_rx_unknown_id) { vnet_hostile(0, "received into a buffer we did not give"); }
TEST(net_rx_len_past_buffer) { vnet_hostile(1, "received frame longer than its buffer"); }
TEST(net_rx_len_huge) { vnet_hostile(2, "received frame longer than its buffer"); }
/* A completion for a buffer we gave back may come at once (the spec lets a
 * device use buffers in any order): not an error. */
TEST(net_rx_id_of_a_buffer_given_back)
{
	struct emu_config cfg;
	static struct emu_hooks hk = { NULL, NULL, vnet_reply, NULL };

	vnet_mode = 3;
	vnet_n = 0;
	kernel_net(&cfg, EMU_QEMU_92);
	cfg.hooks = &hk;
	EMU_RUN(&cfg) {
		SCN_NO_CONSOLE("received into a buffer we did not give");
		CHECK(emu_result()->virtual_us < 120000000ULL);
	}
}

/* Two used entries name one buffer: the second names the buffer whose
 * frame we are reading. */
TEST(net_rx_same_buffer_twice) { vnet_hostile(4, "received into a buffer we did not give"); }
