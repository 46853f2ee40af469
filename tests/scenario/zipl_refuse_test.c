/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every refusal of the zipl loader: a patched copy of a good disk, the
 * specific message naming the device and the defect, the next device tried
 * (a good fallback disk boots, or the machine stops with "No suitable
 * device"), nothing loaded over the lowcore or the firmware (the runner
 * checks the firmware image after every run).
 */
#include <stdio.h>
#include <stdlib.h>

#include "abi/lowcore.h"
#include "fw/endian.h"
#include "fw/layout.h"
#include "scn.h"

#define RAM (128 * MiB)

static char *copy_walk(const char *img, unsigned int bs, struct zref *z)
{
	char *p = scn_copy(img);

	if (!zref_walk(p, bs, 0, z)) {
		FAIL("cannot walk %s", p);
		abort();
	}
	return p;
}

/* The only device: refused with @msg, then the no-boot halt. */
static void expect_refused_q(enum emu_qemu q, const char *path, uint32_t bs, const char *msg)
{
	struct emu_config cfg;

	emu_config_init(&cfg, q);
	emu_add_blk(&cfg, 0, 0x0001, path)->block_size = bs;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
		SCN_CONSOLE(msg);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
		SCN_NO_CONSOLE("starting the OS");
		CHECK(!emu_result()->ho.iplb_was_set);
	}
}

static void expect_refused(const char *path, uint32_t bs, const char *msg)
{
	expect_refused_q(EMU_QEMU_92, path, bs, msg);
}

/* refused with both parts of a message */
static void expect_refused2(const char *path, uint32_t bs, const char *msg1, const char *msg2)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path)->block_size = bs;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
		SCN_CONSOLE(msg1);
		SCN_CONSOLE(msg2);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
	}
}

static const char *component_msg(unsigned int comp)
{
	static char msg[64];

	snprintf(msg, sizeof(msg), "zipl 0.0.0001: component %u", comp);
	return msg;
}

/* Refused with @msg; the fallback device (9.2 chain) boots. */
static void expect_refused_fallback(const char *path, uint32_t bs, const char *msg)
{
	struct emu_config cfg;
	const char *good = scn_data("zmulti.img");

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, path)->block_size = bs;
	emu_add_blk(&cfg, 0, 0x0002, good);
	emu_boot_ccw(&cfg, 0, 0x0001);
	emu_boot_ccw(&cfg, 0, 0x0002);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 1);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
		CHECK(scn_cmdline_is("scn=2"));
	}
}

static uint64_t fw_base(enum emu_qemu q, uint64_t ram)
{
	return fw_qemu_base(ram, q == EMU_QEMU_72 ? FW_QEMU72_WINDOW : FW_QEMU92_WINDOW);
}

TEST(refuse_blank_disk)
{
	expect_refused(emu_image_create("blank", 4 * MiB, NULL, 0), 512,
		       "0.0.0001: no boot record (neither zipl nor El Torito)");
}

TEST(refuse_blank_disk_72)
{
	expect_refused_q(EMU_QEMU_72, emu_image_create("blank", 4 * MiB, NULL, 0), 512,
			 "0.0.0001: no boot record (neither zipl nor El Torito)");
}

TEST(refuse_bad_mbr_magic)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch(p, 0, "zIPX", 4);
	expect_refused_fallback(p, 512, "0.0.0001: no boot record (neither zipl nor El Torito)");
}

TEST(refuse_mbr_version_warns_only)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, 4, 0x0000000700000000ULL);  /* version 7, reserved 0 */
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(p, 512, 0, 0, 0);
		SCN_CONSOLE("zipl 0.0.0001: warning: boot record version 7");
	}
}

TEST(refuse_program_table_null)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, 0x10, 0);
	expect_refused_fallback(p, 512, "zipl 0.0.0001: program table: null block pointer");
}

