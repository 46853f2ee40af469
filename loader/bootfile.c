// SPDX-License-Identifier: GPL-2.0-or-later
/* Kinds of network boot files (see bootfile.h). */
#include "fw/endian.h"
#include "fw/string.h"
#include "loader/bootfile.h"
#include "loader/insfile.h"
#include "loader/pxelinux.h"

const char *bootfile_kind_name(enum bootfile_kind kind)
{
	switch (kind) {
	case BOOTFILE_TOO_SMALL:
		return "file too small";
	case BOOTFILE_INS:
		return ".INS file";
	case BOOTFILE_PXELINUX:
		return "pxelinux.cfg file";
	case BOOTFILE_KERNEL:
		return "kernel image";
	case BOOTFILE_COMBINED:
		return "kernel image with initrd";
	case BOOTFILE_IMAGE:
		return "boot image";
	}
	return "unknown";
}

static uint64_t be64_at(const uint8_t *p, size_t len, size_t off)
{
	return off + 8 <= len ? get_be64(p + off) : 0;
}

bool bootfile_linux_info(const void *buf, size_t len, uint64_t file_size,
			 struct linux_info *li)
{
	const uint8_t *p = buf;
	uint64_t start, size;

	memset(li, 0, sizeof(*li));
	if (len > file_size)
		len = (size_t)file_size;
	if (len < LINUX_S390EP_OFFSET + 6 || memcmp(p + LINUX_S390EP_OFFSET, "S390EP", 6) != 0)
		return false;
	li->cmdline_max = be64_at(p, len, LINUX_CMDLINE_MAX);
	if (li->cmdline_max == 0)
		li->cmdline_max = LINUX_CMDLINE_DEFAULT;
	start = be64_at(p, len, LINUX_INITRD_START);
	size = be64_at(p, len, LINUX_INITRD_SIZE);
	if (start >= LINUX_CMDLINE + LINUX_CMDLINE_DEFAULT && size && start < file_size &&
	    size <= file_size - start) {
		li->initrd_start = start;
		li->initrd_size = size;
	}
	return true;
}

enum bootfile_kind bootfile_classify(const void *buf, size_t len, uint64_t file_size)
{
	struct linux_info li;

	if (len > file_size)
		len = (size_t)file_size;
	if (file_size < BOOTFILE_MIN_SIZE || len < BOOTFILE_MIN_SIZE)
		return BOOTFILE_TOO_SMALL;
	if (file_size <= BOOTFILE_CFG_MAX) {
		if (ins_is_ins_file(buf, len))
			return BOOTFILE_INS;
		if (pxe_is_cfg_file(buf, len))
			return BOOTFILE_PXELINUX;
	}
	if (!bootfile_linux_info(buf, len, file_size, &li))
		return BOOTFILE_IMAGE;
	return li.initrd_size ? BOOTFILE_COMBINED : BOOTFILE_KERNEL;
}

uint64_t bootfile_start_addr(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (len >= LINUX_S390EP_OFFSET + 6 && memcmp(p + LINUX_S390EP_OFFSET, "S390EP", 6) == 0)
		return LINUX_IMAGE_START;
	if (len >= 8 && (get_be64(p) & (PSW_SHORT_FORMAT | PSW_MASK_64)))
		return 0;
	return LINUX_IMAGE_START;
}
