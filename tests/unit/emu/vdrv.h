/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A scratch driver for the emulator's own unit tests: the few things a
 * firmware driver does (channel programs, virtio-ccw set-up, split rings,
 * virtio-blk and virtio-scsi requests, SCLP calls), written against the
 * machine seam only. Not the firmware's drivers: those are tested through
 * scenarios. All memory handed to the machine comes from the DMA area.
 */
#ifndef TESTS_UNIT_EMU_VDRV_H
#define TESTS_UNIT_EMU_VDRV_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/css.h"
#include "abi/virtio.h"

void *vd_alloc(uint32_t size, uint32_t align);
uint32_t vd_abs(const void *p);

int vd_enable_mss(void);
/* subchannel id of devno in ssid (enabled), or 0 */
uint32_t vd_find(uint8_t ssid, uint16_t devno);

struct vd_status {
	int cc;                 /* SSCH condition code */
	uint8_t dstat, cstat;
	uint16_t count;         /* residual of the last CCW */
	uint32_t flags;         /* SCSW word 0 */
};
/* run the channel program at @ccws (DMA memory), wait for final status */
int vd_run(uint32_t schid, const struct ccw1 *ccws, struct vd_status *st);
void vd_ccw(struct ccw1 *c, uint8_t cmd, uint8_t flags, const void *data, uint16_t count);
/* one CCW program with a single command */
int vd_cmd(uint32_t schid, uint8_t cmd, uint8_t flags, void *data, uint16_t count,
	   struct vd_status *st);

struct vd_vq {
	uint16_t num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t avail_idx, used_seen;
};

struct vd_dev {
	uint32_t schid;
	int rev;                /* virtio-ccw revision negotiated */
	bool le;                /* VERSION_1: little-endian rings */
	uint64_t features;
	struct vd_vq vq[4];
	unsigned int nvq;
	uint8_t config[64];
};

/* set up a virtio device: revision @rev (-1: never send SET_VIRTIO_REV),
 * accept @want & offered, @nvq queues. 0 on success. */
int vd_virtio_setup(struct vd_dev *d, uint32_t schid, int rev, uint64_t want,
		    unsigned int nvq);

struct vd_seg {
	void *buf;
	uint32_t len;
	bool write;             /* device writes */
};
/* submit a chain on queue @q, notify, wait up to @ms; used len in *lenp.
 * Returns 0, -1 timeout, -2 wrong used id. */
int vd_submit(struct vd_dev *d, unsigned int q, const struct vd_seg *segs, unsigned int n,
	      uint32_t *lenp, uint32_t ms);

/* virtio-blk read of @bytes at 512-byte sector @sector into DMA @buf */
int vd_blk_read(struct vd_dev *d, uint64_t sector, void *buf, uint32_t bytes,
		uint8_t *statusp, uint32_t *lenp);

struct vd_scsi_resp {
	uint32_t sense_len, resid;
	uint8_t status, response;
	uint8_t sense[96];
};
int vd_scsi(struct vd_dev *d, uint16_t target, uint32_t lun, const uint8_t *cdb,
	    unsigned int cdblen, void *data, uint32_t len, struct vd_scsi_resp *r);

/* SCLP: run @cmd with the SCCB page, wait for the service signal */
int vd_sclp(uint32_t cmd, void *sccb);
void *vd_sccb(void);

#endif