TEST(refuse_program_table_past_end)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	char msg[160];

	scn_patch_be64(p, 0x10, z.blocks + 5);
	snprintf(msg, sizeof(msg), "zipl 0.0.0001: program table: blocks %llu..%llu are past "
		 "the end of the disk (%llu blocks)", (unsigned long long)z.blocks + 5,
		 (unsigned long long)z.blocks + 5, (unsigned long long)z.blocks);
	expect_refused(p, 512, msg);
}

TEST(refuse_program_table_last_block_plus_one)
{
	struct zref z;
	char *p = copy_walk("z4k.img", 4096, &z);
	char msg[160];

	scn_patch_be64(p, 0x10, z.blocks);
	snprintf(msg, sizeof(msg), "program table: blocks %llu..%llu are past the end",
		 (unsigned long long)z.blocks, (unsigned long long)z.blocks);
	expect_refused(p, 4096, msg);
}

TEST(refuse_program_table_no_magic)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	char msg[120];

	scn_patch(p, z.pt_at, "zipl", 4);
	snprintf(msg, sizeof(msg), "zipl 0.0.0001: program table (block %llu) has no zIPL magic",
		 (unsigned long long)z.pt_block);
	expect_refused(p, 512, msg);
}

TEST(refuse_program_table_no_default_entry)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.pt_at + 16, 0);
	expect_refused(p, 512, "zipl 0.0.0001: program table has no default entry");
}

TEST(refuse_component_table_no_magic)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch(p, z.ct_at, "\0\0\0\0", 4);
	expect_refused_fallback(p, 512, "zipl 0.0.0001: component table has no zIPL magic");
}

TEST(refuse_component_table_dump_type)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_u8(p, z.ct_at + 4, 1);
	expect_refused(p, 512, "zipl 0.0.0001: component table is of type 1, not an IPL table");
}

TEST(refuse_component_table_past_end)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.pt_at + 16, 1ULL << 40);
	expect_refused(p, 512, "zipl 0.0.0001: component table: blocks 1099511627776..");
}

TEST(refuse_component_unknown_type)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_u8(p, z.comp[1].entry_at + 0x17, 0x07);
	expect_refused(p, 512, "zipl 0.0.0001: No EXEC entry: component entry 1 has type 0x07");
}

TEST(refuse_component_table_no_exec)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	/* every entry from the EXEC on a SIGNATURE entry (skipped unchecked) */
	for (unsigned int i = z.ncomp - 1; i < (512 - 32) / 32; i++)
		scn_patch_u8(p, z.ct_at + 32 + 32 * i + 0x17, 3);
	expect_refused(p, 512, "zipl 0.0.0001: Wrong entry value: the component table ends "
			       "without an EXEC entry");
}

TEST(refuse_blockptr_wrong_size)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be16(p, z.comp[0].ptr[0].at + 8, 1024);
	expect_refused(p, 512, "zipl 0.0.0001: component 0: block pointer 0 has block size 1024, "
			       "the disk has 512");
}

TEST(refuse_blockptr_wrong_size_4k)
{
	struct zref z;
	char *p = copy_walk("z4k.img", 4096, &z);

	scn_patch_be16(p, z.comp[2].ptr[0].at + 8, 512);
	expect_refused(p, 4096, "zipl 0.0.0001: component 2: block pointer 0 has block size 512, "
				"the disk has 4096");
}

TEST(refuse_blocklist_past_end_of_disk)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	char msg[160];

	/* last data pointer of the initrd: 0x100 blocks from 16 before the end */
	scn_patch_be64(p, z.comp[2].ptr[0].at, z.blocks - 16);
	scn_patch_be16(p, z.comp[2].ptr[0].at + 10, 0xff);
	snprintf(msg, sizeof(msg), "zipl 0.0.0001: component 2 block list: blocks %llu..%llu are "
		 "past the end of the disk (%llu blocks)", (unsigned long long)z.blocks - 16,
		 (unsigned long long)z.blocks - 16 + 0xff, (unsigned long long)z.blocks);
	expect_refused_fallback(p, 512, msg);
}

TEST(refuse_blocklist_block_count_wraps)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[0].ptr[0].at, ~0ULL - 3);
	expect_refused(p, 512, "zipl 0.0.0001: component 0 block list: blocks "
			       "18446744073709551612..");
}

