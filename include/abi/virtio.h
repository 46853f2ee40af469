/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio over channel I/O (virtio spec 1.x section 4.3), split virtqueues
 * (2.7) and the virtio-blk (5.2) and virtio-scsi (5.6) wire formats.
 *
 * virtio-ccw control structures are big-endian, feature words little-endian.
 * Rings and device configuration are guest-native (big-endian) for legacy
 * revision 0 and little-endian once VIRTIO_F_VERSION_1 is negotiated, so
 * they are typed as raw integers and converted by the ring code.
 */
#ifndef ABI_VIRTIO_H
#define ABI_VIRTIO_H

#include "fw/compiler.h"
#include "fw/types.h"

/* virtio-ccw channel commands */
#define CCW_CMD_SET_VQ 0x13
#define CCW_CMD_VDEV_RESET 0x33
#define CCW_CMD_READ_FEAT 0x12
#define CCW_CMD_WRITE_FEAT 0x11
#define CCW_CMD_READ_CONF 0x22
#define CCW_CMD_WRITE_CONF 0x21
#define CCW_CMD_WRITE_STATUS 0x31
#define CCW_CMD_READ_VQ_CONF 0x32
#define CCW_CMD_SET_IND 0x43
#define CCW_CMD_SET_CONF_IND 0x53
#define CCW_CMD_READ_STATUS 0x72
#define CCW_CMD_SET_VIRTIO_REV 0x83

#define KVM_S390_VIRTIO_CCW_NOTIFY 3

/* device status */
#define VIRTIO_STAT_ACKNOWLEDGE 0x01
#define VIRTIO_STAT_DRIVER 0x02
#define VIRTIO_STAT_DRIVER_OK 0x04
#define VIRTIO_STAT_FEATURES_OK 0x08
#define VIRTIO_STAT_FAILED 0x80

/* virtio device ids (= SENSE ID control-unit model) */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_SCSI 8

#define VIRTIO_F_VERSION_1 32

struct virtio_feature_desc {
	le32 features;          /* 0x00 */
	uint8_t index;          /* 0x04 */
} FW_PACKED;
ABI_SIZE(struct virtio_feature_desc, 5);

struct vq_config_block {
	be16 index;             /* 0x00 */
	be16 num;               /* 0x02 maximum queue size */
} FW_PACKED;
ABI_SIZE(struct vq_config_block, 4);

/* SET_VQ payload, revision 0 (legacy, one contiguous ring) */
struct vq_info_block_legacy {
	be64 queue;             /* 0x00 */
	be32 align;             /* 0x08 */
	be16 index;             /* 0x0c */
	be16 num;               /* 0x0e */
} FW_PACKED;
ABI_SIZE(struct vq_info_block_legacy, 16);

/* SET_VQ payload, revision >= 1 */
struct vq_info_block {
	be64 desc;              /* 0x00 */
	be32 res0;              /* 0x08 */
	be16 index;             /* 0x0c */
	be16 num;               /* 0x0e */
	be64 avail;             /* 0x10 */
	be64 used;              /* 0x18 */
} FW_PACKED;
ABI_SIZE(struct vq_info_block, 32);

struct virtio_rev_info {
	be16 revision;          /* 0x00 */
	be16 length;            /* 0x02 */
} FW_PACKED;
ABI_SIZE(struct virtio_rev_info, 4);

/* split virtqueue */
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_USED_ALIGN 4096
#define VRING_AVAIL_F_NO_INTERRUPT 1

struct vring_desc {
	uint64_t addr;          /* 0x00 */
	uint32_t len;           /* 0x08 */
	uint16_t flags;         /* 0x0c */
	uint16_t next;          /* 0x0e */
} FW_PACKED;
ABI_SIZE(struct vring_desc, 16);

struct vring_avail {
	uint16_t flags;         /* 0x00 */
	uint16_t idx;           /* 0x02 */
	uint16_t ring[];        /* 0x04 */
} FW_PACKED;

struct vring_used_elem {
	uint32_t id;            /* 0x00 */
	uint32_t len;           /* 0x04 */
} FW_PACKED;
ABI_SIZE(struct vring_used_elem, 8);

struct vring_used {
	uint16_t flags;         /* 0x00 */
	uint16_t idx;           /* 0x02 */
	struct vring_used_elem ring[]; /* 0x04 */
} FW_PACKED;

