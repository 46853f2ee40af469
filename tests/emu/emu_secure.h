/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emulated machine's Secure IPL DIAGNOSEs (0x320, 0x508) are provided by
 * whoever links a hypervisor implementation (tests/secure links the BearSSL
 * reference of tests/ref). Without one, both raise a specification
 * exception, as on every QEMU before 11.2.
 */
#ifndef TESTS_EMU_SECURE_H
#define TESTS_EMU_SECURE_H

#include "fw/types.h"

struct emu_secure_ops {
	uint64_t (*diag320)(uint64_t subcode, absaddr_t addr);
	uint64_t (*diag508)(uint64_t subcode, absaddr_t addr);
};

void emu_set_secure_ops(const struct emu_secure_ops *ops);

#endif