TEST(refuse_list_block_past_end_of_disk)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[1].entry_at, z.blocks + 100);
	expect_refused(p, 512, "zipl 0.0.0001: component 1 block list: blocks ");
}

TEST(refuse_list_block_null)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[0].entry_at, 0);
	expect_refused(p, 512, "zipl 0.0.0001: component 0 block list: null block pointer");
}

TEST(refuse_list_loop_self)
{
	struct zref z;
	char *p = copy_walk("zfrag.img", 512, &z);
	uint64_t first = z.comp[0].list[0];

	REQUIRE(z.comp[0].nlist > 2);
	/* the continuation slot of the first list block points at itself */
	scn_patch_be64(p, first * 512 + 31 * 16, first);
	expect_refused(p, 512, "zipl 0.0.0001: component 0: block list does not end (it loops "
			       "back to block");
}

/* A -> B -> A: recognised as a loop (cycle detection over the chain of
 * list blocks) long before the repeated loads could reach the firmware. */
TEST(refuse_list_loop_two_blocks)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("zfrag.img", 512, &z);

	REQUIRE(z.comp[0].nlist > 2);
	scn_patch_be64(p, z.comp[0].list[1] * 512 + 31 * 16, z.comp[0].list[0]);
	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 8 * MiB;
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "No suitable device for IPL. Halting...");
		SCN_CONSOLE("zipl 0.0.0001: component 0: block list does not end (it loops back");
		SCN_NO_CONSOLE("overlaps the firmware");
	}
}

static void relocate(const char *img, unsigned int bs, unsigned int comp, uint64_t addr,
		     const char *why)
{
	struct zref z;
	char *p = copy_walk(img, bs, &z);
	char msg[200];
	uint64_t len = z.comp[comp].ptr[0].blockct * (uint64_t)bs + bs;

	scn_patch_be64(p, z.comp[comp].entry_at + 0x18, addr);
	snprintf(msg, sizeof(msg), "0x%llx-0x%llx %s", (unsigned long long)addr,
		 (unsigned long long)(addr + len - 1), why);
	expect_refused2(p, bs, component_msg(comp), msg);
}

TEST(refuse_component_over_lowcore)
{
	relocate("z512.img", 512, 2, 0x1000, "overlaps the lowcore (below 0x2000)");
}

TEST(refuse_component_at_zero)
{
	relocate("z4k.img", 4096, 0, 0, "overlaps the lowcore (below 0x2000)");
}

TEST(refuse_component_over_firmware)
{
	relocate("z512.img", 512, 2, fw_base(EMU_QEMU_92, RAM) + 0x20000,
		 "overlaps the firmware");
}

TEST(refuse_component_over_chain_pages)
{
	/* the 7 pages below the firmware hold QEMU's fallback IPL blocks */
	relocate("z512.img", 512, 1, fw_base(EMU_QEMU_92, RAM) - 7 * 4096,
		 "overlaps the firmware");
}

TEST(refuse_component_touching_chain_pages)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	uint64_t len = z.comp[2].len;
	uint64_t addr = fw_base(EMU_QEMU_92, RAM) - 7 * 4096 - len + 512;

	scn_patch_be64(p, z.comp[2].entry_at + 0x18, addr);
	expect_refused2(p, 512, component_msg(2), "overlaps the firmware");
}

/* The last byte below the chain pages may be loaded. */
TEST(zipl_component_right_below_chain_pages)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	uint64_t len = z.comp[2].len;

	scn_patch_be64(p, z.comp[2].entry_at + 0x18, fw_base(EMU_QEMU_92, RAM) - 7 * 4096 - len);
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(p, 512, 0, 0, 0);
	}
}

TEST(refuse_component_over_firmware_72)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	uint64_t addr = fw_base(EMU_QEMU_72, RAM) + FW_MAX_FOOTPRINT / 2;

	scn_patch_be64(p, z.comp[2].entry_at + 0x18, addr);
	expect_refused_q(EMU_QEMU_72, p, 512, "overlaps the firmware");
}

