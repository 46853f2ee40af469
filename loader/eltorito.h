/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * El Torito boot from an ISO 9660 image (CD-ROM, or a disk whose volume
 * descriptors say CD001): the n-th bootable no-emulation entry whose image
 * is an s390 Linux boot image is loaded at its load address (normally 0, so
 * its first 8 KiB are lowcore and are held back in a buffer until the jump)
 * and started the way QEMU's BIOS starts such images.
 */
#ifndef LOADER_ELTORITO_H
#define LOADER_ELTORITO_H

#include "drivers/blockdev.h"
#include "loader/jump.h"
#include "loader/memmap.h"

/* iso_has_signature - do the volume descriptors of @bd say "CD001"?
 * Returns 1, 0, or a negative FW_E* on a read error. */
int iso_has_signature(struct blockdev *bd);

/*
 * eltorito_load - load boot entry @entry (0 and 1: the first bootable s390
 * image, n: the n-th) of the ISO on @bd. On success *startp tells how to
 * start it. Prints the reason on failure; returns FW_ENOENT (no El Torito
 * boot record), FW_EINVAL (malformed catalog or directory), FW_ERANGE,
 * FW_EACCES (@entry does not exist) or a device error.
 */
int eltorito_load(struct blockdev *bd, const struct memmap *mm, unsigned int entry,
		  struct os_start *startp) FW_MUST_CHECK;

#endif
