/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Channel I/O on top of the instruction seam: enabling subchannels, finding
 * a device number, running a channel program to completion (an enabled wait
 * for its I/O interruption, with a deadline; basic sense on unit check),
 * waiting for a device's unsolicited interruption, and SENSE ID.
 */
#ifndef CSS_CSS_H
#define CSS_CSS_H

#include "abi/css.h"
#include "fw/compiler.h"

/* A device on the channel subsystem, named like Linux does: 0.<ssid>.<devno> */
struct css_dev {
	uint32_t schid;
	uint16_t devno;
	uint8_t ssid;
	uint16_t cu_type;       /* from SENSE ID */
	uint8_t cu_model;
	char name[12];          /* "0.0.1234" */
};

/* Why the last channel program failed, for messages. */
struct css_status {
	uint8_t cc;             /* condition code of SSCH */
	uint8_t dstat, cstat;
	uint8_t sense[32];      /* basic sense after a unit check */
	bool have_sense;
	bool timed_out;
};

/* css_enable_mss - CHSC "enable multiple subchannel sets" (ssid 1..3).
 * Returns 0 or FW_ENOTSUP. */
int css_enable_mss(void);

/* css_dev_at - probe subchannel @schid: valid, device-number valid,
 * enabled. Fills @dev (without SENSE ID). Returns 0, FW_ENOENT (no
 * subchannel: stop scanning the set), FW_ENODEV (nothing usable here). */
int css_dev_at(uint32_t schid, struct css_dev *dev) FW_MUST_CHECK;

/* css_reenable - disable and enable the subchannel again (a virtio-ccw
 * device forgets its negotiated revision when disabled). */
int css_reenable(const struct css_dev *dev) FW_MUST_CHECK;

/* css_find_devno - the enabled subchannel of device @ssid/@devno. */
int css_find_devno(uint8_t ssid, uint16_t devno, struct css_dev *dev) FW_MUST_CHECK;

/* css_sense_id - SENSE ID into dev->cu_type/cu_model. */
int css_sense_id(struct css_dev *dev) FW_MUST_CHECK;

/*
 * css_run - run the format-1 channel program @ccws (DMA memory) on @dev
 * until it ends, at most @timeout_ms. Returns 0 when it ended with channel
 * end + device end and no subchannel status, else FW_EIO / FW_ENODEV /
 * FW_ETIMEDOUT with details in *st (may be NULL).
 */
int css_run(const struct css_dev *dev, const struct ccw1 *ccws, uint32_t timeout_ms,
	    struct css_status *st) FW_MUST_CHECK;

/*
 * css_wait_io - wait for an I/O interruption (of any subchannel) or until
 * the TOD clock reaches @deadline, then clear the status @dev may have
 * pending. For devices that signal with unsolicited (alert) status, such as
 * virtio-ccw with indicators: a status left pending would hold back the
 * device's next interruption. The caller rechecks its condition after each
 * return; no channel program may be running on @dev.
 */
void css_wait_io(const struct css_dev *dev, uint64_t deadline);

/* css_describe - print why a channel program failed ("unit check, sense ..."). */
void css_describe(const struct css_status *st);

/* css_ccw - fill a format-1 CCW pointing at DMA memory @data. */
void css_ccw(struct ccw1 *ccw, uint8_t cmd, uint8_t flags, const void *data, uint16_t count);

#endif
