/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network boot from a virtio-net device, as QEMU's BIOS does it (on every
 * QEMU, 7.2 included): DHCP, then the DHCP boot file (a kernel, a kernel
 * with initrd and parameters inside, an .INS file or a pxelinux.cfg), else
 * the pxelinux.cfg lookups; the entry chosen by loadparm or menu; the
 * files loaded by TFTP into checked guest memory; the hand-over.
 */
#ifndef LOADER_NETBOOT_H
#define LOADER_NETBOOT_H

#include "drivers/virtio/virtio.h"
#include "loader/boot.h"

/*
 * netboot - boot from the virtio-net device @vd, bound to its transport
 * (ccw or pci), with trimmed loadparm @lp; @schid is the subchannel id for
 * the lowcore (0 for PCI). Returns only on failure (the device is reset):
 * FW_EACCES when the loadparm selects an entry that does not exist, else
 * another FW_E*.
 */
int netboot(struct boot_ctx *ctx, struct vdev *vd, uint32_t schid, const char *lp);

#endif
