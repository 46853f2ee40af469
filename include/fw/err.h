/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error codes. A function that can fail returns 0 or a negative FW_E* value.
 * Callers print the specific reason where it is detected (with the device
 * name) and propagate the code; only loader/main.c halts.
 */
#ifndef FW_ERR_H
#define FW_ERR_H

enum fw_err {
	FW_OK = 0,
	FW_EINVAL = -1,    /* malformed data (disk record, reply, IPLB) */
	FW_EIO = -2,       /* device reported an error */
	FW_ENODEV = -3,    /* no such device / not operational */
	FW_ENOSPC = -4,    /* a fixed-size table or buffer is full */
	FW_ETIMEDOUT = -5, /* device or hypervisor never answered */
	FW_ENOTSUP = -6,   /* valid but unsupported (format, device type) */
	FW_ENOENT = -7,    /* nothing there (empty entry, no boot record) */
	FW_ERANGE = -8,    /* address or block outside what is allowed */
	FW_EACCES = -9,    /* the loadparm selects a boot entry that does not exist */
	FW_ESECURITY = -10,/* Secure IPL refuses to go on: stop, do not fall back */
};

#endif
