/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * El Torito ISO images (mkdata.py, written by xorriso): a catalog with a
 * non-s390 image first and two s390 boot images, on scsi-cd and on
 * virtio-blk with 512- and 2048-byte blocks; entry selection by loadparm;
 * the image is loaded at 0 with its first 8 KiB held back until the jump
 * (the lowcore), then started at 0x10000 through the trampoline (an image
 * with "S390EP" at 0x10008) or by its own PSW at 0. Then every refusal:
 * catalog, boot record, entries, directory (loops, garbage), sizes and
 * load addresses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/iso9660.h"
#include "abi/lowcore.h"
#include "fw/endian.h"
#include "scn.h"

#define SEC 2048ULL

enum { CD, BLK512, BLK2K };

/* --- reading the ISO image from the test ---------------------------------- */

static uint32_t rd_le32(const char *path, uint64_t off)
{
	uint8_t b[4];

	scn_read(path, off, b, 4);
	return get_le32(b);
}

static uint32_t catalog_sector(const char *path)
{
	for (uint64_t s = 16; s < 32; s++) {
		uint8_t vd[80];

		scn_read(path, s * SEC, vd, sizeof(vd));
		if (vd[0] == ISO_VD_BOOT_RECORD && !memcmp(vd + 7, ELTORITO_SYSTEM_ID, 23))
			return get_le32(vd + ELTORITO_CATALOG_OFF);
	}
	FAIL("%s: no boot record", path);
	abort();
}

/* byte offset of catalog entry @n: xorriso writes 0 validation, 1 default
 * (x86.img), 2 section header, 3 cdboot.img, 4 cdboot-alt.img */
static uint64_t catalog_entry(const char *path, unsigned int n)
{
	return catalog_sector(path) * SEC + 32ULL * n;
}

static uint32_t entry_image(const char *path, unsigned int n)
{
	return rd_le32(path, catalog_entry(path, n) + ELTORITO_LOAD_RBA_OFF);
}

/* byte offset of the directory record @name in the directory at @extent */
static uint64_t dir_record(const char *path, uint32_t extent, const char *name)
{
	uint8_t sec[SEC];

	scn_read(path, extent * SEC, sec, sizeof(sec));
	for (unsigned int off = 0; off + 34 <= SEC && sec[off];) {
		unsigned int nl = sec[off + 32];

		if (nl >= strlen(name) && !memcmp(sec + off + 33, name, strlen(name)))
			return extent * SEC + off;
		off += sec[off];
	}
	FAIL("%s: no directory record %s", path, name);
	abort();
}

static uint32_t root_extent(const char *path)
{
	return rd_le32(path, 16 * SEC + ISO_PVD_ROOT_DIR_OFF + ISO_DR_EXTENT_OFF);
}

static uint32_t record_extent(const char *path, uint64_t rec)
{
	return rd_le32(path, rec + ISO_DR_EXTENT_OFF);
}

