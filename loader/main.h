/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's C entry point, called by start.S (or the host harness). */
#ifndef LOADER_MAIN_H
#define LOADER_MAIN_H

#include "fw/compiler.h"

FW_NORETURN void fw_main(void);

#endif