TEST(refuse_component_past_end_of_ram)
{
	relocate("z512.img", 512, 2, RAM - 4096, "extends beyond the end of memory");
}

TEST(refuse_component_far_past_ram)
{
	relocate("z512.img", 512, 0, 1ULL << 40, "extends beyond the end of memory");
}

TEST(refuse_component_address_wraps)
{
	relocate("z512.img", 512, 2, 0xfffffffffffff000ULL,
		 "wraps around the end of the address space");
}

/* Memory above the firmware (RAM > 2 GiB) and above 4 GiB is usable. */
TEST(zipl_component_above_4gib)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[2].entry_at + 0x18, 5 * GiB);
	emu_config_init(&cfg, EMU_QEMU_92);
	cfg.ram_size = 6 * GiB;
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(p, 512, 0, 0, 0);
		CHECK_EQ(emu_fwbase(), 2 * GiB - 3 * MiB);
	}
}

TEST(refuse_exec_psw_not_short)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[z.ncomp - 1].entry_at + 0x18, 0x0000000080010000ULL);
	expect_refused(p, 512, "zipl 0.0.0001: EXEC PSW 0000000080010000 is not a short PSW");
}

TEST(refuse_exec_psw_outside_components)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_be64(p, z.comp[z.ncomp - 1].entry_at + 0x18, 0x0008000080500000ULL);
	expect_refused(p, 512, "zipl 0.0.0001: EXEC PSW 0008000080500000 points outside the "
			       "loaded components");
}

TEST(refuse_exec_psw_past_component_end)
{
	struct zref z;
	char *p = copy_walk("zkonly.img", 512, &z);
	char msg[120];
	uint64_t end = z.comp[0].addr + z.comp[0].len;

	scn_patch_be64(p, z.comp[1].entry_at + 0x18, 0x0008000080000000ULL | end);
	snprintf(msg, sizeof(msg), "EXEC PSW %016llx points outside the loaded components",
		 (unsigned long long)(0x0008000080000000ULL | end));
	expect_refused(p, 512, msg);
}

TEST(refuse_exec_before_any_load)
{
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);

	scn_patch_u8(p, z.comp[0].entry_at + 0x17, 1);
	expect_refused(p, 512, "EXEC PSW 0000000000010000 is not a short PSW");
}

/*
 * A component table has at most (4096 - 32) / 32 = 127 entries, so the
 * loader's 128-component limit cannot be reached: 126 LOADs and the EXEC
 * fill a 4 KiB table and boot.
 */
TEST(zipl_component_table_full_4k)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("z4k.img", 4096, &z);
	uint8_t entry[32];
	unsigned int i;

	REQUIRE_EQ(z.ncomp, 4);
	scn_read(p, z.comp[3].entry_at, entry, 32);     /* the EXEC */
	scn_patch(p, z.ct_at + 32 + 32 * 126, entry, 32);
	scn_read(p, z.comp[2].entry_at, entry, 32);     /* the initrd LOAD */
	for (i = 3; i < 126; i++) {
		put_be64(entry + 0x18, 0x1000000 + (uint64_t)i * 0x20000);
		scn_patch(p, z.ct_at + 32 + 32 * i, entry, 32);
	}
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, p)->block_size = 4096;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(p, 4096, 0, 0, 0);
		SCN_CONSOLE("loaded boot entry 0 (126 components)");
	}
}

TEST(zipl_signature_entry_skipped)
{
	struct emu_config cfg;
	struct zref z;
	char *p = copy_walk("z512.img", 512, &z);
	uint8_t entry[32];

	/* move the EXEC one slot down, a SIGNATURE entry in its place */
	scn_read(p, z.comp[3].entry_at, entry, 32);
	scn_patch(p, z.comp[3].entry_at + 32, entry, 32);
	scn_patch_u8(p, z.comp[3].entry_at + 0x17, 3);
	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, p);
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		SCN_CONSOLE("loaded boot entry 0 (3 components)");
	}
}
