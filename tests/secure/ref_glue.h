/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plugs the BearSSL reference hypervisor (tests/ref) into the emulated
 * machine as its DIAG 0x320/0x508, and builds what QEMU 11.2 prepares for
 * Secure IPL: the IPL block with the mode flags and length 4096, and the
 * SCLP facility bits.
 */
#ifndef TESTS_SECURE_REF_GLUE_H
#define TESTS_SECURE_REF_GLUE_H

#include "emu.h"

enum glue_mode { GLUE_NORMAL, GLUE_AUDIT, GLUE_SECURE };

/* Load the store from certificate files (call before EMU_RUN). */
void glue_certs(const char *const *paths, unsigned int n);

/* Force the response code of a DIAG (0 = the reference decides). */
void glue_force_rc(uint64_t diag320_store_rc, uint64_t diag508_verify_rc);

/* Corrupt the answers of DIAG 0x320 (a hostile hypervisor). */
enum glue_vcb_fault {
	VCB_OK,
	VCB_REMAIN,             /* remain_ct 1: entry did not fit */
	VCB_NONE_STORED,        /* stored_ct 0 */
	VCB_INVALID,            /* the entry's valid flag clear */
	VCB_BAD_OFFSET,         /* cert_offset past the entry */
};
void glue_vcb_fault(enum glue_vcb_fault f);
void glue_vcssb_rc(uint64_t rc);       /* DIAG 320 subcode 1 answer (0: real) */

/* QEMU's Secure IPL configuration of @cfg: IPL block of device 0.0.@devno
 * (CCW) with the flags of @mode, facility bits unless @no_facilities. */
void glue_machine(struct emu_config *cfg, enum glue_mode mode, uint16_t devno,
		  bool no_facilities);

/* The path of a generated file (keys, disks) in the test data directory. */
const char *glue_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