/* virtio-blk */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_GEOMETRY 4
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_TOPOLOGY 10

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

struct virtio_blk_config {
	uint64_t capacity;      /* 0x00 in 512-byte sectors */
	uint32_t size_max;      /* 0x08 */
	uint32_t seg_max;       /* 0x0c */
	uint16_t cylinders;     /* 0x10 */
	uint8_t heads;          /* 0x12 */
	uint8_t sectors;        /* 0x13 */
	uint32_t blk_size;      /* 0x14 */
	uint8_t physical_block_exp; /* 0x18 */
	uint8_t alignment_offset;   /* 0x19 */
	uint16_t min_io_size;   /* 0x1a */
	uint32_t opt_io_size;   /* 0x1c */
} FW_PACKED;
ABI_SIZE(struct virtio_blk_config, 32);

struct virtio_blk_outhdr {
	uint32_t type;          /* 0x00 */
	uint32_t ioprio;        /* 0x04 */
	uint64_t sector;        /* 0x08 512-byte units */
} FW_PACKED;
ABI_SIZE(struct virtio_blk_outhdr, 16);

/* virtio-scsi */
#define VIRTIO_SCSI_CDB_SIZE 32
#define VIRTIO_SCSI_SENSE_SIZE 96
#define VIRTIO_SCSI_VQ_CONTROL 0
#define VIRTIO_SCSI_VQ_EVENT 1
#define VIRTIO_SCSI_VQ_REQUEST 2

#define VIRTIO_SCSI_S_OK 0
#define VIRTIO_SCSI_S_BAD_TARGET 3

struct virtio_scsi_config {
	uint32_t num_queues;    /* 0x00 */
	uint32_t seg_max;       /* 0x04 */
	uint32_t max_sectors;   /* 0x08 */
	uint32_t cmd_per_lun;   /* 0x0c */
	uint32_t event_info_size; /* 0x10 */
	uint32_t sense_size;    /* 0x14 */
	uint32_t cdb_size;      /* 0x18 */
	uint16_t max_channel;   /* 0x1c */
	uint16_t max_target;    /* 0x1e */
	uint32_t max_lun;       /* 0x20 */
} FW_PACKED;
ABI_SIZE(struct virtio_scsi_config, 36);

struct virtio_scsi_cmd_req {
	uint8_t lun[8];         /* 0x00 */
	uint64_t tag;           /* 0x08 */
	uint8_t task_attr;      /* 0x10 */
	uint8_t prio;           /* 0x11 */
	uint8_t crn;            /* 0x12 */
	uint8_t cdb[VIRTIO_SCSI_CDB_SIZE]; /* 0x13 */
} FW_PACKED;
ABI_SIZE(struct virtio_scsi_cmd_req, 51);

struct virtio_scsi_cmd_resp {
	uint32_t sense_len;     /* 0x00 */
	uint32_t resid;         /* 0x04 */
	uint16_t status_qualifier; /* 0x08 */
	uint8_t status;         /* 0x0a SCSI status */
	uint8_t response;       /* 0x0b VIRTIO_SCSI_S_* */
	uint8_t sense[VIRTIO_SCSI_SENSE_SIZE]; /* 0x0c */
} FW_PACKED;
ABI_SIZE(struct virtio_scsi_cmd_resp, 108);

/* SCSI commands and status used by the boot path (SPC-4, SBC-3) */
#define SCSI_TEST_UNIT_READY 0x00
#define SCSI_INQUIRY 0x12
#define SCSI_READ_10 0x28
#define SCSI_READ_16 0x88
#define SCSI_SERVICE_ACTION_IN_16 0x9e
#define SCSI_SAI_READ_CAPACITY_16 0x10
#define SCSI_REPORT_LUNS 0xa0

#define SCSI_STATUS_GOOD 0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SCSI_STATUS_BUSY 0x08

#define SCSI_SENSE_NOT_READY 0x02
#define SCSI_SENSE_MEDIUM_ERROR 0x03
#define SCSI_SENSE_HARDWARE_ERROR 0x04
#define SCSI_SENSE_ILLEGAL_REQUEST 0x05
#define SCSI_SENSE_UNIT_ATTENTION 0x06

#define SCSI_TYPE_DISK 0x00
#define SCSI_TYPE_CDROM 0x05

#endif
