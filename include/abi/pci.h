/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI configuration space (PCI Local Bus 3.0, type 0 header) and the
 * virtio-pci modern transport structures (virtio 1.x section 4.1.4). All
 * multi-byte fields are little-endian.
 */
#ifndef ABI_PCI_H
#define ABI_PCI_H

#include "fw/compiler.h"
#include "fw/types.h"

/* configuration space (type 0 header) */
#define PCI_CFG_VENDOR_ID 0x00
#define PCI_CFG_DEVICE_ID 0x02
#define PCI_CFG_COMMAND 0x04
#define PCI_CFG_STATUS 0x06
#define PCI_CFG_SUBSYS_ID 0x2e
#define PCI_CFG_CAP_PTR 0x34
#define PCI_CFG_SPACE_SIZE 256          /* the capability list lives here */
#define PCI_CFG_HDR_END 0x40            /* capabilities start at or after */

#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_CAP_ID_VNDR 0x09            /* vendor-specific capability */

/* virtio over PCI */
#define PCI_VENDOR_VIRTIO 0x1af4
#define PCI_DEVICE_VIRTIO_MODERN 0x1040 /* + virtio device id */
#define PCI_DEVICE_VIRTIO_TRANS_NET 0x1000
#define PCI_DEVICE_VIRTIO_TRANS_BLK 0x1001
#define PCI_DEVICE_VIRTIO_TRANS_SCSI 0x1004
#define PCI_DEVICE_VIRTIO_TRANS_LAST 0x103f

#define VIRTIO_PCI_CAP_COMMON 1
#define VIRTIO_PCI_CAP_NOTIFY 2
#define VIRTIO_PCI_CAP_ISR 3
#define VIRTIO_PCI_CAP_DEVICE 4
#define VIRTIO_PCI_CAP_PCI 5

struct virtio_pci_cap {
	uint8_t cap_vndr;               /* 0x00 PCI_CAP_ID_VNDR */
	uint8_t cap_next;               /* 0x01 */
	uint8_t cap_len;                /* 0x02 */
	uint8_t cfg_type;               /* 0x03 VIRTIO_PCI_CAP_* */
	uint8_t bar;                    /* 0x04 */
	uint8_t id;                     /* 0x05 */
	uint8_t padding[2];             /* 0x06 */
	le32 offset;                    /* 0x08 within the BAR */
	le32 length;                    /* 0x0c */
} FW_PACKED;
ABI_SIZE(struct virtio_pci_cap, 16);
ABI_OFFSET(struct virtio_pci_cap, cfg_type, 0x03);
ABI_OFFSET(struct virtio_pci_cap, offset, 0x08);

struct virtio_pci_notify_cap {
	struct virtio_pci_cap cap;      /* 0x00 */
	le32 notify_off_multiplier;     /* 0x10 */
} FW_PACKED;
ABI_SIZE(struct virtio_pci_notify_cap, 20);

/* common configuration structure, offsets within it */
#define VPCI_DFSELECT 0x00              /* le32 device_feature_select */
#define VPCI_DF 0x04                    /* le32 device_feature */
#define VPCI_GFSELECT 0x08              /* le32 driver_feature_select */
#define VPCI_GF 0x0c                    /* le32 driver_feature */
#define VPCI_MSIX 0x10                  /* le16 config_msix_vector */
#define VPCI_NUMQ 0x12                  /* le16 num_queues */
#define VPCI_STATUS 0x14                /* u8 device_status */
#define VPCI_CFGGEN 0x15                /* u8 config_generation */
#define VPCI_Q_SELECT 0x16              /* le16 */
#define VPCI_Q_SIZE 0x18                /* le16 */
#define VPCI_Q_MSIX 0x1a                /* le16 */
#define VPCI_Q_ENABLE 0x1c              /* le16 */
#define VPCI_Q_NOFF 0x1e                /* le16 queue_notify_off */
#define VPCI_Q_DESCLO 0x20              /* le64 as two le32 */
#define VPCI_Q_DESCHI 0x24
#define VPCI_Q_AVAILLO 0x28
#define VPCI_Q_AVAILHI 0x2c
#define VPCI_Q_USEDLO 0x30
#define VPCI_Q_USEDHI 0x34
#define VPCI_COMMON_LEN 0x38

struct virtio_pci_common_cfg {
	le32 device_feature_select;
	le32 device_feature;
	le32 driver_feature_select;
	le32 driver_feature;
	le16 config_msix_vector;
	le16 num_queues;
	uint8_t device_status;
	uint8_t config_generation;
	le16 queue_select;
	le16 queue_size;
	le16 queue_msix_vector;
	le16 queue_enable;
	le16 queue_notify_off;
	le64 queue_desc;
	le64 queue_driver;
	le64 queue_device;
} FW_PACKED;
ABI_SIZE(struct virtio_pci_common_cfg, VPCI_COMMON_LEN);
ABI_OFFSET(struct virtio_pci_common_cfg, num_queues, VPCI_NUMQ);
ABI_OFFSET(struct virtio_pci_common_cfg, device_status, VPCI_STATUS);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_select, VPCI_Q_SELECT);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_enable, VPCI_Q_ENABLE);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_notify_off, VPCI_Q_NOFF);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_desc, VPCI_Q_DESCLO);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_driver, VPCI_Q_AVAILLO);
ABI_OFFSET(struct virtio_pci_common_cfg, queue_device, VPCI_Q_USEDLO);

#define VIRTIO_MSI_NO_VECTOR 0xffff

#endif