static void store_le32(uint8_t *b, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static void patch_le32(const char *path, uint64_t off, uint32_t v)
{
	uint8_t b[4];

	store_le32(b, v);
	scn_patch(path, off, b, 4);
}

/* both-endian 32-bit field of a directory record */
static void patch_both32(const char *path, uint64_t off, uint32_t v)
{
	uint8_t b[8];

	store_le32(b, v);
	put_be32(b + 4, v);
	scn_patch(path, off, b, 8);
}

/* --- running ---------------------------------------------------------------- */

static const char *devname(int dev)
{
	return dev == CD ? "0.0.0002 LUN 0:0:0" : "0.0.0001";
}

static void iso_cfg(struct emu_config *cfg, enum emu_qemu q, int dev, const char *path)
{
	emu_config_init(cfg, q);
	if (dev == CD) {
		struct emu_dev_cfg *d = emu_add_scsi(cfg, 0, 0x0002);

		emu_scsi_add_lun(d, 0, 0, EMU_SCSI_CD, path);
		emu_boot_scsi(cfg, 0, 0x0002, 0, 0);
	} else {
		emu_add_blk(cfg, 0, 0x0001, path)->block_size = dev == BLK2K ? 2048 : 512;
		emu_boot_ccw(cfg, 0, 0x0001);
	}
}

/* In the run: image @img was loaded at 0 (its first 8 KiB through the
 * lowcore, less the fields the hand-over sets) and started. */
static void expect_image(const char *img, bool trampoline)
{
	const struct emu_result *r = emu_result();
	uint64_t size = scn_file_size(img);
	uint8_t head[8];

	REQUIRE_EQ(r->outcome, EMU_OUT_HANDOVER);
	scn_read(img, 0, head, 8);
	CHECK_EQ(r->ho.entry, LINUX_IMAGE_START);
	CHECK_EQ(r->ho.via_trampoline, trampoline);
	if (trampoline) {
		CHECK(r->ho.entry_64bit);
		CHECK_EQ(r->ho.saved_psw, get_be64(head));
		CHECK_EQ(get_be64(emu_mem(0, 8)), get_be64(head));     /* restored */
	} else {
		CHECK_EQ(r->ho.psw, get_be64(head));
	}
	CHECK(emu_mem_equals_file(LC_SIZE, img, LC_SIZE, size - LC_SIZE));
	CHECK(emu_mem_equals_file(8, img, 8, LC_IPLB_PTR - 8));
	CHECK(emu_mem_equals_file(0x18, img, 0x18, LC_SUBCHANNEL_ID - 0x18));
	CHECK(emu_mem_equals_file(0xc0, img, 0xc0, LC_SIZE - 0xc0));
	scn_check_lowcore_iplb();
}

static void iso_boot(enum emu_qemu q, int dev, const char *iso, const char *lp,
		     const char *img)
{
	struct emu_config cfg;
	const char *path = scn_data(iso);
	const char *want = scn_data(img);

	iso_cfg(&cfg, q, dev, path);
	cfg.loadparm = lp;
	EMU_RUN(&cfg) {
		char msg[160];

		expect_image(want, true);
		snprintf(msg, sizeof(msg), "iso %s: loaded boot image at sector ", devname(dev));
		SCN_CONSOLE(msg);
		snprintf(msg, sizeof(msg), ", %llu bytes at 0x0",
			 (unsigned long long)scn_file_size(want));
		SCN_CONSOLE(msg);
		SCN_CONSOLE("secure-ccw: starting the OS at 0x10000");
	}
}

TEST(iso_scsi_cd_default_entry_92)
{
	iso_boot(EMU_QEMU_92, CD, "eltorito.iso", NULL, "cdboot.img");
}

TEST(iso_scsi_cd_default_entry_72)
{
	iso_boot(EMU_QEMU_72, CD, "eltorito.iso", NULL, "cdboot.img");
}

TEST(iso_scsi_cd_entry_1)
{
	iso_boot(EMU_QEMU_92, CD, "eltorito.iso", "1", "cdboot.img");
}

TEST(iso_scsi_cd_entry_2)
{
	iso_boot(EMU_QEMU_92, CD, "eltorito.iso", "2", "cdboot-alt.img");
}

TEST(iso_blk512_default_entry)
{
	iso_boot(EMU_QEMU_92, BLK512, "eltorito.iso", NULL, "cdboot.img");
}

TEST(iso_blk512_entry_2_72)
{
	iso_boot(EMU_QEMU_72, BLK512, "eltorito.iso", "2", "cdboot-alt.img");
}

TEST(iso_blk2048_default_entry)
{
	iso_boot(EMU_QEMU_92, BLK2K, "eltorito.iso", NULL, "cdboot.img");
}

TEST(iso_blk2048_entry_2)
{
	iso_boot(EMU_QEMU_92, BLK2K, "eltorito.iso", "2", "cdboot-alt.img");
}

TEST(iso_image_with_own_psw)
{
	struct emu_config cfg;
	const char *img = scn_data("cdboot-psw.img");

	iso_cfg(&cfg, EMU_QEMU_92, CD, scn_data("eltorito-psw.iso"));
	EMU_RUN(&cfg) {
		expect_image(img, false);
		CHECK_EQ(emu_result()->ho.psw, 0x0008000080010000ULL);
		SCN_CONSOLE("secure-ccw: starting the OS (PSW 0008000080010000)");
	}
}

TEST(iso_entry_3_does_not_exist)
{
	struct emu_config cfg;

	iso_cfg(&cfg, EMU_QEMU_92, CD, scn_data("eltorito.iso"));
	cfg.loadparm = "3";
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_BAD_LOADPARM, "iso 0.0.0002 LUN 0:0:0: boot entry 3 does not "
						   "exist (2 bootable images)");
	}
}

TEST(iso_menu_on_uses_default)
{
	struct emu_config cfg;

	iso_cfg(&cfg, EMU_QEMU_92, CD, scn_data("eltorito.iso"));
	cfg.menu = EMU_MENU_ON;
	cfg.splash_ms = 3000;
	EMU_RUN(&cfg) {
		expect_image(scn_data("cdboot.img"), true);
		SCN_CONSOLE("0.0.0002 LUN 0:0:0: no boot menu for this device, using the default "
			    "entry");
	}
}

TEST(iso_prompt_uses_default)
{
	struct emu_config cfg;

	iso_cfg(&cfg, EMU_QEMU_92, BLK512, scn_data("eltorito.iso"));
	cfg.loadparm = "PROMPT";
	EMU_RUN(&cfg) {
		expect_image(scn_data("cdboot.img"), true);
		SCN_CONSOLE("0.0.0001: no boot menu for this device, using the default entry");
	}
}

