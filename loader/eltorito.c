// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * El Torito loader (El Torito 1.0, ECMA-119; behaviour of QEMU's BIOS):
 * volume descriptors from sector 16 up to the terminator, the boot record's
 * catalog, bootable (0x88) no-emulation entries whose image starts like an
 * s390 Linux image, the image's size from its ISO 9660 directory record
 * (the catalog's 16-bit sector count is too small for kernels), then the
 * image is loaded at its load address.
 *
 * Every sector number and size comes from the disk and is checked against
 * the device capacity; the directory walk is bounded in depth and sectors.
 */
#include "abi/iso9660.h"
#include "abi/lowcore.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/eltorito.h"

#define ISO_MAX_VD 64                  /* volume descriptors we look at */
#define ISO_DIR_MAX_DEPTH 8
#define ISO_DIR_MAX_SECTORS 4096       /* directory sectors read in total */

static const uint8_t s390_image_magic[S390_IMAGE_MAGIC_LEN] = {
	0x02, 0x00, 0x00, 0x18, 0x60, 0x00, 0x00, 0x50,
	0x02, 0x00, 0x00, 0x68, 0x60, 0x00, 0x00, 0x50,
	0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
};

struct iso_bufs {
	uint8_t sec[ISO_SECTOR_SIZE];      /* descriptors, catalog, image head */
	uint8_t dir[ISO_SECTOR_SIZE];      /* directory walk */
	uint8_t cat[ISO_SECTOR_SIZE];      /* boot catalog */
	uint8_t low[OS_LOWCORE_IMAGE_SIZE];/* image bytes destined for lowcore */
};

static struct iso_bufs *iso_bufs(void)
{
	static struct iso_bufs *b;

	if (!b)
		b = dma_alloc(sizeof(*b), PAGE_SIZE);
	return b;
}

struct iso {
	struct blockdev *bd;
	uint32_t per_sector;               /* device blocks per ISO sector */
	uint64_t sectors;                  /* ISO sectors on the device */
	unsigned int dir_reads;
};

static int iso_init(struct iso *iso, struct blockdev *bd)
{
	if (bd->block_size > ISO_SECTOR_SIZE) {
		fw_printf("iso %s: block size %u is larger than an ISO sector\n", bd->name,
			  bd->block_size);
		return FW_ENOTSUP;
	}
	iso->bd = bd;
	iso->per_sector = ISO_SECTOR_SIZE / bd->block_size;
	iso->sectors = bd->blocks / iso->per_sector;
	iso->dir_reads = 0;
	return 0;
}

/* Read @count ISO sectors from @sector to guest memory @dst. */
static int iso_read(struct iso *iso, uint64_t sector, uint64_t count, absaddr_t dst)
{
	if (sector >= iso->sectors || count > iso->sectors - sector) {
		fw_printf("iso %s: sectors %llu..%llu are past the end of the disk\n",
			  iso->bd->name, (unsigned long long)sector,
			  (unsigned long long)(sector + count - 1));
		return FW_ERANGE;
	}
	return blockdev_read(iso->bd, sector * iso->per_sector, count * iso->per_sector, dst);
}

int iso_has_signature(struct blockdev *bd)
{
	struct iso iso;
	uint8_t *sec = iso_bufs()->sec;
	int rc;

	if (iso_init(&iso, bd) || iso.sectors <= ISO_VD_FIRST_SECTOR)
		return 0;
	rc = blockdev_read(bd, ISO_VD_FIRST_SECTOR * iso.per_sector, iso.per_sector,
			   ptr_to_abs(sec));
	if (rc)
		return rc;
	return memcmp(sec + 1, ISO_VD_MAGIC, 5) == 0;
}

/* The boot catalog's sector from the El Torito boot record descriptor. */
static int find_catalog(struct iso *iso, uint32_t *catp)
{
	uint8_t *sec = iso_bufs()->sec;
	static const char id[32] = ELTORITO_SYSTEM_ID;

	for (unsigned int i = 0; i < ISO_MAX_VD; i++) {
		int rc = iso_read(iso, ISO_VD_FIRST_SECTOR + i, 1, ptr_to_abs(sec));

		if (rc)
			return rc;
		if (memcmp(sec + 1, ISO_VD_MAGIC, 5) != 0 || sec[6] != 1)
			break;
		if (sec[0] == ISO_VD_TERMINATOR)
			break;
		if (sec[0] == ISO_VD_BOOT_RECORD &&
		    memcmp(sec + ELTORITO_SYSTEM_ID_OFF, id, sizeof(id)) == 0) {
			*catp = get_le32(sec + ELTORITO_CATALOG_OFF);
			return 0;
		}
	}
	fw_printf("iso %s: no El Torito boot record\n", iso->bd->name);
	return FW_ENOENT;
}

/* Search the directory at @extent/@size (and below) for the file whose
 * extent is @want; its size goes to *sizep. Returns 0, FW_ENOENT or error. */
static int dir_find(struct iso *iso, uint32_t extent, uint32_t size, uint32_t want,
		    unsigned int depth, uint32_t *sizep)
{
	uint8_t *dir = iso_bufs()->dir;
	uint32_t nsec = (size + ISO_SECTOR_SIZE - 1) / ISO_SECTOR_SIZE;

	if (depth > ISO_DIR_MAX_DEPTH)
		return FW_ENOENT;
	for (uint32_t s = 0; s < nsec; s++) {
		int rc;

		if (++iso->dir_reads > ISO_DIR_MAX_SECTORS)
			return FW_ENOENT;
		rc = iso_read(iso, (uint64_t)extent + s, 1, ptr_to_abs(dir));
		if (rc)
			return rc;
		for (uint32_t off = 0; off + ISO_DR_MIN_LEN <= ISO_SECTOR_SIZE;) {
			const uint8_t *dr = dir + off;
			uint8_t len = dr[ISO_DR_LEN_OFF];
			uint32_t ext, fsize;

			if (len == 0)
				break;                  /* rest of this sector unused */
			if (len < ISO_DR_MIN_LEN || off + len > ISO_SECTOR_SIZE ||
			    ISO_DR_NAME_OFF + dr[ISO_DR_NAME_LEN_OFF] > len)
				return FW_EINVAL;
			ext = get_le32(dr + ISO_DR_EXTENT_OFF);
			fsize = get_le32(dr + ISO_DR_SIZE_OFF);
			off += len;
			if (dr[ISO_DR_FLAGS_OFF] & ISO_DR_FLAG_DIRECTORY) {
				/* skip "." and ".." (names 0x00 and 0x01) */
				if (dr[ISO_DR_NAME_LEN_OFF] == 1 && dr[ISO_DR_NAME_OFF] <= 1)
					continue;
				if (ext == extent)
					continue;
				rc = dir_find(iso, ext, fsize, want, depth + 1, sizep);
				/* dir_find reused the buffer: reread this sector */
				if (rc != FW_ENOENT)
					return rc;
				rc = iso_read(iso, (uint64_t)extent + s, 1, ptr_to_abs(dir));
				if (rc)
					return rc;
				continue;
			}
			if (ext == want) {
				*sizep = fsize;
				return 0;
			}
		}
	}
	return FW_ENOENT;
}

/* The size of the file starting at sector @image, from the directory. */
static int image_size(struct iso *iso, uint32_t image, uint32_t *sizep)
{
	uint8_t *sec = iso_bufs()->sec;

	for (unsigned int i = 0; i < ISO_MAX_VD; i++) {
		int rc = iso_read(iso, ISO_VD_FIRST_SECTOR + i, 1, ptr_to_abs(sec));

		if (rc)
			return rc;
		if (memcmp(sec + 1, ISO_VD_MAGIC, 5) != 0 || sec[0] == ISO_VD_TERMINATOR)
			break;
		if (sec[0] == ISO_VD_PRIMARY) {
			const uint8_t *root = sec + ISO_PVD_ROOT_DIR_OFF;

			return dir_find(iso, get_le32(root + ISO_DR_EXTENT_OFF),
					get_le32(root + ISO_DR_SIZE_OFF), image, 0, sizep);
		}
	}
	return FW_ENOENT;
}

/* Is the image at ISO sector @image an s390 Linux boot image? */
static int is_s390_image(struct iso *iso, uint32_t image)
{
	uint8_t *sec = iso_bufs()->sec;
	int rc = iso_read(iso, image, 1, ptr_to_abs(sec));

	if (rc)
		return rc;
	return memcmp(sec + S390_IMAGE_MAGIC_OFF, s390_image_magic, sizeof(s390_image_magic)) == 0;
}

/* Find the @entry-th usable boot entry: image sector, 512-byte count, load address. */
static int find_entry(struct iso *iso, uint32_t catalog, unsigned int entry, uint32_t *imagep,
		      uint32_t *countp, uint32_t *loadp)
{
	uint8_t *cat = iso_bufs()->cat;
	unsigned int want = entry ? entry : 1, found = 0;
	int rc;

	rc = iso_read(iso, catalog, 1, ptr_to_abs(cat));
	if (rc)
		return rc;
	if (cat[0] != ELTORITO_VALIDATION_ID || cat[ELTORITO_KEY_OFF] != 0x55 ||
	    cat[ELTORITO_KEY_OFF + 1] != 0xaa) {
		fw_printf("iso %s: boot catalog (sector %u) has no validation entry\n",
			  iso->bd->name, catalog);
		return FW_EINVAL;
	}
	for (unsigned int off = ELTORITO_ENTRY_SIZE; off < ISO_SECTOR_SIZE; off += ELTORITO_ENTRY_SIZE) {
		const uint8_t *e = cat + off;
		uint32_t image = get_le32(e + ELTORITO_LOAD_RBA_OFF);

		if (e[0] != ELTORITO_BOOTABLE || e[ELTORITO_MEDIA_OFF] != 0)
			continue;
		rc = is_s390_image(iso, image);
		if (rc < 0)
			return rc;
		if (rc == 0 || ++found != want)
			continue;
		*imagep = image;
		*countp = get_le16(e + ELTORITO_SECTOR_COUNT_OFF);
		*loadp = get_le16(e + ELTORITO_LOAD_SEG_OFF);
		return 0;
	}
	if (found == 0) {
		fw_printf("iso %s: no bootable s390 image in the boot catalog\n", iso->bd->name);
		return FW_EINVAL;
	}
	fw_printf("iso %s: boot entry %u does not exist (%u bootable images)\n", iso->bd->name,
		  entry, found);
	return FW_EACCES;
}

/* Load @size bytes from ISO sector @image at @load; bytes below 0x2000 go to
 * the lowcore buffer. */
static int load_image(struct iso *iso, const struct memmap *mm, uint32_t image, uint64_t load,
		      uint64_t size, struct os_start *start)
{
	struct iso_bufs *b = iso_bufs();
	uint64_t nsec = (size + ISO_SECTOR_SIZE - 1) / ISO_SECTOR_SIZE;
	uint64_t bytes = nsec * ISO_SECTOR_SIZE, low = 0, sec = 0;
	const char *why;
	int rc;

	if (load + bytes < load) {
		fw_printf("iso %s: image size %llu wraps\n", iso->bd->name, (unsigned long long)size);
		return FW_ERANGE;
	}
	if (load < OS_LOWCORE_IMAGE_SIZE) {
		if (load % ISO_SECTOR_SIZE) {
			fw_printf("iso %s: load address 0x%llx is not sector aligned\n",
				  iso->bd->name, (unsigned long long)load);
			return FW_EINVAL;
		}
		low = MIN(bytes, OS_LOWCORE_IMAGE_SIZE - load);
		memset(b->low, 0, sizeof(b->low));
		rc = iso_read(iso, image, low / ISO_SECTOR_SIZE, ptr_to_abs(b->low + load));
		if (rc)
			return rc;
		sec = low / ISO_SECTOR_SIZE;
		start->lowcore_image = b->low;
		start->lowcore_len = OS_LOWCORE_IMAGE_SIZE;
	}
	if (memmap_check(mm, load + low, bytes - low, &why)) {
		fw_printf("iso %s: image at 0x%llx-0x%llx %s\n", iso->bd->name,
			  (unsigned long long)(load + low), (unsigned long long)(load + bytes - 1),
			  why);
		return FW_ERANGE;
	}
	if (bytes > low) {
		rc = iso_read(iso, image + sec, nsec - sec, load + low);
		if (rc)
			return rc;
	}
	return 0;
}

/* QEMU's jump_to_low_kernel(): a Linux image ("S390EP" at 0x10008) starts
 * at 0x10000 in 64-bit mode; otherwise the image's own PSW at 0 is used if
 * it looks like one; otherwise 0x10000. */
static void choose_start(const struct memmap *mm, struct os_start *start)
{
	const uint8_t *ep = abs_to_ptr(LINUX_S390EP_OFFSET, 6);
	uint64_t psw0 = start->lowcore_image ? get_be64(start->lowcore_image) :
					       get_be64(abs_to_ptr(0, 8));

	if (mm->ram_size > LINUX_S390EP_OFFSET + 6 && memcmp(ep, "S390EP", 6) == 0) {
		start->via_trampoline = true;
		start->target = LINUX_IMAGE_START;
		return;
	}
	if (psw0 & (PSW_SHORT_FORMAT | PSW_MASK_64)) {
		start->psw = psw0;
		return;
	}
	start->via_trampoline = true;
	start->target = LINUX_IMAGE_START;
}

int eltorito_load(struct blockdev *bd, const struct memmap *mm, unsigned int entry,
		  struct os_start *start)
{
	uint32_t catalog, image, count, load, size;
	struct iso iso;
	int rc;

	memset(start, 0, sizeof(*start));
	rc = iso_init(&iso, bd);
	if (rc)
		return rc;
	rc = find_catalog(&iso, &catalog);
	if (rc)
		return rc;
	rc = find_entry(&iso, catalog, entry, &image, &count, &load);
	if (rc)
		return rc;
	rc = image_size(&iso, image, &size);
	if (rc == FW_ENOENT) {
		size = count * 512;   /* not in the directory: trust the catalog */
		rc = 0;
	}
	if (rc) {
		fw_printf("iso %s: cannot read the ISO directory\n", bd->name);
		return rc;
	}
	if (size == 0) {
		fw_printf("iso %s: boot image at sector %u is empty\n", bd->name, image);
		return FW_EINVAL;
	}
	/* A stale "S390EP" from an earlier OS must not decide how we start. */
	if (mm->ram_size > LINUX_S390EP_OFFSET + 6)
		memset(abs_to_ptr(LINUX_S390EP_OFFSET, 6), 0, 6);
	rc = load_image(&iso, mm, image, load, size, start);
	if (rc)
		return rc;
	fw_printf("iso %s: loaded boot image at sector %u, %u bytes at 0x%x\n", bd->name, image,
		  size, load);
	choose_start(mm, start);
	return 0;
}
