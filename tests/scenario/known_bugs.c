/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KNOWN FIRMWARE BUGS: the scenario tests that fail because of a firmware
 * defect reported to the lead and not fixed yet. Each such test prints
 * "SKIP name: expected failure (known bug: ...)"; once the firmware is
 * fixed it prints FAIL until its line here is removed.
 */
#include "testfw.h"

/* (none at the moment) */