/* A 4 KiB-block disk cannot hold 2 KiB ISO sectors: not an ISO. */
TEST(iso_blk4096_not_recognised)
{
	struct emu_config cfg;

	emu_config_init(&cfg, EMU_QEMU_92);
	emu_add_blk(&cfg, 0, 0x0001, scn_data("eltorito.iso"))->block_size = 4096;
	emu_boot_ccw(&cfg, 0, 0x0001);
	EMU_RUN(&cfg) {
		scn_expect_halt(HALT_NO_BOOT_DEVICE, "0.0.0001: no boot record (neither zipl nor "
						     "El Torito)");
	}
}

/* --- refusals ------------------------------------------------------------------ */

/* @path (a patched ISO) on virtio-blk: refused with @msg, the fallback boots */
static void iso_refused(const char *path, const char *msg)
{
	struct emu_config cfg;
	const char *good = scn_data("z512.img");

	iso_cfg(&cfg, EMU_QEMU_92, BLK512, path);
	emu_add_blk(&cfg, 0, 0x0003, good);
	emu_boot_ccw(&cfg, 0, 0x0003);
	EMU_RUN(&cfg) {
		scn_expect_zipl_boot(good, 512, 0, 0, 1);
		SCN_CONSOLE(msg);
		SCN_CONSOLE("0.0.0001: boot failed, trying the next device");
	}
}

TEST(iso_refuse_catalog_no_validation_entry)
{
	char *p = scn_copy("eltorito.iso");
	char msg[120];

	scn_patch_u8(p, catalog_entry(p, 0), 0x02);
	snprintf(msg, sizeof(msg), "iso 0.0.0001: boot catalog (sector %u) has no validation entry",
		 catalog_sector(p));
	iso_refused(p, msg);
}

TEST(iso_refuse_catalog_bad_key)
{
	char *p = scn_copy("eltorito.iso");

	scn_patch_u8(p, catalog_entry(p, 0) + ELTORITO_KEY_OFF, 0xaa);
	iso_refused(p, "has no validation entry");
}

TEST(iso_refuse_catalog_past_end)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t off = 0;

	for (uint64_t s = 16; s < 32 && !off; s++) {
		uint8_t t;

		scn_read(p, s * SEC, &t, 1);
		if (t == ISO_VD_BOOT_RECORD)
			off = s * SEC + ELTORITO_CATALOG_OFF;
	}
	patch_le32(p, off, 0x00ffffff);
	iso_refused(p, "iso 0.0.0001: sectors 16777215..16777215 are past the end of the disk");
}

TEST(iso_refuse_no_boot_record)
{
	char *p = scn_copy("eltorito.iso");

	for (uint64_t s = 16; s < 32; s++) {
		uint8_t t;

		scn_read(p, s * SEC, &t, 1);
		if (t == ISO_VD_BOOT_RECORD)
			scn_patch(p, s * SEC + 7, "EL TORITO SPECIFICATIOM", 23);
	}
	iso_refused(p, "iso 0.0.0001: no El Torito boot record");
}

TEST(iso_refuse_no_bootable_s390_image)
{
	char *p = scn_copy("eltorito.iso");

	/* the s390 images lose their IPL CCWs at byte 8 */
	scn_patch_u8(p, entry_image(p, 3) * SEC + 8, 0);
	scn_patch_u8(p, entry_image(p, 4) * SEC + 8, 0);
	iso_refused(p, "iso 0.0.0001: no bootable s390 image in the boot catalog");
}

TEST(iso_refuse_entries_not_bootable)
{
	char *p = scn_copy("eltorito.iso");

	for (unsigned int n = 1; n <= 4; n++)
		if (n != 2)
			scn_patch_u8(p, catalog_entry(p, n), 0x00);
	iso_refused(p, "no bootable s390 image in the boot catalog");
}

TEST(iso_skips_emulation_entries)
{
	struct emu_config cfg;
	char *p = scn_copy("eltorito.iso");

	scn_patch_u8(p, catalog_entry(p, 3) + ELTORITO_MEDIA_OFF, 2);   /* 1.44M floppy */
	iso_cfg(&cfg, EMU_QEMU_92, CD, p);
	EMU_RUN(&cfg) {
		expect_image(scn_data("cdboot-alt.img"), true);
	}
}

TEST(iso_refuse_entry_past_end)
{
	char *p = scn_copy("eltorito.iso");

	patch_le32(p, catalog_entry(p, 3) + ELTORITO_LOAD_RBA_OFF, 0x10000000);
	iso_refused(p, "iso 0.0.0001: sectors 268435456..268435456 are past the end of the disk");
}

