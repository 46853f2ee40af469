/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ISO 9660 (ECMA-119) and El Torito 1.0 structures the boot path reads.
 * Both specifications use little-endian (or both-endian) numbers; offsets
 * are given within 2048-byte logical sectors.
 */
#ifndef ABI_ISO9660_H
#define ABI_ISO9660_H

#define ISO_SECTOR_SIZE 2048
#define ISO_VD_FIRST_SECTOR 16
#define ISO_VD_MAGIC "CD001"           /* at offset 1 of every volume descriptor */
#define ISO_VD_BOOT_RECORD 0
#define ISO_VD_PRIMARY 1
#define ISO_VD_TERMINATOR 255

/* boot record volume descriptor */
#define ELTORITO_SYSTEM_ID "EL TORITO SPECIFICATION"
#define ELTORITO_SYSTEM_ID_OFF 7       /* 32 bytes, zero padded */
#define ELTORITO_CATALOG_OFF 0x47      /* u32 LE: boot catalog sector */

/* boot catalog: 32-byte entries */
#define ELTORITO_ENTRY_SIZE 32
#define ELTORITO_VALIDATION_ID 0x01
#define ELTORITO_KEY_OFF 30            /* 0x55 0xaa */
#define ELTORITO_BOOTABLE 0x88
#define ELTORITO_MEDIA_OFF 1
#define ELTORITO_LOAD_SEG_OFF 2        /* u16 LE */
#define ELTORITO_SECTOR_COUNT_OFF 6    /* u16 LE, 512-byte units */
#define ELTORITO_LOAD_RBA_OFF 8        /* u32 LE, ISO sectors */

/* primary volume descriptor: root directory record */
#define ISO_PVD_ROOT_DIR_OFF 156

/* directory record */
#define ISO_DR_LEN_OFF 0
#define ISO_DR_EXTENT_OFF 2            /* u32 LE */
#define ISO_DR_SIZE_OFF 10             /* u32 LE */
#define ISO_DR_FLAGS_OFF 25
#define ISO_DR_NAME_LEN_OFF 32
#define ISO_DR_NAME_OFF 33
#define ISO_DR_FLAG_DIRECTORY 0x02
#define ISO_DR_MIN_LEN 34

/* The first sector of an s390 Linux boot image carries, at byte 8, the
 * kernel's IPL channel program and EBCDIC blanks. */
#define S390_IMAGE_MAGIC_OFF 8
#define S390_IMAGE_MAGIC_LEN 24

#endif
