/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Secure IPL policy (QEMU 11.2's definition; shared/docs/secure-ipl.md):
 * the mode from the IPL block, the facility and certificate-store checks,
 * the per-component checks of the secure component-table walk (signature
 * verification with DIAG 0x508, certificates with DIAG 0x320, SCLABs,
 * overlaps), and the IPL information report written after the IPL block.
 *
 * Failure policy. A "security check" that fails prints
 * "AUDIT MODE WARNING: <why>" in audit mode (and records an indicator bit in
 * the report) and goes on; in secure mode it prints "ERROR: <why>" and the
 * function returns FW_ESECURITY: the caller stops the machine, never falls
 * back to another device and never jumps. Malformed records make the device
 * fail (FW_EINVAL), as in normal mode.
 */
#ifndef LOADER_SECURE_H
#define LOADER_SECURE_H

#include "abi/iplb.h"
#include "drivers/sclp/sclp.h"
#include "fw/compiler.h"

enum ipl_mode {
	IPL_MODE_NORMAL,
	IPL_MODE_AUDIT,
	IPL_MODE_SECURE,
};

/* secure_mode_of - the mode the IPL block's header flags ask for. */
enum ipl_mode secure_mode_of(const struct iplb *iplb);

/*
 * secure_init - enter @mode: for audit and secure mode check the Secure IPL
 * facilities (SCLP, DIAG 0x508 and 0x320 queries) and that the certificate
 * store is not empty. Certificates that verify components are copied to
 * [@cert_area, @cert_area + @cert_area_size). Prints the reason and returns
 * FW_ESECURITY when the machine cannot boot in that mode.
 */
int secure_init(enum ipl_mode mode, const struct sclp_info *info, absaddr_t cert_area,
		size_t cert_area_size) FW_MUST_CHECK;

/* secure_mode - the mode secure_init() entered (normal before). */
enum ipl_mode secure_mode(void);

/* secure_refuse - print why a boot path is refused in audit/secure mode
 * ("Secure boot from ISO image is not supported!") and return FW_ESECURITY. */
int secure_refuse(const char *what);

/* The secure component-table walk, driven by loader/zipl.c. */
void secure_walk_begin(void);
/* A SIGNATURE entry (before its data is loaded). */
int secure_on_signature(unsigned int idx, uint8_t format, uint32_t sig_len) FW_MUST_CHECK;
/* Is a signature waiting for the LOAD entry it signs? */
bool secure_sig_pending(void);
/* Where the signature's data goes (DMA memory, DIAG508_SIG_MAX bytes). */
void *secure_sig_buffer(void);
/* Its data is in the buffer: @loaded bytes (whole blocks). */
int secure_sig_loaded(unsigned int idx, uint64_t loaded) FW_MUST_CHECK;
/* A LOAD entry's data is in memory at [@addr, @addr + @len). */
int secure_on_load(unsigned int idx, uint64_t addr, uint64_t len) FW_MUST_CHECK;
/* The EXEC entry: global and post-walk checks, the PSW entry. */
int secure_on_exec(uint64_t psw) FW_MUST_CHECK;

/*
 * secure_write_report - write the IPL information report after @iplb (at
 * the next 8-byte boundary after iplb->len; the caller provides two pages
 * of room behind the IPL block page). Returns 0 or FW_ESECURITY.
 */
int secure_write_report(struct iplb *iplb) FW_MUST_CHECK;

#endif