TEST(iso_refuse_directory_garbage)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, root_extent(p), "BOOT");

	scn_patch_u8(p, rec, 5);        /* a record shorter than its header */
	iso_refused(p, "iso 0.0.0001: cannot read the ISO directory");
}

TEST(iso_refuse_directory_record_past_sector)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, root_extent(p), "BOOT");

	scn_patch_u8(p, rec + ISO_DR_NAME_LEN_OFF, 200);
	iso_refused(p, "iso 0.0.0001: cannot read the ISO directory");
}

TEST(iso_refuse_directory_past_end)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, root_extent(p), "BOOT");

	patch_both32(p, rec + ISO_DR_EXTENT_OFF, 0x7fffff00);
	iso_refused(p, "iso 0.0.0001: sectors 2147483392..2147483392 are past the end");
}

/* BOOT -> DOCS, DOCS/A -> the root: a loop the walk gives up on (bounded
 * depth); without a directory entry the catalog's sector count gives the
 * size: the image still boots. */
TEST(iso_directory_loop_bounded)
{
	struct emu_config cfg;
	char *p = scn_copy("eltorito.iso");
	uint32_t root = root_extent(p);
	uint64_t boot = dir_record(p, root, "BOOT");
	uint64_t docs = dir_record(p, root, "DOCS");
	uint64_t a = dir_record(p, record_extent(p, docs), "A");

	patch_both32(p, boot + ISO_DR_EXTENT_OFF, record_extent(p, docs));
	patch_both32(p, a + ISO_DR_EXTENT_OFF, root);
	iso_cfg(&cfg, EMU_QEMU_92, CD, p);
	EMU_RUN(&cfg) {
		expect_image(scn_data("cdboot.img"), true);
		/* 1168 512-byte units from the catalog: the file rounded up */
		SCN_CONSOLE(", 598016 bytes at 0x0");
		CHECK(emu_result()->virtual_us < 60ULL * 1000 * 1000);
	}
}

TEST(iso_refuse_image_empty)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, record_extent(p, dir_record(p, root_extent(p), "BOOT")),
				  "CDBOOT.IMG");
	char msg[120];

	patch_both32(p, rec + ISO_DR_SIZE_OFF, 0);
	snprintf(msg, sizeof(msg), "iso 0.0.0001: boot image at sector %u is empty",
		 entry_image(p, 3));
	iso_refused(p, msg);
}

TEST(iso_refuse_image_past_end_of_iso)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, record_extent(p, dir_record(p, root_extent(p), "BOOT")),
				  "CDBOOT.IMG");

	patch_both32(p, rec + ISO_DR_SIZE_OFF, 8 * MiB);
	iso_refused(p, "are past the end of the disk");
}

TEST(iso_refuse_image_over_firmware)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, record_extent(p, dir_record(p, root_extent(p), "BOOT")),
				  "CDBOOT.IMG");

	patch_both32(p, rec + ISO_DR_SIZE_OFF, 126 * MiB);
	iso_refused(p, "iso 0.0.0001: image at 0x2000-0x7dfffff overlaps the firmware");
}

TEST(iso_refuse_image_beyond_memory)
{
	char *p = scn_copy("eltorito.iso");
	uint64_t rec = dir_record(p, record_extent(p, dir_record(p, root_extent(p), "BOOT")),
				  "CDBOOT.IMG");

	patch_both32(p, rec + ISO_DR_SIZE_OFF, 0xfffff000);
	iso_refused(p, "extends beyond the end of memory");
}

TEST(iso_refuse_load_address_unaligned)
{
	char *p = scn_copy("eltorito.iso");
	uint8_t seg[2] = { 0x00, 0x01 };        /* LE 0x100 */

	scn_patch(p, catalog_entry(p, 3) + ELTORITO_LOAD_SEG_OFF, seg, 2);
	iso_refused(p, "iso 0.0.0001: load address 0x100 is not sector aligned");
}

/* Loaded at 0x4000: still partly in the lowcore buffer (0x4000 > 0x2000:
 * not), starts at 0x10000 by the trampoline since 0x10008 holds no S390EP. */
TEST(iso_load_address_above_lowcore)
{
	struct emu_config cfg;
	char *p = scn_copy("eltorito.iso");
	const char *img = scn_data("cdboot.img");
	uint8_t seg[2] = { 0x00, 0x40 };        /* LE 0x4000 */

	scn_patch(p, catalog_entry(p, 3) + ELTORITO_LOAD_SEG_OFF, seg, 2);
	iso_cfg(&cfg, EMU_QEMU_92, CD, p);
	EMU_RUN(&cfg) {
		CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
		CHECK(emu_mem_equals_file(0x4000, img, 0, scn_file_size(img)));
		SCN_CONSOLE(" bytes at 0x4000");
		CHECK_EQ(emu_result()->ho.entry, 0x10000);
	}
}
