/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host stand-ins for fw/machine.h used by the ECKD unit test. */
#ifndef TESTS_UNIT_ECKD_MACHINE_STUB_H
#define TESTS_UNIT_ECKD_MACHINE_STUB_H

#include "fw/types.h"

/* what mach_fw_region() reports (set before memmap_init()) */
extern absaddr_t stub_fw_start, stub_fw_end;

#endif
