/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio over PCI, modern interface (virtio 1.x section 4.1), on zPCI
 * functions: the capability list names the BAR regions of the common
 * configuration, notification, ISR and device configuration structures.
 */
#ifndef VIRTIO_VIRTIO_PCI_H
#define VIRTIO_VIRTIO_PCI_H

#include "abi/pci.h"
#include "drivers/pci/zpci.h"
#include "drivers/virtio/virtio.h"

/* Where one virtio structure lives. */
struct vpci_region {
	uint8_t bar;
	uint32_t off, len;
};

struct vpci_caps {
	struct vpci_region common, notify, isr, device;
	uint32_t notify_mult;
	unsigned int found;             /* bit per VIRTIO_PCI_CAP_* type */
};

/*
 * vpci_parse_caps - walk the capability list of the configuration space
 * @cfg (PCI_CFG_SPACE_SIZE bytes read from the function) and find the
 * common, notify, ISR and device structures, each checked to lie inside
 * its BAR (@bar_len[i], 0 = no BAR). A list that loops, points outside the
 * space or into the header, or a structure that is too small or outside
 * its BAR is refused with a message naming @name. Returns 0, FW_EINVAL or
 * FW_ENOTSUP (a structure is missing).
 */
int vpci_parse_caps(const char *name, const uint8_t *cfg, const uint64_t *bar_len,
		    struct vpci_caps *caps) FW_MUST_CHECK;

/* virtio_pci_device_id - VIRTIO_ID_* of a PCI vendor/device id, 0 if none. */
uint8_t virtio_pci_device_id(uint16_t vendor_id, uint16_t device_id);

/*
 * virtio_pci_bind - enable the zPCI function @fn, read its configuration
 * space and capabilities, and make @vd its virtio device (transport
 * "virtio-pci"). Prints the reason on failure and leaves the function
 * disabled. Returns 0, FW_ENODEV, FW_EIO, FW_EINVAL or FW_ENOTSUP.
 */
int virtio_pci_bind(struct vdev *vd, const struct zpci_fn *fn) FW_MUST_CHECK;

/* virtio_pci_open - find the zPCI function @fid and bind @vd to it. */
int virtio_pci_open(struct vdev *vd, uint32_t fid) FW_MUST_CHECK;

/*
 * virtio_pci_candidates - the function ids of the configured virtio-blk and
 * virtio-scsi functions (only those of VIRTIO_ID_* @only if not 0), in CLP
 * order, into @fids (at most @max). Returns how many; 0 also when the
 * machine has no zPCI.
 */
unsigned int virtio_pci_candidates(uint32_t *fids, unsigned int max, uint8_t only);

/* virtio_pci_unbind - reset the device and disable its function. */
void virtio_pci_unbind(struct vdev *vd);

#endif
